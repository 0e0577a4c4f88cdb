import { KubeObject } from '../store/types';
import { eventually } from '../testing/startTestHub';
import { deploymentManifest, jobManifest } from '../testing/workloadManifests';
import { ContainerCommand } from './frameworks';
import { idKey, resourceIdOf, SimulatedCluster } from './SimulatedCluster';
import { startWorkload, WorkloadTimings } from './workloads';

const timings: WorkloadTimings = {
  deploymentReadyMs: 20,
  jobDurationMs: 40,
  deadlineSecondMs: 1,
};

/** Refuses the typo `--insecur`, as a framework's argument parser would. */
const refuseTypo = (container: ContainerCommand) =>
  container.args?.includes('--insecur')
    ? ['unrecognized arguments: --insecur']
    : [];

const withArgs = (name: string, args: string[]) => ({
  containers: [
    { name, image: 'registry.example.com/fl/app:1.0', command: [name], args },
  ],
});

describe('startWorkload', () => {
  let cluster: SimulatedCluster;
  beforeEach(() => {
    cluster = new SimulatedCluster('hospital-berlin', '198.51.100.1');
  });
  afterEach(() => cluster.stop());

  const start = (manifest: KubeObject) => {
    const key = idKey(resourceIdOf(manifest));
    cluster.resources.set(key, manifest);
    startWorkload(cluster, key, timings, () => {}, refuseTypo);
    return () => cluster.resources.get(key)!;
  };
  const conditionOf = (resource: KubeObject, type: string) =>
    ((resource.status as any)?.conditions ?? []).find(
      (c: any) => c.type === type,
    );

  it('keeps a Deployment whose command exits at start unavailable, with CrashLoopBackOff in its conditions', async () => {
    const crashing = deploymentManifest(
      'superlink',
      'fl-demo',
      withArgs('superlink', ['--insecur']),
    );
    (crashing.spec as any).progressDeadlineSeconds = 50;
    const superlink = start(crashing);
    const stalled = await eventually(() =>
      conditionOf(superlink(), 'Progressing')?.status === 'False'
        ? superlink()
        : undefined,
    );
    expect(stalled.status).toMatchObject({
      availableReplicas: 0,
      readyReplicas: 0,
    });
    expect(conditionOf(stalled, 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: expect.stringContaining(
        'CrashLoopBackOff: container "superlink" exits at start: unrecognized arguments: --insecur',
      ),
    });
    expect(conditionOf(stalled, 'Progressing')).toMatchObject({
      reason: 'ProgressDeadlineExceeded',
    });

    const healthy = start(
      deploymentManifest(
        'supernode',
        'fl-demo',
        withArgs('supernode', ['--insecure']),
      ),
    );
    await eventually(() =>
      conditionOf(healthy(), 'Available')?.status === 'True' ? true : undefined,
    );
  });

  it('fails a Job whose command exits at start once its back-off limit is reached', async () => {
    // Two retries wait 10 s and 20 s of the workload's clock: 30 ms here.
    const submit = start(
      jobManifest('submit', 'fl-demo', withArgs('submit', ['--insecur']), {
        backoffLimit: 2,
      }),
    );
    const failed = await eventually(() =>
      conditionOf(submit(), 'Failed') ? submit() : undefined,
    );
    expect(conditionOf(failed, 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: expect.stringContaining(
        'Job has reached the specified backoff limit. Its pods are CrashLoopBackOff',
      ),
    });
    expect(failed.status).toMatchObject({ active: 0, ready: 0, failed: 1 });
    expect(conditionOf(failed, 'Complete')).toBeUndefined();
  });

  it('fails a crash-looping Job at its active deadline when that comes first', async () => {
    const submit = start(
      jobManifest('submit', 'fl-demo', withArgs('submit', ['--insecur']), {
        activeDeadlineSeconds: 30,
      }),
    );
    const failed = await eventually(() =>
      conditionOf(submit(), 'Failed') ? submit() : undefined,
    );
    expect(conditionOf(failed, 'Failed')).toMatchObject({
      reason: 'DeadlineExceeded',
    });
  });

  // Through the default check, the pinned Flower's command table (frameworks/flower.ts).
  // It is empty until that table lands, so this is `it.failing` until then: turn it into
  // `it` when the table is filled. It asserts only what the generic path adds.
  it.failing(
    'crash-loops a SuperLink given a flag flower-superlink does not have',
    async () => {
      const manifest = deploymentManifest('superlink', 'fl-demo', {
        containers: [
          {
            name: 'superlink',
            image: 'flwr/superlink:1.26.1-py3.13-ubuntu24.04',
            args: ['--insecure', '--no-such-flag'],
          },
        ],
      });
      const key = idKey(resourceIdOf(manifest));
      cluster.resources.set(key, manifest);
      startWorkload(cluster, key, timings, () => {});
      const unavailable = await eventually(
        () => conditionOf(cluster.resources.get(key)!, 'Available'),
        500,
      );
      expect(unavailable).toMatchObject({
        status: 'False',
        message: expect.stringContaining(
          'CrashLoopBackOff: container "superlink" exits at start',
        ),
      });
    },
  );
});
