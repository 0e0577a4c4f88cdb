import {
  OCM_FL_MANAGER,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ResourceService } from '../api/ResourceService';
import { RESOURCE_TYPES } from '../api/resources';
import { DATA_PATH_CLAIM, JOB_NAMESPACE } from './scenarios';

const manifestWork = RESOURCE_TYPES.find(t => t.kind === 'ManifestWork')!;
const NODE_PORT = 30092;

/**
 * Jobs for benchmarks: `count` Flower jobs, each with an aggregator and `clientsPerJob`
 * named clients spread over the clusters, rendered exactly as the launcher renders them
 * (without TLS, with PVC storage, so that no PKI or S3 is involved).
 */
export function seedJobs(
  service: ResourceService,
  clusterNames: string[],
  options: { count: number; clientsPerJob: number },
) {
  const needed = options.clientsPerJob + 1;
  if (clusterNames.length < needed) {
    throw new Error(
      `jobs: each job needs ${needed} clusters, the scenario has ${clusterNames.length}`,
    );
  }
  for (let i = 0; i < options.count; i++) {
    const pick = (k: number) =>
      clusterNames[(i * needed + k) % clusterNames.length];
    const clients = Array.from({ length: options.clientsPerJob }, (_, k) =>
      pick(k + 1),
    );
    const host = `bench-${i}.example.org`;
    const parsed = parseJobSpec({
      name: `bench-job-${String(i).padStart(4, '0')}`,
      framework: 'flower',
      image: 'quay.io/ocm-fl/flower-mnist-app:1.26.1',
      rounds: 3,
      minClients: 2,
      clients: { clusters: clients },
      data: { type: 'clusterClaim', claim: DATA_PATH_CLAIM },
      // A NodePort: the clients dial it on its port whatever the host name (the simulator
      // has no node addresses), so no LoadBalancer address is needed before rendering.
      aggregator: {
        cluster: pick(0),
        exposure: { type: 'NodePort', address: host, nodePort: NODE_PORT },
      },
      storage: { type: 'pvc' },
      tls: { enabled: false },
    });
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    const rendered = renderJob({
      spec: parsed.spec,
      namespace: JOB_NAMESPACE,
      participants: clients.map(cluster => ({
        cluster,
        data: { hostPath: '/data' },
      })),
      aggregatorAddress: { host, port: NODE_PORT },
      createdBy: 'user:default/bench',
    });
    for (const work of [rendered.aggregatorWork, ...rendered.clientWorks]) {
      service.create(
        manifestWork,
        (work.metadata as { namespace: string }).namespace,
        work,
        { fieldManager: OCM_FL_MANAGER },
      );
    }
  }
}
