import type { Environment } from '@marcbachmann/cel-js';

/*
 * The parts of cel-go's strings extension (ext/strings.go, `ext.Strings()` at its latest
 * version, as OCM enables it) that this CEL implementation lacks: charAt, replace, reverse,
 * format and strings.quote. It has the others (indexOf, lastIndexOf, lowerAscii, upperAscii,
 * split, substring, trim, join) itself.
 */

/** Go's strings.Replace: the first `limit` occurrences, all when negative. */
function replace(text: string, from: string, to: string, limit: bigint) {
  if (from === '') {
    // An empty old string matches before every character and at the end.
    const chars = [...text];
    const n = limit < 0n ? chars.length + 1 : Number(limit);
    return [...chars, ''].map((c, i) => (i < n ? to : '') + c).join('');
  }
  const parts = text.split(from);
  if (limit < 0n || limit >= BigInt(parts.length - 1)) return parts.join(to);
  const n = Number(limit) + 1;
  return [parts.slice(0, n).join(to), ...parts.slice(n)].join(from);
}

const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's %e: at least two exponent digits. */
const exponent = (value: number, precision: number) =>
  value.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');

function formatArgument(
  verb: string,
  precision: number | undefined,
  arg: unknown,
): string {
  const integer =
    typeof arg === 'bigint' ||
    (typeof arg === 'object' &&
      arg !== null &&
      typeof (arg as any).valueOf() === 'bigint');
  const asInt = () => {
    if (!integer)
      throw new Error(`%${verb} needs an integer, got ${typeof arg}`);
    return BigInt((arg as any).valueOf());
  };
  switch (verb) {
    case 's':
      return display(arg);
    case 'd':
      return asInt().toString();
    case 'b':
      return typeof arg === 'boolean' ? String(arg) : asInt().toString(2);
    case 'o':
      return asInt().toString(8);
    case 'x':
    case 'X': {
      const hex =
        typeof arg === 'string'
          ? [...new TextEncoder().encode(arg)]
              .map(b => b.toString(16).padStart(2, '0'))
              .join('')
          : asInt().toString(16);
      return verb === 'X' ? hex.toUpperCase() : hex;
    }
    case 'f':
    case 'e': {
      const value = typeof arg === 'number' ? arg : Number(asInt());
      return verb === 'f'
        ? value.toFixed(precision ?? 6)
        : exponent(value, precision ?? 6);
    }
    default:
      throw new Error(
        `could not parse formatting clause: unrecognized formatting clause "${verb}"`,
      );
  }
}

function display(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(display).join(', ')}]`;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return String(value);
}

/** cel-go's `<string>.format(<list>)`: %s, %d, %f and %e (with precision), %b, %o, %x, %X, %%. */
export function formatString(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(/%(?:\.(\d+))?([a-zA-Z%])/g, (_, precision, verb) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new Error(`index ${next} out of range`);
    return formatArgument(
      verb,
      precision === undefined ? undefined : Number(precision),
      args[next++],
    );
  });
}

class StringsNamespace {}

export function registerStrings(env: Environment): Environment {
  return env
    .registerType('kubernetes.StringsNamespace', StringsNamespace)
    .registerConstant(
      'strings',
      'kubernetes.StringsNamespace',
      new StringsNamespace(),
    )
    .registerFunction(
      'string.charAt(int): string',
      (text: string, index: bigint) => {
        const chars = [...text];
        if (index < 0n || index > BigInt(chars.length))
          throw new Error(`index out of range: ${index}`);
        return chars[Number(index)] ?? '';
      },
    )
    .registerFunction(
      'string.replace(string, string): string',
      (text: string, from: string, to: string) => replace(text, from, to, -1n),
    )
    .registerFunction(
      'string.replace(string, string, int): string',
      (text: string, from: string, to: string, limit: bigint) =>
        replace(text, from, to, limit),
    )
    .registerFunction('string.reverse(): string', (text: string) =>
      [...text].reverse().join(''),
    )
    .registerFunction(
      'string.format(list): string',
      (template: string, args: unknown[]) => formatString(template, args),
    )
    .registerFunction(
      'kubernetes.StringsNamespace.quote(string): string',
      (_: StringsNamespace, text: string) =>
        `"${[...text].map(c => QUOTE_ESCAPES[c] ?? c).join('')}"`,
    );
}
