import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { ocmFlLabels } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** What the hub holds of one job, read as a person with kubectl would. */
export interface JobAudit {
  works: string[];
  placements: string[];
  /** The distinct run labels on those objects: more than one means two launches mixed. */
  runs: string[];
}

const KINDS = [
  {
    group: 'work.open-cluster-management.io',
    version: 'v1',
    plural: 'manifestworks',
  },
  {
    group: 'cluster.open-cluster-management.io',
    version: 'v1beta1',
    plural: 'placements',
  },
] as const;

/**
 * Lists a job's works and Placements by its label. Objects already being deleted do not
 * count: their finalizers remove them, as OCM's work agent does on a real hub.
 */
export async function auditJob(kc: KubeConfig, job: string): Promise<JobAudit> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const [works, placements] = await Promise.all(
    KINDS.map(async kind =>
      (
        (
          await api.listClusterCustomObject({
            ...kind,
            labelSelector: `${ocmFlLabels.job}=${job}`,
          })
        ).items as Array<{
          metadata: {
            name: string;
            namespace: string;
            labels?: Record<string, string>;
            deletionTimestamp?: string;
          };
        }>
      ).filter(o => !o.metadata.deletionTimestamp),
    ),
  );
  const name = (o: { metadata: { name: string; namespace: string } }) =>
    `${o.metadata.namespace}/${o.metadata.name}`;
  return {
    works: works.map(name).sort(),
    placements: placements.map(name).sort(),
    runs: [
      ...new Set(
        [...works, ...placements].map(
          o => o.metadata.labels?.[ocmFlLabels.run] ?? '(none)',
        ),
      ),
    ].sort(),
  };
}

/** Objects a job holds beyond one per expected work and Placement, and launches mixed. */
export function duplicatesOf(
  audit: JobAudit,
  expected: { works: number; placements: number },
): number {
  return (
    Math.max(0, audit.works.length - expected.works) +
    Math.max(0, audit.placements.length - expected.placements) +
    Math.max(0, audit.runs.length - 1)
  );
}

export const objectCount = (audit: JobAudit) =>
  audit.works.length + audit.placements.length;
