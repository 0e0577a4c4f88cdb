import {
  addOnScore,
  availableCluster,
  placementDecision,
  unreachableCluster,
} from '../__fixtures__';
import { placementDecisionsFor } from './placementDecisions';
import {
  CLUSTER_SET_LABEL,
  PLACEMENT_LABEL,
  schedulePlacement,
  SchedulingInput,
} from './schedulePlacement';
import { ManagedCluster, Placement, PlacementDecision, Taint } from './types';

const NS = 'federated-learning';
const now = new Date('2026-11-29T12:00:00Z');

function cluster(
  name: string,
  opts: {
    set?: string;
    labels?: Record<string, string>;
    claims?: Record<string, string>;
    taints?: Taint[];
    cpu?: [string, string];
    memory?: [string, string];
  } = {},
): ManagedCluster {
  return {
    metadata: {
      name,
      labels: { [CLUSTER_SET_LABEL]: opts.set ?? 'default', ...opts.labels },
    },
    spec: { taints: opts.taints },
    status: {
      clusterClaims: Object.entries(opts.claims ?? {}).map(([n, value]) => ({
        name: n,
        value,
      })),
      ...(opts.cpu
        ? { allocatable: { cpu: opts.cpu[0] }, capacity: { cpu: opts.cpu[1] } }
        : {}),
      ...(opts.memory
        ? {
            allocatable: { memory: opts.memory[0] },
            capacity: { memory: opts.memory[1] },
          }
        : {}),
    },
  };
}

function placement(spec: Placement['spec'] = {}, name = 'job'): Placement {
  return { metadata: { name, namespace: NS }, spec };
}

/** A decision as OCM's controller writes it (the fixture), of another placement and clusters. */
function decision(
  placementName: string,
  clusters: string[],
  namespace = NS,
): PlacementDecision {
  const { metadata } = placementDecision;
  return {
    ...placementDecision,
    metadata: {
      ...metadata,
      name: `${placementName}-decision-1`,
      namespace,
      labels: { ...metadata.labels, [PLACEMENT_LABEL]: placementName },
    },
    status: {
      decisions: clusters.map(clusterName => ({ clusterName, reason: '' })),
    },
  };
}

function input(over: Partial<SchedulingInput> = {}): SchedulingInput {
  return {
    placement: placement(),
    clusters: [],
    clusterSets: [{ metadata: { name: 'default' } }],
    bindings: [
      {
        metadata: { name: 'default', namespace: NS },
        spec: { clusterSet: 'default' },
      },
    ],
    decisions: [],
    scores: [],
    now,
    ...over,
  };
}

const satisfied = (r: ReturnType<typeof schedulePlacement>) =>
  r.conditions.find(c => c.type === 'PlacementSatisfied')!;
const misconfigured = (r: ReturnType<typeof schedulePlacement>) =>
  r.conditions.find(c => c.type === 'PlacementMisconfigured')!;

