import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3StorageConfig } from '../config/ocmFlConfig';
import { ModelArtifacts, parseModelFiles } from './parseModelFiles';

/**
 * Reads jobs' model files from S3 with the backend's own credentials (`ocmFl.storage.s3`).
 *
 * @public
 */
export class S3ModelStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3StorageConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      ...(config.credentials ? { credentials: config.credentials } : {}),
    });
  }

  /** The artifacts under `s3://<bucket>/<prefix>/<job>/`. */
  async artifacts(location: {
    bucket: string;
    prefix: string;
    job: string;
  }): Promise<ModelArtifacts> {
    const base = `${location.prefix.replace(/\/+$/, '')}${
      location.prefix ? '/' : ''
    }${location.job}/`;
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
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: `${base}metrics.jsonl`,
        }),
      );
      metricsText = await object.Body?.transformToString();
    }
    return parseModelFiles(
      `s3://${location.bucket}/${base}`,
      keys,
      metricsText,
    );
  }

  get bucket() {
    return this.config.bucket;
  }
}
