import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  clusterView,
  HealthResponse,
  jobDetail,
  JobSummary,
  ocmFlClusterReadPermission,
  ocmFlJobDeletePermission,
  ocmFlJobReadPermission,
  overallHubStatus,
  placementSelectionSchema,
  placementSpecFor,
  schedulePlacement,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  HubCache,
  HubHealthMonitor,
  JobLauncher,
  S3ModelStore,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

/** One configured hub as the routes use it: its cache for reads, its launcher for writes. */
export interface HubAccess {
  name: string;
  cache: HubCache;
  launcher: Pick<JobLauncher, 'stop' | 'delete'>;
}

const PHASES = [
  'Pending',
  'Deploying',
  'Running',
  'Succeeded',
  'Failed',
  'Stopped',
] as const;

const jobsQuery = z.strictObject({
  phase: z.enum(PHASES).optional(),
  framework: z.enum(['flower', 'openfl']).optional(),
  cluster: z.string().min(1).optional(),
  hub: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const clustersQuery = z.strictObject({
  search: z.string().optional(),
  available: z.enum(['true', 'false']).optional(),
  hub: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(
          i =>
            `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${
              i.message
            }`,
        )
        .join('; '),
    );
  }
  return result.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  hubHealth: Pick<HubHealthMonitor, 'current'>;
  hubs: HubAccess[];
  namespace: string;
  /** Reads models from S3; absent when `ocmFl.storage.s3` is not configured. */
  modelStore?: Pick<S3ModelStore, 'artifacts'>;
}): Promise<express.Router> {
  const { httpAuth, permissions, hubHealth, hubs } = options;
  const router = Router();
  router.use(express.json());

  const authorize = async (
    req: Request,
    permission: BasicPermission,
    what: string,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} is required to ${what}`,
      );
    }
  };
  const hubsFor = (name?: string) => {
    if (!name) return hubs;
    const found = hubs.filter(h => h.name === name);
    if (found.length === 0)
      throw new InputError(
        `query.hub: no hub named "${name}"; configured: ${hubs
          .map(h => h.name)
          .join(', ')}`,
      );
    return found;
  };
  const staleness = () =>
    Object.fromEntries(hubs.map(h => [h.name, h.cache.state()]));

  router.get('/health', async (req, res) => {
    await authorize(req, ocmFlClusterReadPermission, 'see hub health');
    const current = hubHealth.current();
    const body: HealthResponse = {
      status: overallHubStatus(current),
      hubs: current,
    };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, ocmFlClusterReadPermission, 'see clusters');
    const query = parse(clustersQuery, req.query, 'query');
    const search = query.search?.toLowerCase();
    const items = hubsFor(query.hub)
      .flatMap(hub =>
        hub.cache
          .clusters()
          .map(c =>
            clusterView(hub.name, c, hub.cache.jobsOnCluster(c.metadata.name)),
          ),
      )
      .filter(
        c =>
          query.available === undefined ||
          String(c.available) === query.available,
      )
      .filter(
        c =>
          !search ||
          c.name.includes(search) ||
          Object.entries(c.labels).some(([k, v]) =>
            `${k}=${v}`.toLowerCase().includes(search),
          ),
      );
    res.json({
      total: items.length,
      items: items.slice(query.offset, query.offset + query.limit),
      hubs: staleness(),
    });
  });

  router.get('/clusters/:name', async (req, res) => {
    await authorize(req, ocmFlClusterReadPermission, 'see clusters');
    for (const hub of hubs) {
      const cluster = hub.cache.cluster(req.params.name);
      if (cluster) {
        res.json(
          clusterView(
            hub.name,
            cluster,
            hub.cache.jobsOnCluster(req.params.name),
          ),
        );
        return;
      }
    }
    throw new NotFoundError(
      `cluster ${req.params.name} is not a managed cluster of any configured hub`,
    );
  });

  const jobsOf = (hub: HubAccess) =>
    hub.cache.jobNames().map(name =>
      jobDetail({
        hub: hub.name,
        name,
        placement: hub.cache.placement(name) as any,
        works: hub.cache.worksOfJob(name),
        clusters: hub.cache.clusters(),
      }),
    );

  router.get('/jobs', async (req, res) => {
    await authorize(req, ocmFlJobReadPermission, 'see jobs');
    const query = parse(jobsQuery, req.query, 'query');
    const items: JobSummary[] = hubsFor(query.hub)
      .flatMap(jobsOf)
      .filter(j => !query.phase || j.phase === query.phase)
      .filter(j => !query.framework || j.framework === query.framework)
      .filter(
        j =>
          !query.cluster ||
          j.aggregatorCluster === query.cluster ||
          j.clients.includes(query.cluster),
      )
      .map(({ spec: _spec, clusters: _clusters, ...summary }) => summary);
    res.json({
      total: items.length,
      items: items.slice(query.offset, query.offset + query.limit),
      hubs: staleness(),
    });
  });

  const findJob = (name: string) => {
    for (const hub of hubs) {
      if (hub.cache.jobNames().includes(name))
        return { hub, detail: jobsOf(hub).find(j => j.name === name)! };
    }
    throw new NotFoundError(`job ${name} not found on any configured hub`);
  };

  /** Progress, metrics and model files from the job's model location; S3 trouble degrades only this part. */
  const modelInfo = async (detail: ReturnType<typeof jobDetail>) => {
    const storage = detail.spec?.storage as
      | { type?: string; bucket?: string; prefix?: string }
      | undefined;
    if (storage?.type === 'pvc') {
      return {
        model: {
          location: `pvc://${detail.aggregatorCluster}/fl-${detail.name}/${detail.name}-model`,
        },
      };
    }
    if (storage?.type !== 's3' || !options.modelStore) return {};
    try {
      const artifacts = await options.modelStore.artifacts({
        bucket: storage.bucket!,
        prefix: storage.prefix ?? '',
        job: detail.name,
      });
      return {
        progress: { round: artifacts.latestRound, of: detail.rounds },
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

  router.get('/jobs/:name', async (req, res) => {
    await authorize(req, ocmFlJobReadPermission, 'see jobs');
    const { detail } = findJob(req.params.name);
    res.json({ ...detail, ...(await modelInfo(detail)) });
  });

  router.post('/jobs/:name/stop', async (req, res) => {
    await authorize(req, ocmFlJobDeletePermission, 'stop a job');
    const { hub } = findJob(req.params.name);
    res.json({ stopped: await hub.launcher.stop(req.params.name) });
  });

  router.delete('/jobs/:name', async (req, res) => {
    await authorize(req, ocmFlJobDeletePermission, 'delete a job');
    const { hub } = findJob(req.params.name);
    res.json({ deleted: await hub.launcher.delete(req.params.name) });
  });

  router.post('/placement/preview', async (req, res) => {
    await authorize(req, ocmFlClusterReadPermission, 'preview a placement');
    const body = parse(
      z.strictObject({
        hub: z.string().optional(),
        placement: placementSelectionSchema,
      }),
      req.body,
      'body',
    );
    const hub = hubsFor(body.hub)[0];
    // Served from the cache: the same scheduling rules as OCM, without asking the hub.
    const result = schedulePlacement({
      placement: {
        metadata: { name: 'preview', namespace: options.namespace },
        spec: placementSpecFor(body.placement),
      },
      clusters: [...hub.cache.clusters()],
      clusterSets: [...hub.cache.clusterSets()],
      bindings: [...hub.cache.bindings()],
      decisions: [...hub.cache.decisions()],
      scores: [],
      now: new Date(),
    });
    res.json({
      hub: hub.name,
      selected: result.selected,
      conditions: result.conditions,
      verdicts: result.verdicts,
    });
  });

  // A live stream of changes for the UI (server-sent events): which kind of object changed,
  // and for which job; the UI refetches what it shows. Heartbeats keep proxies from closing it.
  router.get('/events', async (req, res) => {
    await authorize(req, ocmFlJobReadPermission, 'follow changes');
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const unsubscribe = hubs.map(hub =>
      hub.cache.subscribe(change => {
        res.write(
          `event: change\ndata: ${JSON.stringify({
            hub: hub.name,
            ...change,
          })}\n\n`,
        );
      }),
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach(stop => stop());
    });
  });

  return router;
}
