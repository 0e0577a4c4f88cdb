import { CommandCheck, ContainerCommand } from './types';

/**
 * The `fx` command lines of OpenFL 1.6 that the rendered workloads run, as its click
 * definitions declare them (securefederatedai/openfl at tag v1.6). Options of the `fx` group
 * come before the command; each command's options after it.
 */
interface FxOption {
  long: string;
  short?: string;
  /** A click `is_flag` option: takes no value. */
  flag?: boolean;
  required?: boolean;
}

/** openfl/interface/cli.py, `cli`: the `fx` group's own options. */
const FX_GROUP_OPTIONS: FxOption[] = [
  { long: '--log-level', short: '-l' },
  { long: '--no-warnings', flag: true },
];

const FX_COMMANDS: Record<string, { source: string; options: FxOption[] }> = {
  'aggregator start': {
    source: 'openfl/interface/aggregator.py, start_',
    options: [
      { long: '--plan', short: '-p' },
      { long: '--authorized_cols', short: '-c' },
      { long: '--secure', short: '-s', flag: true },
    ],
  },
  'collaborator start': {
    source: 'openfl/interface/collaborator.py, start_',
    options: [
      { long: '--plan', short: '-p' },
      { long: '--data_config', short: '-d' },
      { long: '--collaborator_name', short: '-n', required: true },
      { long: '--secure', short: '-s', flag: true },
    ],
  },
};

/** An `fx` command line read as click would: its command and options by long name. */
export interface FxCommandLine {
  command: string;
  options: Map<string, string | true>;
}

/** The container's command line, if it runs `fx`; undefined for any other program. */
function fxArgv(container: ContainerCommand): string[] | undefined {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const program = argv[0];
  return program === 'fx' || program?.endsWith('/fx') ? argv : undefined;
}

/**
 * Reads options as click does: `--name value`, `--name=value`, `-n value`, `-nvalue`; a flag
 * takes no value. Stops at the first argument that is not an option.
 */
function readOptions(
  argv: string[],
  start: number,
  known: FxOption[],
  where: string,
  problems: string[],
): { options: Map<string, string | true>; next: number } {
  const options = new Map<string, string | true>();
  let i = start;
  while (i < argv.length && argv[i].startsWith('-')) {
    const token = argv[i];
    if (token === '--help') {
      problems.push(
        `${where}: --help prints the help and exits; nothing starts`,
      );
      return { options, next: argv.length };
    }
    const [name, inline] = token.startsWith('--')
      ? (token.split(/=(.*)/s, 2) as [string, string | undefined])
      : [token.slice(0, 2), token.length > 2 ? token.slice(2) : undefined];
    const option = known.find(o => o.long === name || o.short === name);
    i += 1;
    if (!option) {
      problems.push(`${where}: no such option ${name}`);
      continue;
    }
    if (option.flag) {
      if (inline !== undefined)
        problems.push(`${where}: ${option.long} is a flag and takes no value`);
      options.set(option.long, true);
      continue;
    }
    const value = inline ?? argv[i];
    if (value === undefined) {
      problems.push(`${where}: ${name} requires an argument`);
      continue;
    }
    if (inline === undefined) i += 1;
    options.set(option.long, value);
  }
  return { options, next: i };
}

/**
 * An `fx` command line read against the table, with why click would refuse it; undefined
 * when the container does not run `fx`.
 */
export function readFxCommandLine(
  container: ContainerCommand,
): { line?: FxCommandLine; problems: string[] } | undefined {
  const argv = fxArgv(container);
  if (!argv) return undefined;
  const problems: string[] = [];
  const group = readOptions(argv, 1, FX_GROUP_OPTIONS, 'fx', problems);
  const command = argv.slice(group.next, group.next + 2).join(' ');
  const entry = FX_COMMANDS[command];
  if (!entry) {
    problems.push(
      `fx ${command}: not a command of the OpenFL 1.6 table (${Object.keys(
        FX_COMMANDS,
      ).join(', ')})`,
    );
    return { problems };
  }
  const where = `fx ${command} (${entry.source})`;
  const { options, next } = readOptions(
    argv,
    group.next + 2,
    entry.options,
    where,
    problems,
  );
  if (next < argv.length)
    problems.push(`${where}: unexpected extra argument ${argv[next]}`);
  for (const option of entry.options)
    if (option.required && !options.has(option.long))
      problems.push(
        `${where}: missing option ${option.short} / ${option.long}`,
      );
  return { line: { command, options }, problems };
}

/** The pinned OpenFL release's `fx` command lines. */
export const openflCommandProblems: CommandCheck = container =>
  readFxCommandLine(container)?.problems.map(
    p => `container ${container.name}: ${p}`,
  ) ?? [];
