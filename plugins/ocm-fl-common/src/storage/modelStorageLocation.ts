/**
 * A place where jobs may keep their models in S3, defined by the platform team in
 * configuration (`ocmFl.storage.locations`). A job spec only names one; everything here
 * (bucket, prefix, endpoint, credentials, uploader image) comes from configuration.
 *
 * @public
 */
export interface ModelStorageLocation {
  /** What a job spec's `storage.location` names. */
  name: string;
  bucket: string;
  /** Normalised: no leading or trailing "/", no empty, "." or ".." segments; "" is the bucket's root. */
  prefix: string;
  region: string;
  /** Scheme, host and port of an S3-compatible store; absent for AWS S3. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Secret in the hub's job namespace whose data the uploader receives. */
  credentialsSecret?: string;
  /** Or workload identity: annotations for the aggregator's service account. */
  serviceAccountAnnotations?: Record<string, string>;
  /** Image of the upload sidecar (needs `aws s3 sync`). */
  uploaderImage: string;
  /** The hubs whose jobs may use it; all hubs when absent. */
  hubs?: string[];
}

/** The key prefix of a job's folder: `<prefix>/<job>/`, or `<job>/` at the bucket's root. @public */
export function jobModelPrefix(
  location: Pick<ModelStorageLocation, 'prefix'>,
  job: string,
): string {
  return `${location.prefix ? `${location.prefix}/` : ''}${job}/`;
}

/** `s3://<bucket>/<prefix>/<job>/`. @public */
export function jobModelUri(
  location: Pick<ModelStorageLocation, 'bucket' | 'prefix'>,
  job: string,
): string {
  return `s3://${location.bucket}/${jobModelPrefix(location, job)}`;
}

/** The locations a job on this hub may use; without a hub name, those open to every hub. @public */
export function storageLocationsForHub(
  locations: ModelStorageLocation[],
  hub: string | undefined,
): ModelStorageLocation[] {
  return locations.filter(
    l => !l.hubs || (hub !== undefined && l.hubs.includes(hub)),
  );
}

/**
 * The location a job spec's `storage.location` names, when this hub may use it; otherwise
 * a problem that names the field and the allowed names.
 *
 * @public
 */
export function resolveStorageLocation(
  name: string,
  locations: ModelStorageLocation[],
  hub: string | undefined,
): { location: ModelStorageLocation } | { problem: string } {
  const allowed = storageLocationsForHub(locations, hub);
  const location = allowed.find(l => l.name === name);
  if (location) return { location };
  const where = hub === undefined ? '' : ` on hub ${hub}`;
  const known = locations.some(l => l.name === name);
  return {
    problem: `storage.location: ${
      known
        ? `"${name}" may not be used${where}`
        : `"${name}" is not a configured model storage location`
    }; allowed${where}: ${
      allowed.map(l => l.name).join(', ') ||
      'none (ocmFl.storage.locations defines none; use storage type pvc)'
    }`,
  };
}
