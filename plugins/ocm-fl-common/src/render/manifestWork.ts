import { ocmFlAnnotations } from '../labels';
import { modelClaimName } from '../storage/pvcModel';
import { hubObjectLabels, jobAnnotations, jobNamespace } from './jobMetadata';
import { Manifest, RenderInput } from './types';

/** A ManifestWork around workload manifests, with feedback rules and delete options. */
export function manifestWork(options: {
  name: string;
  cluster: string;
  input: RenderInput;
  role: 'aggregator' | 'client';
  manifests: Manifest[];
  manifestConfigs: unknown[];
}): Manifest {
  const { spec } = options.input;
  const orphanModel =
    options.role === 'aggregator' && spec.storage.type === 'pvc';
  return {
    apiVersion: 'work.open-cluster-management.io/v1',
    kind: 'ManifestWork',
    metadata: {
      name: options.name,
      namespace: options.cluster,
      labels: hubObjectLabels(options.input, options.role),
      annotations: {
        ...jobAnnotations(options.input),
        ...launchedWith(options.input),
      },
    },
    spec: {
      workload: { manifests: options.manifests },
      manifestConfigs: options.manifestConfigs,
      // The model's PVC outlives the job on purpose, and so must its namespace: the agent
      // deletes what it owns one by one with Background propagation, and skips what a rule
      // orphans (ocm pkg/work/helper/helpers.go OwnedByTheWork, DeleteAppliedResources);
      // a deleted namespace would take the PVC along.
      deleteOption: orphanModel
        ? {
            propagationPolicy: 'SelectivelyOrphan',
            selectivelyOrphans: {
              orphaningRules: [
                {
                  group: '',
                  resource: 'namespaces',
                  name: jobNamespace(spec),
                },
                {
                  group: '',
                  resource: 'persistentvolumeclaims',
                  namespace: jobNamespace(spec),
                  name: modelClaimName(spec.name, options.input.runId),
                },
              ],
            },
          }
        : { propagationPolicy: 'Foreground' },
    },
  };
}

/**
 * What the launch pinned, on the works it renders with participants; the aggregator's address
 * draft has none, so a work that carries these is a full one.
 */
function launchedWith(input: RenderInput): Record<string, string> {
  if (input.participants.length === 0) return {};
  const { host, port } = input.aggregatorAddress;
  return {
    [ocmFlAnnotations.participants]: input.participants
      .map(p => p.cluster)
      .join(','),
    [ocmFlAnnotations.aggregatorAddress]: `${host}:${port}`,
  };
}
