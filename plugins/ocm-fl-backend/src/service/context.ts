import { ApiRouter } from '@backstage/backend-openapi-utils';
import { S3ModelStore } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import express from 'express';
import { LineageStore } from '../lineage/LineageStore';
import { spec } from '../schema/openapi.generated';
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

/**
 * Where a route file registers each operation: its checks on `checks`, which run before the
 * schema's validator, and its handler on `api`, typed by the schema.
 */
export interface Routes {
  checks: express.Router;
  api: ApiRouter<typeof spec>;
}
