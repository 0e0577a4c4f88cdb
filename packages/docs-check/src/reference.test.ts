import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobSpecJsonSchema } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { REPO_ROOT } from './markdown';
import {
  REFERENCE_PAGES,
  renderJobSpecPage,
  renderRestApiPage,
  stalePages,
} from './reference/pages';
import { JOB_SPEC_NOTES } from './reference/jobSpecNotes';

describe('generated reference pages', () => {
  it('are up to date (run yarn workspace @ocm-fl/docs-check docs:generate)', async () => {
    expect(await stalePages()).toEqual([]);
  });

  it('name a page whose file differs from its sources', async () => {
    const page = REFERENCE_PAGES.find(p => p.file.endsWith('job-spec.md'))!;
    const stale = await stalePages([
      {
        ...page,
        render: async () => `${await page.render()}\nedited by hand\n`,
      },
    ]);
    expect(stale).toEqual(['docs/reference/job-spec.md']);
  });

  it('list every job spec field, and refuse a field without a description', async () => {
    const text = await renderJobSpecPage();
    for (const field of [
      'rounds',
      'clients.placement.clusterSets',
      'storage.location',
      'model',
    ])
      expect(text).toContain(`| \`${field}\` |`);
    const { rounds, ...withoutRounds } = JOB_SPEC_NOTES;
    await expect(
      renderJobSpecPage(jobSpecJsonSchema() as any, withoutRounds),
    ).rejects.toThrow('job spec fields without a description: rounds');
    await expect(
      renderJobSpecPage(jobSpecJsonSchema() as any, {
        ...JOB_SPEC_NOTES,
        retired: 'a field that is gone',
      }),
    ).rejects.toThrow('no longer exist: retired');
  });

  it('document the REST API from an OpenAPI file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
    const file = path.join(dir, 'openapi.yaml');
    fs.writeFileSync(
      file,
      [
        'openapi: 3.0.3',
        'info: { title: ocm-fl, version: "1" }',
        'paths:',
        '  /jobs/{name}:',
        '    get:',
        '      summary: One job',
        '      parameters:',
        '        - { name: name, in: path, required: true, schema: { type: string } }',
        '      responses:',
        '        "200": { description: The job }',
        '        "404": { description: No such job }',
      ].join('\n'),
    );
    const text = await renderRestApiPage(path.relative(REPO_ROOT, file));
    expect(text).toContain('### `GET /jobs/{name}`');
    expect(text).toContain('| `name` | path | yes | string |');
    expect(text).toContain('- `404`: No such job');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
