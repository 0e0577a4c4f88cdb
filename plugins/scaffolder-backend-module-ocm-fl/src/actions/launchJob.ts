import { randomUUID } from 'node:crypto';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ocmFlJobCreatePermission } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  LaunchError,
  OcmFlHubsService,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { stringify as toYaml } from 'yaml';
import { FindPastJob } from './pastJobs';
import { examples } from './launchJob.examples';

/**
 * `ocm-fl:job:launch`: launches a federated learning job on the hub as a Placement plus
 * ManifestWorks (docs/workflow.md), with the initiator's permission, checkpoints around each
 * step, and a dry run that renders and validates without changing the hub.
 */
export function createLaunchJobAction(options: {
  hubs: OcmFlHubsService;
  permissions: PermissionsService;
  /** Jobs that left their hub still hold their name (their record, their model's files). */
  findPastJob?: FindPastJob;
}) {
  return createTemplateAction({
    id: 'ocm-fl:job:launch',
    description:
      'Launches a federated learning job (Flower or OpenFL) on OCM-managed clusters',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The job spec: name, framework, image, rounds, clients, data, aggregator, storage, ... (see the job spec reference)',
            ),
        hub: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the hub in ocmFl.hubs; the first one when left out',
            ),
        keepOnFailure: z =>
          z
            .boolean()
            .optional()
            .describe('Keep what a failed launch created, for debugging'),
      },
      output: {
        jobId: z =>
          z.string().describe('The job name, unique in the hub namespace'),
        portalLink: z =>
          z.string().describe('Path of the job page in the portal'),
        participants: z => z.array(z.string()).describe('The client clusters'),
        aggregatorAddress: z =>
          z.string().describe('host:port that clients dial'),
        objects: z =>
          z
            .string()
            .describe('The hub objects as YAML, Secret values redacted'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await options.permissions.authorize(
        [{ permission: ocmFlJobCreatePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed: ${ocmFlJobCreatePermission.name} is required to launch a federated learning job`,
        );
      }
      const { launcher } = options.hubs.hub(ctx.input.hub, 'hub');
      const createdBy =
        credentials.principal &&
        'userEntityRef' in (credentials.principal as object)
          ? (credentials.principal as { userEntityRef: string }).userEntityRef
          : undefined;
      // Fixed by the first attempt: a recovered or retried task launches the same run again
      // (it finds its own objects by their run label), while the same name launched by anyone
      // else is refused. The only checkpoint: what a launch made is read back from the hub.
      const runId = await ctx.checkpoint({
        key: 'ocm-fl-launch-run-id',
        fn: async () => randomUUID(),
      });
      try {
        await refusePastName(ctx.input.spec.name, runId, options.findPastJob);
        const result = await launcher.launch(
          withoutEmptyValues(ctx.input.spec),
          {
            dryRun: ctx.isDryRun,
            keepOnFailure: ctx.input.keepOnFailure,
            createdBy,
            runId,
            onProgress: message => ctx.logger.info(message),
          },
        );
        ctx.output('jobId', result.job);
        ctx.output('portalLink', `/federated-learning/jobs/${result.job}`);
        ctx.output('participants', result.participants);
        ctx.output('aggregatorAddress', result.aggregatorAddress);
        ctx.output('objects', result.objects.map(o => toYaml(o)).join('---\n'));
      } catch (error) {
        if (error instanceof LaunchError)
          throw withoutTrace(
            error.kind === 'invalid' ? new InputError(error.message) : error,
          );
        throw error;
      }
    },
  });
}

/**
 * A name a past job used keeps pointing at its record and its model's files; a retried task
 * whose own run was rolled back takes it again.
 */
async function refusePastName(
  name: unknown,
  runId: string,
  findPastJob?: FindPastJob,
) {
  // An invalid name is the spec validation's to refuse, with the rest of the spec.
  if (!findPastJob || typeof name !== 'string') return;
  const past = await findPastJob(name);
  if (!past || past.runId === runId) return;
  throw new LaunchError(
    'unsatisfiable',
    `name: a job named ${name} ran before (${[
      past.phase,
      past.createdAt && `launched ${past.createdAt}`,
      past.deletedAt && `deleted ${past.deletedAt}`,
    ]
      .filter(Boolean)
      .join(
        ', ',
      )}); its record and its model's files keep the name: choose another name`,
  );
}

/**
 * The scaffolder writes a failed step's `error.stack` to the task log: a refused launch (an
 * invalid spec, a taken name, too few clusters) is for people to act on, so the log shows
 * the one sentence that names the cause, no trace.
 */
function withoutTrace<E extends Error>(error: E): E {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** Deeper than any job spec nests; below it a value is passed on for the spec to refuse. */
const MAX_DEPTH = 32;

/**
 * Form fields left empty reach the action as undefined, null or "": the job spec reads
 * them as absent (so that its defaults apply), not as invalid values.
 */
export function withoutEmptyValues(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value))
    return value.map(item => withoutEmptyValues(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, withoutEmptyValues(v, depth + 1)]),
  );
}
