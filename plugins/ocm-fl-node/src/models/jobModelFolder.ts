import {
  jobModelPrefix,
  jobModelUri,
  ModelStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** A job's folder in a configured model storage location, by the location's name. @public */
export interface JobModelRef {
  location: string;
  job: string;
}

/** A model the backend will not read: its location is not configured, or it points outside. @public */
export class ModelLocationError extends Error {
  readonly name = 'ModelLocationError';
}

/** Where a job's files are in S3: always `<location bucket>/<location prefix>/<job>/`. @public */
export interface JobModelFolder {
  bucket: string;
  /** Key prefix, ending in "/". */
  prefix: string;
  uri: string;
}

// A job name is a DNS-1123 label, so it can neither climb nor reach into another job's folder.
const JOB_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function configured(locations: ModelStorageLocation[]): string {
  return locations.map(l => l.name).join(', ') || 'none';
}

/**
 * The folder of a job in its configured location; a ref whose location is not configured,
 * or whose job is not a job name, is refused before anything is read.
 *
 * @public
 */
export function jobModelFolder(
  locations: ModelStorageLocation[],
  ref: JobModelRef,
): JobModelFolder {
  const location = locations.find(l => l.name === ref.location);
  if (!location) {
    throw new ModelLocationError(
      `the model of job ${ref.job} is in ${
        ref.location
          ? `storage location "${ref.location}", which is not configured`
          : 'no configured storage location'
      } (ocmFl.storage.locations: ${configured(locations)}); it is not read`,
    );
  }
  if (!JOB_NAME.test(ref.job)) {
    throw new ModelLocationError(
      `"${ref.job}" is not a job name (a DNS-1123 label); its model is not read`,
    );
  }
  return {
    bucket: location.bucket,
    prefix: jobModelPrefix(location, ref.job),
    uri: jobModelUri(location, ref.job),
  };
}

/**
 * The job folder a stored URI names, when it is exactly `s3://<bucket>/<prefix>/<job>/` of
 * a configured location; anything else (another bucket, a prefix outside, a path that
 * climbs) is refused.
 *
 * @public
 */
export function jobModelRefOfUri(
  locations: ModelStorageLocation[],
  uri: string,
): JobModelRef {
  for (const location of locations) {
    const base = `s3://${location.bucket}/${
      location.prefix ? `${location.prefix}/` : ''
    }`;
    const job = uri.startsWith(base)
      ? uri.slice(base.length).replace(/\/$/, '')
      : undefined;
    if (job && JOB_NAME.test(job) && jobModelUri(location, job) === uri) {
      return { location: location.name, job };
    }
  }
  throw new ModelLocationError(
    `${uri} is not a job's folder inside a configured model storage location (${
      locations.map(l => jobModelUri(l, '<job>')).join(', ') || 'none'
    }); it is not read`,
  );
}
