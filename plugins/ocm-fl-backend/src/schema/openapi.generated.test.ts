// The test runs the generator in Node, as the package's script does: Node's modules are fine here.
/* eslint-disable no-restricted-imports */
import { spawnSync } from 'child_process';
import path from 'path';
import packageJson from '../../package.json';

describe('the router module generated from openapi.yaml', () => {
  it('is up to date with the schema (else run `yarn generate:openapi` in plugins/ocm-fl-backend)', () => {
    // The package's own generation command, with --check: it compares what it would write
    // with the committed module and exits 1 when they differ.
    const [tool, script] = packageJson.scripts['generate:openapi'].split(' ');
    expect(tool).toBe('node');
    const run = spawnSync(process.execPath, [script, '--check'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
