import { CoreV1Api } from '@kubernetes/client-node';
import {
  eventually,
  jobOutcome,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { JobLauncher } from './JobLauncher';
import {
  flowerSpec,
  NS,
  useLauncherTestHub,
} from './__testUtils__/launcherTestHub';

describe('a launch that resumes an interrupted run', () => {
  const hub = useLauncherTestHub();
  const core = () => hub.kubeConfig.makeApiClient(CoreV1Api);

  /** The first attempt of run-1, cut short after the aggregator and one client started. */
  async function interruptedAttempt() {
    await hub.cutShortLaunch();
    // The client that did start runs with the first attempt's CA and key.
    await eventually(() =>
      (
        hub.sim.clusters
          .get('hospital-paris')!
          .resources.get('apps/deployments/fl-mnist/supernode')?.status as any
      )?.availableReplicas > 0
        ? true
        : undefined,
    );
    await core().createNamespace({
      body: { metadata: { name: 'hospital-madrid' } },
    });
  }

  /** The submit Job's end on the aggregator's cluster. */
  const trainingOutcome = () =>
    jobOutcome(hub.sim, 'gpu-pool-1', 'batch/jobs/fl-mnist/submit', 20_000);

  it('starts the run over, so that every client trusts the new aggregator and the training ends', async () => {
    await interruptedAttempt();
    const progress: string[] = [];
    const result = await hub.launcher.launch(flowerSpec(), {
      runId: 'run-1',
      onProgress: message => progress.push(message),
    });
    // minClients is 2: the training needs the client the first attempt started.
    expect(await trainingOutcome()).toBe('Complete');
    expect(progress).toContain(
      'starting run run-1 over: cleared the 2 works an interrupted attempt left',
    );
    expect(result.participants.sort()).toEqual([
      'hospital-madrid',
      'hospital-paris',
    ]);
    expect(await hub.worksOf('mnist')).toEqual([
      'gpu-pool-1/mnist-aggregator',
      'hospital-madrid/mnist-client',
      'hospital-paris/mnist-client',
    ]);
    expect(await hub.placementExists('mnist')).toBe(true);
  });

  it('gives up, naming what it waits for, when the interrupted attempt cannot be cleared, and rolls back', async () => {
    await interruptedAttempt();
    // Its agent no longer answers: the client work keeps its finalizer.
    hub.sim.setClusterHealth('hospital-paris', 'unreachable');
    const impatient = new JobLauncher({
      kubeConfig: hub.kubeConfig,
      namespace: NS,
      storageLocations: [testStorageLocation(hub.s3, 'runs')],
      waits: { agentMs: 500, pollMs: 20 },
    });
    await expect(
      impatient.launch(flowerSpec(), { runId: 'run-1' }),
    ).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(
        /^waited 0\.5 s for the interrupted attempt of this run to be cleared: 1 client works still being deleted \(rolled back: deleted 3 objects this launch created\)$/,
      ),
    });
  });
});
