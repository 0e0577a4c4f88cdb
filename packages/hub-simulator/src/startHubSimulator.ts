import { AddressInfo } from 'node:net';
import { ApiFaults, ApiServer } from './api/httpServer';
import { OpenApiDocuments } from './api/openapi';
import { ResourceService } from './api/ResourceService';
import { SimulatedCluster } from './cluster/SimulatedCluster';
import { WorkloadTimings } from './cluster/workloads';
import { PlacementController } from './controllers/PlacementController';
import { Registration } from './controllers/Registration';
import { WorkAgents } from './controllers/WorkAgents';
import { clustersForScenario, seed } from './scenarios/scenarios';
import { CrdSchemas } from './schema/CrdSchemas';
import { ObjectStore } from './store/ObjectStore';
import { handleAdmin } from './admin';
import { createServingCertificate } from './api/servingCertificate';

/** @public */
export interface HubSimulatorOptions {
  /** Port on `host`; 0 picks a free one. Default 6443. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Serve HTTPS with a throw-away CA (default), as a real API server does; kubectl sends
   * bearer tokens only over HTTPS. `false` serves plain HTTP.
   */
  tls?: boolean;
  /** Bearer tokens the API accepts; requests without one get 401. */
  tokens: string[];
  /** A folder of CRDs whose openAPIV3Schemas validate, default and prune objects. */
  crdDir?: string;
  /** `demo` (default), `empty` or `scale:N`. */
  scenario?: string;
  faults?: Partial<ApiFaults> & {
    /** Close every open watch this often. */
    dropWatchesEveryMs?: number;
  };
  timings?: Partial<WorkloadTimings>;
  /** Default 60 s, like the API server's bookmark frequency. */
  bookmarkIntervalMs?: number;
  /** Default 1800 s. */
  watchTimeoutSeconds?: number;
  /** Changes kept for watch resumption; older resourceVersions get 410 Gone. Default 10,000. */
  historyLimit?: number;
}

/** @public */
export interface HubSimulator {
  url: string;
  port: number;
  /** The CA of the serving certificate (PEM), when serving HTTPS. */
  caPem?: string;
  /** A kubeconfig for this simulator and token (with the CA, when serving HTTPS). */
  kubeconfig(token: string): string;
  service: ResourceService;
  clusters: Map<string, SimulatedCluster>;
  faults: ApiFaults;
  setClusterAvailable(name: string, available: boolean): boolean;
  failClientWorkloads(cluster: string, job: string): boolean;
  dropWatches(): number;
  close(): Promise<void>;
}

/**
 * Starts an OCM hub simulator: the Kubernetes API for OCM's kinds, a placement scheduler,
 * a work agent per simulated cluster and simulated workloads.
 *
 * @public
 */
export async function startHubSimulator(options: HubSimulatorOptions): Promise<HubSimulator> {
  const store = new ObjectStore(options.historyLimit ?? 10_000);
  const schemas = options.crdDir ? CrdSchemas.fromDirectory(options.crdDir) : undefined;
  const service = new ResourceService(store, schemas);
  const clusters = new Map<string, SimulatedCluster>();
  const faults: ApiFaults = { errorRate: options.faults?.errorRate ?? 0 };
  const timings: WorkloadTimings = { deploymentReadyMs: 1000, jobDurationMs: 2000, ...options.timings };

  const workAgents = new WorkAgents(service, clusters, timings);
  const registration = new Registration(service, clusters, name => workAgents.resyncCluster(name));
  const placements = new PlacementController(service);
  store.subscribe(event => {
    registration.onEvent(event);
    placements.onEvent(event);
    workAgents.onEvent(event);
  });

  seed(service, clustersForScenario(options.scenario ?? 'demo'));

  const host = options.host ?? '127.0.0.1';
  const tls = options.tls === false ? undefined : await createServingCertificate([host, '127.0.0.1', 'localhost']);
  const simulator: HubSimulator = {
    url: '',
    port: 0,
    caPem: tls?.caPem,
    kubeconfig: token => kubeconfigFor(simulator.url, token, tls?.caPem),
    service,
    clusters,
    faults,
    setClusterAvailable: (name, available) => registration.setAvailable(name, available),
    failClientWorkloads: (cluster, job) => {
      const target = clusters.get(cluster);
      if (!target) return false;
      target.failingJobs.add(job);
      return true;
    },
    dropWatches: () => api.dropWatches(),
    close: async () => {
      clearInterval(dropper);
      placements.stop();
      clusters.forEach(c => c.stop());
      api.dropWatches();
      await new Promise<void>(resolve => api.server.close(() => resolve()));
      api.server.closeAllConnections();
    },
  };

  const api = new ApiServer({
    service,
    tokens: options.tokens,
    faults,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    admin: (method, path, body) => handleAdmin(simulator, store, method, path, body),
    tls,
    openapi: new OpenApiDocuments(schemas),
  });
  const dropper = options.faults?.dropWatchesEveryMs
    ? setInterval(() => api.dropWatches(), options.faults.dropWatchesEveryMs)
    : undefined;
  dropper?.unref();

  await new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(options.port ?? 6443, host, () => resolve());
  });
  const { port } = api.server.address() as AddressInfo;
  simulator.port = port;
  simulator.url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  return simulator;
}

function kubeconfigFor(server: string, token: string, caPem?: string): string {
  const cluster = caPem
    ? `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}\n`
    : '';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: ocm-hub-simulator',
    '  cluster:',
    `    server: ${server}`,
    cluster.trimEnd(),
    'users:',
    '- name: simulator-user',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: ocm-hub-simulator',
    '  context: {cluster: ocm-hub-simulator, user: simulator-user}',
    'current-context: ocm-hub-simulator',
    '',
  ].filter(line => line !== '').join('\n') + '\n';
}
