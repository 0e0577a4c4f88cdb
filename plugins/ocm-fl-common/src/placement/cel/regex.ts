import type { Environment } from '@marcbachmann/cel-js';

/**
 * A JavaScript RegExp for an RE2 pattern. The two share most syntax; RE2's leading flag
 * group (`(?i)`, `(?s)`, `(?m)`) becomes JavaScript flags.
 */
export function re2(pattern: string): RegExp {
  const flags = /^\(\?([ims]+)\)/.exec(pattern);
  return new RegExp(
    flags ? pattern.slice(flags[0].length) : pattern,
    `g${flags?.[1] ?? ''}`,
  );
}

/** Go's `FindAllString(s, n)`: empty matches right after a match are skipped. */
function findAll(text: string, pattern: string, limit: bigint): string[] {
  const regex = re2(pattern);
  const out: string[] = [];
  let previousEnd = -1;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    if (limit >= 0n && out.length >= limit) break;
    if (m[0] === '') {
      regex.lastIndex += 1;
      if (m.index === previousEnd) continue;
    }
    out.push(m[0]);
    previousEnd = m.index + m[0].length;
    if (regex.lastIndex > text.length) break;
  }
  return out;
}

/** Kubernetes' regex library (k8s.io/apiserver pkg/cel/library/regex.go). */
export function registerRegex(env: Environment): Environment {
  return env
    .registerFunction(
      'string.find(string): string',
      (text: string, pattern: string) => findAll(text, pattern, 1n)[0] ?? '',
    )
    .registerFunction(
      'string.findAll(string): list<string>',
      (text: string, pattern: string) => findAll(text, pattern, -1n),
    )
    .registerFunction(
      'string.findAll(string, int): list<string>',
      (text: string, pattern: string, limit: bigint) =>
        findAll(text, pattern, limit),
    );
}