describe('schedulePlacement: candidates', () => {
  it('needs a binding to an existing set', () => {
    const r = schedulePlacement(
      input({ clusters: [cluster('a')], clusterSets: [] }),
    );
    expect(satisfied(r)).toMatchObject({
      status: 'False',
      reason: 'NoManagedClusterSetBindings',
    });
    expect(r.verdicts[0]).toMatchObject({
      stage: 'clusterSet',
      selected: false,
    });
  });

  it('intersects spec.clusterSets with the bound sets and ignores unbound ones', () => {
    const r = schedulePlacement(
      input({
        placement: placement({ clusterSets: ['gpu'] }),
        clusters: [cluster('a')],
      }),
    );
    expect(satisfied(r).reason).toBe('NoIntersection');
    const both = schedulePlacement(
      input({
        placement: placement({ clusterSets: ['gpu', 'default'] }),
        clusters: [cluster('a')],
      }),
    );
    expect(both.selected).toEqual(['a']);
  });

  it('reports empty sets and leaves out clusters being deleted', () => {
    const deleting = cluster('a');
    deleting.metadata.deletionTimestamp = now.toISOString();
    const r = schedulePlacement(
      input({ clusters: [deleting, cluster('b', { set: 'other' })] }),
    );
    expect(satisfied(r).reason).toBe('AllManagedClusterSetsEmpty');
    expect(r.verdicts.map(v => v.stage)).toEqual(['deleting', 'clusterSet']);
  });

  it('uses a LabelSelector set, where an empty selector is the global set', () => {
    const sets = [
      {
        metadata: { name: 'global' },
        spec: {
          clusterSelector: {
            selectorType: 'LabelSelector' as const,
            labelSelector: {},
          },
        },
      },
      {
        metadata: { name: 'eu' },
        spec: {
          clusterSelector: {
            selectorType: 'LabelSelector' as const,
            labelSelector: { matchLabels: { region: 'eu' } },
          },
        },
      },
    ];
    const clusters = [
      cluster('a', { set: 'x', labels: { region: 'eu' } }),
      cluster('b', { set: 'y' }),
    ];
    const bind = (s: string) => ({
      metadata: { name: s, namespace: NS },
      spec: { clusterSet: s },
    });
    expect(
      schedulePlacement(
        input({ clusters, clusterSets: sets, bindings: [bind('eu')] }),
      ).selected,
    ).toEqual(['a']);
    expect(
      schedulePlacement(
        input({ clusters, clusterSets: sets, bindings: [bind('global')] }),
      ).selected.sort(),
    ).toEqual(['a', 'b']);
  });

  it('ignores bindings of other namespaces', () => {
    const r = schedulePlacement(
      input({
        clusters: [cluster('a')],
        bindings: [
          {
            metadata: { name: 'default', namespace: 'other' },
            spec: { clusterSet: 'default' },
          },
        ],
      }),
    );
    expect(satisfied(r).reason).toBe('NoManagedClusterSetBindings');
  });
});

describe('schedulePlacement: predicates', () => {
  const clusters = [
    cluster('a', {
      labels: { region: 'eu', gpu: 'true' },
      claims: { 'data.fl': '/data/a' },
    }),
    cluster('b', { labels: { region: 'us', gpu: 'true' } }),
    cluster('c', {
      labels: { region: 'eu' },
      claims: { 'data.fl': '/data/c' },
    }),
  ];

  it('ORs predicates', () => {
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                labelSelector: { matchLabels: { region: 'us' } },
              },
            },
            {
              requiredClusterSelector: {
                labelSelector: { matchLabels: { gpu: 'true', region: 'eu' } },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected.sort()).toEqual(['a', 'b']);
    expect(r.verdicts.find(v => v.clusterName === 'c')).toMatchObject({
      stage: 'predicate',
    });
  });

  it('ANDs label, claim and CEL selectors within one predicate', () => {
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                labelSelector: { matchLabels: { region: 'eu' } },
                claimSelector: {
                  matchExpressions: [{ key: 'data.fl', operator: 'Exists' }],
                },
                celSelector: {
                  celExpressions: [
                    'managedCluster.metadata.labels["gpu"] == "true"',
                  ],
                },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected).toEqual(['a']);
  });

  it('matches NotIn for clusters without the key', () => {
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                labelSelector: {
                  matchExpressions: [
                    { key: 'gpu', operator: 'NotIn', values: ['true'] },
                  ],
                },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected).toEqual(['c']);
  });

  it('treats a CEL runtime error or non-bool as no match', () => {
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                celSelector: {
                  celExpressions: [
                    'managedCluster.metadata.labels["gpu"] == "true"',
                  ],
                },
              },
            },
            {
              requiredClusterSelector: {
                celSelector: { celExpressions: ['"not a bool"'] },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected.sort()).toEqual(['a', 'b']);
  });

  it('reads AddOnPlacementScores through scores() and fails the match when missing', () => {
    const r = schedulePlacement(
      input({
        clusters,
        scores: [
          {
            metadata: { name: 'gpu-score', namespace: 'a' },
            status: { scores: [{ name: 'free', value: 3 }] },
          },
        ],
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                celSelector: {
                  celExpressions: [
                    'managedCluster.scores("gpu-score").exists(s, s.name == "free" && s.value > 2)',
                  ],
                },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected).toEqual(['a']);
  });

  it('is Misconfigured when a CEL expression does not compile', () => {
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          predicates: [
            {
              requiredClusterSelector: {
                celSelector: {
                  celExpressions: ['managedCluster.metadata.name ==='],
                },
              },
            },
          ],
        }),
      }),
    );
    expect(r.selected).toEqual([]);
    expect(satisfied(r).reason).toBe('NoManagedClusterMatched');
    expect(misconfigured(r)).toMatchObject({
      status: 'True',
      reason: 'Misconfigured',
      message: expect.stringMatching(/^Predicate:/),
    });
  });
});

