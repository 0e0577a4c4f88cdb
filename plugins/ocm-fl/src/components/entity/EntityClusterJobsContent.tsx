import { useEntity } from '@backstage/plugin-catalog-react';
import { JobsTable } from '../jobs/JobsTable';

/** A cluster entity's "Federated Learning" tab: the jobs that ran or run there, live. */
export function EntityClusterJobsContent() {
  const { entity } = useEntity();
  // The cluster entity's name is the ManagedCluster's name (the entity provider's and the
  // community OCM plugin's convention).
  return (
    <JobsTable
      cluster={entity.metadata.name}
      title={`Federated learning jobs on ${entity.metadata.name}`}
    />
  );
}
