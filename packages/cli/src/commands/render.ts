import {
  JobSpec,
  ModelStorageLocation,
  parseDataLocation,
  Participant,
  redactSecrets,
  renderJob,
  resolveStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { mintPkiForJob } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { stringify as toYaml } from 'yaml';
import { invalid } from '../errors';
import { StorageFlags, storageLocationsOf } from '../storageLocations';

export interface RenderFlags extends StorageFlags {
  clusters?: string;
  aggregatorAddress?: string;
  data?: string[];
  namespace: string;
  includeSecrets?: boolean;
}

function participantsOf(spec: JobSpec, flags: RenderFlags): string[] {
  if ('clusters' in spec.clients) return spec.clients.clusters;
  const names = (flags.clusters ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw invalid(
      '--clusters: a job that uses a placement needs the clusters to render for, e.g. --clusters a,b',
    );
  return names;
}

function addressOf(
  spec: JobSpec,
  flags: RenderFlags,
): { host: string; port: number } {
  if (flags.aggregatorAddress) {
    const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(flags.aggregatorAddress);
    if (!match)
      throw invalid(
        `--aggregator-address: must be host:port, got "${flags.aggregatorAddress}"`,
      );
    return { host: match[1], port: Number(match[2]) };
  }
  const exposure = spec.aggregator.exposure;
  if (exposure.type === 'NodePort')
    return { host: exposure.address, port: exposure.nodePort };
  throw invalid(
    '--aggregator-address: a LoadBalancer aggregator has no address before launch; give the one clients will dial',
  );
}

function dataOf(
  spec: JobSpec,
  cluster: string,
  flags: RenderFlags,
): Participant['data'] {
  if (spec.data.type === 'hostPath') return { hostPath: spec.data.path };
  if (spec.data.type === 'pvc') return { claimName: spec.data.claimName };
  const given = (flags.data ?? [])
    .map(d => d.split('='))
    .find(([c]) => c === cluster)?.[1];
  if (!given)
    throw invalid(
      `--data: ${cluster}=<path or PVC> is needed, the value of its ClusterClaim ${spec.data.claim} (read from the hub at launch)`,
    );
  const location = parseDataLocation(given);
  if (!location.success)
    throw invalid(
      `--data: ${cluster}= must be a host path or PVC name: ${location.message}`,
    );
  return location.data;
}

/** The configured location an S3 job names, as the launcher resolves it. */
function storageLocationOf(
  spec: JobSpec,
  flags: RenderFlags,
): ModelStorageLocation | undefined {
  if (spec.storage.type !== 's3') return undefined;
  const resolved = resolveStorageLocation(
    spec.storage.location,
    storageLocationsOf(flags),
    flags.hubName,
  );
  if ('problem' in resolved) {
    throw invalid(
      `invalid job spec: ${resolved.problem}${
        flags.config
          ? ''
          : ' (give the locations with --config app-config.yaml)'
      }`,
    );
  }
  return resolved.location;
}

/**
 * `ocm-fl render`: the hub objects of a job as multi-document YAML, for review or GitOps.
 * Offline: what the launcher would read from the hub comes from flags, the storage locations
 * from --config; the copied credentials Secret stays empty. Secret values (certificate keys)
 * are redacted unless --include-secrets.
 */
export async function renderCommand(
  spec: JobSpec,
  flags: RenderFlags,
): Promise<string> {
  const clusters = participantsOf(spec, flags).filter(
    c => c !== spec.aggregator.cluster,
  );
  const storageLocation = storageLocationOf(spec, flags);
  const address = addressOf(spec, flags);
  const participants = clusters.map(cluster => ({
    cluster,
    data: dataOf(spec, cluster, flags),
  }));
  const pki = await mintPkiForJob(spec, address.host, clusters);
  const rendered = renderJob({
    spec,
    namespace: flags.namespace,
    participants,
    aggregatorAddress: address,
    pki,
    storageLocation,
  });
  const objects = [
    ...(rendered.placement ? [rendered.placement] : []),
    rendered.aggregatorWork,
    ...rendered.clientWorks,
  ];
  return objects
    .map(o => toYaml(flags.includeSecrets ? o : redactSecrets(o)))
    .join('---\n');
}
