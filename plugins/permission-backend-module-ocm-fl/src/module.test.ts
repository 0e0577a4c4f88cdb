import {
  AuthService,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ocmFlJobDeletePermission } from '@ocm-fl/backstage-plugin-ocm-fl-common';
// The real backend plugin: it registers the job resource type that the policy's condition needs.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ocmFlPlugin from '@ocm-fl/backstage-plugin-ocm-fl-backend';
import { JobLauncher } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import {
  eventually,
  ocmFlTestConfig,
  startTestHub,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import permissionModuleOcmFlPolicy from './index';

/** Catalog group membership, as sign-in puts it in the users' ownership entity refs. */
const groupsOf: Record<string, string[]> = {
  'user:default/ada': ['group:default/ml-engineers'],
  'user:default/bob': ['group:default/ml-engineers'],
  'user:default/pat': ['group:default/platform'],
  'user:default/rita': ['group:default/readers'],
};

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...(groupsOf[userEntityRef] ?? [])],
    };
  },
});

/**
 * The mock auth service, except that a plugin's token on behalf of a user names the plugin as
 * its actor, as Backstage's auth does; without one, the permissions registry refuses the
 * permission backend's call that applies a conditional decision.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const getPluginRequestToken: AuthService['getPluginRequestToken'] =
      async options =>
        auth.isPrincipal(options.onBehalfOf, 'user')
          ? {
              token: mockCredentials.user.token(
                options.onBehalfOf.principal.userEntityRef,
                { actor: { subject: `plugin:${plugin.getId()}` } },
              ),
            }
          : auth.getPluginRequestToken(options);
    return Object.assign(auth, { getPluginRequestToken });
  },
});

describe('the ocm-fl permission policy, with the permission and ocm-fl backends', () => {
  let sim: HubSimulator;
  let server: any;

  const as = (user: string, method: 'get' | 'post' | 'delete', url: string) =>
    (request(server) as any)
      [method](url)
      .set('authorization', mockCredentials.user.header(user));

  beforeAll(async () => {
    const hub = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
    });
    sim = hub.sim;
    ({ server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleOcmFlPolicy,
        ocmFlPlugin,
        // The real client: every decision comes from the permission backend and the policy.
        permissionsServiceFactory,
        authWithActors,
        userInfo.factory,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: ocmFlTestConfig(sim),
            permission: {
              enabled: true,
              ocmFl: {
                roles: {
                  viewers: ['group:default/readers'],
                  launchers: ['group:default/ml-engineers'],
                  admins: ['group:default/platform'],
                },
              },
            },
          },
        }),
      ],
    }));
    const launcher = new JobLauncher({
      kubeConfig: hub.kubeConfig,
      namespace: 'federated-learning',
      // PVC storage: no S3 location is involved.
      storageLocations: [],
      waits: { pollMs: 20 },
    });
    // Two jobs of ada's: one she stops herself, one an admin deletes.
    for (const name of ['mnist', 'cifar']) {
      await launcher.launch(testJobSpec(name, { framework: 'openfl' }), {
        createdBy: 'user:default/ada',
      });
    }
    await eventually(async () => {
      const res = await as('user:default/pat', 'get', '/api/ocm-fl/jobs');
      return res.body.total === 2 ? true : undefined;
    });
  });
  afterAll(() => sim?.close());

  /** The permission backend's decision for one request, as a frontend asks for it. */
  const decision = async (user: string, item: Record<string, unknown>) => {
    const res = await as(user, 'post', '/api/permission/authorize')
      .send({ items: [{ id: '1', ...item }] })
      .expect(200);
    return res.body.items[0].result;
  };
  const basic = (name: string, action: string) => ({
    permission: { type: 'basic', name, attributes: { action } },
  });
  /** What the UI asks before it enables a job's Stop and Delete buttons. */
  const mayDelete = (user: string, job: string) =>
    decision(user, { permission: ocmFlJobDeletePermission, resourceRef: job });

  it('lets the creator stop their job, refuses another launcher and a viewer, and lets an admin delete it', async () => {
    expect(await mayDelete('user:default/ada', 'mnist')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await mayDelete('user:default/bob', 'mnist')).toBe(
      AuthorizeResult.DENY,
    );

    for (const user of ['user:default/bob', 'user:default/rita']) {
      const refused = await as(user, 'post', '/api/ocm-fl/jobs/mnist/stop');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'Not allowed: ocm-fl.job.delete is required to stop a job',
      );
    }
    await as('user:default/ada', 'post', '/api/ocm-fl/jobs/mnist/stop').expect(
      200,
    );
    await as('user:default/bob', 'delete', '/api/ocm-fl/jobs/cifar').expect(
      403,
    );
    await as('user:default/pat', 'delete', '/api/ocm-fl/jobs/cifar').expect(
      200,
    );
  });

  it("gives a group's members the group's role", async () => {
    await as('user:default/rita', 'get', '/api/ocm-fl/clusters').expect(200);
    expect(
      await decision('user:default/bob', basic('ocm-fl.job.create', 'create')),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('refuses ocm-fl to a user without a role and leaves them the rest of Backstage', async () => {
    const refused = await as('user:default/zed', 'get', '/api/ocm-fl/jobs');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/ocm-fl\.job\.read/);
    expect(
      await decision(
        'user:default/zed',
        basic('catalog.entity.create', 'create'),
      ),
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('stops the backend at start when a role names something that is not a user or group', async () => {
    await expect(
      startTestBackend({
        features: [
          permissionPlugin,
          permissionModuleOcmFlPolicy,
          mockServices.rootConfig.factory({
            data: {
              permission: {
                enabled: true,
                ocmFl: { roles: { admins: ['platform'] } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/permission\.ocmFl\.roles\.admins\[0\]: must be/);
  });
});
