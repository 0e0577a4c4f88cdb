import fs from 'node:fs';
import path from 'node:path';
import { pathsLeavingRepo, trackedTextFiles } from './checks/selfContained';
import { REPO_ROOT } from './markdown';

/**
 * A user's clone has nothing beside it: no file of the repository may lean on a path outside
 * it, or on notes that live only outside it.
 */

// Built from parts so that this file does not match itself.
const OUTSIDE_NOTES = new RegExp(
  [
    `${'DESIGN'}(\\.md| section| \\d)`,
    `ocm-placement-${'semantics'}\\.md`,
    `${'shared'}/ocm-crds`,
  ].join('|'),
);

describe('the repository stands alone', () => {
  const files = trackedTextFiles();

  it('has files to check', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'scripts/test.sh']),
    );
  });

  it('refers to no path outside itself and to no notes kept elsewhere', () => {
    const offenders = files.flatMap(file => {
      const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      return [
        ...pathsLeavingRepo(file, text).map(p => `${file}: ${p}`),
        ...(OUTSIDE_NOTES.test(text)
          ? [`${file}: ${text.match(OUTSIDE_NOTES)![0]}`]
          : []),
      ];
    });
    expect(offenders).toEqual([]);
  });

  it('recognises a path that climbs out', () => {
    expect(
      pathsLeavingRepo('scripts/test.sh', 'x "$ROOT/../../outside"'),
    ).toEqual(['../../outside']);
    expect(
      pathsLeavingRepo('docs/operating/a.md', '[b](../../README.md)'),
    ).toEqual([]);
    expect(pathsLeavingRepo('docs/a.md', '[b](../../README.md)')).toEqual([
      '../../README.md',
    ]);
  });
});
