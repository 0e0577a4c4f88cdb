import { KubeObject } from '../store/types';
import { SimulatedCluster, volumeKey } from './SimulatedCluster';

type Container = {
  name: string;
  command?: string[];
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ secretRef?: { name?: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
};
type PodSpec = {
  initContainers?: Array<Container & { restartPolicy?: string }>;
  containers?: Container[];
  volumes?: Array<{
    name: string;
    persistentVolumeClaim?: { claimName?: string };
  }>;
};

/** The volume an aggregator's app writes its model into, found in the rendered pods. */
export interface ModelVolume {
  /** Key of the volume's files on the cluster (`SimulatedCluster.files`). */
  filesKey: string;
  /** The pod that mounts it, for the uploader beside the app. */
  pod: PodSpec;
  volumeName: string;
}

/** Where the uploader beside the app would sync to, as its AWS CLI would see it. */
export interface UploaderSettings {
  bucket: string;
  prefix: string;
  region?: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const envOf = (container: Container) =>
  new Map((container.env ?? []).map(e => [e.name, e.value ?? '']));

/**
 * The volume mounted at `FL_MODEL_DIR` of an app container (one whose environment has
 * `FL_MODEL_DIR`) in a workload of the job's namespace: a PVC that exists on the cluster,
 * or an emptyDir of that workload. Undefined when no pod has one: the app has nowhere to
 * write, and whatever it would write is lost.
 */
export function findModelVolume(
  cluster: SimulatedCluster,
  namespace: string,
): ModelVolume | undefined {
  for (const [key, resource] of cluster.resources) {
    if (resource.metadata.namespace !== namespace) continue;
    const pod = (resource.spec as any)?.template?.spec as PodSpec | undefined;
    for (const container of pod?.containers ?? []) {
      const dir = envOf(container).get('FL_MODEL_DIR');
      const mount = container.volumeMounts?.find(m => m.mountPath === dir);
      const volume = pod?.volumes?.find(v => v.name === mount?.name);
      if (!dir || !volume) continue;
      const filesKey = volumeKey(key, namespace, volume);
      const claim = volume.persistentVolumeClaim;
      if (claim && !cluster.resources.has(filesKey)) continue;
      return { filesKey, pod: pod!, volumeName: volume.name };
    }
  }
  return undefined;
}

/** Writes a file into the volume, where it lives as long as the volume does. */
export function writeModelFile(
  cluster: SimulatedCluster,
  volume: ModelVolume,
  path: string,
  body: Buffer,
) {
  const files = cluster.files.get(volume.filesKey) ?? new Map();
  files.set(path, body);
  cluster.files.set(volume.filesKey, files);
}

/**
 * The settings of the uploader in the model volume's pod: a container that mounts the
 * volume at its `FL_MODEL_DIR` and syncs to its `FL_MODEL_URI`, with its region, endpoint
 * and addressing style and the credentials of the Secret it reads. Undefined when the pod
 * has no such uploader: the model stays in the volume.
 */
export function uploaderSettings(
  cluster: SimulatedCluster,
  namespace: string,
  volume: ModelVolume,
): UploaderSettings | undefined {
  const containers = [
    ...(volume.pod.initContainers ?? []),
    ...(volume.pod.containers ?? []),
  ];
  const uploader = containers.find(c => {
    const env = envOf(c);
    return (
      env.has('FL_MODEL_URI') &&
      c.volumeMounts?.some(
        m =>
          m.name === volume.volumeName &&
          m.mountPath === env.get('FL_MODEL_DIR'),
      )
    );
  });
  if (!uploader) return undefined;
  const env = envOf(uploader);
  const target = /^s3:\/\/([^/]+)\/(.*)$/.exec(env.get('FL_MODEL_URI') ?? '');
  if (!target) return undefined;
  const secretNames = (uploader.envFrom ?? []).map(f => f.secretRef?.name);
  const secret = [...cluster.resources.values()].find(
    r =>
      r.kind === 'Secret' &&
      r.metadata.namespace === namespace &&
      secretNames.includes(r.metadata.name),
  );
  return {
    bucket: target[1],
    prefix: target[2],
    region: env.get('AWS_REGION'),
    endpoint: env.get('AWS_ENDPOINT_URL_S3'),
    forcePathStyle: cliAddressingStyle(uploader, env) === 'path',
    ...(secret
      ? {
          credentials: {
            accessKeyId: secretValue(secret, 'AWS_ACCESS_KEY_ID') ?? '',
            secretAccessKey: secretValue(secret, 'AWS_SECRET_ACCESS_KEY') ?? '',
          },
        }
      : {}),
  };
}

/**
 * The AWS CLI's `s3.addressing_style`: it reads it only from its configuration file
 * (`AWS_CONFIG_FILE`), never from an environment variable. The simulator knows the file
 * only if the container's shell script writes it with one `printf '<format>' "$VAR"... >
 * "$AWS_CONFIG_FILE"`, which it expands as printf would; otherwise the style is the CLI's
 * default, `auto`.
 */
export function cliAddressingStyle(
  container: Container,
  env: Map<string, string>,
): string {
  const script = container.command?.[2] ?? '';
  const write =
    /printf '([^']*)'((?:\s+"\$\w+")*)\s*>\s*"\$AWS_CONFIG_FILE"/.exec(script);
  if (!write || !env.get('AWS_CONFIG_FILE')) return 'auto';
  const values = [...write[2].matchAll(/"\$(\w+)"/g)].map(
    m => env.get(m[1]) ?? '',
  );
  const text = write[1]
    .replace(/%s/g, () => values.shift() ?? '')
    .replace(/\\n/g, '\n');
  let section = '';
  let nested = '';
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header) section = header[1];
    const pair = /^(\s*)([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!pair || section !== 'default') continue;
    if (!pair[1]) nested = pair[3] === '' ? pair[2] : '';
    else if (nested === 's3' && pair[2] === 'addressing_style') return pair[3];
  }
  return 'auto';
}

function secretValue(secret: KubeObject, key: string): string | undefined {
  const data = (secret.data ?? {}) as Record<string, string>;
  const plain = (secret.stringData ?? {}) as Record<string, string>;
  if (plain[key] !== undefined) return plain[key];
  return data[key] !== undefined
    ? Buffer.from(data[key], 'base64').toString('utf8')
    : undefined;
}
