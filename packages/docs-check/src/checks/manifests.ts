import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import {
  CrdSchemas,
  KUBERNETES_MODELS,
  OCM_CRD_DIR,
} from '@ocm-fl/hub-simulator/testing';

/** Kubernetes' own kinds that docs and rendered works contain, with their schemas. */
const CORE_MODELS: Record<string, new (data: any) => { validate(): void }> = {
  ...KUBERNETES_MODELS,
  // The hub's RBAC in the operator docs; the managed clusters' API servers need none.
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
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
