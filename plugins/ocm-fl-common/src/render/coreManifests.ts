import { JobSpec } from '../job/jobSpec';
import { jobLabels, jobNamespace, meta } from './jobMetadata';
import { Manifest } from './types';

export function namespaceManifest(
  spec: JobSpec,
  role: 'aggregator' | 'client',
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: jobNamespace(spec), labels: jobLabels(spec, role) },
  };
}

export function secret(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  stringData: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(name, spec, role),
    type: 'Opaque',
    stringData,
  };
}

export function configMap(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  data: Record<string, string>,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(name, spec, role),
    data,
  };
}

/** The Service that clients dial: a LoadBalancer, or a NodePort on the given port. */
export function exposedService(
  spec: JobSpec,
  name: string,
  selector: Record<string, string>,
  port: number,
  portName: string,
): Manifest {
  const exposure = spec.aggregator.exposure;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, spec, 'aggregator'),
    spec: {
      type: exposure.type,
      selector,
      ports: [
        {
          name: portName,
          port,
          targetPort: port,
          protocol: 'TCP',
          ...(exposure.type === 'NodePort'
            ? { nodePort: exposure.nodePort }
            : {}),
        },
      ],
    },
  };
}
