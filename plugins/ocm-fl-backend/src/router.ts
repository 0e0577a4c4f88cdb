import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  HealthResponse,
  ocmFlClusterReadPermission,
  overallHubStatus,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubHealthMonitor } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import express from 'express';
import Router from 'express-promise-router';
import { LineageChange } from './lifecycle/JobLifecycle';
import { clusterRoutes } from './routes/clusters';
import { eventRoutes } from './routes/events';
import { jobRoutes } from './routes/jobs';
import { modelRoutes } from './routes/models';
import { RouteContext } from './service/context';
import { createAccessChecks } from './service/http';

export type { HubAccess } from './service/hubs';

/** The REST API under /api/ocm-fl (described in src/schema/openapi.yaml). */
export async function createRouter(
  options: Omit<RouteContext, 'authorize' | 'permitted'> & {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    hubHealth: Pick<HubHealthMonitor, 'current'>;
    lineageChanges: {
      subscribe(listener: (change: LineageChange) => void): () => void;
    };
  },
): Promise<express.Router> {
  const { httpAuth, permissions, hubHealth, lineageChanges, ...rest } = options;
  const ctx: RouteContext = {
    ...rest,
    ...createAccessChecks(httpAuth, permissions),
  };
  const router = Router();
  router.use(express.json());

  router.get('/health', async (req, res) => {
    await ctx.authorize(req, ocmFlClusterReadPermission, 'see hub health');
    const current = hubHealth.current();
    const body: HealthResponse = {
      status: overallHubStatus(current),
      hubs: current,
    };
    res.json(body);
  });
  router.use(clusterRoutes(ctx));
  router.use(jobRoutes(ctx));
  router.use(modelRoutes(ctx));
  router.use(eventRoutes(ctx, lineageChanges));
  return router;
}
