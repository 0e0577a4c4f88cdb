import {
  JobPki,
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { KubeObject } from '../../store/types';
import { testFlowerPki } from '../../testing/flowerJobPki';
import { flowerReader } from './flowerReader';

const HOST = '198.51.100.7';
const REACHABLE = `${HOST}:9092`;

const spec = (tls: boolean) => {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'flower',
    image: 'registry.example.com/fl/mnist-app:1.0',
    rounds: 5,
    minClients: 1,
    clients: { clusters: ['hospital-paris'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 'pvc' },
    tls: { enabled: tls },
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.spec;
};

function render(tls: boolean, pki?: JobPki) {
  const rendered = renderJob({
    spec: spec(tls),
    namespace: 'federated-learning',
    participants: [{ cluster: 'hospital-paris', data: { hostPath: '/data' } }],
    aggregatorAddress: { host: HOST, port: 9092 },
    pki,
  });
  const objects = (work: Manifest) =>
    (work.spec as any).workload.manifests as KubeObject[];
  return {
    aggregator: objects(rendered.aggregatorWork),
    client: objects(rendered.clientWorks[0]),
  };
}

const container = (objects: KubeObject[], kind: string, name: string) =>
  (objects.find(o => o.kind === kind && o.metadata.name === name)!.spec as any)
    .template.spec.containers[0];

describe("the Flower reader: what Flower would make of a job's workloads", () => {
  it('reads rounds and minimum clients from the run-config, FedAvg defaults where it is silent', () => {
    const { aggregator } = render(false);
    expect(flowerReader.training(aggregator)).toEqual({
      rounds: 5,
      minClients: 1,
    });
    const env = container(aggregator, 'Job', 'submit').env;
    env.find((e: any) => e.name === 'FL_RUN_CONFIG').value =
      'num-server-rounds=5 min-train-nodes=3';
    expect(flowerReader.training(aggregator)).toEqual({
      rounds: 5,
      minClients: 3,
    });
  });

  it('lets a client with the address, the CA and a registered key join', async () => {
    const { aggregator, client } = render(
      true,
      await testFlowerPki(spec(true), HOST, ['hospital-paris']),
    );
    expect(flowerReader.clientJoins(client, aggregator, REACHABLE)).toBe(true);
    expect(flowerReader.clientJoins(client, aggregator, undefined)).toEqual({
      problem: 'the SuperLink has no address reachable from other clusters',
    });
  });

  it('refuses plain gRPC to a TLS SuperLink and a SuperNode without a key', async () => {
    const pki = await testFlowerPki(spec(true), HOST, ['hospital-paris']);
    const plain = render(true, pki);
    const plainArgs: string[] = container(
      plain.client,
      'Deployment',
      'supernode',
    ).args;
    plainArgs.splice(
      0,
      plainArgs.length,
      ...plainArgs
        .filter(
          a =>
            !a.startsWith('--root-certificates') &&
            !a.startsWith('--auth-supernode'),
        )
        .concat('--insecure'),
    );
    expect(
      flowerReader.clientJoins(plain.client, plain.aggregator, REACHABLE),
    ).toEqual({
      problem: 'the SuperNode speaks plain gRPC to a TLS SuperLink',
    });

    const keyless = render(true, pki);
    const args: string[] = container(
      keyless.client,
      'Deployment',
      'supernode',
    ).args;
    args.splice(
      args.findIndex(a => a.startsWith('--auth-supernode-private-key')),
      1,
    );
    expect(
      flowerReader.clientJoins(keyless.client, keyless.aggregator, REACHABLE),
    ).toEqual({
      problem:
        'the SuperLink accepts only registered SuperNodes and this one has no key',
    });
  });

  it('refuses a SuperLink certificate that does not name the address the client dials', async () => {
    const { aggregator, client } = render(
      true,
      await testFlowerPki(spec(true), '203.0.113.5', ['hospital-paris']),
    );
    expect(flowerReader.clientJoins(client, aggregator, REACHABLE)).toEqual({
      problem: `the SuperLink's certificate does not name ${HOST}, which the SuperNode dials`,
    });
  });
});
