import { ModelStorageLocation } from '../storage/modelStorageLocation';
import { modelClaimName } from '../storage/pvcModel';
import { meta } from './jobMetadata';
import { Manifest, RenderInput } from './types';

export const S3_SECRET = 's3-credentials';

/** The model directory: this launch's PVC, or an emptyDir that the uploader syncs to S3. */
export function modelVolume(input: Pick<RenderInput, 'spec' | 'runId'>) {
  return input.spec.storage.type === 'pvc'
    ? {
        name: 'models',
        persistentVolumeClaim: {
          claimName: modelClaimName(input.spec.name, input.runId),
        },
      }
    : { name: 'models', emptyDir: {} };
}

export function modelPvc(
  input: Pick<RenderInput, 'spec' | 'runId'>,
): Manifest[] {
  const { spec } = input;
  if (spec.storage.type !== 'pvc') return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(
        modelClaimName(spec.name, input.runId),
        spec,
        'aggregator',
      ),
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: spec.storage.size } },
        ...(spec.storage.storageClassName
          ? { storageClassName: spec.storage.storageClassName }
          : {}),
      },
    },
  ];
}

/** The configured location an S3 job keeps its model in; undefined for PVC storage. */
export function s3Location(
  input: Pick<RenderInput, 'spec' | 'storageLocation'>,
): ModelStorageLocation | undefined {
  return input.spec.storage.type === 's3' ? input.storageLocation : undefined;
}

/** The Secret the uploader reads, copied from the hub Secret of the configured location. */
export function s3CredentialsSecret(input: RenderInput): Manifest[] {
  if (!s3Location(input)?.credentialsSecret) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(S3_SECRET, input.spec, 'aggregator'),
      type: 'Opaque',
      data: input.s3CredentialsData ?? {},
    },
  ];
}

/** A service account for the aggregator pods, carrying the location's workload-identity annotations. */
export function aggregatorServiceAccount(input: RenderInput): Manifest {
  const annotations = s3Location(input)?.serviceAccountAnnotations;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(
      'aggregator',
      input.spec,
      'aggregator',
      annotations ? { annotations } : {},
    ),
    automountServiceAccountToken: false,
  };
}
