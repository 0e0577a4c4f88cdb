import { KubeObject } from '../store/types';

/**
 * Where other clusters reach a job's aggregator, as `host:port`: its LoadBalancer Service's
 * address once the cloud gave it one, or a NodePort on any node. The simulator models no
 * nodes, so a NodePort's host is `*` (any host): only its port can be checked.
 */
export function reachableAggregatorAddress(
  aggregatorObjects: KubeObject[],
): string | undefined {
  for (const service of aggregatorObjects) {
    if (service.kind !== 'Service') continue;
    const spec = (service.spec ?? {}) as Record<string, any>;
    const port = spec.ports?.[0];
    if (spec.type === 'LoadBalancer') {
      const ingress = (service.status as any)?.loadBalancer?.ingress?.[0];
      const host = ingress?.ip ?? ingress?.hostname;
      if (host && port) return `${host}:${port.port}`;
    }
    if (spec.type === 'NodePort' && port?.nodePort) return `*:${port.nodePort}`;
  }
  return undefined;
}
