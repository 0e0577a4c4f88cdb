import { NotFoundError } from '@backstage/errors';
import {
  FRAMEWORK_NAMES,
  JOB_PHASES,
  JobDetail,
  jobView,
  ocmFlJobDeletePermission,
  ocmFlJobReadPermission,
  ocmFlModelReadPermission,
  redactSecrets,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { Request, Response } from 'express';
import { cacheStates, RouteContext, Routes } from '../service/context';
import {
  queryChoice,
  queryInteger,
  queryName,
  queryParameters,
} from '../service/query';
import {
  findLiveJob,
  HubAccess,
  liveJobsOf,
  selectHubs,
} from '../service/hubs';
import { JobListing } from '../service/jobListing';
import { modelLocationOf } from '../service/modelLocation';
import { requestCheck } from '../service/requestChecks';

const jobsQuery = queryParameters({
  phase: queryChoice(JOB_PHASES).optional(),
  framework: queryChoice(FRAMEWORK_NAMES).optional(),
  cluster: queryName().optional(),
  hub: queryName().optional(),
  /** Also list jobs whose objects are gone from the hub (from the lineage store). */
  archived: queryChoice(['true', 'false']).default('true'),
  limit: queryInteger(1, 1000, 100),
  offset: queryInteger(0, 1_000_000, 0),
});

/**
 * The objects a job has on the hub, for people to read: Secrets redacted, no managedFields.
 * Listed objects come without kind and apiVersion, and redaction needs the kind.
 */
function hubObjectsOf(hub: HubAccess, name: string) {
  const placement = hub.cache.placement(name);
  const typed = [
    ...(placement
      ? [
          {
            apiVersion: 'cluster.open-cluster-management.io/v1beta1',
            kind: 'Placement',
            object: placement,
          },
        ]
      : []),
    ...hub.cache.worksOfJobWithManifests(name).map(work => ({
      apiVersion: 'work.open-cluster-management.io/v1',
      kind: 'ManifestWork',
      object: work,
    })),
  ];
  return typed.map(({ apiVersion, kind, object }) => {
    const { managedFields: _managed, ...metadata } = (object as any).metadata;
    return redactSecrets({ ...(object as any), apiVersion, kind, metadata });
  });
}

/** Jobs: lists, one in full with progress, metrics, timeline and objects; stop and delete. */
export function jobRoutes(ctx: RouteContext, { checks, api }: Routes) {
  const readJobs = (req: Request) =>
    ctx.authorize(req, ocmFlJobReadPermission, 'see jobs');
  // Asked for this job: a policy may let people stop or delete only the jobs they launched.
  const deleteJob = (what: string) => (req: Request) =>
    ctx.authorize(
      req,
      { permission: ocmFlJobDeletePermission, resourceRef: req.params.name },
      what,
    );

  const list = requestCheck({ authorize: readJobs, query: jobsQuery });
  // Per selection of hubs (all, or the one a request names), kept between requests.
  const listings = new Map<string, JobListing>();
  checks.get('/jobs', list.run);
  api.get('/jobs', async (req, res) => {
    const { query } = list.checked(req);
    const hubs = selectHubs(ctx.hubs, query.hub);
    // Progress as the lifecycle task last read it: lists never read S3.
    const live = await Promise.all(
      hubs.map(async hub => ({
        rounds: await ctx.lineage.roundsOnHub(hub.name),
        jobs: liveJobsOf(hub),
      })),
    );
    const archived =
      query.archived === 'true'
        ? (await ctx.lineage.archivedJobs()).filter(r =>
            hubs.some(h => h.name === r.hub),
          )
        : [];
    const listing = listings.get(query.hub ?? '') ?? new JobListing();
    listings.set(query.hub ?? '', listing);
    const listed = listing.list(live, archived);
    const filtered = !!(query.phase || query.framework || query.cluster);
    const items = !filtered
      ? listed
      : listed.filter(
          ({ view: j }) =>
            (!query.phase || j.phase === query.phase) &&
            (!query.framework || j.framework === query.framework) &&
            (!query.cluster ||
              j.aggregatorCluster === query.cluster ||
              j.clients.includes(query.cluster)),
        );
    const page = items.slice(query.offset, query.offset + query.limit);
    // Each job's JSON is kept with its view: an answer joins a page of them. Sent as it is,
    // which the schema's typed `send` does not take.
    (res as unknown as Response)
      .type('json')
      .send(
        `{"total":${items.length},"items":[${page
          .map(j => j.json)
          .join(',')}],"hubs":${JSON.stringify(cacheStates(ctx))}}`,
      );
  });

  /**
   * Metrics and model files from the job's model location; S3 trouble degrades only this part.
   * Progress is the view's, from the lineage store, as in lists.
   */
  const modelInfo = async (detail: JobDetail) => {
    const location = modelLocationOf(detail);
    // The PVC lives on the aggregator cluster, out of the portal's reach: say so rather
    // than show "round 0" beside a finished job.
    if (location?.storage === 'pvc')
      return {
        model: { location: location.uri },
        modelError: `progress and metrics are read from S3; this job keeps its model on the PVC ${location.uri} on its aggregator cluster, which the portal does not read; it stays there, with its namespace fl-${detail.name}, after the job is deleted`,
      };
    if (location?.storage !== 's3' || !ctx.modelStore) return {};
    try {
      const artifacts = await ctx.modelStore.artifacts(location.ref);
      return {
        metrics: artifacts.metrics,
        model: {
          location: artifacts.location,
          files: artifacts.files,
          checkpoints: artifacts.checkpoints,
        },
      };
    } catch (error) {
      return {
        modelError: `the model store could not be read: ${
          (error as Error).message
        }`,
      };
    }
  };

  const one = requestCheck({
    authorize: async req => {
      await readJobs(req);
      // Model files, metrics and location belong to the model: shown to those who may read
      // models.
      return (await ctx.permitted(req, [ocmFlModelReadPermission])).has(
        ocmFlModelReadPermission,
      );
    },
  });
  checks.get('/jobs/:name', one.run);
  api.get('/jobs/:name', async (req, res) => {
    const { access: showModel } = one.checked(req);
    const found = findLiveJob(ctx.hubs, req.params.name);
    if (found) {
      const { hub, detail: live } = found;
      const record = await ctx.lineage.liveJob(hub.name, live);
      const detail = jobView({ live, record });
      res.json({
        ...detail,
        timeline: record ? await ctx.lineage.phaseHistory(record) : [],
        objects: hubObjectsOf(hub, detail.name),
        ...(showModel ? await modelInfo(detail) : {}),
      });
      return;
    }
    const record = await ctx.lineage.latestJob(req.params.name);
    if (!record) {
      throw new NotFoundError(
        `job ${req.params.name} not found on any configured hub`,
      );
    }
    const detail = jobView({ record });
    res.json({
      ...detail,
      timeline: await ctx.lineage.phaseHistory(record),
      objects: [],
      ...(showModel ? await modelInfo(detail) : {}),
    });
  });

  const liveJobOr404 = (name: string) => {
    const found = findLiveJob(ctx.hubs, name);
    if (!found) {
      throw new NotFoundError(`job ${name} not found on any configured hub`);
    }
    return found;
  };

  const stop = requestCheck({ authorize: deleteJob('stop a job') });
  checks.post('/jobs/:name/stop', stop.run);
  api.post('/jobs/:name/stop', async (req, res) => {
    stop.checked(req);
    const { hub } = liveJobOr404(req.params.name);
    res.json({ stopped: await hub.launcher.stop(req.params.name) });
  });

  const remove = requestCheck({ authorize: deleteJob('delete a job') });
  checks.delete('/jobs/:name', remove.run);
  api.delete('/jobs/:name', async (req, res) => {
    remove.checked(req);
    // Deleting takes the job's objects off the hub and the job out of the lists; its record
    // stays, for the lineage of its model (a succeeded job is a model version).
    const found = findLiveJob(ctx.hubs, req.params.name);
    const record = found
      ? await ctx.lineage.liveJob(found.hub.name, found.detail)
      : await ctx.lineage.latestJob(req.params.name);
    if (!found && (!record || record.deletedAt)) {
      throw new NotFoundError(
        `job ${req.params.name} not found on any configured hub`,
      );
    }
    const deleted = found
      ? await found.hub.launcher.delete(req.params.name)
      : [];
    if (record) await ctx.lineage.markDeleted(record, new Date().toISOString());
    res.json({ deleted });
  });
}
