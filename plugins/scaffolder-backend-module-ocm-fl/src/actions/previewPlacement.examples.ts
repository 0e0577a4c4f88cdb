import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify as toYaml } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Preview the EU clusters with a GPU and a data claim',
    example: toYaml({
      steps: [
        {
          id: 'preview',
          action: 'ocm-fl:placement:preview',
          input: {
            placement: {
              clusterSets: ['hospitals', 'gpu-pool'],
              predicates: [
                {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'region',
                        operator: 'In',
                        values: ['eu-central', 'eu-west'],
                      },
                    ],
                  },
                  claimSelector: {
                    matchExpressions: [
                      {
                        key: 'data.fl.open-cluster-management.io',
                        operator: 'Exists',
                      },
                    ],
                  },
                  celExpressions: [
                    'managedCluster.metadata.labels["gpu"] == "true"',
                  ],
                },
              ],
              numberOfClusters: 3,
            },
          },
        },
      ],
    }),
  },
];
