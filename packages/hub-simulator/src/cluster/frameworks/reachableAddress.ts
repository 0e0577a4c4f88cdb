import { KubeObject } from '../../store/types';

/** Stands for any host name in a reachable address: see `reachableAddress`. */
const ANY_HOST = '*';

/**
 * Where other clusters reach the aggregator of a job, from its workloads: the ingress
 * address and port of a LoadBalancer Service once it has one, or, for a NodePort Service,
 * `*:<nodePort>`: the simulator has no node addresses or DNS, so any host name a client
 * dials on that port counts as a node of the cluster.
 */
export function reachableAddress(
  aggregatorResources: KubeObject[],
): string | undefined {
  for (const object of aggregatorResources) {
    if (object.kind !== 'Service') continue;
    const spec = (object.spec ?? {}) as Record<string, any>;
    const port = spec.ports?.[0];
    if (spec.type === 'NodePort' && port?.nodePort)
      return `${ANY_HOST}:${port.nodePort}`;
    if (spec.type === 'LoadBalancer') {
      const ingress = (object.status as any)?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      if (host && port?.port) return `${host}:${port.port}`;
    }
  }
  return undefined;
}

/** Splits `host:port` (an IPv6 host in brackets). */
export function hostAndPort(
  address: string,
): { host: string; port: string } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(address);
  return match
    ? { host: match[1].replace(/^\[|\]$/g, ''), port: match[2] }
    : undefined;
}

/** Whether dialling `dialed` (`host:port`) reaches `reachable` (see `reachableAddress`). */
export function dialsReachableAddress(
  dialed: string,
  reachable: string | undefined,
): boolean {
  const to = hostAndPort(dialed);
  const at = reachable ? hostAndPort(reachable) : undefined;
  if (!to || !at) return false;
  return to.port === at.port && (at.host === ANY_HOST || to.host === at.host);
}
