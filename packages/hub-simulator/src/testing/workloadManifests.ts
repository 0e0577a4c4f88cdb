import { KubeObject } from '../store/types';

/** The pod spec of one container named like its workload, with an image. */
function podSpec(name: string, pod: Record<string, unknown>) {
  return {
    containers: [{ name, image: 'registry.example.com/test/app:1.0' }],
    ...pod,
  };
}

/**
 * A Deployment that a Kubernetes API server admits; `pod` replaces parts of its pod spec
 * (containers, volumes).
 */
export function deploymentManifest(
  name: string,
  namespace: string,
  pod: Record<string, unknown> = {},
): KubeObject {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec(name, pod) },
    },
  };
}

/** A Job that a Kubernetes API server admits; `pod` and `spec` replace parts of it. */
export function jobManifest(
  name: string,
  namespace: string,
  pod: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace },
    spec: {
      template: { spec: { restartPolicy: 'Never', ...podSpec(name, pod) } },
      ...spec,
    },
  };
}
