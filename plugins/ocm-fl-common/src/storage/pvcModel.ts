/**
 * Where a job with `storage.type: pvc` keeps its model (docs/operating/model-storage.md): a
 * PVC in the job's namespace `fl-<job>` on the aggregator cluster, named after the job and
 * the launch (`<job>-model-<run>`). Both the PVC and the namespace outlive the job, so a
 * later job of the same name gets a PVC of its own and never writes into an earlier model.
 */

/** The model PVC's name; without a launch's run id (an offline render), `<job>-model`. @public */
export function modelClaimName(job: string, runId?: string): string {
  return runId ? `${job}-model-${runId}` : `${job}-model`;
}

/** `pvc://<cluster>/fl-<job>/<claim>`, as the portal and the lineage store show it. @public */
export function pvcModelUri(job: {
  name: string;
  aggregatorCluster?: string;
  runId?: string;
}): string {
  return `pvc://${job.aggregatorCluster}/fl-${job.name}/${modelClaimName(
    job.name,
    job.runId,
  )}`;
}

/** A run id fit for the model PVC's name: a DNS-1123 label, as the UUIDs launches use are. */
const RUN_ID = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Why a run id cannot name a launch's objects, or undefined when it can. @public */
export function runIdProblem(runId: string): string | undefined {
  return RUN_ID.test(runId)
    ? undefined
    : `runId: must be a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters, such as a UUID), because it names the model PVC; got "${runId}"`;
}
