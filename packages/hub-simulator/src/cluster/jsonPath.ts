/**
 * The subset of Kubernetes JSONPath that status feedback rules use: `.field`, `['field']`,
 * `[n]`, `[*]` and filters `[?(@.a.b=="value")]` / `!=`. Returns every match.
 */
export function evaluateJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  let rest = path.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\.([A-Za-z0-9_-]+)/.exec(rest))) {
      current = current.flatMap(v => child(v, match![1]));
    } else if ((match = /^\[['"]([^'"]+)['"]\]/.exec(rest))) {
      current = current.flatMap(v => child(v, match![1]));
    } else if ((match = /^\[(\d+)\]/.exec(rest))) {
      const index = Number(match[1]);
      current = current.flatMap(v => (Array.isArray(v) && index < v.length ? [v[index]] : []));
    } else if ((match = /^\[\*\]/.exec(rest))) {
      current = current.flatMap(v => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []));
    } else if ((match = /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\)\]/.exec(rest))) {
      const [, fieldPath, op, dq, sq, bare] = match;
      const expected = dq ?? sq ?? bare;
      current = current.flatMap(v =>
        (Array.isArray(v) ? v : []).filter(item => {
          const values = evaluateJsonPath(item, fieldPath);
          const equal = values.length === 1 && String(values[0]) === expected;
          return op === '==' ? equal : !equal;
        }),
      );
    } else {
      throw new Error(`unsupported JSONPath at "${rest}"`);
    }
    rest = rest.slice(match[0].length);
  }
  return current;
}

function child(value: unknown, key: string): unknown[] {
  if (value && typeof value === 'object' && !Array.isArray(value) && key in value) {
    return [(value as Record<string, unknown>)[key]];
  }
  return [];
}
