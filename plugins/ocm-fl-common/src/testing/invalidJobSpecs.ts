/**
 * A corpus of invalid job specs, made by mutating a valid one, for tests that check every
 * invalid input is refused naming its field: wrong types, numbers out of range, hostile
 * strings, climbing paths, huge strings, unknown keys at every level, and YAML that is
 * costly or ambiguous to read.
 */

type Path = (string | number)[];

/** A spec given as data: it must be refused naming `field` (a field path prefix). */
export interface InvalidSpecCase {
  name: string;
  spec: unknown;
  field: string;
}

/** A spec given as file text: reading it or validating what it holds must refuse it. */
export interface InvalidSpecText {
  name: string;
  text: string;
}

/** Shell metacharacters, control characters and climbing paths. */
export const HOSTILE_STRINGS = [
  '$(rm -rf /)',
  '`id`',
  "'; touch /tmp/x; '",
  '"; touch /tmp/x; "',
  'a\nb',
  'nul\u0000byte',
  '../../etc/shadow',
  '/../../etc/shadow',
  ' padded ',
  'x'.repeat(300),
];

/** Hostile strings that are still fine as a free text value (a run-config string). */
const FREE_TEXT = new Set([
  '../../etc/shadow',
  '/../../etc/shadow',
  ' padded ',
]);

const WRONG_TYPES: Record<string, unknown[]> = {
  string: [42, true, null, {}, []],
  number: [-1, 1.5, 1e12, '5', NaN, Infinity, true, null],
  boolean: ['true', 1, null],
  array: ['x', 42, {}],
  object: ['x', 42, []],
};

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The same path notation as the spec's issues: `a.b[0]["example.com/x"]`. */
export function fieldOf(path: Path): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (PLAIN_KEY.test(part) && part.length <= 64)
        return i === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part];
  node[path[path.length - 1]] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  const copy = structuredClone(root) as any;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part];
  delete node[path[path.length - 1]];
  return copy;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function* nodes(
  value: unknown,
  path: Path = [],
): Generator<{ path: Path; value: unknown }> {
  yield { path, value };
  if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* nodes(item, [...path, i]);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      yield* nodes(item, [...path, key]);
}

/** Values a user sets freely (a run-config number may be -1), which only types constrain. */
const isFreeValue = (path: Path) => path[0] === 'runConfig';
const isRunConfigValue = (value: unknown) =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));
/** CEL accepts many strings; its own cases are below. */
const isCel = (path: Path) => path.includes('celExpressions');

/**
 * Invalid specs made from `valid` (a spec `parseJobSpec` accepts, with `planOverrides`
 * absent and a Flower framework). Storage leaves are left alone but for unknown keys: their
 * rules belong to the storage configuration.
 */
