import {
  ApiException,
  CustomObjectsApi,
  VersionApi,
} from '@kubernetes/client-node';
import { HubHealth } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { HubConfig } from '../config/ocmFlConfig';
import { kubeConfigForHub } from './kubeConfigForHub';

/** The hub simulator marks its `/version` gitVersion with this. */
const SIMULATOR_MARK = 'ocm-hub-simulator';

/**
 * Asks a hub for one ManagedCluster with our credentials: that one request proves the
 * hub is up, accepts the token, lets it list clusters and has OCM's API installed.
 *
 * @public
 */
export async function probeHub(
  hub: HubConfig,
  options: { timeoutMs: number },
): Promise<HubHealth> {
  const kubeConfig = kubeConfigForHub(hub);
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const started = Date.now();
  const base = { name: hub.name, url: hub.url };
  try {
    await withTimeout(
      api.listClusterCustomObject({
        group: 'cluster.open-cluster-management.io',
        version: 'v1',
        plural: 'managedclusters',
        limit: 1,
      }),
      options.timeoutMs,
    );
    const latencyMs = Date.now() - started;
    // The version is informative only; a hub that hides it is still healthy.
    const version = await withTimeout(
      kubeConfig.makeApiClient(VersionApi).getCode(),
      options.timeoutMs,
    ).catch(() => undefined);
    return {
      ...base,
      state: 'ok',
      checkedAt: new Date().toISOString(),
      latencyMs,
      ...(typeof version?.gitVersion === 'string'
        ? {
            kubernetesVersion: version.gitVersion,
            simulator: version.gitVersion.includes(SIMULATOR_MARK),
          }
        : {}),
    };
  } catch (error) {
    return {
      ...base,
      ...describeFailure(error),
      checkedAt: new Date().toISOString(),
    };
  }
}

function describeFailure(error: unknown): Pick<HubHealth, 'state' | 'message'> {
  if (error instanceof ApiException) {
    if (error.code === 401 || error.code === 403) {
      return {
        state: 'unauthorized',
        message: `the hub answered ${error.code}: check ocmFl.hubs[].serviceAccountToken and the service account's RBAC (list managedclusters)`,
      };
    }
    if (error.code === 404) {
      return {
        state: 'error',
        message:
          'the hub has no ManagedCluster API (cluster.open-cluster-management.io/v1): is OCM installed on it?',
      };
    }
    return {
      state: 'error',
      message: `the hub answered ${error.code}: ${statusMessage(error.body)}`,
    };
  }
  return { state: 'unreachable', message: networkReason(error) };
}

function statusMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 200);
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'no message';
}

function networkReason(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: unknown };
  const code = err?.code ?? (err?.cause as { code?: string } | undefined)?.code;
  const message = err?.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
