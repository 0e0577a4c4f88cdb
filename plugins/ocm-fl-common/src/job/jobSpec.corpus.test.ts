import { invalidJobSpecs, invalidJobSpecTexts } from '../testing';
import { stringify as toYaml } from 'yaml';
import { describeJobSpecIssues, parseJobSpec } from './jobSpec';
import { readJobSpecText } from './jobSpecText';

/** A Flower spec that sets every field the corpus mutates. */
const valid = {
  name: 'mnist',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 3,
  minClients: 2,
  runConfig: { 'learning-rate': 0.01, mode: 'fast' },
  clients: {
    placement: {
      clusterSets: ['hospitals'],
      numberOfClusters: 3,
      predicates: [
        {
          labelSelector: {
            matchLabels: { region: 'eu-west' },
            matchExpressions: [
              { key: 'example.com/gpu', operator: 'In', values: ['true'] },
            ],
          },
          claimSelector: {
            matchExpressions: [
              { key: 'data.fl.open-cluster-management.io', operator: 'Exists' },
            ],
          },
          celExpressions: ['managedCluster.metadata.name != ""'],
        },
      ],
      tolerations: [
        {
          key: 'cluster.open-cluster-management.io/unreachable',
          operator: 'Exists',
          tolerationSeconds: 60,
        },
      ],
    },
  },
  data: { type: 'hostPath', path: '/data/mnist', mountPath: '/data' },
  resources: {
    client: { cpu: '500m', memory: '2Gi', gpu: 0 },
    aggregator: { cpu: '1', memory: '4Gi', gpu: 1 },
  },
  aggregator: {
    cluster: 'gpu-pool-1',
    exposure: { type: 'NodePort', address: 'fl.example.org', nodePort: 31092 },
  },
  storage: { type: 'pvc' },
  tls: { enabled: true },
  model: 'mnist',
  baseModel: 'resource:default/mnist-base',
  ttlSecondsAfterFinished: 3600,
};

const cases = invalidJobSpecs(valid);
const texts = invalidJobSpecTexts(toYaml(valid));

describe('the invalid job spec corpus', () => {
  it('starts from a valid spec', () => {
    const result = parseJobSpec(valid);
    expect(result.success ? [] : result.issues).toEqual([]);
  });

  it('holds a few hundred cases', () => {
    expect(cases.length).toBeGreaterThan(400);
  });

  it('is refused whole, each naming its field in words, quickly', () => {
    const accepted: string[] = [];
    const misnamed: string[] = [];
    const started = Date.now();
    for (const c of cases) {
      const result = parseJobSpec(c.spec);
      if (result.success) {
        accepted.push(c.name);
        continue;
      }
      const named = result.issues.some(
        issue =>
          issue.field.startsWith(c.field) &&
          issue.message.length > 0 &&
          issue.message !== 'Invalid input' &&
          issue.message.length < 600,
      );
      if (!named)
        misnamed.push(
          `${c.name} (expected ${c.field}): ${describeJobSpecIssues(
            result.issues,
          ).slice(0, 300)}`,
        );
    }
    expect(accepted).toEqual([]);
    expect(misnamed).toEqual([]);
    // Well under a millisecond or two per case: nothing runs a regex on a huge string.
    expect(Date.now() - started).toBeLessThan(cases.length * 20);
  });

  it('names the largest field when the whole spec is too big', () => {
    const huge = cases.find(c =>
      c.name.startsWith('over the annotation size'),
    )!;
    const result = parseJobSpec(huge.spec);
    expect(result).toMatchObject({
      success: false,
      issues: [
        {
          field: 'clients',
          message: expect.stringMatching(
            /^takes \d+ of the spec's \d+ bytes; a job spec is stored in an annotation and may be at most 260\d+ bytes as JSON/,
          ),
        },
      ],
    });
  });

  it.each(texts.map(t => [t.name, t.text]))(
    'refuses the file "%s" when reading it or its content',
    (_name, text) => {
      const read = readJobSpecText(text);
      const outcome = read.success
        ? describeJobSpecIssues(
            (parseJobSpec(read.value) as { issues?: [] }).issues ?? [],
          ) || 'accepted'
        : read.message;
      expect(outcome).not.toBe('accepted');
      expect(outcome).not.toMatch(/call stack|circular structure/i);
    },
  );
});

describe('readJobSpecText', () => {
  it('reads one YAML or JSON document', () => {
    expect(readJobSpecText(toYaml(valid))).toEqual({
      success: true,
      value: valid,
    });
    expect(readJobSpecText(JSON.stringify(valid))).toEqual({
      success: true,
      value: valid,
    });
  });

  it('allows a few aliases, refuses an expansion', () => {
    expect(readJobSpecText('a: &r {cpu: "1"}\nb: *r\nc: *r\n')).toMatchObject({
      success: true,
    });
    const bomb = texts.find(t => t.name === 'billion laughs')!.text;
    expect(readJobSpecText(bomb)).toEqual({
      success: false,
      message: expect.stringMatching(/^uses YAML aliases that expand too much/),
    });
  });

  it.each([
    ['alias cycle in a map', /^refers to itself \(a cycle/],
    ['alias cycle in a list', /^refers to itself \(a cycle/],
    ['two documents', /^holds 2 YAML documents; give one job spec per file$/],
    ['duplicate keys', /^is not YAML: Map keys must be unique/],
    ['unresolved alias', /^is not YAML: Unresolved alias/],
    ['empty', /^holds no job spec \(it is empty\)$/],
    ['only a comment', /^holds no job spec/],
    ['deep flow nesting', /^nests too deeply/],
    ['10 MB', /^is 104\d{5} bytes; a job spec may be at most 262144 bytes$/],
  ])('refuses %s with a clear message', (name, message) => {
    const text = texts.find(t => t.name === name)!.text;
    expect(readJobSpecText(text)).toEqual({
      success: false,
      message: expect.stringMatching(message),
    });
  });

  it('refuses 10 MB by its size at once', () => {
    const text = texts.find(t => t.name === '10 MB')!.text;
    const started = Date.now();
    expect(readJobSpecText(text).success).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
