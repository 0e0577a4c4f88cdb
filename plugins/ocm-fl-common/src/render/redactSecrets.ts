import { Manifest } from './types';

const MARKER = '<redacted>';

function redactValues(values: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.keys(values as object).map(key => [key, MARKER]),
  );
}

function redactManifest(manifest: Manifest): Manifest {
  if (manifest.kind !== 'Secret') return manifest;
  return {
    ...manifest,
    ...(manifest.data ? { data: redactValues(manifest.data) } : {}),
    ...(manifest.stringData
      ? { stringData: redactValues(manifest.stringData) }
      : {}),
  };
}

/**
 * Replaces the values of Secrets (private keys, S3 credentials), and of the Secrets inside a
 * ManifestWork, with a marker; key names stay, so people see what a Secret holds.
 *
 * @public
 */
export function redactSecrets(object: Manifest): Manifest {
  if (object.kind !== 'ManifestWork') return redactManifest(object);
  const spec = object.spec as { workload?: { manifests?: Manifest[] } };
  if (!spec?.workload?.manifests) return object;
  return {
    ...object,
    spec: {
      ...spec,
      workload: {
        ...spec.workload,
        manifests: spec.workload.manifests.map(redactManifest),
      },
    },
  };
}
