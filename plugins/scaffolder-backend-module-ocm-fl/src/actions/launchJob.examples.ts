import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify as toYaml } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Launch a Flower job on the GPU clusters of the hospitals set, model to S3',
    example: toYaml({
      steps: [
        {
          id: 'launch',
          action: 'ocm-fl:job:launch',
          name: 'Launch federated training',
          input: {
            spec: {
              name: 'radiology-fedavg',
              framework: 'flower',
              image: 'registry.example.com/ml/radiology-app:1.0',
              rounds: 10,
              minClients: 2,
              clients: {
                placement: {
                  clusterSets: ['hospitals'],
                  predicates: [
                    { labelSelector: { matchLabels: { gpu: 'true' } } },
                  ],
                },
              },
              data: {
                type: 'clusterClaim',
                claim: 'data.fl.open-cluster-management.io',
              },
              aggregator: { cluster: 'gpu-pool-1' },
              // A location from ocmFl.storage.locations: bucket and credentials come from there.
              storage: { type: 's3', location: 'models' },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Launch an OpenFL job on named clusters, model on a PVC, aggregator behind a NodePort',
    example: toYaml({
      steps: [
        {
          id: 'launch',
          action: 'ocm-fl:job:launch',
          input: {
            hub: 'default',
            spec: {
              name: 'tumor-segmentation',
              framework: 'openfl',
              image: 'registry.example.com/ml/tumor-workspace:2.1',
              rounds: 20,
              // OpenFL waits for every collaborator: one per named cluster.
              minClients: 3,
              clients: {
                clusters: [
                  'hospital-paris',
                  'hospital-madrid',
                  'hospital-boston',
                ],
              },
              data: { type: 'pvc', claimName: 'imaging-data' },
              aggregator: {
                cluster: 'gpu-pool-1',
                exposure: {
                  type: 'NodePort',
                  address: 'fl.example.org',
                  nodePort: 31051,
                },
              },
              storage: { type: 'pvc', size: '20Gi' },
            },
          },
        },
      ],
    }),
  },
];
