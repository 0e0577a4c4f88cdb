import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ModelStorageLocation } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { S3StorageConfig } from '../config/ocmFlConfig';
import {
  jobModelFolder,
  JobModelRef,
  jobModelRefOfUri,
  ModelLocationError,
} from './jobModelFolder';
import { ModelArtifacts, parseModelFiles } from './parseModelFiles';

/**
 * The S3 operations the store sends or presigns, by their API names: what the backend's IAM
 * policy must grant (docs/operating/model-storage.md, checked by the docs check).
 *
 * @public
 */
export const S3_MODEL_STORE_OPERATIONS = [
  'ListObjectsV2',
  'GetObject',
  'PutObject',
] as const;

/**
 * Reads and writes jobs' model folders with the backend's own S3 client (`ocmFl.storage.s3`),
 * only ever inside the configured locations (`ocmFl.storage.locations`): every call names
 * a location and a job, never a bucket or a key.
 *
 * @public
 */
export class S3ModelStore {
  private readonly client: S3Client;
  private readonly locations: ModelStorageLocation[];

  constructor(options: {
    s3: S3StorageConfig;
    locations: ModelStorageLocation[];
  }) {
    const config = options.s3;
    this.locations = options.locations;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      // A copy: the SDK marks the credentials object it is given (`$source`).
      ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    });
  }

  /** `s3://<bucket>/<prefix>/<job>/` of a job in its configured location. */
  uriOf(ref: JobModelRef): string {
    return jobModelFolder(this.locations, ref).uri;
  }

  /** The job folder a stored URI names, refused unless it is inside a configured location. */
  refOfUri(uri: string): JobModelRef {
    return jobModelRefOfUri(this.locations, uri);
  }

  /** The artifacts in the job's folder. */
  async artifacts(ref: JobModelRef): Promise<ModelArtifacts> {
    const folder = jobModelFolder(this.locations, ref);
    const base = folder.prefix;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: folder.bucket,
          Prefix: base,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).map(o => o.Key!.slice(base.length)));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    let metricsText: string | undefined;
    if (keys.includes('metrics.jsonl')) {
      try {
        const object = await this.client.send(
          new GetObjectCommand({
            Bucket: folder.bucket,
            Key: `${base}metrics.jsonl`,
          }),
        );
        metricsText = await object.Body?.transformToString();
      } catch (error) {
        // Listed a moment ago, replaced by the uploader since: read it next time.
        if (!(error instanceof NoSuchKey)) throw error;
      }
    }
    return parseModelFiles(folder.uri, keys, metricsText);
  }

  /** Writes the job's lineage record, `job.json`, next to its model. */
  async writeJobRecord(ref: JobModelRef, record: unknown) {
    const folder = jobModelFolder(this.locations, ref);
    await this.client.send(
      new PutObjectCommand({
        Bucket: folder.bucket,
        Key: `${folder.prefix}job.json`,
        Body: JSON.stringify(record, null, 2),
        ContentType: 'application/json',
      }),
    );
  }

  /**
   * A URL that downloads one of the job's files without credentials until it expires.
   * `file` is relative to the job's prefix and must not climb out of it.
   */
  async downloadUrl(
    ref: JobModelRef,
    file: string,
    expiresInSeconds: number,
  ): Promise<string> {
    const folder = jobModelFolder(this.locations, ref);
    if (file.split('/').some(part => ['', '.', '..'].includes(part))) {
      throw new ModelLocationError(
        `file "${file}" is not a path inside the job's folder`,
      );
    }
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: folder.bucket,
        Key: `${folder.prefix}${file}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
