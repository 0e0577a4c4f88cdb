import {
  HealthResponse,
  ocmFlClusterReadPermission,
  overallHubStatus,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubHealthMonitor } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { RouteContext, Routes } from '../service/context';
import { requestCheck } from '../service/requestChecks';

/** Each hub's state as the health monitor last probed it, and the state of them all. */
export function healthRoutes(
  ctx: RouteContext,
  { checks, api }: Routes,
  hubHealth: Pick<HubHealthMonitor, 'current'>,
) {
  const health = requestCheck({
    authorize: req =>
      ctx.authorize(req, ocmFlClusterReadPermission, 'see hub health'),
  });
  checks.get('/health', health.run);
  api.get('/health', async (req, res) => {
    health.checked(req);
    const current = hubHealth.current();
    const body: HealthResponse = {
      status: overallHubStatus(current),
      hubs: current,
    };
    res.json(body);
  });
}
