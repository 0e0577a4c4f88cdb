import { AddressInfo } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { ApiFaults, ApiServer } from './api/httpServer';
import { OpenApiDocuments } from './api/openapi';
import { ResourceService } from './api/ResourceService';
import { ClusterHealth, SimulatedCluster } from './cluster/SimulatedCluster';
import { WorkloadTimings } from './cluster/workloads';
import { FlRuntime, FlRuntimeOptions } from './cluster/FlRuntime';
import { PlacementController } from './controllers/PlacementController';
import { Registration } from './controllers/Registration';
import { WorkAgents } from './controllers/WorkAgents';
import { clustersForScenario, seed } from './scenarios/scenarios';
import { seedJobs } from './scenarios/seedJobs';
import { CrdSchemas, OCM_CRD_DIR } from './schema/CrdSchemas';
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
  /**
   * A folder of CRDs whose openAPIV3Schemas validate, default and prune objects, as a real
   * API server does. Default: OCM's official CRDs shipped with this package.
   */
  crdDir?: string;
  /** `demo` (default), `empty` or `scale:N`. */
  scenario?: string;
  /** Jobs seeded at start, for benchmarks (rendered like the launcher's, without TLS). */
  jobs?: { count: number; clientsPerJob?: number };
  faults?: Partial<ApiFaults> & {
    /** Close every open watch this often. */
    dropWatchesEveryMs?: number;
  };
  timings?: Partial<WorkloadTimings>;
  /** Pace of simulated training: time per round, and how long to wait for clients. */
  flRuntime?: Partial<FlRuntimeOptions>;
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
  /** The FL runtime's pace; `roundDurationMs` can be changed while running (slow rounds). */
  flRuntime: { options: FlRuntimeOptions };
  /** `false` makes the cluster unreachable, as `setClusterHealth(name, 'unreachable')`. */
  setClusterAvailable(name: string, available: boolean): boolean;
  setClusterHealth(name: string, health: ClusterHealth): boolean;
  failClientWorkloads(cluster: string, job: string): boolean;
  dropWatches(): number;
  close(): Promise<void>;
}

class RunningSimulator implements HubSimulator {
  url = '';
  port = 0;
  readonly caPem?: string;
  readonly service: ResourceService;
  readonly clusters = new Map<string, SimulatedCluster>();
  readonly faults: ApiFaults;
  private readonly store: ObjectStore;
  private readonly registration: Registration;
  private readonly placements: PlacementController;
  readonly flRuntime: FlRuntime;
  private readonly api: ApiServer;
  private readonly dropper?: NodeJS.Timeout;

  constructor(
    options: HubSimulatorOptions,
    tls: { caPem: string; certPem: string; keyPem: string } | undefined,
  ) {
    this.caPem = tls?.caPem;
    this.store = new ObjectStore(options.historyLimit ?? 10_000);
    const schemas = CrdSchemas.fromDirectory(options.crdDir ?? OCM_CRD_DIR);
    this.service = new ResourceService(this.store, schemas);
    this.faults = {
      errorRate: options.faults?.errorRate ?? 0,
      lostAnswerRate: options.faults?.lostAnswerRate ?? 0,
    };
    const timings: WorkloadTimings = {
      deploymentReadyMs: 1000,
      jobDurationMs: 2000,
      deadlineSecondMs: 10,
      ...options.timings,
    };

    const workAgents = new WorkAgents(
      this.service,
      this.clusters,
      timings,
      (cluster, key) => this.flRuntime.onJobApplied(cluster, key),
    );
    this.flRuntime = new FlRuntime(
      this.clusters,
      { roundDurationMs: 2000, clientWaitMs: 30_000, ...options.flRuntime },
      cluster => workAgents.resyncCluster(cluster.name),
    );
    this.registration = new Registration(this.service, this.clusters, name =>
      workAgents.resyncCluster(name),
    );
    this.placements = new PlacementController(this.service);
    this.store.subscribe(event => {
      this.registration.onEvent(event);
      this.placements.onEvent(event);
      workAgents.onEvent(event);
    });
    const scenario = options.scenario ?? 'demo';
    const seeds = clustersForScenario(scenario);
    seed(this.service, seeds, { demoS3Secret: scenario === 'demo' });
    if (options.jobs) {
      seedJobs(
        this.service,
        seeds.map(c => c.name),
        {
          count: options.jobs.count,
          clientsPerJob: options.jobs.clientsPerJob ?? 19,
        },
      );
    }

    this.api = new ApiServer({
      service: this.service,
      tokens: options.tokens,
      faults: this.faults,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
      admin: (method, path, body) =>
        handleAdmin(this, this.store, method, path, body),
      tls,
      openapi: new OpenApiDocuments(schemas),
    });
    if (options.faults?.dropWatchesEveryMs) {
      this.dropper = setInterval(
        () => this.api.dropWatches(),
        options.faults.dropWatchesEveryMs,
      );
      this.dropper.unref();
    }
  }

  async listen(port: number, host: string) {
    await new Promise<void>((resolve, reject) => {
      this.api.server.once('error', reject);
      this.api.server.listen(port, host, () => resolve());
    });
    this.port = (this.api.server.address() as AddressInfo).port;
    this.url = `${this.caPem ? 'https' : 'http'}://${host}:${this.port}`;
  }

  kubeconfig(token: string): string {
    return toYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'ocm-hub-simulator',
          cluster: {
            server: this.url,
            ...(this.caPem
              ? {
                  'certificate-authority-data': Buffer.from(
                    this.caPem,
                  ).toString('base64'),
                }
              : {}),
          },
        },
      ],
      users: [{ name: 'simulator-user', user: { token } }],
      contexts: [
        {
          name: 'ocm-hub-simulator',
          context: { cluster: 'ocm-hub-simulator', user: 'simulator-user' },
        },
      ],
      'current-context': 'ocm-hub-simulator',
    });
  }

  setClusterAvailable(name: string, available: boolean) {
    return this.setClusterHealth(name, available ? 'available' : 'unreachable');
  }

  setClusterHealth(name: string, health: ClusterHealth) {
    return this.registration.setHealth(name, health);
  }

  failClientWorkloads(cluster: string, job: string) {
    const target = this.clusters.get(cluster);
    if (!target) return false;
    target.failingJobs.add(job);
    return true;
  }

  dropWatches() {
    return this.api.dropWatches();
  }

  async close() {
    clearInterval(this.dropper);
    this.placements.stop();
    this.flRuntime.stop();
    this.clusters.forEach(c => c.stop());
    await this.api.close();
  }
}

/**
 * Starts an OCM hub simulator: the Kubernetes API for OCM's kinds, a placement scheduler,
 * a work agent per simulated cluster and simulated workloads.
 *
 * @public
 */
export async function startHubSimulator(
  options: HubSimulatorOptions,
): Promise<HubSimulator> {
  const host = options.host ?? '127.0.0.1';
  const tls =
    options.tls === false
      ? undefined
      : await createServingCertificate([host, '127.0.0.1', 'localhost']);
  const simulator = new RunningSimulator(options, tls);
  await simulator.listen(options.port ?? 6443, host);
  return simulator;
}
