import fs from 'node:fs';
import path from 'node:path';
import { brokenLinks } from './checks/links';
import { DOC_FILES, parsePage, readPage, REPO_ROOT } from './markdown';

describe('links in the documentation', () => {
  it('resolve to files and headings', () => {
    expect(brokenLinks(DOC_FILES)).toEqual([]);
  });

  it('every page under docs/ is reachable from docs/README.md', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file) || !file.startsWith('docs/')) return;
      reached.add(file);
      for (const link of readPage(file).links) {
        const target = link.target.split('#')[0];
        if (target && !/^[a-z]+:/.test(target) && target.endsWith('.md'))
          visit(path.normalize(path.join(path.dirname(file), target)));
      }
    };
    visit('docs/README.md');
    expect(
      DOC_FILES.filter(f => f.startsWith('docs/') && !reached.has(f)),
    ).toEqual([]);
  });

  it('reports a missing file and a missing heading', () => {
    const page = parsePage(
      'docs/probe.md',
      '# Probe\n\n[gone](nowhere.md) [bad anchor](README.md#no-such-heading) [fine](README.md#for-contributors)\n',
    );
    expect(page.links.map(l => l.target)).toEqual([
      'nowhere.md',
      'README.md#no-such-heading',
      'README.md#for-contributors',
    ]);
    const dir = fs.mkdtempSync(path.join(REPO_ROOT, 'docs', '.probe-'));
    const file = path.relative(REPO_ROOT, path.join(dir, 'probe.md'));
    try {
      fs.writeFileSync(
        path.join(REPO_ROOT, file),
        '# Probe\n\n[gone](nowhere.md) [bad anchor](../README.md#no-such-heading) [fine](../README.md#for-contributors)\n',
      );
      expect(brokenLinks([file])).toEqual([
        expect.stringContaining('nowhere.md does not exist'),
        expect.stringContaining('has no heading #no-such-heading'),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
