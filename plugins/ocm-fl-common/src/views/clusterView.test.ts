import {
  availableCluster as available,
  unreachableCluster as unreachable,
} from '../__fixtures__';
import { clusterView } from './views';

describe('clusterView of a ManagedCluster as the hub serves it', () => {
  it('reads an available cluster: set, claims, quantities and version', () => {
    expect(clusterView('default', available, ['mnist'])).toEqual({
      hub: 'default',
      name: 'hospital-berlin',
      available: true,
      clusterSet: 'hospitals',
      labels: available.metadata.labels,
      claims: {
        'id.k8s.io': '3b8b5f1e-0c4d-4e0a-9d2b-7f6a1c2e9d44',
        'kubeversion.open-cluster-management.io': 'v1.31.1',
        'data.fl.open-cluster-management.io': '/datasets/radiology',
      },
      capacity: { cpu: '16', memory: '65842Mi' },
      allocatable: { cpu: '15500m', memory: '63732Mi' },
      kubernetesVersion: 'v1.31.1',
      taints: [],
      jobs: ['mnist'],
    });
  });

  it('reads a cluster whose lease stopped as unavailable, with its taint', () => {
    expect(clusterView('default', unreachable, [])).toMatchObject({
      name: 'hospital-paris',
      available: false,
      taints: [
        {
          key: 'cluster.open-cluster-management.io/unreachable',
          effect: 'NoSelect',
        },
      ],
    });
  });
});
