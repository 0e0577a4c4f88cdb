import path from 'node:path';
import { ConfigSchema, loadConfigSchema } from '@backstage/config-loader';
import {
  BLOCK_CHECKS,
  checkKey,
  UNCHECKED_LANGUAGES,
} from './checks/blockChecks';
import { CheckContext } from './checks/blocks/checkContext';
import { hasTool } from './checks/blocks/toolHelp';
import { PageSession } from './checks/session';
import { DOC_FILES, readPage, REPO_ROOT } from './markdown';
import { registeredActions } from './reference/pages';

const pages = DOC_FILES.map(readPage);

let configSchema: Promise<ConfigSchema> | undefined;
const backendConfigSchema = () =>
  (configSchema ??= loadConfigSchema({
    dependencies: [],
    packagePaths: [path.join(REPO_ROOT, 'packages/backend/package.json')],
  }));

let actionIds: string[] = [];
beforeAll(async () => {
  actionIds = (await registeredActions()).map(a => a.id);
});

describe('the documentation', () => {
  it('has pages to check', () => {
    expect(pages.map(p => p.file)).toEqual(
      expect.arrayContaining([
        'docs/README.md',
        'docs/workflow.md',
        'docs/operating/connect-a-hub.md',
        'docs/reference/job-spec.md',
      ]),
    );
  });

  it('says how each code block is checked', () => {
    const unknown = pages
      .flatMap(p => p.blocks)
      .filter(
        b =>
          !BLOCK_CHECKS[checkKey(b)] &&
          !(UNCHECKED_LANGUAGES.includes(b.language) && !b.check),
      )
      .map(b => `${b.file}:${b.line} \`\`\`${checkKey(b)}`);
    expect(unknown).toEqual([]);
  });

  // One test per page: its blocks run in order, as a reader would follow them.
  const withBlocks = pages.filter(p =>
    p.blocks.some(b => BLOCK_CHECKS[checkKey(b)]),
  );
  it.each(withBlocks.map(p => [p.file, p] as const))(
    '%s: every snippet and command works',
    async (_file, page) => {
      const session = new PageSession();
      const context: CheckContext = {
        session,
        configSchema: backendConfigSchema,
        actionIds,
      };
      const failures: string[] = [];
      try {
        for (const block of page.blocks) {
          session.save(block);
          const check = BLOCK_CHECKS[checkKey(block)];
          if (!check) continue;
          if (
            (block.check === 'kubectl' || block.check === 'docker') &&
            !hasTool(block.check)
          ) {
            // scripts/test.sh installs the tools; elsewhere say so instead of passing silently.
            const missing = `${block.file}:${block.line}: ${block.check} is not installed; its flags were not checked`;
            if (process.env.CI) failures.push(missing);
            else process.stderr.write(`${missing}\n`);
            continue;
          }
          await check(block, context).catch(error =>
            failures.push(
              `${block.file}:${block.line} (${checkKey(block)}): ${
                (error as Error).message
              }`,
            ),
          );
        }
      } finally {
        await session.close();
      }
      expect(failures).toEqual([]);
    },
  );
});
