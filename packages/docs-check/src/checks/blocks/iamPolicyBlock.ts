import {
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { S3_MODEL_STORE_OPERATIONS } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { CodeBlock } from '../../markdown';
import { devStorageLocations } from './repoAppConfig';

/** S3 operations, by their API names, and the IAM action each needs. */
const IAM_ACTION_OF_S3_OPERATION: Record<string, string> = {
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject',
};

/** The IAM actions the code needs, per identity: the backend's model store, the uploader. */
export function neededS3Actions(identity: string): string[] {
  if (identity === 'backend') {
    return [
      ...new Set(
        S3_MODEL_STORE_OPERATIONS.map(operation => {
          if (!IAM_ACTION_OF_S3_OPERATION[operation])
            throw new Error(
              `S3 operation ${operation} has no IAM action in iamPolicyBlock.ts`,
            );
          return IAM_ACTION_OF_S3_OPERATION[operation];
        }),
      ),
    ].sort();
  }
  if (identity === 'uploader') {
    // The uploader sidecar runs `aws s3 sync`, which lists the target and puts objects.
    const parsed = parseJobSpec({
      name: 'probe',
      framework: 'flower',
      image: 'example.org/app:1',
      rounds: 1,
      clients: { clusters: ['a', 'b'] },
      data: { type: 'hostPath', path: '/data' },
      aggregator: { cluster: 'agg' },
      storage: { type: 's3', location: 'models' },
      tls: { enabled: false },
    });
    if (!parsed.success) throw new Error('probe spec is invalid');
    const work = JSON.stringify(
      renderJob({
        spec: parsed.spec,
        namespace: 'federated-learning',
        participants: [],
        aggregatorAddress: { host: 'agg.example.org', port: 9092 },
        storageLocation: devStorageLocations()[0],
      }).aggregatorWork,
    );
    if (!work.includes('aws s3 sync'))
      throw new Error(
        'the uploader no longer runs aws s3 sync: update the policy check',
      );
    return ['s3:ListBucket', 's3:PutObject'];
  }
  throw new Error(`an iam-policy block names for=backend or for=uploader`);
}

/**
 * An IAM policy: exactly the S3 actions the identity's code needs (no more, no fewer),
 * bucket-level actions on the bucket ARN and object actions on keys under it.
 */
export async function checkIamPolicy(block: CodeBlock) {
  const policy = JSON.parse(block.content);
  if (policy.Version !== '2012-10-17')
    throw new Error('Version must be "2012-10-17"');
  const granted: string[] = [];
  for (const statement of policy.Statement ?? []) {
    if (statement.Effect !== 'Allow') throw new Error('only Allow statements');
    const actions = [statement.Action].flat();
    const resources = [statement.Resource].flat();
    for (const action of actions) {
      const bucketLevel = action === 's3:ListBucket';
      const fits = resources.every((r: string) =>
        bucketLevel
          ? /^arn:aws:s3:::[a-z0-9.-]+$/.test(r)
          : /^arn:aws:s3:::[a-z0-9.-]+\/.*\*$/.test(r),
      );
      if (!fits)
        throw new Error(
          `${action} on ${resources.join(', ')}: wrong resource level`,
        );
      granted.push(action);
    }
  }
  const needed = neededS3Actions(block.options.for);
  const sorted = [...new Set(granted)].sort();
  if (JSON.stringify(sorted) !== JSON.stringify(needed))
    throw new Error(
      `grants ${sorted.join(', ')}; the code needs ${needed.join(', ')}`,
    );
}
