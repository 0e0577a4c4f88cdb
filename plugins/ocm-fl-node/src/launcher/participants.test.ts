import {
  JobSpec,
  ManagedCluster,
  parseJobSpec,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { dataOf } from './participants';
import { flowerSpec } from './__testUtils__/launcherTestHub';

const CLAIM = 'data.fl.open-cluster-management.io';

const specWith = (data: Record<string, unknown>): JobSpec => {
  const parsed = parseJobSpec(flowerSpec({ data, storage: { type: 'pvc' } }));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.spec;
};

const cluster = (claimValue?: string) =>
  ({
    metadata: { name: 'hospital-paris' },
    status: {
      clusterClaims:
        claimValue === undefined ? [] : [{ name: CLAIM, value: claimValue }],
    },
  } as unknown as ManagedCluster);

describe("dataOf: where a participant's data is", () => {
  it('takes a host path or PVC from the spec, whatever the cluster claims', () => {
    expect(
      dataOf(specWith({ type: 'hostPath', path: '/srv/data' }), cluster()),
    ).toEqual({ hostPath: '/srv/data' });
    expect(
      dataOf(specWith({ type: 'pvc', claimName: 'scans' }), cluster()),
    ).toEqual({ claimName: 'scans' });
  });

  it("reads the cluster's claim as a host path or a PVC name", () => {
    const spec = specWith({ type: 'clusterClaim', claim: CLAIM });
    expect(dataOf(spec, cluster('/data/mnist'))).toEqual({
      hostPath: '/data/mnist',
    });
    expect(dataOf(spec, cluster('mnist-data'))).toEqual({
      claimName: 'mnist-data',
    });
  });

  it('refuses a cluster without the claim, or with a claim that is neither, naming both', () => {
    const spec = specWith({ type: 'clusterClaim', claim: CLAIM });
    expect(() => dataOf(spec, cluster())).toThrow(
      `data.claim: cluster hospital-paris has no ClusterClaim ${CLAIM} naming its data`,
    );
    expect(() => dataOf(spec, cluster('Not A Name'))).toThrow(
      new RegExp(
        `^data\\.claim: the ClusterClaim ${CLAIM} of cluster hospital-paris must be a host path or PVC name: "Not A Name"`,
      ),
    );
  });
});
