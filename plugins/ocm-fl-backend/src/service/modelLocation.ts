import { pvcModelUri } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { JobModelRef } from '@ocm-fl/backstage-plugin-ocm-fl-node';

/**
 * Where a job keeps its model, from its spec (docs/operating/model-storage.md): for S3, the
 * configured location its spec names, which the model store resolves (and refuses when it
 * is not configured); never a bucket or prefix from the spec. For a PVC, the claim of the
 * job's launch (its run id), which stays on the aggregator cluster after the job.
 */
export type ModelLocation =
  | { storage: 's3'; ref: JobModelRef }
  | { storage: 'pvc'; uri: string };

export function modelLocationOf(job: {
  name: string;
  aggregatorCluster?: string;
  runId?: string;
  spec?: Record<string, any>;
}): ModelLocation | undefined {
  const storage = job.spec?.storage;
  if (storage?.type === 'pvc') return { storage: 'pvc', uri: pvcModelUri(job) };
  if (storage?.type === 's3') {
    // A spec of an older form names no location: the store refuses it by name.
    const location =
      typeof storage.location === 'string' ? storage.location : '';
    return { storage: 's3', ref: { location, job: job.name } };
  }
  return undefined;
}
