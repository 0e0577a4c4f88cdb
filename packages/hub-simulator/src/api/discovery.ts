import { apiVersionOf, RESOURCE_TYPES, ResourceType } from './resources';

const groups = () => {
  const byGroup = new Map<string, string[]>();
  for (const type of RESOURCE_TYPES.filter(t => t.group)) {
    const versions = byGroup.get(type.group) ?? [];
    if (!versions.includes(type.version)) versions.push(type.version);
    byGroup.set(type.group, versions);
  }
  return [...byGroup.entries()].map(([name, versions]) => {
    // The newest version is preferred: v1 over v1beta2 over v1alpha1.
    const sorted = [...versions].sort(compareVersions);
    return {
      name,
      versions: sorted.map(version => ({
        groupVersion: `${name}/${version}`,
        version,
      })),
      preferredVersion: {
        groupVersion: `${name}/${sorted[0]}`,
        version: sorted[0],
      },
    };
  });
};

function compareVersions(a: string, b: string): number {
  const rank = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v)!;
    const stage = { alpha: 0, beta: 1 }[m[2] ?? ''] ?? 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
  return 0;
}

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function resourceEntries(type: ResourceType) {
  const entry = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: VERBS,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    storageVersionHash: '',
  };
  return type.statusSubresource
    ? [
        entry,
        {
          name: `${type.plural}/status`,
          singularName: '',
          namespaced: type.namespaced,
          kind: type.kind,
          verbs: ['get', 'patch', 'update'],
        },
      ]
    : [entry];
}

export const discovery = {
  versions: () => ({
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' },
    ],
  }),
  groupList: () => ({
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups(),
  }),
  group: (name: string) => {
    const group = groups().find(g => g.name === name);
    return group && { kind: 'APIGroup', apiVersion: 'v1', ...group };
  },
  resourceList: (group: string, version: string) => {
    const types = RESOURCE_TYPES.filter(
      t => t.group === group && t.version === version,
    );
    if (types.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(types[0]),
      resources: types.flatMap(resourceEntries),
    };
  },
  version: () => ({
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0+ocm-hub-simulator',
    gitCommit: 'simulator',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'n/a',
    compiler: 'n/a',
    platform: 'simulator',
  }),
};
