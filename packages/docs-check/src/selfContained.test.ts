import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './markdown';

/**
 * A user's clone has nothing beside it: no file of the repository may lean on a path outside
 * it, or on notes that live only outside it.
 */

/** Tracked text files; vendored releases and the lockfile are not ours to read. */
function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(file => file && !/^\.yarn\/|(^|\/)yarn\.lock$/.test(file))
    .filter(file => {
      const full = path.join(REPO_ROOT, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2 * 1024 * 1024)
        return false;
      return !fs.readFileSync(full).subarray(0, 8000).includes(0);
    });
}

/** Relative paths in `text` (runs of `../`) that climb above the repository root from `file`. */
export function pathsLeavingRepo(file: string, text: string): string[] {
  // Backstage resolves the paths of app-config files from the backend's folder.
  const dir = /^app-config[\w.-]*\.yaml$/.test(file)
    ? path.join(REPO_ROOT, 'packages/backend')
    : path.dirname(path.join(REPO_ROOT, file));
  return [...text.matchAll(/(?:\.\.\/)+[\w.-]*/g)]
    .map(([relative]) => relative)
    .filter(relative => {
      const target = path.relative(REPO_ROOT, path.resolve(dir, relative));
      return target === '..' || target.startsWith(`..${path.sep}`);
    });
}

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
