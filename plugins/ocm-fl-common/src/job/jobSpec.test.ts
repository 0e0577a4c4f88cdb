import {
  describeJobSpecIssues,
  jobSpecJsonSchema,
  parseJobSpec,
} from './jobSpec';

const valid = {
  name: 'mnist-fedavg',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 5,
  clients: { placement: { clusterSets: ['hospitals'], numberOfClusters: 3 } },
  data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
  aggregator: { cluster: 'hospital-berlin' },
  storage: { type: 's3', location: 'models' },
};

function issues(input: unknown) {
  const result = parseJobSpec(input);
  if (result.success) throw new Error('expected the spec to be rejected');
  return result.issues;
}

describe('parseJobSpec', () => {
  it('fills in defaults: framework version, TLS, resources, exposure', () => {
    const result = parseJobSpec(valid);
    if (!result.success) throw new Error(describeJobSpecIssues(result.issues));
    expect(result.spec).toMatchObject({
      frameworkVersion: '1.26.1',
      minClients: 2,
      tls: { enabled: true },
      aggregator: {
        cluster: 'hospital-berlin',
        exposure: { type: 'LoadBalancer' },
      },
      storage: { type: 's3', location: 'models' },
      resources: { client: { cpu: '1', memory: '2Gi', gpu: 0 } },
    });
  });

  it.each([
    [{ name: 'MNIST' }, 'name', /DNS-1123/],
    [{ name: 'a'.repeat(41) }, 'name', /at most 40/],
    [{ rounds: 0 }, 'rounds', /at least 1/],
    [{ rounds: 1_000_000 }, 'rounds', /at most 10000/],
    [
      { frameworkVersion: '0.1.0' },
      'frameworkVersion',
      /flower 0\.1\.0 is not supported; supported: 1\.26\.1/,
    ],
    [{ image: 'not an image' }, 'image', /image reference/],
    [{ framework: 'tensorflow' }, 'framework', /./],
    [
      { clients: { clusters: ['a'] } },
      'clients.clusters',
      /names 1 clusters but minClients is 2/,
    ],
    [
      { clients: { placement: { numberOfClusters: 1 } } },
      'clients.placement.numberOfClusters',
      /below minClients/,
    ],
    [
      {
        framework: 'openfl',
        clients: { clusters: ['hospital-paris', 'hospital-madrid', 'edge-1'] },
      },
      'clients.clusters',
      /names 3 clusters: OpenFL waits for every collaborator it lists, so an OpenFL job has exactly minClients \(2\) clients/,
    ],
    [
      { framework: 'openfl' },
      'clients.placement.numberOfClusters',
      /is 3: OpenFL waits for every collaborator it lists/,
    ],
    [
      { storage: { type: 's3', location: '../X' } },
      'storage.location',
      /configured model storage location/,
    ],
    [
      { storage: { type: 's3', location: 'models', bucket: 'secrets' } },
      'storage.bucket',
      /not a known field/,
    ],
    [{ storage: { type: 'gcs' } }, 'storage.type', /./],
    [{ data: { type: 'hostPath', path: 'relative' } }, 'data.path', /absolute/],
    [
      { resources: { client: { cpu: 'lots' }, aggregator: {} } },
      'resources.client.cpu',
      /quantity/,
    ],
    [
      {
        aggregator: {
          cluster: 'hub',
          exposure: { type: 'NodePort', address: 'node.example', nodePort: 80 },
        },
      },
      'aggregator.exposure.nodePort',
      /30000/,
    ],
    [
      { surprise: true },
      'surprise',
      /is not a known field; allowed here: name, /,
    ],
  ])('rejects %j, naming %s', (override, field, message) => {
    const found = issues({ ...valid, ...override });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field,
          message: expect.stringMatching(message),
        }),
      ]),
    );
  });

  it("has an OpenFL Placement choose minClients clusters when it names no number, and pins OpenFL's cited release", () => {
    const result = parseJobSpec({
      ...valid,
      framework: 'openfl',
      minClients: 4,
      clients: { placement: { clusterSets: ['hospitals'] } },
    });
    if (!result.success) throw new Error(describeJobSpecIssues(result.issues));
    expect(result.spec.clients).toEqual({
      placement: expect.objectContaining({ numberOfClusters: 4 }),
    });
    expect(result.spec.frameworkVersion).toBe('1.6');
    const flower = parseJobSpec({
      ...valid,
      clients: { placement: { clusterSets: ['hospitals'] } },
    });
    expect(flower.success && flower.spec.clients).toEqual({
      placement: expect.not.objectContaining({ numberOfClusters: 4 }),
    });
  });

  it('refuses a CEL expression that does not compile with the error OCM would report', () => {
    const spec = {
      ...valid,
      clients: {
        placement: {
          predicates: [{ celExpressions: ['managedCluster.gpus() > 1'] }],
        },
      },
    };
    expect(issues(spec)).toEqual([
      {
        field: 'clients.placement.predicates[0].celExpressions[0]',
        message:
          "must be a CEL expression that compiles: compilation failed: ERROR: <input>:1:1: found no matching overload for 'map.gpus()'",
      },
    ]);
    expect(
      parseJobSpec({
        ...spec,
        clients: {
          placement: {
            predicates: [
              {
                celExpressions: [
                  'semver(managedCluster.metadata.labels["version"]).major() >= 2',
                ],
              },
            ],
          },
        },
      }).success,
    ).toBe(true);
  });

  it('describes issues in one line', () => {
    expect(
      describeJobSpecIssues(issues({ ...valid, rounds: 0, name: 'X' })),
    ).toMatch(/^name: .*; rounds: must be at least 1$/);
  });

  it('lists the first ten issues and counts the rest', () => {
    const described = describeJobSpecIssues(
      issues({
        ...valid,
        minClients: 1,
        clients: { clusters: Array.from({ length: 12 }, (_, i) => `Bad_${i}`) },
      }),
    );
    expect(described).toMatch(
      /^clients\.clusters\[0\]: must be a managed cluster name: .*; clients\.clusters\[9\]: [^;]+; and 2 more issues$/,
    );
  });
});

describe('jobSpecJsonSchema', () => {
  it('exports the input form for editors', () => {
    const schema = jobSpecJsonSchema() as any;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'name',
        'framework',
        'image',
        'rounds',
        'clients',
        'storage',
      ]),
    );
    expect(schema.properties.rounds).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 10000,
    });
  });
});
