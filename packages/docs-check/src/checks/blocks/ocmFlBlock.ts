import { CodeBlock } from '../../markdown';
import { shellCommands } from '../session';
import { CheckContext } from './checkContext';

/**
 * `ocm-fl` commands, run in the page's session against a test hub. Each must exit 0, or
 * with the code the block names (`exit=2`).
 */
export async function checkOcmFl(block: CodeBlock, context: CheckContext) {
  const { session } = context;
  await session.startHub();
  const expected = Number(block.options.exit ?? 0);
  for (const command of shellCommands(block, session.vars)) {
    if (command.words[0] === 'export') {
      session.export(command);
      continue;
    }
    // `yarn ocm-fl ...`, or `scripts/ocm-fl ...` (the project's Node, no Yarn needed).
    const [first, ...rest] = command.words;
    const args = ['yarn', 'scripts/ocm-fl'].includes(first)
      ? ['ocm-fl', ...(first === 'yarn' ? rest.slice(1) : rest)]
      : command.words;
    if (args[0] !== 'ocm-fl')
      throw new Error(
        `${block.file}:${command.line}: an ocm-fl block holds only ocm-fl commands (not ${args[0]} ${args[1]})`,
      );
    const result = await session.runOcmFl(args.slice(1));
    if (result.code !== expected)
      throw new Error(
        `${block.file}:${command.line}: ${args.join(' ')} exited ${
          result.code
        }, not ${expected}: ${result.stderr}`,
      );
  }
}
