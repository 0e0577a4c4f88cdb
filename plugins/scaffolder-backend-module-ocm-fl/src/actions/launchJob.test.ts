import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  LauncherOptions,
  OcmFlConfig,
  OcmFlHubs,
  readOcmFlConfig,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import {
  eventually,
  startTestHub,
  TEST_TOKEN,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { createLaunchJobAction } from './launchJob';

const allow = mockServices.permissions.mock({
  authorize: async reqs => reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
});
const deny = mockServices.permissions.mock({
  authorize: async reqs => reqs.map(() => ({ result: AuthorizeResult.DENY })),
});

/** The hubs of a configuration, their caches not started: the action only launches. */
const hubsOf = (config: OcmFlConfig, waits?: LauncherOptions['waits']) =>
  new OcmFlHubs(config, mockServices.rootLogger(), { launcher: { waits } });

const spec = {
  name: 'mnist',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 3,
  clients: {
    placement: {
      clusterSets: ['hospitals'],
      predicates: [{ labelSelector: { matchLabels: { region: 'eu-west' } } }],
    },
  },
  data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
  aggregator: {
    cluster: 'gpu-pool-1',
    exposure: { type: 'NodePort', address: 'fl.example.org', nodePort: 31092 },
  },
  storage: { type: 'pvc' },
};

describe('ocm-fl:job:launch', () => {
  let sim: HubSimulator;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  let config: ReturnType<typeof readOcmFlConfig>;

  beforeEach(async () => {
    const hub = await startTestHub();
    sim = hub.sim;
    custom = hub.kubeConfig.makeApiClient(CustomObjectsApi);
    core = hub.kubeConfig.makeApiClient(CoreV1Api);
    config = readOcmFlConfig(
      new ConfigReader({
        ocmFl: {
          hubs: [
            {
              name: 'sim',
              url: sim.url,
              serviceAccountToken: TEST_TOKEN,
              caData: Buffer.from(sim.caPem!).toString('base64'),
            },
          ],
        },
      }),
    );
  });
  afterEach(() => sim.close());

  const works = async () =>
    (
      await custom.listClusterCustomObject({
        group: 'work.open-cluster-management.io',
        version: 'v1',
        plural: 'manifestworks',
      })
    ).items.length;

  it('launches with the initiator as creator, its run fixed by one checkpoint, and outputs the job', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config, { pollMs: 20 }),
      permissions: allow,
    });
    // The mock context takes only some options; the rest are set on it.
    const ctx = createMockActionContext({ input: { spec } });
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.user('user:default/alice');
    const checkpoints: string[] = [];
    const checkpoint = ctx.checkpoint.bind(ctx);
    ctx.checkpoint = (opts: any) => {
      checkpoints.push(opts.key);
      return checkpoint(opts);
    };
    await action.handler(ctx);

    // What the launch made is read back from the hub, never from a checkpoint.
    expect(checkpoints).toEqual(['ocm-fl-launch-run-id']);
    expect(ctx.output).toHaveBeenCalledWith('jobId', 'mnist');
    expect(ctx.output).toHaveBeenCalledWith(
      'portalLink',
      '/federated-learning/jobs/mnist',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'participants',
      expect.arrayContaining(['hospital-paris', 'hospital-madrid']),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'aggregatorAddress',
      'fl.example.org:31092',
    );
    expect(await works()).toBe(3);
    const placement = await custom.getNamespacedCustomObject({
      group: 'cluster.open-cluster-management.io',
      version: 'v1beta1',
      namespace: 'federated-learning',
      plural: 'placements',
      name: 'mnist',
    });
    expect(
      placement.metadata.annotations[
        'federated-learning.open-cluster-management.io/created-by'
      ],
    ).toBe('user:default/alice');
  });

  it('renders and validates in a dry run, creating nothing', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config),
      permissions: allow,
    });
    const ctx = {
      ...createMockActionContext({ input: { spec } }),
      isDryRun: true,
    };
    await action.handler(ctx);
    const objects = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'objects',
    )[1];
    expect(objects).toContain('kind: Placement');
    expect(objects).toContain('--superlink=fl.example.org:31092');
    expect(objects).not.toContain('PRIVATE KEY-----\nM');
    expect(await works()).toBe(0);
  });

  it('refuses a user without ocm-fl.job.create, creating nothing', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config),
      permissions: deny,
    });
    await expect(
      action.handler(createMockActionContext({ input: { spec } })),
    ).rejects.toThrow(/ocm-fl\.job\.create is required/);
    expect(await works()).toBe(0);
  });

  it('names the invalid fields of a bad spec', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config),
      permissions: allow,
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { spec: { ...spec, rounds: 0, image: 'bad image' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /image: must be an image reference.*rounds: must be at least 1/,
      ),
    });
  });

  it('refuses a storage location that is not configured for the chosen hub, naming storage.location', async () => {
    const hub = config.hubs[0];
    const withLocations = readOcmFlConfig(
      new ConfigReader({
        ocmFl: {
          hubs: [hub, { ...hub, name: 'other' }],
          storage: {
            locations: [
              { name: 'models', bucket: 'models', credentialsSecret: 'fl-s3' },
              { name: 'other-only', bucket: 'models', hubs: ['other'] },
            ],
          },
        },
      }),
    );
    const action = createLaunchJobAction({
      hubs: hubsOf(withLocations),
      permissions: allow,
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            spec: { ...spec, storage: { type: 's3', location: 'other-only' } },
          },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /storage\.location: "other-only" may not be used on hub sim; allowed on hub sim: models/,
      ),
    });
    expect(await works()).toBe(0);
  });

  it.each([
    [{ data: { type: 'hostPath', path: '/../../etc/shadow' } }, 'data.path'],
    [
      {
        clients: {
          placement: {
            predicates: [
              { labelSelector: { matchLabels: { '$(rm -rf /)': 'x' } } },
            ],
          },
        },
      },
      'clients.placement.predicates[0].labelSelector.matchLabels["$(rm -rf /)"]',
    ],
    [{ clients: { clusters: ['a', 'b'], placement: {} } }, 'clients'],
    [{ image: 'x'.repeat(5 * 1024 * 1024) }, 'image'],
  ])(
    'fails in one sentence naming the field, without a stack trace, for %#',
    async (override, field) => {
      const action = createLaunchJobAction({
        hubs: hubsOf(config),
        permissions: allow,
      });
      const failure = await action
        .handler(
          createMockActionContext({
            input: { spec: { ...spec, ...override } },
          }),
        )
        .then(
          () => undefined,
          error => error,
        );
      expect(failure.name).toBe('InputError');
      expect(failure.message).toContain(`Invalid job spec: ${field}: `);
      expect(failure.message).not.toContain('\n');
      // The scaffolder logs a failed step's stack: it is the message alone.
      expect(failure.stack).toBe(`InputError: ${failure.message}`);
      expect(await works()).toBe(0);
    },
  );

  /**
   * Contexts of the runs of one task: its checkpoints outlive a restart of the backend, so a
   * recovered or retried run reads what an earlier run stored.
   */
  const contextsOfOneTask = () => {
    const stored = new Map<string, unknown>();
    return () => {
      const ctx = createMockActionContext({ input: { spec } });
      ctx.checkpoint = (async (opts: any) => {
        if (!stored.has(opts.key)) stored.set(opts.key, await opts.fn());
        return stored.get(opts.key);
      }) as any;
      return ctx;
    };
  };

  it('resumes its own launch when the task is recovered, and refuses the name to another task in one sentence', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config, { pollMs: 20 }),
      permissions: allow,
    });
    const taskContext = contextsOfOneTask();
    await action.handler(taskContext());
    // Recovered after it applied everything: it finds its own objects and applies them again.
    await action.handler(taskContext());
    expect(await works()).toBe(3);

    const failure = await action
      .handler(createMockActionContext({ input: { spec } }))
      .then(
        () => undefined,
        error => error,
      );
    expect(failure.message).toMatch(
      /^name: a job named mnist already exists on the hub \(its (Placement|ManifestWork) .*\); choose another name, or delete that job first \(Delete on its page, or ocm-fl delete mnist\)$/,
    );
    expect(failure.stack).toBe(`LaunchError: ${failure.message}`);
    expect(await works()).toBe(3);
  });

  it('a task retried after its launch was rolled back makes everything again, its Placement too', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config, { pollMs: 20 }),
      permissions: allow,
    });
    const taskContext = contextsOfOneTask();
    const placement = () =>
      custom
        .getNamespacedCustomObject({
          group: 'cluster.open-cluster-management.io',
          version: 'v1beta1',
          plural: 'placements',
          namespace: 'federated-learning',
          name: 'mnist',
        })
        .then(
          () => true,
          () => false,
        );
    // The aggregator's cluster namespace is missing: the launch fails after placing clients.
    await core.deleteNamespace({ name: 'gpu-pool-1' });
    await eventually(async () =>
      (
        await core.listNamespace()
      ).items.some(n => n.metadata?.name === 'gpu-pool-1')
        ? undefined
        : true,
    );
    await expect(action.handler(taskContext())).rejects.toThrow(
      /gpu-pool-1.*rolled back/,
    );
    expect(await placement()).toBe(false);

    await core.createNamespace({ body: { metadata: { name: 'gpu-pool-1' } } });
    await action.handler(taskContext());
    expect(await placement()).toBe(true);
    expect(await works()).toBe(3);
  });

  it('refuses a name a past job used, in one sentence, and creates nothing', async () => {
    const asked: string[] = [];
    const action = createLaunchJobAction({
      hubs: hubsOf(config),
      permissions: allow,
      findPastJob: async name => {
        asked.push(name);
        return {
          name,
          phase: 'Succeeded',
          createdAt: '2026-11-30T10:00:00Z',
        };
      },
    });
    const failure = await action
      .handler(createMockActionContext({ input: { spec } }))
      .then(
        () => undefined,
        error => error,
      );
    expect(asked).toEqual(['mnist']);
    expect(failure.message).toBe(
      "name: a job named mnist ran before (Succeeded, launched 2026-11-30T10:00:00Z); its record and its model's files keep the name: choose another name",
    );
    expect(failure.stack).toBe(`LaunchError: ${failure.message}`);
    expect(await works()).toBe(0);
  });

  it('refuses an unknown hub', async () => {
    const action = createLaunchJobAction({
      hubs: hubsOf(config),
      permissions: allow,
    });
    await expect(
      action.handler(
        createMockActionContext({ input: { spec, hub: 'elsewhere' } }),
      ),
    ).rejects.toThrow(/no hub named "elsewhere"/);
  });
});
