import semver from 'semver';
import type { PodTrouble } from './podStartup';

/**
 * Native sidecars need the SidecarContainers feature, on by default from Kubernetes 1.29
 * (beta; alpha and off in 1.28: kubernetes pkg/features/kube_features.go). Without it the
 * API server drops an init container's `restartPolicy`, so a sidecar that never exits is a
 * plain init container that never completes: the pod stays initialising, for ever.
 */
const SIDECARS_FROM = '1.29.0';

/** Why a pod with native sidecars never starts on a cluster of this version, if it does not. */
export function nativeSidecarTrouble(
  initContainers: Array<{ name?: string; restartPolicy?: string }>,
  kubernetesVersion: string | undefined,
): PodTrouble | undefined {
  const sidecar = initContainers.findIndex(c => c.restartPolicy === 'Always');
  const version = semver.coerce(kubernetesVersion ?? '');
  if (sidecar < 0 || !version || semver.gte(version, SIDECARS_FROM))
    return undefined;
  return {
    state: 'pending',
    reason: `Init:${sidecar}/${initContainers.length}`,
    message: `init container "${initContainers[sidecar].name}" never completes: Kubernetes ${kubernetesVersion} has no native sidecars (on by default from 1.29) and drops its restartPolicy Always`,
  };
}
