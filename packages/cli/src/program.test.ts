import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify as toYaml } from 'yaml';
import {
  eventually,
  rawRequest,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { runCli } from './program';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-cli-'));
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : toYaml(content),
  );
  return file;
};

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: t => (stdout += t),
    stderr: t => (stderr += t),
    stdin: () => '',
  });
  return { code, stdout, stderr };
}

const job = {
  name: 'mnist',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 3,
  clients: {
    placement: {
      clusterSets: ['hospitals'],
      predicates: [{ labelSelector: { matchLabels: { region: 'eu-west' } } }],
    },
  },
  data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
  aggregator: { cluster: 'gpu-pool-1' },
  storage: { type: 'pvc' },
};

describe('ocm-fl render', () => {
  it('prints the Placement and works as YAML documents, Secret values redacted', async () => {
    const result = await run([
      'render',
      '-f',
      write('job.yaml', job),
      '--clusters',
      'a,b',
      '--aggregator-address',
      'fl.example.org:9092',
      '--data',
      'a=/data/x',
      '--data',
      'b=datapvc',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const docs = parseAllDocuments(result.stdout).map(d => d.toJS());
    expect(
      docs.map(d => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`),
    ).toEqual([
      'Placement/federated-learning/mnist',
      'ManifestWork/gpu-pool-1/mnist-aggregator',
      'ManifestWork/a/mnist-client',
      'ManifestWork/b/mnist-client',
    ]);
    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(result.stdout).toContain('<redacted>');
    const withSecrets = await run([
      'render',
      '-f',
      write('job.yaml', job),
      '--clusters',
      'a,b',
      '--aggregator-address',
      'fl.example.org:9092',
      '--data',
      'a=/x',
      '--data',
      'b=/y',
      '--include-secrets',
    ]);
    expect(withSecrets.stdout).toContain('BEGIN PRIVATE KEY');
  });

  it.each([
    [{ ...job, rounds: 0 }, [], /invalid job spec: rounds: must be at least 1/],
    [job, [], /--clusters: a job that uses a placement needs the clusters/],
    [
      job,
      ['--clusters', 'a,b'],
      /--aggregator-address: a LoadBalancer aggregator has no address/,
    ],
    [
      job,
      ['--clusters', 'a', '--aggregator-address', 'x:1'],
      /--data: a=<path or PVC> is needed/,
    ],
    [
      job,
      ['--clusters', 'a', '--aggregator-address', 'not an address'],
      /--aggregator-address: must be host:port/,
    ],
  ])('exits 2 and names the field for %#', async (spec, flags, message) => {
    const result = await run([
      'render',
      '-f',
      write('bad.yaml', spec),
      ...flags,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  const appConfig = (file: string, location: Record<string, unknown> = {}) =>
    write(file, {
      ocmFl: {
        hubs: [{ name: 'hub-a', url: 'https://hub.example:6443' }],
        storage: {
          locations: [
            {
              name: 'models',
              bucket: 'models',
              prefix: 'federated-learning',
              endpoint: 'http://127.0.0.1:4569',
              forcePathStyle: true,
              credentialsSecret: 'fl-s3-credentials',
              ...location,
            },
          ],
        },
      },
    });
  const s3Job = { ...job, storage: { type: 's3', location: 'models' } };
  const renderS3 = (flags: string[]) =>
    run([
      'render',
      '-f',
      write('s3-job.yaml', s3Job),
      '--clusters',
      'a,b',
      '--aggregator-address',
      'fl.example.org:9092',
      '--data',
      'a=/x',
      '--data',
      'b=/y',
      ...flags,
    ]);

  it('renders S3 storage from the location that --config names, values as environment', async () => {
    const result = await renderS3(['--config', appConfig('app-config.yaml')]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      'value: s3://models/federated-learning/mnist/',
    );
    expect(result.stdout).toContain('name: AWS_ENDPOINT_URL_S3');
  });

  it.each([
    [
      [],
      /storage\.location: "models" is not a configured model storage location; .*--config/,
    ],
    [
      ['--config', appConfig('hub-a-only.yaml', { hubs: ['hub-a'] })],
      /storage\.location: "models" may not be used; allowed: none/,
    ],
    [
      [
        '--config',
        appConfig('hostile.yaml', {
          endpoint: "http://host/';touch /tmp/x;'",
        }),
      ],
      /--config: .*ocmFl\.storage\.locations\[0\]\.endpoint: must be an http/,
    ],
    [
      ['--config', path.join(dir, 'missing-config.yaml')],
      /--config: cannot read/,
    ],
  ])(
    'exits 2 naming the field or flag when S3 storage has no allowed location (%#)',
    async (flags, message) => {
      const result = await renderS3(flags);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 for an unreadable file or unknown command', async () => {
    expect(
      (await run(['render', '-f', path.join(dir, 'missing.yaml')])).code,
    ).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('ocm-fl schema', () => {
  it('prints the JSON Schema of the job spec', async () => {
    const result = await run(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      type: 'object',
      properties: { rounds: { type: 'integer' } },
    });
  });
});

describe('ocm-fl launch and status against the simulator', () => {
  let sim: HubSimulator;
  let kubeconfig: string;
  beforeEach(async () => {
    ({ sim } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
    }));
    kubeconfig = write('kubeconfig', sim.kubeconfig(TEST_TOKEN));
  });
  afterEach(() => sim.close());

  it('launches, then reports the phase until the job succeeds', async () => {
    const launched = await run([
      'launch',
      '-f',
      write('job.yaml', job),
      '--kubeconfig',
      kubeconfig,
      '--owner',
      'user:default/alice',
    ]);
    expect(launched.code).toBe(0);
    const placement = await rawRequest(
      sim,
      '/apis/cluster.open-cluster-management.io/v1beta1/namespaces/federated-learning/placements/mnist',
    );
    expect(
      placement.body.metadata.annotations[
        'federated-learning.open-cluster-management.io/created-by'
      ],
    ).toBe('user:default/alice');
    expect(launched.stdout).toMatch(
      /^launched mnist on hospital-(madrid|paris), hospital-(madrid|paris); aggregator gpu-pool-1 at 198\.51\.\d+\.\d+:9092\n$/,
    );
    const final = await eventually(async () => {
      const status = await run(['status', 'mnist', '--kubeconfig', kubeconfig]);
      return status.stdout.startsWith('job mnist: Succeeded')
        ? status
        : undefined;
    });
    expect(final.stdout).toMatch(/gpu-pool-1\s+aggregator\s+Succeeded/);

    const deleted = await run(['delete', 'mnist', '--kubeconfig', kubeconfig]);
    expect(deleted).toMatchObject({ code: 0 });
    // The PVC model stays, named after the launch, and the output says where and how to remove it.
    expect(deleted.stdout).toMatch(
      /^deleted gpu-pool-1\/mnist-aggregator, .*federated-learning\/mnist\nthe model stays on pvc:\/\/gpu-pool-1\/fl-mnist\/mnist-model-[0-9a-f-]{36}, with its namespace fl-mnist, on the aggregator cluster; when it is no longer needed, delete that namespace there \(kubectl delete namespace fl-mnist\)\n$/,
    );
    expect(
      await run(['delete', 'mnist', '--kubeconfig', kubeconfig]),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/job mnist: nothing of it on the hub/),
    });
    // The name is free again.
    expect(
      (
        await run([
          'launch',
          '-f',
          write('job.yaml', job),
          '--kubeconfig',
          kubeconfig,
        ])
      ).code,
    ).toBe(0);
  });

  it('exits 1 with the reason when the hub cannot satisfy the job, and 2 for bad input', async () => {
    const unsatisfied = await run([
      'launch',
      '-f',
      write('job.yaml', { ...job, minClients: 5 }),
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(unsatisfied.code).toBe(1);
    expect(unsatisfied.stderr).toMatch(
      /2 of 5 required clusters match the placement/,
    );
    const invalid = await run([
      'launch',
      '-f',
      write('job.yaml', { ...job, name: 'Bad' }),
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(invalid.code).toBe(2);
    const badOwner = await run([
      'launch',
      '-f',
      write('job.yaml', job),
      '--kubeconfig',
      kubeconfig,
      '--owner',
      'alice',
    ]);
    expect(badOwner).toMatchObject({ code: 2 });
    expect(badOwner.stderr).toMatch(/^ocm-fl: --owner: must be the entity ref/);
    const unknownLocation = await run([
      'launch',
      '-f',
      write('job.yaml', {
        ...job,
        storage: { type: 's3', location: 'elsewhere' },
      }),
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(unknownLocation.code).toBe(2);
    expect(unknownLocation.stderr).toMatch(
      /storage\.location: "elsewhere" is not a configured model storage location/,
    );
    expect(
      (await run(['status', 'nope', '--kubeconfig', kubeconfig])).code,
    ).toBe(1);
    // A token the hub refuses: exit 1 with the hub's answer, not a crash.
    const refused = await run([
      'status',
      'mnist',
      '--kubeconfig',
      write(
        'refused.kubeconfig',
        sim.kubeconfig(TEST_TOKEN).replace(TEST_TOKEN, 'wrong-token'),
      ),
    ]);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.stderr).toMatch(/^ocm-fl: the hub answered 401/);
    expect(
      (await run(['status', 'mnist', '--hub-url', 'ftp://x'])).stderr,
    ).toMatch(/--hub-url: must be an http/);
  });
});
