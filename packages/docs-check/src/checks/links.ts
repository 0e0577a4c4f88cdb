import fs from 'node:fs';
import path from 'node:path';
import { readPage, REPO_ROOT } from '../markdown';

/**
 * Every relative link of a page names a file or folder of the repository, and a `#anchor`
 * names a heading of the target page. Web links are not followed (the tests run offline).
 */
export function brokenLinks(files: string[]): string[] {
  const pages = new Map(files.map(f => [f, readPage(f)]));
  const anchorsOf = (file: string) =>
    (pages.get(file) ?? readPage(file)).anchors;
  const broken: string[] = [];
  for (const page of pages.values()) {
    for (const link of page.links) {
      if (/^[a-z]+:/.test(link.target)) continue;
      const [target, anchor] = link.target.split('#');
      const file = target
        ? path.normalize(path.join(path.dirname(page.file), target))
        : page.file;
      const where = `${link.file}:${link.line} ${link.target}`;
      if (!fs.existsSync(path.join(REPO_ROOT, file))) {
        broken.push(`${where}: ${file} does not exist`);
      } else if (
        anchor &&
        file.endsWith('.md') &&
        !anchorsOf(file).has(anchor)
      ) {
        broken.push(`${where}: ${file} has no heading #${anchor}`);
      }
    }
  }
  return broken;
}
