import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  HealthResponse,
  ocmFlClusterReadPermission,
  overallHubStatus,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubHealthMonitor } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import express from 'express';
import Router from 'express-promise-router';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  hubHealth: Pick<HubHealthMonitor, 'current'>;
}): Promise<express.Router> {
  const { httpAuth, permissions, hubHealth } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: ocmFlClusterReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${ocmFlClusterReadPermission.name} is required to see hub health`,
      );
    }
    const hubs = hubHealth.current();
    const body: HealthResponse = { status: overallHubStatus(hubs), hubs };
    res.json(body);
  });

  return router;
}
