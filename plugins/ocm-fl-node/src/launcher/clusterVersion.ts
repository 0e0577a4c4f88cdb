import { Manifest } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import semver from 'semver';

/**
 * Native sidecars (init containers with `restartPolicy: Always`) need the SidecarContainers
 * feature, on by default since Kubernetes 1.29 (beta; alpha and off in 1.28, GA in 1.33:
 * kubernetes pkg/features/kube_features.go). On an older cluster the API server drops the
 * field, and the sidecar becomes an init container that never ends: the pod never starts.
 */
export const NATIVE_SIDECAR_MIN_VERSION = '1.29';

/** The native sidecars of a work's pod templates, as `<workload>/<container>`. */
export function nativeSidecarsOf(work: Manifest): string[] {
  const manifests = ((work.spec as any)?.workload?.manifests ??
    []) as Manifest[];
  return manifests.flatMap(manifest => {
    const pod = (manifest.spec as any)?.template?.spec;
    return ((pod?.initContainers ?? []) as any[])
      .filter(c => c.restartPolicy === 'Always')
      .map(c => `${manifest.kind} ${manifest.metadata.name}/${c.name}`);
  });
}

/**
 * Why a work cannot run on a managed cluster of this Kubernetes version (the cluster's
 * `status.version.kubernetes`, e.g. `v1.28.9-eks-1`), or undefined when it can. A cluster
 * that does not report its version is refused too: nothing says its pods would start.
 */
export function kubernetesVersionProblem(
  cluster: { name: string; kubernetesVersion?: string },
  work: Manifest,
): string | undefined {
  const sidecars = nativeSidecarsOf(work);
  if (sidecars.length === 0) return undefined;
  const version = semver.coerce(cluster.kubernetesVersion ?? '');
  if (version && semver.gte(version, `${NATIVE_SIDECAR_MIN_VERSION}.0`))
    return undefined;
  const found = cluster.kubernetesVersion
    ? `runs Kubernetes ${cluster.kubernetesVersion}`
    : 'reports no Kubernetes version (ManagedCluster status.version.kubernetes)';
  return `cluster ${cluster.name} ${found}; this job runs ${sidecars.join(
    ', ',
  )} as a native sidecar (an init container with restartPolicy Always), which needs Kubernetes ${NATIVE_SIDECAR_MIN_VERSION} or later`;
}
