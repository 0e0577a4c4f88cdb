import { Manifest } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { kubernetesVersionProblem, nativeSidecarsOf } from './clusterVersion';

const workWith = (initContainers: unknown[]): Manifest => ({
  apiVersion: 'work.open-cluster-management.io/v1',
  kind: 'ManifestWork',
  metadata: { name: 'job-aggregator', namespace: 'c1' },
  spec: {
    workload: {
      manifests: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'aggregator' },
          spec: { template: { spec: { initContainers, containers: [] } } },
        },
      ],
    },
  },
});
const sidecar = { name: 'model-uploader', restartPolicy: 'Always' };
const plainInit = { name: 'merge-plan' };

describe('kubernetesVersionProblem', () => {
  it('finds native sidecars only, not plain init containers', () => {
    expect(nativeSidecarsOf(workWith([plainInit, sidecar]))).toEqual([
      'Job aggregator/model-uploader',
    ]);
  });

  it.each(['v1.29.0', 'v1.31.2+k3s1', 'v1.30.4-eks-a737599', 'v2.0.0'])(
    'accepts %s for native sidecars',
    version => {
      expect(
        kubernetesVersionProblem(
          { name: 'c1', kubernetesVersion: version },
          workWith([sidecar]),
        ),
      ).toBeUndefined();
    },
  );

  it.each(['v1.28.15', 'v1.27.3-gke.100', 'v1.9.11'])(
    'refuses %s, naming the cluster, its version and the sidecar',
    version => {
      expect(
        kubernetesVersionProblem(
          { name: 'c1', kubernetesVersion: version },
          workWith([sidecar]),
        ),
      ).toBe(
        `cluster c1 runs Kubernetes ${version}; this job runs Job aggregator/model-uploader as a native sidecar (an init container with restartPolicy Always), which needs Kubernetes 1.29 or later`,
      );
    },
  );

  it('refuses a cluster that reports no version when the work needs one', () => {
    expect(
      kubernetesVersionProblem({ name: 'c1' }, workWith([sidecar])),
    ).toMatch(
      /^cluster c1 reports no Kubernetes version \(ManagedCluster status\.version\.kubernetes\)/,
    );
  });

  it('asks nothing of a cluster whose work has no native sidecar', () => {
    expect(
      kubernetesVersionProblem(
        { name: 'c1', kubernetesVersion: 'v1.20.0' },
        workWith([plainInit]),
      ),
    ).toBeUndefined();
  });
});
