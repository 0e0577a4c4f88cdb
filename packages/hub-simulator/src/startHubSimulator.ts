import { AddressInfo } from 'node:net';
import { stringify as toYaml } from 'yaml';
import { ApiServer } from './api/httpServer';
import { ApiFaults } from './api/faultInjection';
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
  /**
   * Start the resourceVersions after this one, every earlier one compacted (410 Gone), as
   * `etcdutl snapshot restore --bump-revision --mark-compacted` does: for a simulator that
   * replaces another on the same address, the old one's last resourceVersion
   * (`GET /simulator/status`). Default 0.
   */
  initialResourceVersion?: number;
}

/**
 * What a restart keeps: `keep` is an API server restarting over intact storage; `fresh` is
 * a hub whose storage was rebuilt or restored: it comes back with its scenario's objects
 * only (every job gone).
 *
 * @public
 */
export type RestartState = 'keep' | 'fresh';

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
  /**
   * Restarts the hub's API server: it refuses connections for `downMs`, then serves again.
   * Either way a watch cannot resume from a resourceVersion handed out before: resumes get
   * 410 Gone and clients must list again, as from a restarted or restored API server.
   */
  restart(options: { downMs: number; state: RestartState }): Promise<void>;
  close(): Promise<void>;
}

class RunningSimulator implements HubSimulator {
  url = '';
  port = 0;
  readonly caPem?: string;
  service!: ResourceService;
  readonly clusters = new Map<string, SimulatedCluster>();
  readonly faults: ApiFaults;
  private store!: ObjectStore;
  private registration!: Registration;
  private placements!: PlacementController;
  flRuntime!: FlRuntime;
  private readonly api: ApiServer;
  private readonly schemas: CrdSchemas;
  private readonly dropper?: NodeJS.Timeout;
  private restarting = false;

  constructor(
    private readonly options: HubSimulatorOptions,
    tls: { caPem: string; certPem: string; keyPem: string } | undefined,
  ) {
    this.caPem = tls?.caPem;
    this.schemas = CrdSchemas.fromDirectory(options.crdDir ?? OCM_CRD_DIR);
    this.faults = {
      errorRate: options.faults?.errorRate ?? 0,
      lostAnswerRate: options.faults?.lostAnswerRate ?? 0,
    };
    this.startHub(options.initialResourceVersion ?? 0, options.jobs);

    this.api = new ApiServer({
      service: this.service,
      tokens: options.tokens,
      faults: this.faults,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
      admin: (method, path, body) =>
        handleAdmin(this, this.store, method, path, body),
      tls,
      openapi: new OpenApiDocuments(this.schemas),
    });
    if (options.faults?.dropWatchesEveryMs) {
      this.dropper = setInterval(
        () => this.api.dropWatches(),
        options.faults.dropWatchesEveryMs,
      );
      this.dropper.unref();
    }
  }

  /** The store, its controllers and the simulated clusters, seeded from the scenario. */
  private startHub(initialRevision: number, jobs: HubSimulatorOptions['jobs']) {
    const options = this.options;
    this.store = new ObjectStore(
      options.historyLimit ?? 10_000,
      initialRevision,
    );
    this.service = new ResourceService(this.store, this.schemas);
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
      {
        roundDurationMs: 2000,
        clientWaitMs: 30_000,
        // Two rounds' time, at whatever pace the rounds are set to.
        uploadIntervalMs: 2 * (options.flRuntime?.roundDurationMs ?? 2000),
        ...options.flRuntime,
      },
      cluster => workAgents.resyncCluster(cluster.name),
    );
    const registration = new Registration(this.service, this.clusters, name =>
      workAgents.resyncCluster(name),
    );
    const placements = new PlacementController(this.service);
    this.store.subscribe(event => {
      registration.onEvent(event);
      placements.onEvent(event);
      workAgents.onEvent(event);
    });
    [this.registration, this.placements] = [registration, placements];
    const scenario = options.scenario ?? 'demo';
    const seeds = clustersForScenario(scenario);
    seed(this.service, seeds, { demoS3Secret: scenario === 'demo' });
    if (jobs) {
      seedJobs(
        this.service,
        seeds.map(c => c.name),
        { count: jobs.count, clientsPerJob: jobs.clientsPerJob ?? 19 },
      );
    }
  }

  private stopHub() {
    this.placements.stop();
    this.flRuntime.stop();
    this.clusters.forEach(c => c.stop());
  }

  async listen(port: number, host: string) {
    await this.api.listen(port, host);
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

  async restart(options: { downMs: number; state: RestartState }) {
    if (this.restarting) throw new Error('a restart is under way');
    this.restarting = true;
    await this.api
      .restart(options.downMs, () => {
        if (options.state === 'keep') {
          // A restarted API server's watch cache starts at the current revision: older
          // resumes are "too old" (cacher/watch_cache.go getAllEventsSinceLocked).
          this.store.compact();
          return;
        }
        // Rebuilt storage continues after every resourceVersion handed out, all of them
        // compacted, so that no client's old resourceVersion can look valid.
        const last = this.store.currentRevision();
        this.stopHub();
        this.clusters.clear();
        this.startHub(last + 1, undefined);
        this.store.compact();
        this.api.serve(this.service);
      })
      .finally(() => {
        this.restarting = false;
      });
  }

  async close() {
    clearInterval(this.dropper);
    this.stopHub();
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
