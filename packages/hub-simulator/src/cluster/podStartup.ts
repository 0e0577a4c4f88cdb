import { KubeObject } from '../store/types';
import { CommandCheck, commandProblems } from './frameworks';
import { nativeSidecarTrouble } from './nativeSidecars';

/**
 * Why a workload's pod would not run on a real cluster:
 * - `pending`: it never starts (the scheduler or the kubelet waits for something missing,
 *   and starts it once that appears);
 * - `crashing`: a container exits at start and is restarted with back-off.
 */
export interface PodTrouble {
  state: 'pending' | 'crashing';
  /** The pod's own reason, as `kubectl get pods` shows it. */
  reason: string;
  message: string;
}

/** The objects a pod can refer to in its namespace. */
export type NamespacedLookup = (
  resource:
    | 'secrets'
    | 'configmaps'
    | 'persistentvolumeclaims'
    | 'serviceaccounts',
  name: string,
) => KubeObject | undefined;

/**
 * The first thing that stops a pod of this template from running, in the order a real
 * cluster meets them: admission of the pod (its service account), scheduling (its PVCs),
 * volume set-up (Secrets and ConfigMaps), init containers (native sidecars need Kubernetes
 * 1.29), container configuration
 * (environment from Secrets and ConfigMaps), and the containers' own commands. `undefined`
 * when the pod would run. Optional references never stop a pod.
 */
export function podTrouble(
  template: { spec?: Record<string, any> } | undefined,
  namespace: string,
  lookup: NamespacedLookup,
  checkCommand: CommandCheck = commandProblems,
  /** The cluster's `status.version.kubernetes`, which decides whether native sidecars work. */
  kubernetesVersion?: string,
): PodTrouble | undefined {
  const pod = template?.spec ?? {};
  const volumes: any[] = pod.volumes ?? [];
  const initContainers: any[] = pod.initContainers ?? [];
  const containers: any[] = pod.containers ?? [];
  return (
    serviceAccountTrouble(pod.serviceAccountName, namespace, lookup) ??
    first(volumes, v => claimTrouble(v, lookup)) ??
    first(volumes, v => mountTrouble(v, lookup)) ??
    nativeSidecarTrouble(initContainers, kubernetesVersion) ??
    first(initContainers, c =>
      containerTrouble(c, namespace, lookup, checkCommand, 'Init:'),
    ) ??
    first(containers, c =>
      containerTrouble(c, namespace, lookup, checkCommand, ''),
    )
  );
}

function first<T>(
  items: T[],
  trouble: (item: T) => PodTrouble | undefined,
): PodTrouble | undefined {
  for (const item of items) {
    const found = trouble(item);
    if (found) return found;
  }
  return undefined;
}

/** The ServiceAccount admission plugin refuses a pod whose account is missing (FailedCreate). */
function serviceAccountTrouble(
  name: string | undefined,
  namespace: string,
  lookup: NamespacedLookup,
): PodTrouble | undefined {
  // Every namespace has `default`: the service-account controller creates it.
  if (!name || name === 'default' || lookup('serviceaccounts', name))
    return undefined;
  return {
    state: 'pending',
    reason: 'FailedCreate',
    message: `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`,
  };
}

/** The scheduler keeps a pod whose PVC is missing Pending (VolumeBinding plugin). */
function claimTrouble(volume: any, lookup: NamespacedLookup) {
  const claim = volume?.persistentVolumeClaim?.claimName;
  if (!claim || lookup('persistentvolumeclaims', claim)) return undefined;
  return pending('Unschedulable', `persistentvolumeclaim "${claim}" not found`);
}

