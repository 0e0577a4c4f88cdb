import type { HubSimulator } from '../startHubSimulator';
import { eventually } from './startTestHub';

/**
 * How a Job on a simulated cluster ended, once it has: `Complete`, or `Failed:<reason>`.
 * `key` is its key among the cluster's resources, e.g. `batch/jobs/fl-mnist/submit`.
 */
export function jobOutcome(
  sim: HubSimulator,
  cluster: string,
  key: string,
  timeoutMs?: number,
): Promise<string> {
  return eventually(() => {
    const job = sim.clusters.get(cluster)?.resources.get(key);
    const end = ((job?.status as any)?.conditions ?? []).find(
      (c: { type: string }) => c.type === 'Complete' || c.type === 'Failed',
    );
    return end ? `${end.type}${end.reason ? `:${end.reason}` : ''}` : undefined;
  }, timeoutMs);
}
