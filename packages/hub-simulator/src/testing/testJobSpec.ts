import type { JobSpecInput } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/**
 * A job spec that the demo scenario's clusters run: a two-round Flower training on two named
 * hospitals, aggregated on gpu-pool-1, its model on a PVC; `changes` replace what they name.
 */
export function testJobSpec(
  name: string,
  changes: Partial<JobSpecInput> = {},
): JobSpecInput {
  return {
    name,
    framework: 'flower',
    image: 'quay.io/x/y:1',
    rounds: 2,
    clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'gpu-pool-1' },
    storage: { type: 'pvc' },
    ...changes,
  };
}