/** The kubelet cannot set up a Secret or ConfigMap volume that is missing (FailedMount). */
function mountTrouble(volume: any, lookup: NamespacedLookup) {
  const sources: Array<{ kind: 'secret' | 'configmap'; source: any }> = [
    ...(volume?.secret
      ? [
          {
            kind: 'secret' as const,
            source: { ...volume.secret, name: volume.secret.secretName },
          },
        ]
      : []),
    ...(volume?.configMap
      ? [{ kind: 'configmap' as const, source: volume.configMap }]
      : []),
    ...((volume?.projected?.sources ?? []) as any[]).flatMap(s => [
      ...(s.secret ? [{ kind: 'secret' as const, source: s.secret }] : []),
      ...(s.configMap
        ? [{ kind: 'configmap' as const, source: s.configMap }]
        : []),
    ]),
  ];
  for (const { kind, source } of sources) {
    if (source.optional) continue;
    const missing = missingReference(
      kind,
      source.name,
      (source.items ?? []).map((i: any) => i.key),
      lookup,
    );
    if (missing)
      return pending(
        'ContainerCreating',
        `MountVolume.SetUp failed for volume "${volume.name}" : ${
          missing.key === undefined
            ? `${kind} "${source.name}" not found`
            : missingKeyInVolume(kind, missing.key)
        }`,
      );
  }
  return undefined;
}

/** The kubelet's words (pkg/volume/secret and pkg/volume/configmap). */
function missingKeyInVolume(kind: 'secret' | 'configmap', key: string) {
  return kind === 'secret'
    ? `references non-existent secret key: ${key}`
    : `configmap references non-existent config key: ${key}`;
}

function containerTrouble(
  container: any,
  namespace: string,
  lookup: NamespacedLookup,
  checkCommand: CommandCheck,
  prefix: '' | 'Init:',
): PodTrouble | undefined {
  const config = environmentProblem(container, namespace, lookup);
  if (config) return pending(`${prefix}CreateContainerConfigError`, config);
  const problems = checkCommand({
    name: container?.name,
    image: container?.image,
    command: container?.command,
    args: container?.args,
  });
  if (problems.length === 0) return undefined;
  return {
    state: 'crashing',
    reason: `${prefix}CrashLoopBackOff`,
    message: `container "${container?.name}" exits at start: ${problems.join(
      '; ',
    )}`,
  };
}

/** The kubelet's checks before it creates a container (kubelet_pods.go makeEnvironmentVariables). */
function environmentProblem(
  container: any,
  namespace: string,
  lookup: NamespacedLookup,
): string | undefined {
  const references = [
    ...((container?.envFrom ?? []) as any[]).map(from => ({
      kind: from.secretRef ? ('secret' as const) : ('configmap' as const),
      ref: from.secretRef ?? from.configMapRef,
      key: undefined,
    })),
    ...((container?.env ?? []) as any[]).map(env => ({
      kind: env.valueFrom?.secretKeyRef
        ? ('secret' as const)
        : ('configmap' as const),
      ref: env.valueFrom?.secretKeyRef ?? env.valueFrom?.configMapKeyRef,
      key: (env.valueFrom?.secretKeyRef ?? env.valueFrom?.configMapKeyRef)
        ?.key as string | undefined,
    })),
  ];
  for (const { kind, ref, key } of references) {
    if (!ref || ref.optional) continue;
    const missing = missingReference(
      kind,
      ref.name,
      key === undefined ? [] : [key],
      lookup,
    );
    if (missing)
      return missing.key === undefined
        ? `${kind} "${ref.name}" not found`
        : `couldn't find key ${missing.key} in ${
            kind === 'secret' ? 'Secret' : 'ConfigMap'
          } ${namespace}/${ref.name}`;
  }
  return undefined;
}

/** A missing Secret or ConfigMap (`key` undefined), or the first of `keys` it does not hold. */
function missingReference(
  kind: 'secret' | 'configmap',
  name: string,
  keys: string[],
  lookup: NamespacedLookup,
): { key?: string } | undefined {
  const object = lookup(kind === 'secret' ? 'secrets' : 'configmaps', name);
  if (!object) return {};
  const present = new Set([
    ...Object.keys((object.data ?? {}) as object),
    ...Object.keys((object.stringData ?? {}) as object),
    ...Object.keys((object.binaryData ?? {}) as object),
  ]);
  const key = keys.find(k => !present.has(k));
  return key === undefined ? undefined : { key };
}

function pending(reason: string, message: string): PodTrouble {
  return { state: 'pending', reason, message };
}
