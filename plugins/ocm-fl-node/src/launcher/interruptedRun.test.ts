import { CoreV1Api } from '@kubernetes/client-node';
import {
  deriveJobStatus,
  JobPhase,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  eventually,
  jobOutcome,
  testStorageLocation,
} from '@ocm-fl/hub-simulator/testing';
import { JobLauncher } from './JobLauncher';
import { LaunchResult } from './launchOptions';
import {
  flowerSpec,
  NS,
  useLauncherTestHub,
  WORK,
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

  /** The launch of run-1 again, as a recovered task resumes it. */
  async function resume(spec: ReturnType<typeof flowerSpec>) {
    const progress: string[] = [];
    const result = await hub.launcher.launch(spec, {
      runId: 'run-1',
      onProgress: message => progress.push(message),
    });
    return { result, progress };
  }

  /** The job's works on the hub: which objects they are, and which version of their spec. */
  const worksNow = async () =>
    (
      await hub.custom.listClusterCustomObject({
        ...WORK,
        labelSelector:
          'federated-learning.open-cluster-management.io/job=mnist',
      })
    ).items;
  const identities = async () =>
    (await worksNow())
      .map(
        (w: any) =>
          `${w.metadata.namespace}/${w.metadata.name} ${w.metadata.uid} generation ${w.metadata.generation}`,
      )
      .sort();
  /** Waits until the job's works report this phase, as the portal derives it. */
  const reaches = (phase: JobPhase) =>
    eventually(async () => {
      const status = deriveJobStatus({
        job: 'mnist',
        minClients: 2,
        decisions: [],
        works: await worksNow(),
        clusters: [],
      });
      return status.phase === phase ? status : undefined;
    }, 20_000);

  /**
   * Resumes run-1, expecting no new work, no new version of any, and the first launch's
   * result; returns the launch's log.
   */
  async function resumeChangingNothing(
    spec: ReturnType<typeof flowerSpec>,
    first: LaunchResult,
  ) {
    const before = await identities();
    const { result, progress } = await resume(spec);
    // The objects as the hub keeps them: what the launch applied, and the hub's defaults.
    expect(result).toMatchObject(first);
    expect(await identities()).toEqual(before);
    return progress;
  }

  it('leaves a run whose training finished as it is: no new work, no new version of the aggregator, the same result', async () => {
    const first = await hub.launcher.launch(flowerSpec(), { runId: 'run-1' });
    await reaches('Succeeded');
    expect(await resumeChangingNothing(flowerSpec(), first)).toContain(
      'run run-1 already finished (Succeeded: training finished: every round completed); left as it is, not trained again',
    );
    expect(await trainingOutcome()).toBe('Complete');
  });

  it('adopts an attempt that applied every work while it runs, and the training goes on to its end', async () => {
    // Rounds slow enough that the training still runs when the launch resumes (10 s).
    hub.sim.flRuntime.options.roundDurationMs = 2000;
    const spec = flowerSpec({ rounds: 5 });
    const first = await hub.launcher.launch(spec, { runId: 'run-1' });
    expect((await reaches('Running')).reason).toBe(
      'aggregator and 2 clients running',
    );
    expect(await resumeChangingNothing(spec, first)).toContain(
      'run run-1 has every work its interrupted attempt applied (Running: aggregator and 2 clients running); adopted as it is',
    );
    expect(await trainingOutcome()).toBe('Complete');
  });

  it('leaves a run that a person stopped stopped, and says so', async () => {
    await hub.launcher.launch(flowerSpec(), { runId: 'run-1' });
    await hub.launcher.stop('mnist');
    await expect(resume(flowerSpec())).rejects.toMatchObject({
      kind: 'unsatisfiable',
      message: expect.stringMatching(
        /^job mnist was stopped at \S+, while this launch was interrupted; it stays stopped and is not launched again/,
      ),
    });
    // The stopped works go, and none comes back.
    await eventually(async () =>
      (await hub.worksOf('mnist')).length === 0 ? true : undefined,
    );
    expect(await hub.placementExists('mnist')).toBe(true);
  });

  it('starts the run over, so that every client trusts the new aggregator and the training ends', async () => {
    await interruptedAttempt();
    const { result, progress } = await resume(flowerSpec());
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
