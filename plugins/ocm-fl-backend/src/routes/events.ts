import { ocmFlJobReadPermission } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Router from 'express-promise-router';
import { RouteContext } from '../service/context';

/**
 * A live stream of changes for the UI (server-sent events): which kind of object changed,
 * and for which job; the UI refetches what it shows. Heartbeats keep proxies from closing it.
 */
export function eventRoutes(
  ctx: RouteContext,
  lineageChanges: {
    subscribe(listener: (change: object) => void): () => void;
  },
) {
  const router = Router();
  router.get('/events', async (req, res) => {
    await ctx.authorize(req, ocmFlJobReadPermission, 'follow changes');
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      // no-transform keeps the backend's compression from holding events back.
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const send = (change: object) =>
      res.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
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
  return router;
}
