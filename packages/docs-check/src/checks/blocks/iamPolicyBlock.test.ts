import { probeBlock } from '../__testUtils__/probeBlock';
import { checkIamPolicy } from './iamPolicyBlock';

describe('checkIamPolicy', () => {
  it('fails on a policy that grants more than the code needs', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::b',
        },
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:DeleteObject'],
          Resource: 'arn:aws:s3:::b/*',
        },
      ],
    };
    await expect(
      checkIamPolicy(
        probeBlock('json iam-policy for=uploader', JSON.stringify(policy)),
      ),
    ).rejects.toThrow(
      /grants s3:DeleteObject, s3:ListBucket, s3:PutObject; the code needs s3:ListBucket, s3:PutObject/,
    );
  });
});
