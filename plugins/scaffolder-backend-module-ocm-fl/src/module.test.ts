import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
// The preview action is checked against the real backend route it must agree with.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ocmFlPlugin from '@ocm-fl/backstage-plugin-ocm-fl-backend';
import {
  eventually,
  ocmFlTestConfig,
  startTestHub,
} from '@ocm-fl/hub-simulator/testing';
import request from 'supertest';
import { scaffolderModule } from './module';

describe('scaffolder module ocm-fl', () => {
  it('registers the launch and preview actions', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModule,
        mockServices.rootConfig.factory({
          data: {
            ocmFl: { hubs: [{ name: 'hub', url: 'https://hub.example:6443' }] },
          },
        }),
      ],
    });
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'ocm-fl:job:launch',
      'ocm-fl:placement:preview',
    ]);
  });

  it("previews a placement that reads AddOnPlacementScores as the backend's route does", async () => {
    const { sim, kubeConfig } = await startTestHub();
    try {
      // An add-on's scores: Berlin is ready, Paris is not, Madrid reports none.
      const custom = kubeConfig.makeApiClient(CustomObjectsApi);
      const score = {
        group: 'cluster.open-cluster-management.io',
        version: 'v1alpha1',
        plural: 'addonplacementscores',
        name: 'fl-readiness',
      };
      for (const [cluster, value] of [
        ['hospital-berlin', 80],
        ['hospital-paris', 20],
      ] as const) {
        await custom.createNamespacedCustomObject({
          ...score,
          namespace: cluster,
          body: {
            apiVersion: `${score.group}/${score.version}`,
            kind: 'AddOnPlacementScore',
            metadata: { name: score.name, namespace: cluster },
          },
        });
        await custom.patchNamespacedCustomObjectStatus(
          {
            ...score,
            namespace: cluster,
            body: { status: { scores: [{ name: 'ready', value }] } },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        );
      }
      const placement = {
        clusterSets: ['hospitals'],
        predicates: [
          {
            celExpressions: [
              'managedCluster.scores("fl-readiness").exists(s, s.name == "ready" && s.value > 50)',
            ],
          },
        ],
      };

      const addActions = jest.fn();
      const { server } = await startTestBackend({
        extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
        features: [
          ocmFlPlugin,
          scaffolderModule,
          mockServices.rootConfig.factory({
            data: { ocmFl: ocmFlTestConfig(sim) },
          }),
        ],
      });
      // Once the cache has listed the hub (scores too), the route selects the ready cluster.
      await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/clusters');
        return res.body.hubs?.sim?.synced || undefined;
      });
      const route = await eventually(async () => {
        const res = await request(server)
          .post('/api/ocm-fl/placement/preview')
          .send({ placement })
          .expect(200);
        return res.body.selected.length > 0 ? res.body : undefined;
      });
      expect(route.selected).toEqual(['hospital-berlin']);

      const preview = addActions.mock.calls[0].find(
        (a: { id: string }) => a.id === 'ocm-fl:placement:preview',
      );
      const ctx = createMockActionContext({ input: { placement } });
      await preview.handler(ctx);
      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(outputs.clusters).toEqual(route.selected);
      expect(outputs.excluded).toEqual(
        route.verdicts
          .filter((v: { selected: boolean }) => !v.selected)
          .map((v: { clusterName: string; reason: string }) => ({
            cluster: v.clusterName,
            reason: v.reason,
          })),
      );
    } finally {
      await sim.close();
    }
  });
});
