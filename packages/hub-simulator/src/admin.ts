import { AfterResponse } from './api/adminEndpoints';
import { errors } from './api/statusError';
import type { ClusterHealth } from './cluster/SimulatedCluster';
import type { HubSimulator } from './startHubSimulator';
import { ObjectStore } from './store/ObjectStore';

/**
 * The simulator's fault knobs over HTTP (`/simulator/...`), for demos and for tests that
 * drive the simulator from another process.
 */
export async function handleAdmin(
  simulator: HubSimulator,
  store: ObjectStore,
  method: string,
  path: string,
  body: any,
): Promise<unknown> {
  const parts = path.split('/').slice(2);
  if (method === 'GET' && parts[0] === 'status') {
    return {
      simulator: 'ocm-hub-simulator',
      resourceVersion: store.currentRevision(),
      clusters: [...simulator.clusters.values()].map(c => ({
        name: c.name,
        available: c.available,
        health: c.health,
        failingJobs: [...c.failingJobs],
      })),
      faults: simulator.faults,
    };
  }
  if (
    method === 'POST' &&
    parts[0] === 'clusters' &&
    parts[2] === 'availability'
  ) {
    const health = healthOf(body);
    if (!simulator.setClusterHealth(parts[1], health))
      throw errors.notFound({
        group: '',
        plural: 'simulated clusters',
        name: parts[1],
      });
    return { cluster: parts[1], available: health === 'available', health };
  }
  if (method === 'POST' && parts[0] === 'clusters' && parts[2] === 'fail-job') {
    if (typeof body?.job !== 'string')
      throw errors.badRequest('body.job: must name a federated learning job');
    if (!simulator.failClientWorkloads(parts[1], body.job))
      throw errors.notFound({
        group: '',
        plural: 'simulated clusters',
        name: parts[1],
      });
    return { cluster: parts[1], failingJob: body.job };
  }
  if (method === 'POST' && parts[0] === 'faults') {
    const rates = (['errorRate', 'lostAnswerRate'] as const).map(key => {
      const rate = body?.[key];
      if (
        rate !== undefined &&
        (typeof rate !== 'number' || rate < 0 || rate > 1)
      ) {
        throw errors.badRequest(`body.${key}: must be a number from 0 to 1`);
      }
      return [key, rate as number | undefined] as const;
    });
    const roundMs = body?.roundDurationMs;
    if (
      roundMs !== undefined &&
      (!Number.isInteger(roundMs) || roundMs < 10 || roundMs > 3_600_000)
    ) {
      throw errors.badRequest(
        'body.roundDurationMs: must be an integer from 10 to 3600000',
      );
    }
    for (const [key, rate] of rates)
      if (rate !== undefined) simulator.faults[key] = rate;
    if (roundMs !== undefined)
      simulator.flRuntime.options.roundDurationMs = roundMs;
    return {
      ...simulator.faults,
      roundDurationMs: simulator.flRuntime.options.roundDurationMs,
    };
  }
  if (method === 'POST' && parts[0] === 'watches' && parts[1] === 'drop') {
    return { dropped: simulator.dropWatches() };
  }
  if (method === 'POST' && parts[0] === 'restart') {
    const downMs = body?.downMs ?? 1000;
    const state = body?.state ?? 'keep';
    if (!Number.isInteger(downMs) || downMs < 0 || downMs > 600_000)
      throw errors.badRequest(
        'body.downMs: must be an integer from 0 to 600000',
      );
    if (state !== 'keep' && state !== 'fresh')
      throw errors.badRequest('body.state: must be "keep" or "fresh"');
    // Answered first: the restart cuts this connection too.
    return new AfterResponse(
      {
        restarting: true,
        downMs,
        state,
        resourceVersion: store.currentRevision(),
      },
      () =>
        simulator
          .restart({ downMs, state })
          .catch(error =>
            process.stderr.write(
              `ocm-hub-sim: restart failed: ${(error as Error).message}\n`,
            ),
          ),
    );
  }
  if (method === 'POST' && parts[0] === 'compact') {
    store.compact();
    return { compactedAt: store.currentRevision() };
  }
  throw errors.notFound({
    group: '',
    plural: 'simulator endpoints',
    name: path,
  });
}

const HEALTHS: ClusterHealth[] = ['available', 'unavailable', 'unreachable'];

/** `{"health": ...}`, or the older `{"available": false}` for unreachable. */
function healthOf(body: any): ClusterHealth {
  if (body?.health !== undefined) {
    if (!HEALTHS.includes(body.health))
      throw errors.badRequest(
        `body.health: must be one of ${HEALTHS.map(h => `"${h}"`).join(', ')}`,
      );
    return body.health;
  }
  if (typeof body?.available !== 'boolean')
    throw errors.badRequest(
      'body.health: must be "available", "unavailable" or "unreachable" (or body.available: true or false)',
    );
  return body.available ? 'available' : 'unreachable';
}
