import { parseJobSpec } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { aggregatorAddressDraft } from './aggregatorAddress';
import {
  flowerSpec,
  useLauncherTestHub,
  WORK,
} from './__testUtils__/launcherTestHub';

describe('the aggregator draft', () => {
  const specOf = (over: Record<string, unknown>) => {
    const parsed = parseJobSpec(
      flowerSpec({ storage: { type: 'pvc' }, ...over }),
    );
    if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
    return parsed.spec;
  };

  it.each([
    ['flower', 'superlink-fleet'],
    ['openfl', 'aggregator'],
  ])(
    'of a %s job holds only the namespace and the Service clients dial, with its feedback',
    (framework, service) => {
      const work = aggregatorAddressDraft(
        specOf({ framework, tls: { enabled: true } }),
        'federated-learning',
        undefined,
        { createdBy: 'user:default/alice', runId: 'run-1' },
      );
      expect(
        work.spec.workload.manifests.map(
          (m: any) => `${m.kind}/${m.metadata.name}`,
        ),
      ).toEqual(['Namespace/fl-mnist', `Service/${service}`]);
      // Only the Service's address comes back; OpenFL's aggregator Job shares its name.
      const configs = work.spec.manifestConfigs.map(
        (c: any) => c.resourceIdentifier,
      );
      expect(configs.map((c: any) => c.name)).toEqual(
        configs.map(() => service),
      );
      expect(configs).toContainEqual(
        expect.objectContaining({ resource: 'services', name: service }),
      );
      expect(work.metadata).toMatchObject({
        name: 'mnist-aggregator',
        namespace: 'gpu-pool-1',
        annotations: {
          'federated-learning.open-cluster-management.io/created-by':
            'user:default/alice',
        },
        labels: {
          'federated-learning.open-cluster-management.io/run': 'run-1',
        },
      });
    },
  );
});

describe('the aggregator address', () => {
  const hub = useLauncherTestHub();

  it('dials the DNS name of a load balancer that has no IP (AWS)', async () => {
    // edge-virginia's platform ClusterClaim is AWS: its load balancers report a hostname only.
    const result = await hub.launcher.launch(
      flowerSpec({ aggregator: { cluster: 'edge-virginia' } }),
      { createdBy: 'user:default/alice' },
    );
    expect(result.aggregatorAddress).toBe('edge-virginia.elb.example.com:9092');
    const client = await hub.custom.getNamespacedCustomObject({
      ...WORK,
      namespace: 'hospital-paris',
      name: 'mnist-client',
    });
    expect(JSON.stringify(client.spec)).toContain(
      'edge-virginia.elb.example.com:9092',
    );
  });
});
