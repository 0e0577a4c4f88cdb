import {
  ocmFlAnnotations,
  ocmFlLabels,
  OCM_FL_MANAGER,
  pvcModelUri,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { PLACEMENT_API, WORK_API } from './hubApiVersions';
import { HubObjects } from './HubObjects';

/** Where a job's Placement is: the launcher's hub namespace. */
interface JobOnHub {
  hub: HubObjects;
  namespace: string;
}

/**
 * Stops a job: its works go (workloads removed, a PVC model stays); the Placement stays,
 * marked with the time it was stopped. Returns the deleted works as `<namespace>/<name>`.
 */
export async function stopJob(
  { hub, namespace }: JobOnHub,
  job: string,
): Promise<string[]> {
  const works = await hub.list(WORK_API, 'ManifestWork', {
    labelSelector: `${ocmFlLabels.job}=${job}`,
  });
  if (await hub.get(PLACEMENT_API, 'Placement', job, namespace)) {
    await hub.apply(
      {
        apiVersion: PLACEMENT_API,
        kind: 'Placement',
        metadata: {
          name: job,
          namespace,
          annotations: {
            [ocmFlAnnotations.stoppedAt]: new Date().toISOString(),
          },
        },
      },
      { fieldManager: `${OCM_FL_MANAGER}-lifecycle` },
    );
  }
  await Promise.all(
    works.map(w =>
      hub.delete(
        WORK_API,
        'ManifestWork',
        w.metadata!.name!,
        w.metadata!.namespace,
      ),
    ),
  );
  return works.map(w => `${w.metadata!.namespace}/${w.metadata!.name}`);
}

/** Deletes every hub object of a job: stops it, then deletes its Placement. */
export async function deleteJob(
  jobOnHub: JobOnHub,
  job: string,
): Promise<string[]> {
  const removed = await stopJob(jobOnHub, job);
  if (
    await jobOnHub.hub.delete(
      PLACEMENT_API,
      'Placement',
      job,
      jobOnHub.namespace,
    )
  ) {
    removed.push(`${jobOnHub.namespace}/${job}`);
  }
  return removed;
}

/**
 * Where a job's model stays once its works are gone: the PVC of a job with PVC storage
 * (`pvc://<cluster>/fl-<job>/<claim>`; its namespace stays with it), read from the
 * aggregator's work; undefined for S3 storage or when the work is gone.
 */
export async function keptModelOf(
  hub: HubObjects,
  job: string,
): Promise<string | undefined> {
  const [work] = await hub.list(WORK_API, 'ManifestWork', {
    labelSelector: `${ocmFlLabels.job}=${job},${ocmFlLabels.role}=aggregator`,
  });
  const spec = safeJson(work?.metadata?.annotations?.[ocmFlAnnotations.spec]);
  if (spec?.storage?.type !== 'pvc') return undefined;
  return pvcModelUri({
    name: job,
    aggregatorCluster: work.metadata!.namespace,
    runId: work.metadata!.labels?.[ocmFlLabels.run],
  });
}

function safeJson(text: string | undefined): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
