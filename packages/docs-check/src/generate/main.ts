import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../markdown';
import {
  GENERATE_COMMAND,
  pageText,
  REFERENCE_PAGES,
  stalePages,
} from '../reference/pages';

/**
 * `ocm-fl-docs` writes the generated reference pages; with `--check` it writes nothing and
 * exits 1 naming each page that differs from what its sources generate.
 */
async function main(args: string[]) {
  // commander wraps help text at the terminal's width; the pages must not depend on it.
  if (process.stdout.isTTY) process.stdout.columns = 80;
  if (args.includes('--check')) {
    const stale = await stalePages();
    if (stale.length > 0) {
      process.stderr.write(
        `Stale generated docs: ${stale.join(', ')}; run ${GENERATE_COMMAND}\n`,
      );
      return 1;
    }
    process.stdout.write(
      `${REFERENCE_PAGES.length} generated reference pages are up to date\n`,
    );
    return 0;
  }
  for (const page of REFERENCE_PAGES) {
    const file = path.join(REPO_ROOT, page.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await pageText(page));
    process.stdout.write(`wrote ${page.file}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    process.stderr.write(`ocm-fl-docs: ${error.message}\n`);
    process.exit(1);
  },
);
