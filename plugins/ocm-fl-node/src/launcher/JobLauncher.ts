import { randomUUID } from 'node:crypto';
import {
  describeJobSpecIssues,
  parseJobSpec,
  runIdProblem,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { reportRetries } from '../hub/retryHubCall';
import { aggregatorAddress } from './aggregatorAddress';
import { applyJobWorks } from './applyJobWorks';
import {
  adoptedLaunchResult,
  EarlierAttempt,
  earlierAttemptOf,
} from './earlierAttempt';
import { HubObjects, hubErrorMessage } from './HubObjects';
import { deleteJob, keptModelOf, stopJob } from './jobTeardown';
import { clearInterruptedRun } from './interruptedRun';
import { LaunchContext } from './launchContext';
import { LaunchError } from './LaunchError';
import { LaunchOptions, LaunchResult, LauncherOptions } from './launchOptions';
import {
  preflight,
  refuseTakenName,
  storageLocationOf,
} from './launchPreflight';
import { describeRollback, rollbackLaunch } from './launchRollback';
import { participants as participantsOf } from './participants';

/**
 * The launch sequence (docs/workflow.md): validate, place, expose the aggregator, mint the
 * job's PKI, apply the works. A resumed launch (the same run id) leaves a run that finished
 * or that its interrupted attempt applied in full as it is; a partial attempt it clears, then
 * runs every step again (server-side apply, deterministic names). A failure deletes every
 * object of the launch, found by its run label, unless asked not to.
 *
 * @public
 */
export class JobLauncher {
  private readonly context: LaunchContext;

  constructor(private readonly options: LauncherOptions) {
    this.context = {
      hub: new HubObjects(options.kubeConfig, { policy: options.retry }),
      kubeConfig: options.kubeConfig,
      namespace: options.namespace,
      waits: {
        decisionsMs: 30_000,
        addressMs: 120_000,
        agentMs: 120_000,
        pollMs: 250,
        ...options.waits,
      },
      concurrency: options.concurrency ?? 10,
    };
  }

  async launch(
    input: unknown,
    given: LaunchOptions = {},
  ): Promise<LaunchResult> {
    // A hub that throttles or fails briefly is retried; the launch's log says so.
    return reportRetries(given.onProgress ?? (() => undefined), () =>
      this.launchReportingRetries(input, given),
    );
  }

  private async launchReportingRetries(
    input: unknown,
    given: LaunchOptions,
  ): Promise<LaunchResult> {
    const { context } = this;
    const options = { ...given, runId: given.runId ?? randomUUID() };
    const badRunId = runIdProblem(options.runId);
    if (badRunId) throw new LaunchError('invalid', badRunId);
    const parsed = parseJobSpec(input);
    if (!parsed.success) {
      throw new LaunchError(
        'invalid',
        `Invalid job spec: ${describeJobSpecIssues(parsed.issues)}`,
        parsed.issues,
      );
    }
    const spec = parsed.spec;
    // Before anything is applied: a spec may only name a location this hub may use.
    const storageLocation = storageLocationOf(
      spec,
      this.options.storageLocations,
      this.options.hubName,
    );
    const progress = options.onProgress ?? (() => undefined);
    // Until the launch decides to build the run, it has changed nothing: a failure then must
    // not delete a run that a resumed launch would have left as it is.
    let building = false;
    try {
      const run = await refuseTakenName(context, spec, options.runId);
      const earlier: EarlierAttempt = options.dryRun
        ? { kind: 'none' }
        : earlierAttemptOf(spec, run);
      if (earlier.kind === 'stopped')
        throw new LaunchError(
          'unsatisfiable',
          `job ${spec.name} was stopped at ${earlier.at}, while this launch was interrupted; it stays stopped and is not launched again (delete it to use the name again: ocm-fl delete ${spec.name})`,
        );
      if (earlier.kind === 'finished' || earlier.kind === 'complete') {
        progress(
          earlier.kind === 'finished'
            ? `run ${options.runId} already finished (${earlier.phase}: ${earlier.reason}); left as it is, not trained again`
            : `run ${options.runId} has every work its interrupted attempt applied (${earlier.phase}: ${earlier.reason}); adopted as it is`,
        );
        return adoptedLaunchResult(spec, run, earlier);
      }
      building = true;
      await preflight(context, spec, storageLocation);
      if (earlier.kind === 'partial') {
        await clearInterruptedRun(context, spec, storageLocation, options, run);
        progress(
          `starting run ${options.runId} over: cleared the ${run.works.length} works an interrupted attempt left`,
        );
      }
      const participants = await participantsOf(
        context,
        spec,
        storageLocation,
        options,
      );
      progress(`participants: ${participants.map(p => p.cluster).join(', ')}`);
      const address = await aggregatorAddress(
        context,
        spec,
        storageLocation,
        options,
      );
      progress(
        `clients will dial the aggregator at ${address.host}:${address.port}`,
      );
      const objects = await applyJobWorks(
        context,
        { spec, participants, address, storageLocation },
        options,
      );
      progress(
        `${options.dryRun ? 'validated' : 'applied'} ${
          objects.length
        } hub objects`,
      );
      return {
        job: spec.name,
        dryRun: !!options.dryRun,
        participants: participants.map(p => p.cluster),
        aggregatorCluster: spec.aggregator.cluster,
        aggregatorAddress: `${address.host}:${address.port}`,
        objects,
      };
    } catch (error) {
      const failure =
        error instanceof LaunchError
          ? error
          : new LaunchError('hub', hubErrorMessage(error));
      if (building && !options.dryRun && !options.keepOnFailure) {
        failure.message += describeRollback(
          spec.name,
          await rollbackLaunch(context, spec.name, options.runId),
        );
      }
      throw failure;
    }
  }

  /**
   * Stops a job: its works go (workloads removed, a PVC model stays); the Placement stays,
   * marked with the time it was stopped.
   */
  stop(job: string): Promise<string[]> {
    return stopJob(this.context, job);
  }

  /**
   * Where a job's model stays once its works are gone: the PVC of a job with PVC storage
   * (`pvc://<cluster>/fl-<job>/<claim>`), undefined for S3 storage or when the work is gone.
   */
  keptModel(job: string): Promise<string | undefined> {
    return keptModelOf(this.context.hub, job);
  }

  /** Deletes every hub object of a job. */
  delete(job: string): Promise<string[]> {
    return deleteJob(this.context, job);
  }
}
