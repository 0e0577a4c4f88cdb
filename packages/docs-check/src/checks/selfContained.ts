import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../markdown';

/**
 * A user's clone has nothing beside it: no file of the repository may lean on a path outside
 * it. These find the files to look at and the paths that leave.
 */

/** Tracked text files; vendored releases and the lockfile are not ours to read. */
export function trackedTextFiles(): string[] {
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
