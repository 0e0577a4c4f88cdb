import { CodeBlock } from '../../markdown';
import { shellCommands } from '../session';
import { CheckContext } from './checkContext';
import { flagListed, helpText } from './toolHelp';

/** Flags of kubectl and docker that the docs use with a separate value. */
const VALUE_FLAGS = [
  '-f',
  '--filename',
  '--file',
  '-n',
  '--namespace',
  '-t',
  '--tag',
  '-l',
  '--selector',
  '-o',
  '--output',
  '--platform',
  '--from-literal',
  '--duration',
  '--type',
  '--kubeconfig',
  '--as',
  '--context',
];
const takesValue = (flag: string) => VALUE_FLAGS.includes(flag);

/**
 * Commands for tools that need a real hub or a container engine (kubectl, docker): each
 * subcommand must exist and each flag must appear in that subcommand's own help (or, for
 * kubectl, in `kubectl options`); a `-f` file must be one the page saved before.
 */
export async function checkToolFlags(block: CodeBlock, context: CheckContext) {
  const tool = block.check!;
  for (const command of shellCommands(block, {
    ...context.session.vars,
    OCM_HUB_TOKEN: 'token',
  })) {
    if (command.words[0] !== tool)
      throw new Error(
        `${block.file}:${command.line}: a ${tool} block holds only ${tool} commands`,
      );
    const words = command.words.slice(1);
    const positional = words.filter(
      (w, i) =>
        !w.startsWith('-') &&
        !(
          words[i - 1]?.startsWith('-') &&
          !words[i - 1].includes('=') &&
          takesValue(words[i - 1])
        ),
    );
    const subcommand = positional.slice(0, tool === 'kubectl' ? 3 : 2);
    const help = `${helpText(tool, [...subcommand, '--help'])}\n${
      tool === 'kubectl' ? helpText(tool, ['options']) : ''
    }`;
    for (const word of words.filter(w => w.startsWith('-'))) {
      if (!flagListed(help, word))
        throw new Error(
          `${block.file}:${command.line}: ${tool} ${subcommand.join(
            ' ',
          )} has no flag ${word.split('=')[0]}`,
        );
    }
    const fileIndex = words.findIndex(
      w => w === '-f' || w === '--filename' || w === '--file',
    );
    if (fileIndex >= 0) {
      const file = words[fileIndex + 1];
      if (!context.session.saved.has(file) && file !== '.')
        throw new Error(
          `${block.file}:${command.line}: ${file} is not a file the page shows (save-as=${file})`,
        );
    }
  }
}
