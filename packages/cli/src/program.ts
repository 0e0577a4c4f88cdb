import { Command } from 'commander';
import { jobSpecJsonSchema } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  hubErrorMessage,
  JobLauncher,
  LaunchError,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { stringify as toYaml } from 'yaml';
import { CliError, invalid } from './errors';
import { HubFlags, hubKubeConfig } from './hub';
import { readJobFile } from './jobFile';
import {
  StorageFlags,
  storageLocationsOf,
  storageOptions,
} from './storageLocations';
import { renderCommand } from './commands/render';
import { statusCommand } from './commands/status';

/** Where the program writes; tests pass their own. */
/** A user or group entity ref, as the created-by annotation holds it. */
const OWNER_REF =
  /^(user|group):([a-z0-9][a-z0-9._-]{0,62}\/)?[a-z0-9][a-z0-9._-]{0,62}$/i;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => string;
}

const hubOptions = (command: Command) =>
  command
    .option('--hub-url <url>', "the hub's Kubernetes API server")
    .option('--token <token>', 'bearer token for the hub')
    .option('--ca-file <file>', "the hub's CA certificate (PEM)")
    .option(
      '--insecure-skip-tls-verify',
      'do not verify the hub certificate (development only)',
    )
    .option('--kubeconfig <file>', 'a kubeconfig instead of --hub-url/--token')
    .option(
      '-n, --namespace <namespace>',
      'hub namespace of the jobs',
      'federated-learning',
    );

/**
 * Runs the `ocm-fl` command line and returns its exit code: 0 ok, 1 failed, 2 invalid
 * input (with a message on stderr naming the field or flag).
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = new Command('ocm-fl')
    .description(
      'Render, launch and follow federated learning jobs on an Open Cluster Management hub',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  storageOptions(program.command('render'))
    .description(
      'print the hub objects of a job as multi-document YAML (Secret values redacted)',
    )
    .requiredOption('-f, --file <file>', 'job spec (YAML or JSON; - for stdin)')
    .option(
      '--clusters <names>',
      'client clusters, comma-separated, for a job that uses a placement',
    )
    .option('--aggregator-address <host:port>', 'the address clients dial')
    .option(
      '--data <cluster=path>',
      'data path or PVC per cluster, for ClusterClaim data sources',
      (v: string, all: string[] = []) => [...all, v],
    )
    .option(
      '-n, --namespace <namespace>',
      'hub namespace of the Placement',
      'federated-learning',
    )
    .option(
      '--include-secrets',
      'print certificate keys and credentials (never commit them)',
    )
    .action(async opts => {
      const { spec } = readJobFile(opts.file, io.stdin);
      io.stdout(await renderCommand(spec, opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of the job spec, for editors')
    .action(() => {
      io.stdout(`${JSON.stringify(jobSpecJsonSchema(), null, 2)}\n`);
    });

  hubOptions(
    storageOptions(program.command('launch'))
      .description('launch a job on the hub')
      .requiredOption(
        '-f, --file <file>',
        'job spec (YAML or JSON; - for stdin)',
      )
      .option('--dry-run', 'render and validate with the hub, change nothing')
      .option('--keep-on-failure', 'keep what a failed launch created')
      .option(
        '--owner <entity-ref>',
        'who launches, as the portal shows it (a catalog user or group, e.g. user:default/alice); without it the job shows as launched from the command line',
      ),
  ).action(
    async (
      opts: HubFlags &
        StorageFlags & {
          file: string;
          namespace: string;
          dryRun?: boolean;
          keepOnFailure?: boolean;
          owner?: string;
        },
    ) => {
      if (opts.owner !== undefined && !OWNER_REF.test(opts.owner))
        throw invalid(
          `--owner: must be the entity ref of a catalog user or group, such as user:default/alice; got "${opts.owner}"`,
        );
      const { raw } = readJobFile(opts.file, io.stdin);
      const launcher = new JobLauncher({
        kubeConfig: hubKubeConfig(opts),
        namespace: opts.namespace,
        hubName: opts.hubName,
        storageLocations: storageLocationsOf(opts),
      });
      try {
        const result = await launcher.launch(raw, {
          dryRun: opts.dryRun,
          keepOnFailure: opts.keepOnFailure,
          createdBy: opts.owner,
          onProgress: message => io.stderr(`${message}\n`),
        });
        if (opts.dryRun)
          io.stdout(result.objects.map(o => toYaml(o)).join('---\n'));
        io.stdout(
          `${opts.dryRun ? 'validated' : 'launched'} ${
            result.job
          } on ${result.participants.join(', ')}; aggregator ${
            result.aggregatorCluster
          } at ${result.aggregatorAddress}\n`,
        );
      } catch (error) {
        if (error instanceof LaunchError)
          throw new CliError(error.message, error.kind === 'invalid' ? 2 : 1);
        throw error;
      }
    },
  );

  hubOptions(
    program
      .command('status')
      .description("a job's phase and each cluster's state")
      .argument('<job>', 'job name'),
  ).action(async (job: string, opts: HubFlags & { namespace: string }) => {
    io.stdout(
      `${await statusCommand(hubKubeConfig(opts), opts.namespace, job)}\n`,
    );
  });

  hubOptions(
    program
      .command('delete')
      .description(
        "delete a job's Placement and ManifestWorks from the hub, found by the job's label (its model stays: in S3, or on its PVC, whose namespace fl-<job> stays on the aggregator cluster)",
      )
      .argument('<job>', 'job name'),
  ).action(async (job: string, opts: HubFlags & { namespace: string }) => {
    const launcher = new JobLauncher({
      kubeConfig: hubKubeConfig(opts),
      namespace: opts.namespace,
      storageLocations: [],
    });
    const kept = await launcher.keptModel(job);
    const deleted = await launcher.delete(job);
    if (deleted.length === 0)
      throw new CliError(
        `job ${job}: nothing of it on the hub (no Placement in ${opts.namespace}, no ManifestWork with its label)`,
        1,
      );
    io.stdout(`deleted ${deleted.join(', ')}\n`);
    if (kept)
      io.stdout(
        `the model stays on ${kept}, with its namespace fl-${job}, on the aggregator cluster; when it is no longer needed, delete that namespace there (kubectl delete namespace fl-${job})\n`,
      );
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // Commander's codes are strings; the hub's errors carry an HTTP status as `code`.
    const code = (error as { code?: unknown }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version')
      return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    if (error instanceof CliError) {
      io.stderr(`ocm-fl: ${error.message}\n`);
      exitCode = error.exitCode;
    } else {
      io.stderr(`ocm-fl: ${hubErrorMessage(error)}\n`);
      exitCode = 1;
    }
  }
  return exitCode;
}
