type Step = {
  pattern: RegExp;
  apply: (match: RegExpExecArray, values: unknown[]) => unknown[];
};

function child(value: unknown, key: string): unknown[] {
  if (
    value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    key in value
  ) {
    return [(value as Record<string, unknown>)[key]];
  }
  return [];
}

function members(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value && typeof value === 'object' ? Object.values(value) : [];
}

/** One parser per step form, tried in order at the start of the rest of the path. */
const STEPS: Step[] = [
  {
    pattern: /^\.([A-Za-z0-9_-]+)/,
    apply: (m, values) => values.flatMap(v => child(v, m[1])),
  },
  {
    pattern: /^\[['"]([^'"]+)['"]\]/,
    apply: (m, values) => values.flatMap(v => child(v, m[1])),
  },
  {
    pattern: /^\[(\d+)\]/,
    apply: (m, values) =>
      values.flatMap(v =>
        Array.isArray(v) && Number(m[1]) < v.length ? [v[Number(m[1])]] : [],
      ),
  },
  { pattern: /^\[\*\]/, apply: (_m, values) => values.flatMap(members) },
  {
    pattern:
      /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+))\)\]/,
    apply: (m, values) => {
      const [, fieldPath, op, doubleQuoted, singleQuoted, bare] = m;
      const expected = doubleQuoted ?? singleQuoted ?? bare;
      return values.flatMap(v =>
        (Array.isArray(v) ? v : []).filter(item => {
          const found = evaluateJsonPath(item, fieldPath);
          const equal = found.length === 1 && String(found[0]) === expected;
          return op === '==' ? equal : !equal;
        }),
      );
    },
  },
];

/**
 * The subset of Kubernetes JSONPath that status feedback rules use: `.field`, `['field']`,
 * `[n]`, `[*]` and filters `[?(@.a.b=="value")]` / `!=`. Returns every match.
 */
export function evaluateJsonPath(root: unknown, path: string): unknown[] {
  let values: unknown[] = [root];
  let rest = path
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  while (rest.length > 0) {
    const [step, match] = nextStep(rest);
    values = step.apply(match, values);
    rest = rest.slice(match[0].length);
  }
  return values;
}

function nextStep(rest: string): [Step, RegExpExecArray] {
  for (const step of STEPS) {
    const match = step.pattern.exec(rest);
    if (match) return [step, match];
  }
  throw new Error(`unsupported JSONPath at "${rest}"`);
}