describe('schedulePlacement: the CEL environment of OCM', () => {
  const versioned = (
    name: string,
    kubernetes: string,
    memory: string,
    address: string,
  ): ManagedCluster => {
    const c = cluster(name, { labels: { address } });
    return {
      ...c,
      spec: { ...c.spec, leaseDurationSeconds: 60 } as ManagedCluster['spec'],
      status: {
        ...c.status,
        version: { kubernetes },
        allocatable: { memory },
      } as ManagedCluster['status'],
    };
  };
  const clusters = [
    versioned('new-big', 'v1.31.2', '64Gi', '10.1.2.3'),
    versioned('old-big', 'v1.28.0', '64Gi', '10.9.0.1'),
    versioned('new-small', 'v1.30.0', '16Gi', '192.168.0.7'),
  ];
  const withCel = (...celExpressions: string[][]) =>
    input({
      clusters,
      placement: placement({
        predicates: celExpressions.map(expressions => ({
          requiredClusterSelector: {
            celSelector: { celExpressions: expressions },
          },
        })),
      }),
    });

  it('has the Kubernetes libraries: semver, quantity, CIDR, regex, lists and strings', () => {
    const r = schedulePlacement(
      withCel([
        'semver(managedCluster.status.version.kubernetes.replace("v", "")).isGreaterThan(semver("1.29.0"))',
        'quantity(managedCluster.status.allocatable.memory).compareTo(quantity("32Gi")) >= 0',
        'cidr("10.0.0.0/8").containsIP(managedCluster.metadata.labels["address"])',
        'managedCluster.metadata.name.find("[a-z]+") == "new"',
        '[1, 2].max() == 2',
      ]),
    );
    expect(r.selected).toEqual(['new-big']);
    expect(misconfigured(r).status).toBe('False');
  });

  it('gives whole numbers of the cluster as int, as the unstructured object does', () => {
    const r = schedulePlacement(
      withCel(['type(managedCluster.spec.leaseDurationSeconds) == int']),
    );
    expect(r.selected.sort()).toEqual(['new-big', 'new-small', 'old-big']);
  });

  it.each([
    [
      'an undeclared function',
      'gpuCount(managedCluster) > 1',
      "Predicate:compilation failed: ERROR: <input>:1:1: found no matching overload for 'gpuCount(map<dyn, dyn>)'\n | gpuCount(managedCluster) > 1\n | ^",
    ],
    [
      'an argument of the wrong type',
      'managedCluster.metadata.name == "a" && semver(1).major() == 1',
      'Predicate:compilation failed: ERROR: <input>:1:40: found no matching overload for \'semver(int)\'\n | managedCluster.metadata.name == "a" && semver(1).major() == 1\n | .......................................^',
    ],
  ])(
    'is Misconfigured with the compile error for %s, and selects nothing',
    (_, expression, message) => {
      const r = schedulePlacement(withCel(['true'], [expression]));
      expect(r.selected).toEqual([]);
      expect(misconfigured(r)).toEqual(
        expect.objectContaining({
          status: 'True',
          reason: 'Misconfigured',
          message,
        }),
      );
    },
  );
});

