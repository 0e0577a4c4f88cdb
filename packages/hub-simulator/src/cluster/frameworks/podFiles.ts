import { KubeObject } from '../../store/types';

/*
 * The files a container sees through its Secret and ConfigMap volumes, read from the objects
 * of the pod's namespace as the kubelet would project them: one file per key (or per item of
 * `items`), a `subPath` mount being the one key it names.
 */

interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}
interface Volume {
  name: string;
  secret?: {
    secretName?: string;
    items?: Array<{ key: string; path: string }>;
  };
  configMap?: { name?: string; items?: Array<{ key: string; path: string }> };
}
export interface PodSpec {
  volumes?: Volume[];
  containers?: Array<{ name: string; volumeMounts?: VolumeMount[] }>;
}

/** A Secret's or ConfigMap's value for `key`, decoded; stringData as applied counts too. */
function valueOf(object: KubeObject, key: string): string | undefined {
  const plain = (object.stringData ?? {}) as Record<string, string>;
  const data = (object.data ?? {}) as Record<string, string>;
  if (plain[key] !== undefined) return plain[key];
  if (data[key] === undefined) return undefined;
  return object.kind === 'Secret'
    ? Buffer.from(data[key], 'base64').toString('utf8')
    : data[key];
}

function keysOf(object: KubeObject): string[] {
  return [
    ...new Set([
      ...Object.keys((object.stringData ?? {}) as object),
      ...Object.keys((object.data ?? {}) as object),
    ]),
  ];
}

function sourceOf(volume: Volume, objects: KubeObject[]) {
  const [kind, name, items] = volume.secret
    ? ['Secret', volume.secret.secretName, volume.secret.items]
    : ['ConfigMap', volume.configMap?.name, volume.configMap?.items];
  const object = objects.find(o => o.kind === kind && o.metadata.name === name);
  return object ? { object, items } : undefined;
}

/** The files of the Secret or ConfigMap volume mounted at exactly `dir`, by file name. */
export function filesIn(
  pod: PodSpec,
  containerName: string,
  dir: string,
  objects: KubeObject[],
): Map<string, string> {
  const files = new Map<string, string>();
  const container = pod.containers?.find(c => c.name === containerName);
  const mount = container?.volumeMounts?.find(
    m => m.mountPath === dir && !m.subPath,
  );
  const volume = pod.volumes?.find(v => v.name === mount?.name);
  const source = volume && sourceOf(volume, objects);
  if (!source) return files;
  const entries = source.items
    ? source.items.map(item => [item.path, item.key])
    : keysOf(source.object).map(key => [key, key]);
  for (const [path, key] of entries) {
    const value = valueOf(source.object, key);
    if (value !== undefined) files.set(path, value);
  }
  return files;
}

/** The content of the file at `path` in the container, when a Secret or ConfigMap provides it. */
export function fileAt(
  pod: PodSpec,
  containerName: string,
  path: string,
  objects: KubeObject[],
): string | undefined {
  const container = pod.containers?.find(c => c.name === containerName);
  for (const mount of container?.volumeMounts ?? []) {
    if (mount.subPath !== undefined) {
      if (path !== mount.mountPath) continue;
      const volume = pod.volumes?.find(v => v.name === mount.name);
      const source = volume && sourceOf(volume, objects);
      const key =
        source?.items?.find(i => i.path === mount.subPath)?.key ??
        mount.subPath;
      if (source) return valueOf(source.object, key);
      continue;
    }
    const prefix = `${mount.mountPath.replace(/\/$/, '')}/`;
    if (!path.startsWith(prefix)) continue;
    const file = filesIn(pod, containerName, mount.mountPath, objects).get(
      path.slice(prefix.length),
    );
    if (file !== undefined) return file;
  }
  return undefined;
}
