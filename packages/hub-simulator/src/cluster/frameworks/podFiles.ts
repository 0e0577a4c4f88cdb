import { posix } from 'node:path';
import { KubeObject } from '../../store/types';

/** A container of a Pod template, as far as its files go. */
export interface PodContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: {
    name: string;
    mountPath: string;
    subPath?: string;
    readOnly?: boolean;
  }[];
}

export interface PodTemplate {
  initContainers?: PodContainer[];
  containers: PodContainer[];
  volumes?: Record<string, any>[];
}

/**
 * Where a file a container reads comes from: a key of a ConfigMap or Secret of the namespace
 * (with its text), a file on an emptyDir volume (written by another container of the Pod),
 * or nothing that a volume provides (then it is the image's, which the simulator cannot read).
 */
export type FileSource =
  | {
      kind: 'object';
      object: 'ConfigMap' | 'Secret';
      name: string;
      key: string;
      text?: string;
    }
  | { kind: 'emptyDir'; volume: string; file: string }
  | { kind: 'image' }
  | { kind: 'other'; volume: string };

/**
 * Set by the FL runtime on a workload whose pods started: the ConfigMaps and Secrets of its
 * namespace as those pods read them then (SimulatedCluster `readAtStart`).
 */
export const READ_AT_START = Symbol('ConfigMaps and Secrets read at start');

export type ObservedWorkload = KubeObject & { [READ_AT_START]?: KubeObject[] };

/**
 * The objects a workload's pods read files from: the ConfigMaps and Secrets of their start,
 * or, for pods not started yet, the namespace's as they are now.
 */
export function objectsReadBy(
  workload: ObservedWorkload,
  namespaceObjects: KubeObject[],
): KubeObject[] {
  const atStart = workload[READ_AT_START];
  if (!atStart) return namespaceObjects;
  return [
    ...namespaceObjects.filter(
      o => o.kind !== 'Secret' && o.kind !== 'ConfigMap',
    ),
    ...atStart,
  ];
}

/** The Pod template of a workload (Job, Deployment), if it has one. */
export function podTemplateOf(workload: KubeObject): PodTemplate | undefined {
  const pod = (workload.spec as any)?.template?.spec;
  return pod && Array.isArray(pod.containers) ? pod : undefined;
}

/** An absolute, normalised path: `path` as the container resolves it from its working dir. */
export function absolutePath(container: PodContainer, path: string): string {
  return posix.normalize(posix.resolve(container.workingDir ?? '/', path));
}

/**
 * Where `path` in `container` comes from, as the kubelet mounts volumes: the deepest mount at
 * or above the path; a `subPath` mount covers exactly its mount path. `namespaceObjects` are
 * the objects of the Pod's namespace, for the ConfigMaps and Secrets that volumes name.
 */
export function fileSource(
  pod: PodTemplate,
  container: PodContainer,
  path: string,
  namespaceObjects: KubeObject[],
): FileSource {
  const target = absolutePath(container, path);
  const covering = (container.volumeMounts ?? [])
    .filter(m =>
      m.subPath !== undefined
        ? m.mountPath === target
        : target === m.mountPath ||
          target.startsWith(`${m.mountPath.replace(/\/$/, '')}/`),
    )
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  if (!covering) return { kind: 'image' };
  const inVolume = posix.join(
    covering.subPath ?? '',
    posix.relative(covering.mountPath, target),
  );
  const volume = (pod.volumes ?? []).find(v => v.name === covering.name);
  if (volume?.emptyDir)
    return { kind: 'emptyDir', volume: covering.name, file: inVolume };
  const ref = objectVolume(volume);
  if (!ref) return { kind: 'other', volume: covering.name };
  const item = (ref.items as { key: string; path: string }[] | undefined)?.find(
    i => posix.normalize(i.path) === inVolume,
  );
  const key = ref.items ? item?.key ?? '' : inVolume;
  const object = namespaceObjects.find(
    o => o.kind === ref.object && o.metadata.name === ref.name,
  );
  return {
    kind: 'object',
    object: ref.object,
    name: ref.name,
    key,
    text: object ? objectText(object, key) : undefined,
  };
}

/** The ConfigMap or Secret a volume projects, with its `items` if it names some. */
function objectVolume(volume: Record<string, any> | undefined) {
  if (volume?.configMap)
    return {
      object: 'ConfigMap' as const,
      name: volume.configMap.name as string,
      items: volume.configMap.items,
    };
  if (volume?.secret)
    return {
      object: 'Secret' as const,
      name: volume.secret.secretName as string,
      items: volume.secret.items,
    };
  return undefined;
}

/** A key of a ConfigMap or Secret as the mounted file's text (Secret data is base64). */
function objectText(object: KubeObject, key: string): string | undefined {
  const data = (object.data ?? {}) as Record<string, string>;
  const stringData = (object.stringData ?? {}) as Record<string, string>;
  if (object.kind === 'Secret') {
    if (stringData[key] !== undefined) return stringData[key];
    return data[key] !== undefined
      ? Buffer.from(data[key], 'base64').toString('utf8')
      : undefined;
  }
  return data[key];
}

/** A file's source described for a message: "ConfigMap openfl-plan key cols.yaml". */
export function describeSource(source: FileSource): string {
  switch (source.kind) {
    case 'object':
      return `${source.object} ${source.name} key ${source.key}`;
    case 'emptyDir':
      return `emptyDir ${source.volume} file ${source.file}`;
    case 'image':
      return 'the image';
    default:
      return `volume ${source.volume}`;
  }
}

function containerNamed(pod: PodTemplate, name: string) {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])].find(
    c => c.name === name,
  );
}

/** The text of the file at `path` in a container, when a ConfigMap or Secret provides it. */
export function fileAt(
  pod: PodTemplate,
  containerName: string,
  path: string,
  namespaceObjects: KubeObject[],
): string | undefined {
  const container = containerNamed(pod, containerName);
  const source =
    container && fileSource(pod, container, path, namespaceObjects);
  return source?.kind === 'object' ? source.text : undefined;
}

/** The files of the ConfigMap or Secret volume mounted at exactly `dir`, by file name. */
export function filesIn(
  pod: PodTemplate,
  containerName: string,
  dir: string,
  namespaceObjects: KubeObject[],
): Map<string, string> {
  const files = new Map<string, string>();
  const mount = containerNamed(pod, containerName)?.volumeMounts?.find(
    m => m.mountPath === dir && m.subPath === undefined,
  );
  const ref = objectVolume(pod.volumes?.find(v => v.name === mount?.name));
  const object =
    ref &&
    namespaceObjects.find(
      o => o.kind === ref.object && o.metadata.name === ref.name,
    );
  if (!ref || !object) return files;
  const keys = ref.items
    ? (ref.items as { key: string; path: string }[]).map(i => [i.path, i.key])
    : [
        ...new Set([
          ...Object.keys((object.stringData ?? {}) as object),
          ...Object.keys((object.data ?? {}) as object),
        ]),
      ].map(key => [key, key]);
  for (const [file, key] of keys) {
    const text = objectText(object, key);
    if (text !== undefined) files.set(file, text);
  }
  return files;
}