describe('schedulePlacement: taints and tolerations', () => {
  const unreachable: Taint = {
    key: 'cluster.open-cluster-management.io/unreachable',
    effect: 'NoSelect',
    timeAdded: '2026-11-29T11:59:00Z',
  };

  it('keeps out clusters with a NoSelect taint unless tolerated', () => {
    const clusters = [cluster('a', { taints: [unreachable] }), cluster('b')];
    expect(schedulePlacement(input({ clusters })).selected).toEqual(['b']);
    const tolerant = placement({
      tolerations: [{ key: unreachable.key, operator: 'Exists' }],
    });
    expect(
      schedulePlacement(
        input({ clusters, placement: tolerant }),
      ).selected.sort(),
    ).toEqual(['a', 'b']);
  });

  it('never excludes for PreferNoSelect, and skips NoSelectIfNew for clusters already decided', () => {
    const clusters = [
      cluster('a', { taints: [{ key: 'k', effect: 'PreferNoSelect' }] }),
      cluster('b', { taints: [{ key: 'k', effect: 'NoSelectIfNew' }] }),
      cluster('c', { taints: [{ key: 'k', effect: 'NoSelectIfNew' }] }),
    ];
    const r = schedulePlacement(
      input({ clusters, decisions: [decision('job', ['b'])] }),
    );
    expect(r.selected.sort()).toEqual(['a', 'b']);
  });

  it('matches values exactly for Equal, and an empty value does not match a non-empty one', () => {
    const clusters = [
      cluster('a', {
        taints: [{ key: 'gpu', value: 'busy', effect: 'NoSelect' }],
      }),
    ];
    expect(
      schedulePlacement(
        input({
          clusters,
          placement: placement({
            tolerations: [{ key: 'gpu', operator: 'Equal', value: 'busy' }],
          }),
        }),
      ).selected,
    ).toEqual(['a']);
    expect(
      schedulePlacement(
        input({
          clusters,
          placement: placement({ tolerations: [{ key: 'gpu' }] }),
        }),
      ).selected,
    ).toEqual([]);
    expect(
      schedulePlacement(
        input({
          clusters,
          placement: placement({
            tolerations: [
              { key: 'gpu', value: 'busy', effect: 'NoSelectIfNew' },
            ],
          }),
        }),
      ).selected,
    ).toEqual([]);
  });

  it('tolerates only until timeAdded + tolerationSeconds, strictly, and requeues at the expiry', () => {
    const clusters = [cluster('a', { taints: [unreachable] })];
    const tolerate = (seconds: number) =>
      placement({
        tolerations: [
          {
            key: unreachable.key,
            operator: 'Exists',
            tolerationSeconds: seconds,
          },
        ],
      });
    const kept = schedulePlacement(
      input({
        clusters,
        placement: tolerate(120),
        decisions: [decision('job', ['a'])],
      }),
    );
    expect(kept.selected).toEqual(['a']);
    expect(kept.requeueAt?.toISOString()).toBe('2026-11-29T12:01:00.000Z');
    // Exactly at the expiry instant the cluster is dropped.
    expect(
      schedulePlacement(input({ clusters, placement: tolerate(60) })).selected,
    ).toEqual([]);
  });

  it('is Misconfigured for an empty key without Exists, or Exists with a value', () => {
    const clusters = [cluster('a')];
    for (const toleration of [
      { operator: 'Equal' as const, value: 'x' },
      { key: 'k', operator: 'Exists' as const, value: 'x' },
    ]) {
      const r = schedulePlacement(
        input({
          clusters,
          placement: placement({ tolerations: [toleration] }),
        }),
      );
      expect(misconfigured(r).status).toBe('True');
      expect(r.selected).toEqual([]);
    }
  });
});

