import {
  JobSpec,
  ModelStorageLocation,
  ocmFlAnnotations,
  ocmFlLabels,
  resolveStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { isAvailable, refuseOldClusters } from './clusterChecks';
import { RunOnHub } from './earlierAttempt';
import {
  BINDING_API,
  CLUSTER_API,
  PLACEMENT_API,
  WORK_API,
} from './hubApiVersions';
import { LaunchContext } from './launchContext';
import { LaunchError } from './LaunchError';

type HubNamespace = Pick<LaunchContext, 'hub' | 'namespace'>;

/** The configured location an S3 spec names, refused unless this hub may use it. */
export function storageLocationOf(
  spec: JobSpec,
  storageLocations: ModelStorageLocation[],
  hubName: string | undefined,
): ModelStorageLocation | undefined {
  if (spec.storage.type !== 's3') return undefined;
  const resolved = resolveStorageLocation(
    spec.storage.location,
    storageLocations,
    hubName,
  );
  if ('problem' in resolved) {
    throw new LaunchError('invalid', `Invalid job spec: ${resolved.problem}`, [
      {
        field: 'storage.location',
        message: resolved.problem.replace(/^storage\.location: /, ''),
      },
    ]);
  }
  return resolved.location;
}

/**
 * A job's name names its namespace on the clusters, its works and its model's folder: a
 * name whose Placement or works exist from another launch is refused, naming that job,
 * whatever its phase, before anything is applied. Returns what this launch's run already
 * has on the hub (a resumed launch's earlier attempt).
 */
export async function refuseTakenName(
  { hub, namespace }: HubNamespace,
  spec: JobSpec,
  runId: string,
): Promise<RunOnHub> {
  const [placement, works] = await Promise.all([
    hub.get(PLACEMENT_API, 'Placement', spec.name, namespace),
    hub.list(WORK_API, 'ManifestWork', {
      labelSelector: `${ocmFlLabels.job}=${spec.name}`,
    }),
  ]);
  // Listed objects come without their kind.
  const others = [
    ...(placement ? [{ kind: 'Placement', object: placement }] : []),
    ...works.map(object => ({ kind: 'ManifestWork', object })),
  ].filter(
    ({ object }) => object.metadata?.labels?.[ocmFlLabels.run] !== runId,
  );
  if (others.length === 0) return { placement, works };
  const { kind, object } = others[0];
  const creator = object.metadata?.annotations?.[ocmFlAnnotations.createdBy];
  const details = [
    `its ${kind} ${object.metadata?.namespace}/${object.metadata?.name}${
      others.length > 1 ? ` and ${others.length - 1} more objects` : ''
    }`,
    creator && `launched by ${creator}`,
  ].filter(Boolean);
  throw new LaunchError(
    'unsatisfiable',
    `name: a job named ${spec.name} already exists on the hub (${details.join(
      ', ',
    )}); choose another name, or delete that job first (Delete on its page, or ocm-fl delete ${
      spec.name
    })`,
  );
}

/**
 * What must hold on the hub before anything is applied: the aggregator cluster exists, is
 * available and runs a recent enough Kubernetes; the placement's cluster sets are bound to
 * the job namespace; the storage location's Secret exists.
 */
export async function preflight(
  context: HubNamespace,
  spec: JobSpec,
  storageLocation: ModelStorageLocation | undefined,
) {
  const { hub, namespace } = context;
  const aggregator = await hub.get(
    CLUSTER_API,
    'ManagedCluster',
    spec.aggregator.cluster,
  );
  if (!aggregator) {
    throw new LaunchError(
      'unsatisfiable',
      `aggregator.cluster: ManagedCluster ${spec.aggregator.cluster} does not exist on the hub`,
    );
  }
  if (!isAvailable(aggregator)) {
    throw new LaunchError(
      'unsatisfiable',
      `aggregator.cluster: ${spec.aggregator.cluster} is not available`,
    );
  }
  refuseOldClusters({ spec, namespace, storageLocation }, [aggregator], []);
  if ('placement' in spec.clients) {
    const bindings = await hub.list(BINDING_API, 'ManagedClusterSetBinding', {
      namespace,
    });
    const bound = new Set(bindings.map(b => b.spec?.clusterSet));
    const missing = (spec.clients.placement.clusterSets ?? []).filter(
      set => !bound.has(set),
    );
    if (missing.length > 0) {
      throw new LaunchError(
        'unsatisfiable',
        `clients.placement.clusterSets: namespace ${namespace} has no ManagedClusterSetBinding for ${missing.join(
          ', ',
        )}; ask the platform team to bind ${
          missing.length > 1 ? 'them' : 'it'
        }`,
      );
    }
    if (bound.size === 0) {
      throw new LaunchError(
        'unsatisfiable',
        `namespace ${namespace} has no ManagedClusterSetBinding, so no cluster can be placed`,
      );
    }
  }
  if (storageLocation?.credentialsSecret) {
    await locationSecretData(
      context,
      storageLocation,
      storageLocation.credentialsSecret,
    );
  }
}

/** The data of the location's Secret, the only Secret a launch ever copies. */
export async function locationSecretData(
  { hub, namespace }: HubNamespace,
  location: ModelStorageLocation,
  secretName: string,
): Promise<Record<string, string>> {
  const secret = await hub.get('v1', 'Secret', secretName, namespace);
  if (!secret) {
    throw new LaunchError(
      'unsatisfiable',
      `storage.location: location ${location.name} uses Secret ${secretName}, which does not exist in hub namespace ${namespace}; ask the platform team to create it`,
    );
  }
  return secret.data ?? {};
}
