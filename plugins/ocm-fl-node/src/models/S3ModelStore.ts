import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { S3StorageConfig } from '../config/ocmFlConfig';
import { ModelArtifacts, parseModelFiles } from './parseModelFiles';

/** Where a job's files live: `s3://<bucket>/<prefix>/<job>/`. @public */
export interface JobModelLocation {
  bucket: string;
  prefix: string;
  job: string;
}

function jobPrefix(location: JobModelLocation): string {
  const prefix = location.prefix.replace(/\/+$/, '');
  return `${prefix}${prefix ? '/' : ''}${location.job}/`;
}

/**
 * Reads jobs' model files from S3 with the backend's own credentials (`ocmFl.storage.s3`).
 *
 * @public
 */
export class S3ModelStore {
  private readonly client: S3Client;

  constructor(config: S3StorageConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      // A copy: the SDK marks the credentials object it is given (`$source`).
      ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    });
  }

  /** The artifacts under `s3://<bucket>/<prefix>/<job>/`. */
  async artifacts(location: JobModelLocation): Promise<ModelArtifacts> {
    const base = jobPrefix(location);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
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
            Bucket: location.bucket,
            Key: `${base}metrics.jsonl`,
          }),
        );
        metricsText = await object.Body?.transformToString();
      } catch (error) {
        // Listed a moment ago, replaced by the uploader since: read it next time.
        if (!(error instanceof NoSuchKey)) throw error;
      }
    }
    return parseModelFiles(
      `s3://${location.bucket}/${base}`,
      keys,
      metricsText,
    );
  }

  /** Writes the job's lineage record, `job.json`, next to its model. */
  async writeJobRecord(location: JobModelLocation, record: unknown) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: `${jobPrefix(location)}job.json`,
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
    location: JobModelLocation,
    file: string,
    expiresInSeconds: number,
  ): Promise<string> {
    if (file.split('/').some(part => part === '..' || part === '')) {
      throw new Error(`file "${file}" is not a path inside the job's folder`);
    }
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: location.bucket,
        Key: `${jobPrefix(location)}${file}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
