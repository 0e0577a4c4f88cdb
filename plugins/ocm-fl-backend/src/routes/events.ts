import { NotAllowedError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  ocmFlClusterReadPermission,
  ocmFlJobReadPermission,
  ocmFlModelReadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { CacheChange } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { LineageChange } from '../lifecycle/JobLifecycle';
import { RouteContext, Routes } from '../service/context';
import { requestCheck } from '../service/requestChecks';

/**
 * The permission a change needs to be streamed to a caller: the names it carries (clusters,
 * jobs, models) are what that permission guards on the other routes.
 */
const PERMISSION_OF_KIND: Record<
  CacheChange['kind'] | LineageChange['kind'],
  BasicPermission
> = {
  clusters: ocmFlClusterReadPermission,
  clusterSets: ocmFlClusterReadPermission,
  bindings: ocmFlClusterReadPermission,
  placements: ocmFlJobReadPermission,
  decisions: ocmFlJobReadPermission,
  works: ocmFlJobReadPermission,
  lineage: ocmFlModelReadPermission,
  models: ocmFlModelReadPermission,
};

const STREAMED = [
  ocmFlClusterReadPermission,
  ocmFlJobReadPermission,
  ocmFlModelReadPermission,
];

/**
 * A live stream of changes for the UI (server-sent events): which kind of object changed,
 * and for which job; the UI refetches what it shows. Each caller gets only the kinds their
 * permissions let them read, as decided when the stream opens. Heartbeats keep proxies from
 * closing it.
 */
export function eventRoutes(
  ctx: RouteContext,
  { checks, api }: Routes,
  lineageChanges: {
    subscribe(listener: (change: LineageChange) => void): () => void;
  },
) {
  const follow = requestCheck({
    authorize: async req => {
      const allowed = await ctx.permitted(req, STREAMED);
      if (allowed.size === 0) {
        throw new NotAllowedError(
          `Not allowed: one of ${STREAMED.map(p => p.name).join(
            ', ',
          )} is required to follow changes`,
        );
      }
      return allowed;
    },
  });
  checks.get('/events', follow.run);
  api.get('/events', async (req, res) => {
    const { access: allowed } = follow.checked(req);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      // no-transform keeps the backend's compression from holding events back.
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const send = (change: (CacheChange & { hub: string }) | LineageChange) => {
      if (!allowed.has(PERMISSION_OF_KIND[change.kind])) return;
      res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
    };
    const unsubscribe = [
      ...ctx.hubs.map(hub =>
        hub.cache.subscribe(change => send({ hub: hub.name, ...change })),
      ),
      lineageChanges.subscribe(send),
    ];
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach(stop => stop());
    });
  });
}
