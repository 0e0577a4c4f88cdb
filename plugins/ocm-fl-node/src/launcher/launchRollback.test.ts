import { eventually } from '@ocm-fl/hub-simulator/testing';
import { JobLauncher } from './JobLauncher';
import { describeRollback } from './launchRollback';
import {
  flowerSpec,
  NS,
  refused,
  useLauncherTestHub,
} from './__testUtils__/launcherTestHub';

describe('describeRollback', () => {
  it('says nothing when nothing was created', () => {
    expect(describeRollback('mnist', { deleted: 0, left: [] })).toBe('');
  });

  it('counts what it deleted', () => {
    expect(describeRollback('mnist', { deleted: 1, left: [] })).toBe(
      ' (rolled back: deleted 1 object this launch created)',
    );
    expect(describeRollback('mnist', { deleted: 3, left: [] })).toBe(
      ' (rolled back: deleted 3 objects this launch created)',
    );
  });

  it('names what it could not delete and how to finish', () => {
    expect(
      describeRollback('mnist', {
        deleted: 2,
        left: ['Placement federated-learning/mnist (the hub answered 500: x)'],
      }),
    ).toBe(
      ' (rollback incomplete: deleted 2 objects this launch created, but not Placement federated-learning/mnist (the hub answered 500: x); finish with: ocm-fl delete mnist)',
    );
  });
});

describe('a failed launch rolls back', () => {
  const hub = useLauncherTestHub();

  it('a failure mid-launch rolls back what the launch created', async () => {
    // A participant whose cluster namespace is gone: its work cannot be created.
    await hub.removeClusterNamespace('hospital-madrid');
    expect(await hub.refusal(hub.launcher.launch(flowerSpec()))).toEqual(
      refused(
        'hub',
        /namespaces "hospital-madrid" not found \(rolled back: deleted \d+ objects this launch created\)/,
      ),
    );
    await eventually(async () =>
      (await hub.worksOf('mnist')).length === 0 ? true : undefined,
    );
  });

  it('a rolled-back launch with PVC storage leaves neither the model PVC nor the job namespace on the aggregator cluster', async () => {
    await hub.removeClusterNamespace('hospital-madrid');
    const aggregatorCluster = hub.sim.clusters.get('gpu-pool-1')!;
    const jobResources = () =>
      [...aggregatorCluster.resources.keys()].filter(key =>
        key.includes('fl-mnist'),
      );
    const launched = hub.launcher.launch(
      flowerSpec({ storage: { type: 'pvc' } }),
      { runId: 'run-1' },
    );
    // The aggregator's work was applied before the failing client's: its PVC exists.
    await eventually(() =>
      jobResources().includes(
        '/persistentvolumeclaims/fl-mnist/mnist-model-run-1',
      )
        ? true
        : undefined,
    );
    expect(await hub.refusal(launched)).toEqual(
      refused('hub', /namespaces "hospital-madrid" not found \(rolled back/),
    );
    await eventually(() =>
      jobResources().length === 0 ? true : undefined,
    ).catch(() => undefined);
    expect(jobResources()).toEqual([]);
  });

  it("says what may stay when the aggregator's agent does not take over what its work orphans", async () => {
    await hub.removeClusterNamespace('hospital-madrid');
    const impatient = new JobLauncher({
      kubeConfig: hub.kubeConfig,
      namespace: NS,
      storageLocations: [],
      waits: { agentMs: 300, pollMs: 20 },
    });
    const launched = impatient.launch(
      flowerSpec({ storage: { type: 'pvc' } }),
      {
        runId: 'run-1',
        // Its agent falls silent once the aggregator's address is known.
        onProgress: message => {
          if (message.startsWith('clients will dial'))
            hub.sim.setClusterHealth('gpu-pool-1', 'unreachable');
        },
      },
    );
    await expect(launched).rejects.toMatchObject({
      message: expect.stringMatching(
        /\(rollback incomplete: deleted \d+ objects this launch created, but not what ManifestWork gpu-pool-1\/mnist-aggregator orphans on cluster gpu-pool-1 \(the job's namespace and model PVC; waited 0\.3 s for the agent on gpu-pool-1 to take over what ManifestWork mnist-aggregator orphans: it has not acted on the change; remove them on gpu-pool-1 with: kubectl delete namespace fl-mnist\); finish with: ocm-fl delete mnist\)$/,
      ),
    });
  });

  it('a rollback deletes every object of its run, also those an earlier attempt made', async () => {
    await hub.cutShortLaunch();
    const left = [
      ...(await hub.worksOf('mnist')),
      ...((await hub.placementExists('mnist')) ? ['placement'] : []),
    ];
    expect(left).toContain('gpu-pool-1/mnist-aggregator');
    expect(left).toContain('placement');
    // The resumed launch fails too: it takes back what the first attempt made as well.
    expect(
      await hub.refusal(hub.launcher.launch(flowerSpec(), { runId: 'run-1' })),
    ).toEqual(
      refused(
        'hub',
        new RegExp(
          `rolled back: deleted ${left.length} objects this launch created\\)$`,
        ),
      ),
    );
    await eventually(async () =>
      (await hub.worksOf('mnist')).length === 0 ? true : undefined,
    );
  });
});
