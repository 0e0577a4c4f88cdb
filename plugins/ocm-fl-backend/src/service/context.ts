import { S3ModelStore } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { LineageStore } from '../lineage/LineageStore';
import { Authorize, Permitted } from './http';
import { HubAccess } from './hubs';

/** What the route handlers share. */
export interface RouteContext {
  authorize: Authorize;
  permitted: Permitted;
  hubs: HubAccess[];
  namespace: string;
  lineage: LineageStore;
  /** Reads models in S3, only inside the configured locations. */
  modelStore?: Pick<S3ModelStore, 'artifacts' | 'downloadUrl' | 'refOfUri'>;
  downloadExpirySeconds: number;
}

/** How current each hub's cache is, sent along with lists. */
export const cacheStates = (ctx: RouteContext) =>
  Object.fromEntries(ctx.hubs.map(h => [h.name, h.cache.state()]));
