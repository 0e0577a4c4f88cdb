/**
 * The subset of Kubernetes JSONPath that status feedback rules use, evaluated as client-go's
 * `util/jsonpath` does with `AllowMissingKeys(true)` (the OCM work agent's setting,
 * open-cluster-management-io/ocm v1.3.0 `pkg/work/spoke/statusfeedback/reader.go`
 * `getValueByJsonPath`; kubernetes/client-go v0.35.4 `util/jsonpath/jsonpath.go`):
 *
 * - `.field` and `['field']`: a missing key (or a field of a non-object) gives nothing;
 * - `[n]` (`n` may be negative): an index outside a non-empty array is an error, and so is
 *   indexing something that is not an array; `[*]` gives every member;
 * - `[?(@.a.b OP literal)]` with `==`, `!=`, `<`, `>`, `<=`, `>=`, and `[?(@.a.b)]`
 *   (exists): items whose field is missing never pass; comparing values of different types is
 *   an error.
 *
 * Evaluation starts at the object given, so feedback paths name the whole object from its
 * root (`.status.readyReplicas`). Anything else is refused with an error naming the step.
 */

type Literal = string | number | boolean;
type Step = {
  pattern: RegExp;
  apply: (match: RegExpExecArray, values: unknown[]) => unknown[];
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);
const present = (value: unknown) => value !== undefined && value !== null;

function field(values: unknown[], key: string): unknown[] {
  return values.flatMap(v => (isObject(v) && key in v ? [v[key]] : []));
}

function index(values: unknown[], raw: string): unknown[] {
  return values.filter(present).flatMap(v => {
    if (!Array.isArray(v))
      throw new Error(`${typeName(v)} is not array or slice`);
    const at = Number(raw) < 0 ? Number(raw) + v.length : Number(raw);
    if (at < 0 || at >= v.length) {
      throw new Error(
        `array index out of bounds: index ${at}, length ${v.length}`,
      );
    }
    return [v[at]];
  });
}

function wildcard(values: unknown[]): unknown[] {
  return values.flatMap(v => {
    if (Array.isArray(v)) return v;
    return isObject(v) ? Object.values(v) : [];
  });
}

function literal(doubleQuoted?: string, singleQuoted?: string, bare?: string) {
  if (doubleQuoted !== undefined) return doubleQuoted;
  if (singleQuoted !== undefined) return singleQuoted;
  if (bare === 'true' || bare === 'false') return bare === 'true';
  if (bare !== undefined && /^-?\d+(\.\d+)?$/.test(bare)) return Number(bare);
  throw new Error(`unsupported JSONPath filter literal "${bare}"`);
}

function compare(left: unknown, op: string, right: Literal): boolean {
  if (typeof left !== typeof right) {
    throw new Error(
      `incompatible types for comparison: ${typeName(left)} ${op} ${typeName(
        right,
      )}`,
    );
  }
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  if (typeof right === 'boolean')
    throw new Error(`invalid type for comparison: ${op} on booleans`);
  const [a, b] = [left as string | number, right];
  if (op === '<') return a < b;
  if (op === '>') return a > b;
  if (op === '<=') return a <= b;
  return a >= b;
}

function filter(values: unknown[], match: RegExpExecArray): unknown[] {
  const [, fieldPath, op, doubleQuoted, singleQuoted, bare] = match;
  const right = op ? literal(doubleQuoted, singleQuoted, bare) : undefined;
  return values.flatMap(v => {
    if (!Array.isArray(v))
      throw new Error(
        `${typeName(v)} is not array or slice and cannot be filtered`,
      );
    return v.filter(item => {
      const lefts = evaluateJsonPath(item, fieldPath);
      if (!op) return lefts.length > 0;
      if (lefts.length === 0) return false;
      if (lefts.length > 1)
        throw new Error('can only compare one element at a time');
      return compare(lefts[0], op, right!);
    });
  });
}

/** One parser per step form, tried in order at the start of the rest of the path. */
const STEPS: Step[] = [
  {
    pattern: /^\.([A-Za-z0-9_-]+)/,
    apply: (m, values) => field(values, m[1]),
  },
  {
    pattern: /^\[['"]([^'"]+)['"]\]/,
    apply: (m, values) => field(values, m[1]),
  },
  { pattern: /^\[(-?\d+)\]/, apply: (m, values) => index(values, m[1]) },
  { pattern: /^\[\*\]/, apply: (_m, values) => wildcard(values) },
  {
    pattern:
      /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(?:(==|!=|<=|>=|<|>)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]+)))?\s*\)\]/,
    apply: (m, values) => filter(values, m),
  },
];

/** Every value the path selects in `root`; throws where client-go would report an error. */
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
  throw new Error(
    `unsupported JSONPath at "${rest}": the simulator understands .field, ['field'], [n], [*] and [?(@.field OP literal)]`,
  );
}

/** The Go type client-go would name in its messages, for the JSON value given. */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) return '[]interface {}';
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}
