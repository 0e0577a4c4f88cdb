import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  makeValidator,
  ResourceEntity,
} from '@backstage/catalog-model';
import {
  ClusterView,
  ModelVersionView,
  modelSummary,
  ocmFlEntityRefs,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** Annotations our entities carry; the frontend finds clusters and models by them. */
export const OCM_FL_ANNOTATIONS = {
  hub: 'ocm-fl.io/hub',
  cluster: 'ocm-fl.io/cluster',
  model: 'ocm-fl.io/model',
} as const;

const validator = makeValidator();

function assertEntityName(name: string) {
  if (!validator.isValidEntityName(name)) {
    throw new Error(
      `metadata.name: "${name}" is not a valid entity name (at most 63 characters, [a-zA-Z0-9] separated by "-", "_" or ".")`,
    );
  }
}

const locationAnnotations = (provider: string) => ({
  [ANNOTATION_LOCATION]: `${provider}:ocm-fl`,
  [ANNOTATION_ORIGIN_LOCATION]: `${provider}:ocm-fl`,
});

/**
 * The catalog entity of a managed cluster. Named after the cluster, like the community OCM
 * plugin, so that either plugin's tab finds it. Throws when the cluster cannot be described
 * as a valid entity (the caller skips it).
 */
export function clusterEntity(
  cluster: ClusterView,
  options: { provider: string; owner: string },
): ResourceEntity {
  assertEntityName(cluster.name);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: cluster.name,
      description: `Managed cluster of OCM hub ${cluster.hub}${
        cluster.clusterSet ? `, cluster set ${cluster.clusterSet}` : ''
      }`,
      // Cluster labels that are also valid Backstage labels; the others stay on the hub.
      labels: Object.fromEntries(
        Object.entries(cluster.labels).filter(
          ([key, value]) =>
            validator.isValidLabelKey(key) &&
            validator.isValidLabelValue(value),
        ),
      ),
      annotations: {
        ...locationAnnotations(options.provider),
        [OCM_FL_ANNOTATIONS.hub]: cluster.hub,
        [OCM_FL_ANNOTATIONS.cluster]: cluster.name,
      },
      tags: ['ocm', 'kubernetes-cluster'],
    },
    spec: { type: 'kubernetes-cluster', owner: options.owner },
  };
}

/**
 * The catalog entity of a trained model (`spec.type: ai-model`): it depends on its base
 * model, when that is an entity, and on the clusters that trained its versions.
 */
export function modelEntity(
  name: string,
  versions: ModelVersionView[],
  options: { provider: string; owner: string; baseUrl: string },
): ResourceEntity {
  const summary = modelSummary(name, versions);
  const clusters = new Set(
    versions.flatMap(v => [...v.participants, v.aggregatorCluster]),
  );
  const bases = new Set(
    versions
      .map(v => v.baseModel)
      .filter((ref): ref is string => !!ref && /^resource:/.test(ref)),
  );
  const latest = versions[versions.length - 1];
  const metrics = Object.entries(summary.latestMetrics)
    .map(([key, value]) => `${key} ${Number(value.toFixed(4))}`)
    .join(', ');
  assertEntityName(name);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: name,
      description: `Model trained by federated learning (${
        summary.framework
      }), ${summary.versionCount} version${
        summary.versionCount === 1 ? '' : 's'
      }; latest v${summary.latestVersion}${metrics ? `: ${metrics}` : ''}`,
      annotations: {
        ...locationAnnotations(options.provider),
        [OCM_FL_ANNOTATIONS.model]: name,
      },
      tags: ['federated-learning', summary.framework],
      links: [
        {
          url: `${options.baseUrl}/federated-learning/models/${name}`,
          title: 'Versions & lineage',
        },
      ],
    },
    spec: {
      type: 'ai-model',
      // The person who launched the latest version answers for it, unless nobody is known.
      owner: latest?.createdBy ?? options.owner,
      dependsOn: [
        ...bases,
        ...[...clusters].sort().map(ocmFlEntityRefs.cluster),
      ],
    },
  };
}
