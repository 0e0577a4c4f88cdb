import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import {
  HubCache,
  JobLauncher,
  previewPlacement,
  probeHub,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import {
  createHubS3Secret,
  eventually,
  startTestHub,
  TEST_TOKEN,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { parseAllDocuments } from 'yaml';
import { readPage } from './markdown';
import {
  allows,
  attributesOf,
  describeRequest,
  grantsOf,
  RequestAttributes,
} from './checks/rbac';

const NAMESPACE = 'federated-learning';

/** An HTTP proxy in front of the simulator that records each request and its status. */
async function startRecordingProxy(sim: HubSimulator) {
  const requests: RequestAttributes[] = [];
  const target = new URL(sim.url);
  const server = http.createServer((req, res) => {
    const upstream = https.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
        ca: sim.caPem,
      },
      response => {
        requests.push(
          ...attributesOf(req.method!, req.url!, response.statusCode!),
        );
        res.writeHead(response.statusCode!, response.headers);
        // A watch sends headers long before its first event: pass them on at once.
        res.flushHeaders();
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const rbacManifests = () => {
  const block = readPage('docs/operating/connect-a-hub.md').blocks.find(
    b => b.options['save-as'] === 'ocm-fl-rbac.yaml',
  );
  if (!block) throw new Error('connect-a-hub.md shows no ocm-fl-rbac.yaml');
  return parseAllDocuments(block.content).map(d => d.toJS());
};

describe('the hub RBAC of the operating guide', () => {
  let requests: RequestAttributes[] = [];

  beforeAll(async () => {
    const { sim, kubeConfig: admin } = await startTestHub({
      flRuntime: { roundDurationMs: 50, clientWaitMs: 5_000 },
    });
    await createHubS3Secret(admin, 'fl-s3', NAMESPACE);
    const proxy = await startRecordingProxy(sim);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      { name: 'hub', server: proxy.url, skipTLSVerify: true },
      { name: 'backend', token: TEST_TOKEN },
    );
    const cache = new HubCache({ kubeConfig, namespace: NAMESPACE });
    try {
      await cache.start();
      await probeHub(
        { name: 'hub', url: proxy.url, serviceAccountToken: TEST_TOKEN },
        { timeoutMs: 5_000 },
      );
      const launcher = new JobLauncher({
        kubeConfig,
        namespace: NAMESPACE,
        storageLocations: [
          testStorageLocation({
            endpoint: 'http://127.0.0.1:9',
            bucket: 'models',
          }),
        ],
        waits: { pollMs: 50 },
      });
      const spec = {
        name: 'rbac-probe',
        framework: 'flower',
        image: 'registry.example.com/ml/app:1.0',
        rounds: 2,
        clients: { placement: { clusterSets: ['hospitals'] } },
        data: {
          type: 'clusterClaim',
          claim: 'data.fl.open-cluster-management.io',
        },
        aggregator: { cluster: 'gpu-pool-1' },
        storage: testJobStorage(),
      };
      await launcher.launch(
        { ...spec, name: 'rbac-dry-run' },
        { dryRun: true },
      );
      await launcher.launch(spec);
      await previewPlacement({
        kubeConfig,
        namespace: NAMESPACE,
        selection: { clusterSets: ['hospitals'] },
      });
      // The cache sees the job before it is stopped, so its watches carried events.
      await eventually(
        () =>
          cache
            .works()
            .some(
              w =>
                w.metadata.labels?.[
                  'federated-learning.open-cluster-management.io/job'
                ] === 'rbac-probe',
            ) || undefined,
      );
      await launcher.stop('rbac-probe');
      await launcher.delete('rbac-probe');
    } finally {
      await cache.stop();
      await proxy.close();
      await sim.close();
    }
    requests = proxy.requests;
  }, 60_000);

  it('saw the backend, launcher and preview at work', () => {
    const seen = new Set(requests.map(describeRequest));
    for (const expected of [
      'watch manifestworks.work.open-cluster-management.io cluster-wide',
      'create placements.cluster.open-cluster-management.io in federated-learning',
      'create manifestworks.work.open-cluster-management.io in gpu-pool-1',
      'get secrets in federated-learning',
      'delete placements.cluster.open-cluster-management.io in federated-learning',
    ])
      expect(seen).toContain(expected);
  });

  it('allows every request they make', () => {
    const grants = grantsOf(rbacManifests());
    const refused = [
      ...new Set(requests.filter(r => !allows(grants, r)).map(describeRequest)),
    ];
    expect(refused).toEqual([]);
  });

  it('grants nothing they do not use', () => {
    const grants = grantsOf(rbacManifests());
    const unused = grants
      .filter(
        grant =>
          !requests.some(
            r =>
              allows([grant], r) &&
              !allows(
                grants.filter(g => g !== grant),
                r,
              ),
          ),
      )
      .map(g => `${g.from}: ${g.verb} ${g.resource} (${g.scope})`);
    expect(unused).toEqual([]);
  });

  it('would catch a missing and a superfluous grant', () => {
    const manifests = rbacManifests();
    const clusterRole = manifests.find(m => m.kind === 'ClusterRole');
    const works = clusterRole.rules.find((r: any) =>
      r.resources.includes('manifestworks'),
    );
    works.verbs = works.verbs.filter((v: string) => v !== 'watch');
    works.verbs.push('deletecollection');
    const grants = grantsOf(manifests);
    expect(requests.some(r => !allows(grants, r))).toBe(true);
    expect(
      grants.some(
        grant =>
          grant.verb === 'deletecollection' &&
          !requests.some(r => allows([grant], r)),
      ),
    ).toBe(true);
  });
});