describe('schedulePlacement: prioritizers and numberOfClusters', () => {
  it('breaks ties by name and reports unscheduled clusters', () => {
    const clusters = ['d', 'b', 'a', 'c'].map(n => cluster(n));
    const r = schedulePlacement(
      input({ clusters, placement: placement({ numberOfClusters: 2 }) }),
    );
    expect(r.selected).toEqual(['a', 'b']);
    expect(satisfied(r).reason).toBe('AllDecisionsScheduled');
    const short = schedulePlacement(
      input({ clusters, placement: placement({ numberOfClusters: 6 }) }),
    );
    expect(short.unscheduled).toBe(2);
    expect(satisfied(short)).toMatchObject({
      status: 'False',
      reason: 'NotAllDecisionsScheduled',
    });
  });

  it('scores Balance from other placements decisions on the whole hub', () => {
    const clusters = ['a', 'b', 'c', 'd'].map(n => cluster(n));
    const others = [
      decision('x', ['a', 'b', 'c'], 'other-ns'),
      decision('y', ['a', 'b']),
      decision('z', ['a']),
    ];
    // counts a=3 b=2 c=1 d=0, max=3: a=-100, b=2*trunc(100*(0.5-2/3))=-32, c=2*trunc(100*(0.5-1/3))=32, d=100
    const r = schedulePlacement(
      input({
        clusters,
        decisions: others,
        placement: placement({
          prioritizerPolicy: {
            mode: 'Exact',
            configurations: [
              { scoreCoordinate: { builtIn: 'Balance' }, weight: 1 },
            ],
          },
        }),
      }),
    );
    expect(r.verdicts.map(v => [v.clusterName, v.score])).toEqual([
      ['a', -100],
      ['b', -32],
      ['c', 32],
      ['d', 100],
    ]);
    expect(r.selected).toEqual(['d', 'c', 'b', 'a']);
  });

  it('keeps clusters it already chose (Steady) over new ones', () => {
    const clusters = ['a', 'b', 'c'].map(n => cluster(n));
    const r = schedulePlacement(
      input({
        clusters,
        decisions: [decision('job', ['c'])],
        placement: placement({ numberOfClusters: 1 }),
      }),
    );
    expect(r.selected).toEqual(['c']);
  });

  it('scores allocatable CPU from min to max, and leaves unreported clusters unscored', () => {
    const clusters = [
      cluster('a', { cpu: ['4', '8'] }),
      cluster('b', { cpu: ['14', '16'] }),
      cluster('c', { cpu: ['10000m', '16'] }),
      cluster('d'),
    ];
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          prioritizerPolicy: {
            mode: 'Exact',
            configurations: [
              {
                scoreCoordinate: { builtIn: 'ResourceAllocatableCPU' },
                weight: 2,
              },
            ],
          },
        }),
      }),
    );
    const byName = Object.fromEntries(r.verdicts.map(v => [v.clusterName, v]));
    expect(byName.a.scores).toEqual({ ResourceAllocatableCPU: -100 });
    expect(byName.b.scores).toEqual({ ResourceAllocatableCPU: 100 });
    // ratio 0.6 gives trunc(19.99...) = 19 in float arithmetic, not 20
    expect(byName.c.scores).toEqual({ ResourceAllocatableCPU: 19 });
    expect(byName.d.scores).toEqual({});
    expect(r.selected).toEqual(['b', 'c', 'd', 'a']);
  });

  it('parses memory quantities', () => {
    const clusters = [
      cluster('a', { memory: ['16Gi', '32Gi'] }),
      cluster('b', { memory: ['8Gi', '32Gi'] }),
    ];
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          numberOfClusters: 1,
          prioritizerPolicy: {
            configurations: [
              {
                scoreCoordinate: { builtIn: 'ResourceAllocatableMemory' },
                weight: 1,
              },
            ],
          },
        }),
      }),
    );
    expect(r.selected).toEqual(['a']);
  });

  it('reads AddOn scores and gives 0 for expired or missing ones', () => {
    const clusters = ['a', 'b', 'c'].map(n => cluster(n));
    const scores = [
      {
        metadata: { name: 'load', namespace: 'a' },
        status: {
          scores: [{ name: 'free', value: 50 }],
          validUntil: '2026-11-29T11:00:00Z',
        },
      },
      {
        metadata: { name: 'load', namespace: 'b' },
        status: { scores: [{ name: 'free', value: 30 }] },
      },
    ];
    const r = schedulePlacement(
      input({
        clusters,
        scores,
        placement: placement({
          prioritizerPolicy: {
            mode: 'Exact',
            configurations: [
              {
                scoreCoordinate: {
                  type: 'AddOn',
                  addOn: { resourceName: 'load', scoreName: 'free' },
                },
                weight: 1,
              },
            ],
          },
        }),
      }),
    );
    expect(r.verdicts.map(v => v.score)).toEqual([0, 30, 0]);
    expect(r.selected[0]).toBe('b');
  });

  it('schedules over objects as the hub serves them: an unreachable cluster is tainted out, an available one scored by its add-on', () => {
    const r = schedulePlacement(
      input({
        clusters: [availableCluster, unreachableCluster],
        clusterSets: [{ metadata: { name: 'hospitals' } }],
        bindings: [
          {
            metadata: { name: 'hospitals', namespace: NS },
            spec: { clusterSet: 'hospitals' },
          },
        ],
        scores: [addOnScore],
        placement: placement({
          clusterSets: ['hospitals'],
          prioritizerPolicy: {
            mode: 'Exact',
            configurations: [
              {
                scoreCoordinate: {
                  type: 'AddOn',
                  addOn: {
                    resourceName: 'resource-usage-score',
                    scoreName: 'cpuAvailable',
                  },
                },
                weight: 1,
              },
            ],
          },
        }),
      }),
    );
    expect(r.selected).toEqual(['hospital-berlin']);
    const byName = Object.fromEntries(r.verdicts.map(v => [v.clusterName, v]));
    expect(byName['hospital-berlin'].score).toBe(66);
    expect(byName['hospital-paris']).toMatchObject({
      stage: 'taint',
      selected: false,
    });
  });

  it('disables a prioritizer with weight 0 and scores 0 with an empty Exact policy', () => {
    const clusters = ['a', 'b'].map(n => cluster(n));
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({ prioritizerPolicy: { mode: 'Exact' } }),
      }),
    );
    expect(r.verdicts.map(v => v.score)).toEqual([0, 0]);
    const off = schedulePlacement(
      input({
        clusters,
        placement: placement({
          prioritizerPolicy: {
            configurations: [
              { scoreCoordinate: { builtIn: 'Balance' }, weight: 0 },
            ],
          },
        }),
      }),
    );
    expect(off.verdicts[0].scores).toEqual({ Steady: 0 });
  });

  it('is Misconfigured for an unknown built-in with a weight, or an unknown mode', () => {
    const clusters = [cluster('a')];
    const unknown = schedulePlacement(
      input({
        clusters,
        placement: placement({
          prioritizerPolicy: {
            configurations: [
              { scoreCoordinate: { builtIn: 'Nope' }, weight: 1 },
            ],
          },
        }),
      }),
    );
    expect(misconfigured(unknown)).toMatchObject({
      status: 'True',
      message: expect.stringMatching(/^Prioritizer:/),
    });
    const ignored = schedulePlacement(
      input({
        clusters,
        placement: placement({
          prioritizerPolicy: {
            configurations: [
              { scoreCoordinate: { builtIn: 'Nope' }, weight: 0 },
            ],
          },
        }),
      }),
    );
    expect(ignored.selected).toEqual(['a']);
    const mode = schedulePlacement(
      input({
        clusters,
        placement: placement({ prioritizerPolicy: { mode: 'Weird' as any } }),
      }),
    );
    expect(misconfigured(mode).status).toBe('True');
  });
});