export function invalidJobSpecs(
  valid: Record<string, unknown>,
): InvalidSpecCase[] {
  const cases: InvalidSpecCase[] = [];
  const add = (name: string, spec: unknown, field: Path | string) =>
    cases.push({
      name,
      spec,
      field: typeof field === 'string' ? field : fieldOf(field),
    });

  for (const { path, value } of nodes(valid)) {
    if (path.length === 0) continue;
    const kind = kindOf(value);
    const inStorage = path[0] === 'storage';
    if (!inStorage || kind === 'object') {
      for (const wrong of WRONG_TYPES[kind] ?? []) {
        if (isFreeValue(path) && isRunConfigValue(wrong)) continue;
        add(
          `${fieldOf(path)} = ${JSON.stringify(wrong)}`,
          setAt(valid, path, wrong),
          path,
        );
      }
    }
    if (kind === 'string' && !inStorage && !isCel(path)) {
      for (const hostile of HOSTILE_STRINGS) {
        if (isFreeValue(path) && FREE_TEXT.has(hostile)) continue;
        add(
          `${fieldOf(path)} = ${JSON.stringify(hostile.slice(0, 20))}`,
          setAt(valid, path, hostile),
          path,
        );
      }
    }
    if (kind === 'array' && !inStorage) {
      const items = value as unknown[];
      // More than any list of the spec allows, but for `clients.clusters` (below).
      add(
        `${fieldOf(path)} with 51 items`,
        setAt(valid, path, Array(51).fill(items[0])),
        path,
      );
    }
    if (kind === 'object') {
      const withKey = (key: string) => ({ ...(value as object), [key]: 'x' });
      add(
        `unknown key in ${fieldOf(path)}`,
        setAt(valid, path, withKey('$(rm -rf /)')),
        path,
      );
      if (!isFreeValue(path) && !path.includes('matchLabels'))
        add(
          `unknown field in ${fieldOf(path)}`,
          setAt(valid, path, withKey('surprise')),
          [...path, 'surprise'],
        );
    }
  }
  add('unknown top-level field', { ...valid, surprise: 1 }, 'surprise');
  add(
    'unknown top-level key with shell metacharacters',
    { ...valid, '$(rm -rf /)': 1 },
    '["$(rm -rf /)"]',
  );

  for (const required of [
    'name',
    'framework',
    'image',
    'rounds',
    'clients',
    'data',
    'aggregator',
    'storage',
  ])
    add(`without ${required}`, deleteAt(valid, [required]), required);

  const data = valid.data as Record<string, unknown>;
  for (const bad of [
    'relative/path',
    '/data//x',
    '/data/x/',
    '/data/./x',
    '/data/../../etc',
    '/',
    '/a\u0000b',
    '/a\nb',
    '/a b',
    `/${'a'.repeat(1100)}`,
    '/data,x',
    '/$(id)',
  ]) {
    add(
      `data.path ${JSON.stringify(bad.slice(0, 20))}`,
      { ...valid, data: { ...data, type: 'hostPath', path: bad } },
      'data.path',
    );
    add(
      `data.mountPath ${JSON.stringify(bad.slice(0, 20))}`,
      { ...valid, data: { ...data, mountPath: bad } },
      'data.mountPath',
    );
  }
  add(
    'data.type unknown',
    { ...valid, data: { ...data, type: 'nfs' } },
    'data.type',
  );
  add(
    'data.claim not a claim name',
    { ...valid, data: { type: 'clusterClaim', claim: 'Data_Claim' } },
    'data.claim',
  );

  const placement = (extra: Record<string, unknown>) => ({
    ...valid,
    clients: { placement: { clusterSets: ['hospitals'], ...extra } },
  });
  const labelSelector = (selector: unknown) =>
    placement({ predicates: [{ labelSelector: selector }] });
  const selectorField = 'clients.placement.predicates[0].labelSelector';
  for (const key of [
    '-region',
    'a/b/c',
    '/x',
    'x/',
    'Example.com/x',
    'a'.repeat(64),
    `${'a'.repeat(254)}/x`,
    'a b',
    '$(rm -rf /)',
    'a..b/x',
    '',
  ]) {
    add(
      `label key ${JSON.stringify(key.slice(0, 20))}`,
      labelSelector({ matchLabels: { [key]: 'v' } }),
      `${selectorField}.matchLabels`,
    );
    add(
      `expression key ${JSON.stringify(key.slice(0, 20))}`,
      labelSelector({ matchExpressions: [{ key, operator: 'Exists' }] }),
      `${selectorField}.matchExpressions[0].key`,
    );
    add(
      `toleration key ${JSON.stringify(key.slice(0, 20))}`,
      placement({ tolerations: [{ key, operator: 'Exists' }] }),
      'clients.placement.tolerations[0].key',
    );
  }
  for (const value of [
    'a'.repeat(64),
    '-x',
    'x-',
    'a b',
    'a/b',
    '$(id)',
    'x\n',
  ]) {
    add(
      `label value ${JSON.stringify(value.slice(0, 20))}`,
      labelSelector({ matchLabels: { region: value } }),
      `${selectorField}.matchLabels.region`,
    );
    add(
      `expression value ${JSON.stringify(value.slice(0, 20))}`,
      labelSelector({
        matchExpressions: [{ key: 'region', operator: 'In', values: [value] }],
      }),
      `${selectorField}.matchExpressions[0].values[0]`,
    );
  }
  add(
    'too many labels',
    labelSelector({
      matchLabels: Object.fromEntries(
        Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
      ),
    }),
    `${selectorField}.matchLabels`,
  );
  add(
    'claim selector key not a claim name',
    placement({
      predicates: [
        {
          claimSelector: {
            matchExpressions: [{ key: 'Claim_Name', operator: 'Exists' }],
          },
        },
      ],
    }),
    'clients.placement.predicates[0].claimSelector.matchExpressions[0].key',
  );
  for (const cel of [
    'managedCluster.',
    '(((',
    '$(rm -rf /)',
    '`id`',
    'x'.repeat(2001),
    '',
  ])
    add(
      `CEL ${JSON.stringify(cel.slice(0, 20))}`,
      placement({ predicates: [{ celExpressions: [cel] }] }),
      'clients.placement.predicates[0].celExpressions[0]',
    );
  add(
    'too many CEL expressions',
    placement({ predicates: [{ celExpressions: Array(11).fill('true') }] }),
    'clients.placement.predicates[0].celExpressions',
  );

  for (const name of ['A', 'a_b', 'a'.repeat(64), '-a', 'a-', 'a.b', '']) {
    add(
      `cluster ${JSON.stringify(name.slice(0, 20))}`,
      { ...valid, clients: { clusters: [name, 'b'] } },
      'clients.clusters[0]',
    );
    add(
      `aggregator cluster ${JSON.stringify(name.slice(0, 20))}`,
      { ...valid, aggregator: { cluster: name } },
      'aggregator.cluster',
    );
  }
  for (const name of ['A', 'a_b', 'a'.repeat(64), '-a', 'a..b'])
    add(
      `cluster set ${JSON.stringify(name.slice(0, 20))}`,
      placement({ clusterSets: [name] }),
      'clients.placement.clusterSets[0]',
    );
  add(
    'clients with both',
    { ...valid, clients: { placement: {}, clusters: ['a', 'b'] } },
    'clients',
  );
  add('clients with neither', { ...valid, clients: {} }, 'clients');
  add(
    'clients.clusters empty',
    { ...valid, clients: { clusters: [] } },
    'clients.clusters',
  );
  add(
    'clients.clusters with 1001 items',
    {
      ...valid,
      clients: { clusters: Array.from({ length: 1001 }, (_, i) => `c${i}`) },
    },
    'clients.clusters',
  );
  add(
    'clients.clusters twice',
    { ...valid, clients: { clusters: ['a', 'a'] } },
    'clients.clusters',
  );
  add(
    'clients.placement null',
    { ...valid, clients: { placement: null } },
    'clients.placement',
  );

  for (const image of [
    'x'.repeat(5 * 1024 * 1024),
    'a'.repeat(600),
    'UPPER/app:1',
    'a b',
    ':tag',
    'app:',
    'app@sha256:xyz',
    'app;rm -rf /',
  ])
    add(
      `image ${JSON.stringify(image.slice(0, 20))}`,
      { ...valid, image },
      'image',
    );

  for (const key of [
    '$x',
    'a b',
    'num-server-rounds',
    'min-available-nodes',
    'min-train-nodes',
    'min-evaluate-nodes',
    '-x',
    'x'.repeat(65),
    "it's",
  ])
    add(
      `run-config key ${JSON.stringify(key.slice(0, 20))}`,
      { ...valid, runConfig: { [key]: 1 } },
      'runConfig',
    );
  for (const value of [
    "'",
    '"',
    'a\nb',
    '$(id)',
    '`id`',
    'back\\slash',
    'x'.repeat(257),
    { nested: 1 },
    [1],
    null,
  ])
    add(
      `run-config value ${JSON.stringify(value).slice(0, 20)}`,
      { ...valid, runConfig: { mode: value } },
      'runConfig.mode',
    );
  add(
    'too many run-config keys',
    {
      ...valid,
      runConfig: Object.fromEntries(
        Array.from({ length: 51 }, (_, i) => [`k${i}`, i]),
      ),
    },
    'runConfig',
  );

  for (const baseModel of [
    '../x',
    's3://bucket/../secrets',
    's3://Bucket/x',
    'http://example.org/model',
    'a b',
    'resource:default/a/b',
    '',
    'x'.repeat(1025),
  ])
    add(
      `baseModel ${JSON.stringify(baseModel.slice(0, 20))}`,
      { ...valid, baseModel },
      'baseModel',
    );

  const openfl = (planOverrides: unknown) => ({
    ...valid,
    framework: 'openfl',
    runConfig: {},
    planOverrides,
  });
  let deep: unknown = 'x';
  for (let i = 0; i < 20; i++) deep = { level: deep };
  for (const [name, overrides, field] of [
    ['unknown section', { surprise: {} }, 'planOverrides.surprise'],
    ['section not a map', { aggregator: 'x' }, 'planOverrides.aggregator'],
    ['shell key', { aggregator: { '$(id)': 1 } }, 'planOverrides.aggregator'],
    ['deep nesting', { aggregator: deep }, 'planOverrides.aggregator'],
    [
      'long string',
      { aggregator: { x: 'x'.repeat(2000) } },
      'planOverrides.aggregator.x',
    ],
    [
      'many keys',
      {
        aggregator: Object.fromEntries(
          Array.from({ length: 101 }, (_, i) => [`k${i}`, i]),
        ),
      },
      'planOverrides.aggregator',
    ],
    [
      'too big',
      {
        aggregator: Object.fromEntries(
          Array.from({ length: 30 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]),
        ),
      },
      'planOverrides',
    ],
    [
      'infinite number',
      { aggregator: { x: Infinity } },
      'planOverrides.aggregator.x',
    ],
    [
      'a setting the launcher sets',
      { network: { settings: { agg_port: 1 } } },
      'planOverrides.network.settings.agg_port',
    ],
    ['not a map', 'x', 'planOverrides'],
  ] as const)
    add(`planOverrides ${name}`, openfl(overrides), field);
  add(
    'planOverrides with Flower',
    { ...valid, planOverrides: { aggregator: { x: 1 } } },
    'planOverrides',
  );
  add('runConfig with OpenFL', { ...valid, framework: 'openfl' }, 'runConfig');
  add(
    'OpenFL with more named clusters than minClients',
    {
      ...openfl({}),
      minClients: 1,
      clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
    },
    'clients.clusters',
  );
  add(
    'OpenFL placing more clusters than minClients',
    {
      ...openfl({}),
      minClients: 1,
      clients: { placement: { numberOfClusters: 2 } },
    },
    'clients.placement.numberOfClusters',
  );

  const cyclic: Record<string, unknown> = { ...valid };
  cyclic.clients = { placement: { predicates: [cyclic] } };
  add('a spec that contains itself', cyclic, '');
  let nested: unknown = [];
  for (let i = 0; i < 100_000; i++) nested = [nested];
  add('nesting 100000 deep', { ...valid, planOverrides: nested }, '');
  add(
    'over the annotation size in allowed fields',
    placement({
      predicates: Array.from({ length: 10 }, () => ({
        labelSelector: {
          matchExpressions: Array.from({ length: 20 }, (_, i) => ({
            key: `k${i}`,
            operator: 'In',
            values: Array.from(
              { length: 50 },
              (_v, j) => `${'v'.repeat(60)}${j}`,
            ),
          })),
        },
      })),
    }),
    'clients',
  );
  for (const whole of [null, [], 'spec', 42, true])
    add(`a spec that is ${JSON.stringify(whole)}`, whole, '');
  return cases;
}

