import { CodeBlock } from '../markdown';
import { BLOCK_CHECKS } from './blockChecks';
import { CheckContext } from './blocks/checkContext';
import { flagListed, hasTool } from './blocks/toolHelp';
import { PageSession, shellCommands } from './session';

const block = (info: string, content: string): CodeBlock => {
  const [language, check, ...rest] = info.split(' ');
  return {
    file: 'docs/probe.md',
    line: 1,
    language,
    check,
    options: Object.fromEntries(rest.map(o => o.split('='))),
    content,
  };
};

const context = (): CheckContext => ({
  session: new PageSession(),
  configSchema: () => Promise.reject(new Error('not needed')),
  actionIds: ['ocm-fl:job:launch'],
});

const run = (info: string, content: string) => {
  const b = block(info, content);
  return BLOCK_CHECKS[`${b.language} ${b.check}`](b, context());
};

describe('block checks fail on broken snippets', () => {
  it('a job spec with a bad field', async () => {
    await expect(
      run('yaml jobspec', 'name: x\nframework: flower\nrounds: 0\n'),
    ).rejects.toThrow(/rounds: must be at least 1/);
  });

  it('a manifest with a field its CRD does not know, and an unknown kind', async () => {
    await expect(
      run(
        'yaml manifests',
        'apiVersion: cluster.open-cluster-management.io/v1beta2\nkind: ManagedClusterSetBinding\nmetadata: { name: a, namespace: b }\nspec: { clusterSet: a, colour: red }\n',
      ),
    ).rejects.toThrow(/unknown field "spec.colour"/);
    await expect(
      run(
        'yaml manifests',
        'apiVersion: example.org/v1\nkind: Widget\nmetadata: { name: a }\n',
      ),
    ).rejects.toThrow(/no schema for example.org\/v1\/Widget/);
  });

  it('an IAM policy that grants more than the code needs', async () => {
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
      run('json iam-policy for=uploader', JSON.stringify(policy)),
    ).rejects.toThrow(
      /grants s3:DeleteObject, s3:ListBucket, s3:PutObject; the code needs s3:ListBucket, s3:PutObject/,
    );
  });

  it('a repository command that does not exist, and a flag our bin lacks', async () => {
    await expect(run('sh repo', 'scripts/deploy.sh\n')).rejects.toThrow(
      /scripts\/deploy.sh does not exist/,
    );
    await expect(
      run('sh repo', 'yarn ocm-fl render --colour\n'),
    ).rejects.toThrow(/has no flag --colour/);
  });

  it('an ocm-fl command that exits otherwise than the page says', async () => {
    const ctx = context();
    try {
      const b = block('sh ocm-fl', 'yarn ocm-fl launch -f missing.yaml\n');
      await expect(BLOCK_CHECKS['sh ocm-fl'](b, ctx)).rejects.toThrow(
        /exited 2, not 0: ocm-fl: -f\/--file: cannot read missing.yaml/,
      );
    } finally {
      await ctx.session.close();
    }
  });

  it('a Flower image on another base', async () => {
    await expect(
      run(
        'dockerfile image framework=flower',
        'FROM python:3.12\nRUN pip install flwr\n',
      ),
    ).rejects.toThrow(/a Flower app starts FROM flwr\/superexec/);
  });
});

// scripts/test.sh installs kubectl, so CI never skips; a developer machine may lack it.
const describeWithKubectl =
  hasTool('kubectl') || process.env.CI ? describe : describe.skip;

describeWithKubectl('kubectl block checks', () => {
  it('fail on a flag that does not exist', async () => {
    await expect(
      run('sh kubectl', 'kubectl get managedclusters --colour=red\n'),
    ).rejects.toThrow(/has no flag --colour/);
  });
});

describe('shell commands of a block', () => {
  it('join continuations, drop comments, expand variables and refuse pipes', () => {
    const commands = shellCommands(
      block(
        'sh ocm-fl',
        '# a comment\nyarn ocm-fl status \\\n  job --token "$T"  # why\n',
      ),
      { T: 'secret' },
    );
    expect(commands).toEqual([
      {
        line: 3,
        env: {},
        words: ['yarn', 'ocm-fl', 'status', 'job', '--token', 'secret'],
      },
    ]);
    expect(() =>
      shellCommands(block('sh ocm-fl', 'ocm-fl status $UNSET\n')),
    ).toThrow('$UNSET is not set by the page');
    expect(() =>
      shellCommands(block('sh repo', 'yarn tsc | tee log\n')),
    ).toThrow('use one plain command per line');
  });

  it('find flags in help text as whole words', () => {
    expect(flagListed("  -n, --namespace='':", '-n')).toBe(true);
    expect(flagListed('  --token <token>', '--to')).toBe(false);
  });
});
