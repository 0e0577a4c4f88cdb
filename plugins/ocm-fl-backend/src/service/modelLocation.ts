import { JobModelLocation } from '@ocm-fl/backstage-plugin-ocm-fl-node';

/** Where a job keeps its model, from its spec (docs/operating/model-storage.md). */
export type ModelLocation =
  | { storage: 's3'; s3: JobModelLocation; uri: string }
  | { storage: 'pvc'; uri: string };

export function modelLocationOf(job: {
  name: string;
  aggregatorCluster?: string;
  spec?: Record<string, any>;
}): ModelLocation | undefined {
  const storage = job.spec?.storage;
  if (storage?.type === 'pvc') {
    return {
      storage: 'pvc',
      uri: `pvc://${job.aggregatorCluster}/fl-${job.name}/${job.name}-model`,
    };
  }
  if (storage?.type === 's3' && typeof storage.bucket === 'string') {
    const prefix = String(storage.prefix ?? '').replace(/\/+$/, '');
    return {
      storage: 's3',
      s3: { bucket: storage.bucket, prefix, job: job.name },
      uri: `s3://${storage.bucket}/${prefix}${prefix ? '/' : ''}${job.name}/`,
    };
  }
  return undefined;
}

/** The S3 location of a model version from its `s3://<bucket>/<prefix>/<job>/` URI. */
export function s3LocationOfUri(uri: string): JobModelLocation | undefined {
  const match = /^s3:\/\/([^/]+)\/(?:(.*)\/)?([^/]+)\/$/.exec(uri);
  if (!match) return undefined;
  return { bucket: match[1], prefix: match[2] ?? '', job: match[3] };
}
