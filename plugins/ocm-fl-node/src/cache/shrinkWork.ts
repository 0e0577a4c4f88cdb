import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { redactSecrets } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/**
 * Shrinks a ManifestWork, in place, to what the portal reads from the cache all the time:
 * metadata without managedFields, the work's conditions, and per manifest its identity and
 * status feedback. Returns the removed spec, compressed, for the rare reader of the manifests,
 * with the values of its Secrets (private keys, S3 credentials) dropped: they never rest in
 * the backend's memory.
 * In place because the informer keeps this very object: at 20,000 works the full objects
 * would take gigabytes.
 */
export function shrinkWork(work: {
  metadata?: { managedFields?: unknown };
  spec?: unknown;
  status?: {
    resourceStatus?: {
      manifests?: Array<{
        resourceMeta?: Record<string, unknown>;
        statusFeedback?: { values?: unknown[] };
      }>;
    };
  };
}): Buffer | undefined {
  if (work.metadata) delete work.metadata.managedFields;
  const manifests = work.status?.resourceStatus?.manifests;
  if (manifests) {
    work.status!.resourceStatus!.manifests = manifests.map(m => ({
      resourceMeta: {
        kind: m.resourceMeta?.kind,
        name: m.resourceMeta?.name,
        namespace: m.resourceMeta?.namespace,
      },
      ...(m.statusFeedback?.values?.length
        ? { statusFeedback: m.statusFeedback }
        : {}),
    }));
  }
  if (work.spec === undefined) return undefined;
  const { spec: redacted } = redactSecrets({
    apiVersion: 'work.open-cluster-management.io/v1',
    kind: 'ManifestWork',
    metadata: { name: '' },
    spec: work.spec,
  });
  // A copy of exact size: zlib's result is a view of a 16 KiB chunk, which it would pin.
  const spec = Buffer.from(deflateRawSync(JSON.stringify(redacted)));
  delete work.spec;
  return spec;
}

/** The spec `shrinkWork` removed. */
export function restoreSpec(deflated: Buffer): unknown {
  return JSON.parse(inflateRawSync(deflated).toString('utf8'));
}