/** Files a reader must refuse (or whose content `parseJobSpec` must refuse). */
export function invalidJobSpecTexts(validYaml: string): InvalidSpecText[] {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((letter, i) => {
      const previous = 'abcdefghi'[i];
      return `${letter}: &${letter} [${Array(9)
        .fill(`*${previous}`)
        .join(',')}]`;
    }),
  ].join('\n');
  return [
    { name: 'billion laughs', text: laughs },
    {
      name: 'alias cycle in a map',
      text: `${validYaml}extra: &x\n  self: *x\n`,
    },
    { name: 'alias cycle in a list', text: '&a [*a]' },
    { name: 'unresolved alias', text: `${validYaml}extra: *nope\n` },
    { name: 'two documents', text: `${validYaml}---\n${validYaml}` },
    { name: 'duplicate keys', text: `${validYaml}name: other\n` },
    { name: 'empty', text: '' },
    { name: 'only a comment', text: '# nothing\n' },
    { name: 'not YAML', text: 'name: [unclosed\n' },
    { name: 'tabs as indentation', text: 'name: x\n\tframework: flower\n' },
    {
      name: 'deep flow nesting',
      text: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    },
    { name: '10 MB', text: `${validYaml}# ${'x'.repeat(10 * 1024 * 1024)}\n` },
    {
      name: 'a 5 MB image name',
      text: `${validYaml.replace(
        /^image: .*$/m,
        `image: ${'x'.repeat(5 * 1024 * 1024)}`,
      )}`,
    },
    {
      name: 'binary tag',
      text: `${validYaml.replace(/^name: .*$/m, 'name: !!binary aGVsbG8=')}`,
    },
    { name: 'a list, not a map', text: '- name: x\n' },
    { name: 'a scalar', text: 'just text\n' },
  ];
}
