import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { CrdSchemas, OCM_CRD_DIR } from '@ocm-fl/hub-simulator/testing';

/** Kubernetes' own kinds that docs and rendered works contain, with their schemas. */
const CORE_MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

let crds: CrdSchemas | undefined;

/**
 * Validates one manifest as an API server would: OCM kinds against the official CRDs with
 * strict field validation, Kubernetes kinds against their OpenAPI schemas
 * (kubernetes-models). A ManifestWork's embedded manifests are validated too. Throws naming
 * the object and the problem; an unknown kind is an error, not a pass.
 */
export function validateManifest(object: any): void {
  const id = `${object?.kind ?? '(no kind)'} ${
    object?.metadata?.namespace ? `${object.metadata.namespace}/` : ''
  }${object?.metadata?.name ?? '(no name)'}`;
  const key = `${object?.apiVersion}/${object?.kind}`;
  crds ??= CrdSchemas.fromDirectory(OCM_CRD_DIR);
  try {
    if (crds.schemaOf(object.apiVersion, object.kind)) {
      crds.admit(object, 'Strict');
    } else if (CORE_MODELS[key]) {
      new CORE_MODELS[key](object).validate();
    } else {
      throw new Error(`no schema for ${key}`);
    }
  } catch (error) {
    throw new Error(`${id}: ${(error as Error).message}`);
  }
  if (object.kind === 'ManifestWork') {
    for (const manifest of object.spec?.workload?.manifests ?? [])
      validateManifest(manifest);
  }
}
