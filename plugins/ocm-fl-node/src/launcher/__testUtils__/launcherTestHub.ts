import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  createHubS3Secret,
  eventually,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { JobLauncher } from '../JobLauncher';

export const NS = 'federated-learning';

export const WORK = {
  group: 'work.open-cluster-management.io',
  version: 'v1',
  plural: 'manifestworks',
};

/** A Flower job on the simulator's hospitals, with S3 storage, changed by `over`. */
export const flowerSpec = (over: Record<string, unknown> = {}) => ({
  name: 'mnist',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 3,
  minClients: 2,
  clients: {
    placement: {
      clusterSets: ['hospitals'],
      predicates: [{ labelSelector: { matchLabels: { region: 'eu-west' } } }],
    },
  },
  data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
  aggregator: { cluster: 'gpu-pool-1' },
  storage: testJobStorage(),
  ...over,
});

/** A launcher on a fresh hub simulator and S3 server for each test of the calling file. */
export interface LauncherTestHub {
  sim: HubSimulator;
  kubeConfig: KubeConfig;
  s3: Awaited<ReturnType<typeof startTestS3>>;
  launcher: JobLauncher;
  custom: CustomObjectsApi;
  /** The job's works, as `<namespace>/<name>`, sorted. */
  worksOf(job: string): Promise<string[]>;
  placementExists(name: string): Promise<boolean>;
  /**
   * Deletes a cluster's namespace on the hub and waits until it is gone: a participant whose
   * work cannot be created, which fails a launch midway.
   */
  removeClusterNamespace(cluster: string): Promise<void>;
  /**
   * The first attempt of run `run-1` of {@link flowerSpec}, cut short with its objects left,
   * as a killed backend leaves them: hospital-madrid's namespace is gone, so its work fails
   * after the Placement, the aggregator's work and hospital-paris's.
   */
  cutShortLaunch(): Promise<void>;
  /** A refused launch: the error, and what is left on the hub afterwards (nothing, we hope). */
  refusal(
    promise: Promise<unknown>,
  ): Promise<{ error: unknown; works: string[]; placement: boolean }>;
}

/** Registers the hooks that start and close a {@link LauncherTestHub} around each test. */
export function useLauncherTestHub(): LauncherTestHub {
  const hub = {} as LauncherTestHub;
  beforeEach(async () => {
    hub.s3 = await startTestS3();
    ({ sim: hub.sim, kubeConfig: hub.kubeConfig } = await startTestHub({
      flRuntime: { roundDurationMs: 40, clientWaitMs: 2000 },
    }));
    hub.custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
    await createHubS3Secret(hub.kubeConfig);
    const location = testStorageLocation(hub.s3, 'runs');
    hub.launcher = new JobLauncher({
      kubeConfig: hub.kubeConfig,
      namespace: NS,
      hubName: 'sim',
      storageLocations: [
        location,
        { ...location, name: 'eu-only', hubs: ['eu'] },
        { ...location, name: 'no-secret', credentialsSecret: 'missing' },
      ],
      waits: { decisionsMs: 5000, addressMs: 5000, pollMs: 20 },
    });
  });
  afterEach(async () => {
    await hub.sim.close();
    await hub.s3.close();
  });
  hub.worksOf = async job => {
    const list = await hub.custom.listClusterCustomObject({
      ...WORK,
      labelSelector: `federated-learning.open-cluster-management.io/job=${job}`,
    });
    return list.items
      .map((w: any) => `${w.metadata.namespace}/${w.metadata.name}`)
      .sort();
  };
  hub.placementExists = name =>
    hub.custom
      .getNamespacedCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1beta1',
        namespace: NS,
        plural: 'placements',
        name,
      })
      .then(
        () => true,
        () => false,
      );
  hub.removeClusterNamespace = async cluster => {
    const core = hub.kubeConfig.makeApiClient(CoreV1Api);
    await core.deleteNamespace({ name: cluster });
    await eventually(async () =>
      (await core.listNamespace()).items.some(n => n.metadata?.name === cluster)
        ? undefined
        : true,
    );
  };
  hub.cutShortLaunch = async () => {
    await hub.removeClusterNamespace('hospital-madrid');
    await expect(
      hub.launcher.launch(flowerSpec(), {
        runId: 'run-1',
        keepOnFailure: true,
      }),
    ).rejects.toThrow(/hospital-madrid/);
  };
  hub.refusal = async promise => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    const works = await eventually(async () => {
      const left = await hub.worksOf('mnist');
      return left.length === 0 ? left : undefined;
    }, 10_000).catch(() => hub.worksOf('mnist'));
    return { error, works, placement: await hub.placementExists('mnist') };
  };
  return hub;
}

/** What {@link LauncherTestHub.refusal} finds for a launch refused with nothing left behind. */
export const refused = (kind: string, message: RegExp) => ({
  error: expect.objectContaining({
    name: 'LaunchError',
    kind,
    message: expect.stringMatching(message),
  }),
  works: [],
  placement: false,
});