describe('decision groups and PlacementDecisions', () => {
  it('groups by decisionGroups then by size, and cuts at 100 decisions', () => {
    const clusters = Array.from({ length: 250 }, (_, i) =>
      cluster(`c${String(i).padStart(3, '0')}`, {
        labels: { canary: i < 3 ? 'true' : 'false' },
      }),
    );
    const r = schedulePlacement(
      input({
        clusters,
        placement: placement({
          decisionStrategy: {
            groupStrategy: {
              clustersPerDecisionGroup: '60%',
              decisionGroups: [
                {
                  groupName: 'canary',
                  groupClusterSelector: {
                    labelSelector: { matchLabels: { canary: 'true' } },
                  },
                },
              ],
            },
          },
        }),
      }),
    );
    expect(
      r.groups.map(g => [g.groupName, g.groupIndex, g.clusters.length]),
    ).toEqual([
      ['canary', 0, 3],
      ['', 1, 150],
      ['', 2, 97],
    ]);
    const objects = placementDecisionsFor('job', r);
    expect(
      objects.map(o => [
        o.name,
        o.labels['cluster.open-cluster-management.io/decision-group-index'],
        o.decisions.length,
      ]),
    ).toEqual([
      ['job-decision-1', '0', 3],
      ['job-decision-2', '1', 100],
      ['job-decision-3', '1', 50],
      ['job-decision-4', '2', 97],
    ]);
    expect(
      objects[1].decisions[0].clusterName < objects[1].decisions[1].clusterName,
    ).toBe(true);
  });

  it('keeps one empty group when nothing is selected', () => {
    const r = schedulePlacement(input({ clusters: [] }));
    expect(placementDecisionsFor('job', r)).toEqual([
      expect.objectContaining({ name: 'job-decision-1', decisions: [] }),
    ]);
  });
});
