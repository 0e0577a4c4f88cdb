/**
 * How Python's argparse reads a command line, for the optional flags a parser declares: what
 * a framework's command would do with a container's arguments before running anything.
 * Covers what the frameworks' parsers use: flags with no value (`store_true`,
 * `store_const`), flags with one value (`--flag value` or `--flag=value`), `type=int` and
 * `type=float`, `choices`, and unique prefixes of long flags (argparse's `allow_abbrev`,
 * on by default).
 */

/** One optional flag as a parser declares it. */
export interface Flag {
  /** `none` for store_true / store_const flags, `one` for flags that take a value. */
  values: 'none' | 'one';
  type?: 'int' | 'float';
  choices?: readonly string[];
  /** Flags of one mutually exclusive group share a group name. */
  exclusiveGroup?: string;
  /** The file (in the framework's source at the pinned tag) that declares the flag. */
  source: string;
}

export type FlagTable = Record<string, Flag>;

/** The flags given and their values (`true` for flags without a value), or why argparse exits. */
export type ParsedArgs =
  | { ok: true; values: Map<string, string | true> }
  | { ok: false; problem: string };

const INT = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/i;

function resolveFlag(
  table: FlagTable,
  written: string,
): { name: string } | { problem: string } {
  if (table[written]) return { name: written };
  const candidates = Object.keys(table).filter(name =>
    name.startsWith(written),
  );
  if (candidates.length === 1) return { name: candidates[0] };
  if (candidates.length > 1) {
    return {
      problem: `ambiguous option: ${written} could match ${candidates.join(
        ', ',
      )}`,
    };
  }
  return { problem: `unrecognized arguments: ${written}` };
}

function checkValue(name: string, flag: Flag, value: string): string | null {
  if (flag.type === 'int' && !INT.test(value))
    return `argument ${name}: invalid int value: '${value}'`;
  if (flag.type === 'float' && !FLOAT.test(value.trim()))
    return `argument ${name}: invalid float value: '${value}'`;
  if (flag.choices && !flag.choices.includes(value)) {
    return `argument ${name}: invalid choice: '${value}' (choose from ${flag.choices
      .map(c => `'${c}'`)
      .join(', ')})`;
  }
  return null;
}

/** Parses `args` as argparse would for a parser with exactly `table`'s optional flags. */
export function parseArgs(table: FlagTable, args: string[]): ParsedArgs {
  const values = new Map<string, string | true>();
  const groups = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help')
      return { ok: false, problem: 'prints its help and exits' };
    if (!arg.startsWith('-') || arg === '-' || arg === '--')
      return { ok: false, problem: `unrecognized arguments: ${arg}` };
    const eq = arg.indexOf('=');
    const written = eq > 0 ? arg.slice(0, eq) : arg;
    const resolved = resolveFlag(table, written);
    if ('problem' in resolved) return { ok: false, problem: resolved.problem };
    const { name } = resolved;
    const flag = table[name];
    let value: string | true = true;
    if (flag.values === 'none') {
      if (eq > 0)
        return {
          ok: false,
          problem: `argument ${name}: ignored explicit argument '${arg.slice(
            eq + 1,
          )}'`,
        };
    } else if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      // argparse takes a following word as the value unless it looks like a flag.
      if (next === undefined || (next.startsWith('-') && !INT.test(next)))
        return {
          ok: false,
          problem: `argument ${name}: expected one argument`,
        };
      value = next;
      i += 1;
    }
    if (value !== true) {
      const problem = checkValue(name, flag, value);
      if (problem) return { ok: false, problem };
    }
    if (flag.exclusiveGroup) {
      const other = groups.get(flag.exclusiveGroup);
      if (other && other !== name)
        return {
          ok: false,
          problem: `argument ${name}: not allowed with argument ${other}`,
        };
      groups.set(flag.exclusiveGroup, name);
    }
    values.set(name, value);
  }
  return { ok: true, values };
}
