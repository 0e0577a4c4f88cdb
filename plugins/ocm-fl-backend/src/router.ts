import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { HubHealthMonitor } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import express from 'express';
import { LineageChange } from './lifecycle/JobLifecycle';
import { clusterRoutes } from './routes/clusters';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { jobRoutes } from './routes/jobs';
import { modelRoutes } from './routes/models';
import { createOpenApiRouter } from './schema/openapi.generated';
import { RouteContext, Routes } from './service/context';
import { createAccessChecks } from './service/http';

export type { HubAccess } from './service/hubs';

/** The REST API under /api/ocm-fl, served from src/schema/openapi.yaml. */
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
  const checks = express.Router();
  const api = createOpenApiRouter({
    // The token is checked by Backstage's httpAuth in each operation's checks, which also
    // knows service tokens and cookies; the schema only documents it.
    validatorOptions: { validateSecurity: false },
  });
  const routes: Routes = { checks, api };

  healthRoutes(ctx, routes, hubHealth);
  clusterRoutes(ctx, routes);
  jobRoutes(ctx, routes);
  modelRoutes(ctx, routes);
  eventRoutes(ctx, routes, lineageChanges);
  // Paths the schema lacks pass its validator (`ignoreUndocumented`): answer them here.
  api.use(req => {
    throw new NotFoundError(
      `${req.method} ${req.path} is not an operation of the ocm-fl API`,
    );
  });
  // The project's checks run before the schema's validator (see requestChecks.ts), and not
  // through `createOpenApiRouter`'s `middleware` option: the router turns every error that
  // reaches it into a 400 InputError, a refused permission included.
  const router = express.Router();
  router.use(express.json(), checks, api);
  return router;
}
