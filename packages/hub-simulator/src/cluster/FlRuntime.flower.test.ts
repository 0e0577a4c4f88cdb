import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  JobPki,
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { createServingCertificate } from '../api/servingCertificate';
import { HubSimulator } from '../startHubSimulator';
import { testFlowerPki, testSupernodeKey } from '../testing/flowerJobPki';
import { jobOutcome } from '../testing/jobOutcome';
import { eventually, startTestHub } from '../testing/startTestHub';

const WORK = 'work.open-cluster-management.io';
const CLIENTS = ['hospital-paris', 'hospital-madrid'];

const manifestsOf = (work: Manifest): any[] =>
  (work.spec as any).workload.manifests;
const find = (work: Manifest, kind: string, name: string) =>
  manifestsOf(work).find(m => m.kind === kind && m.metadata.name === name);
const supernodeArgs = (work: Manifest): string[] =>
  find(work, 'Deployment', 'supernode').spec.template.spec.containers[0].args;

describe('FL runtime: Flower, as the rendered workloads say', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;

  beforeEach(async () => {
    const hub = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 300 },
    });
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterEach(() => sim.close());

  const spec = (overrides: Record<string, unknown> = {}) => {
    const parsed = parseJobSpec({
      name: 'mnist',
      framework: 'flower',
      image: 'registry.example.com/fl/mnist-app:1.0',
      rounds: 3,
      minClients: 2,
      clients: { clusters: CLIENTS },
      data: { type: 'hostPath', path: '/data' },
      aggregator: { cluster: 'hospital-berlin' },
      storage: { type: 'pvc' },
      ...overrides,
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    return parsed.spec;
  };

  /** The address a launch would find: the aggregator cluster's LoadBalancer address. */
  const loadBalancerHost = () =>
    sim.clusters.get('hospital-berlin')!.loadBalancerIp;

  const pkiFor = (host: string, jobSpec: ReturnType<typeof spec>) =>
    testFlowerPki(jobSpec, host, CLIENTS);

  function render(
    jobSpec: ReturnType<typeof spec>,
    options: { host?: string; port?: number; pki?: JobPki } = {},
  ) {
    return renderJob({
      spec: jobSpec,
      namespace: 'federated-learning',
      participants: CLIENTS.map(cluster => ({
        cluster,
        data: { hostPath: '/data' },
      })),
      aggregatorAddress: {
        host: options.host ?? loadBalancerHost(),
        port: options.port ?? 9092,
      },
      pki: options.pki,
    });
  }

  async function apply(works: Manifest[]) {
    for (const work of works)
      await custom.createNamespacedCustomObject({
        group: WORK,
        version: 'v1',
        namespace: work.metadata.namespace!,
        plural: 'manifestworks',
        body: work,
      });
  }

  /** The submit Job's end: its Complete or Failed condition's type and reason. */
  const outcome = () =>
    jobOutcome(sim, 'hospital-berlin', 'batch/jobs/fl-mnist/submit');

  it('trains with TLS and SuperNode authentication when every client dials the address and trusts the CA', async () => {
    const jobSpec = spec();
    const rendered = render(jobSpec, {
      pki: await pkiFor(loadBalancerHost(), jobSpec),
    });
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Complete');
  });

  it('trains with minClients 1 and a single client, as the run-config says', async () => {
    const jobSpec = spec({ minClients: 1, tls: { enabled: false } });
    const rendered = render(jobSpec);
    await apply([rendered.aggregatorWork, rendered.clientWorks[0]]);
    expect(await outcome()).toBe('Complete');
  });

  it("waits for FedAvg's two nodes when the run-config does not carry minClients", async () => {
    const jobSpec = spec({ minClients: 1, tls: { enabled: false } });
    const rendered = render(jobSpec);
    const submit = find(rendered.aggregatorWork, 'Job', 'submit').spec.template
      .spec.containers[0];
    for (const variable of submit.env)
      if (variable.name === 'FL_RUN_CONFIG')
        variable.value = 'num-server-rounds=3';
    await apply([rendered.aggregatorWork, rendered.clientWorks[0]]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });

  it('fails a run whose run-config Flower cannot read', async () => {
    const rendered = render(spec({ tls: { enabled: false } }));
    const submit = find(rendered.aggregatorWork, 'Job', 'submit').spec.template
      .spec.containers[0];
    for (const variable of submit.env)
      if (variable.name === 'FL_RUN_CONFIG') variable.value = 'rounds=3';
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Failed:BackoffLimitExceeded');
  });

  it('never lets a client join that dials another address', async () => {
    const rendered = render(spec({ tls: { enabled: false } }));
    const args = supernodeArgs(rendered.clientWorks[1]);
    args[args.findIndex(a => a.startsWith('--superlink='))] =
      '--superlink=203.0.113.99:9092';
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });

  it('never lets a client join that trusts another CA', async () => {
    const jobSpec = spec();
    const pki = await pkiFor(loadBalancerHost(), jobSpec);
    const rendered = render(jobSpec, { pki });
    const other = await createServingCertificate([loadBalancerHost()]);
    find(rendered.clientWorks[1], 'Secret', 'superlink-ca').stringData[
      'ca.crt'
    ] = other.caPem;
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });

  it('never lets a client join whose key the SuperLink did not register', async () => {
    const jobSpec = spec();
    const pki = await pkiFor(loadBalancerHost(), jobSpec);
    const rendered = render(jobSpec, { pki });
    find(rendered.clientWorks[1], 'Secret', 'supernode-auth').stringData[
      'auth.key'
    ] = (await testSupernodeKey('intruder')).privateKey;
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });

  it('keeps the CA and key a SuperNode read at its start: a new PKI in its Secrets does not reach the running pod', async () => {
    const jobSpec = spec();
    const first = render(jobSpec, {
      pki: await pkiFor(loadBalancerHost(), jobSpec),
    });
    await apply(first.clientWorks);
    await eventually(() =>
      CLIENTS.every(
        cluster =>
          (
            sim.clusters
              .get(cluster)!
              .resources.get('apps/deployments/fl-mnist/supernode')
              ?.status as any
          )?.availableReplicas > 0,
      )
        ? true
        : undefined,
    );
    // A launch started over with a new PKI: the clients' Secrets change, their Deployments
    // do not, so their pods go on with the first CA and key.
    const second = render(jobSpec, {
      pki: await pkiFor(loadBalancerHost(), jobSpec),
    });
    for (const work of second.clientWorks)
      await custom.patchNamespacedCustomObject({
        group: WORK,
        version: 'v1',
        namespace: work.metadata.namespace!,
        plural: 'manifestworks',
        name: work.metadata.name,
        body: [{ op: 'replace', path: '/spec', value: work.spec }],
      });
    await apply([second.aggregatorWork]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });

  it('reaches a NodePort on its node port, whatever host name the clients dial', async () => {
    const nodePort = (port: number) =>
      spec({
        tls: { enabled: false },
        aggregator: {
          cluster: 'hospital-berlin',
          exposure: {
            type: 'NodePort',
            address: 'fl.example.org',
            nodePort: port,
          },
        },
      });
    const good = render(nodePort(30092), {
      host: 'fl.example.org',
      port: 30092,
    });
    await apply([good.aggregatorWork, ...good.clientWorks]);
    expect(await outcome()).toBe('Complete');
  });

  it('never lets clients join that dial another node port', async () => {
    const rendered = render(
      spec({
        tls: { enabled: false },
        aggregator: {
          cluster: 'hospital-berlin',
          exposure: {
            type: 'NodePort',
            address: 'fl.example.org',
            nodePort: 30092,
          },
        },
      }),
      { host: 'fl.example.org', port: 30093 },
    );
    await apply([rendered.aggregatorWork, ...rendered.clientWorks]);
    expect(await outcome()).toBe('Failed:NotEnoughClients');
  });
});
