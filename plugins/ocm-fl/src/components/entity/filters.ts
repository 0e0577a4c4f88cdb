import { Entity } from '@backstage/catalog-model';

/** A managed cluster in the catalog (`kind: Resource`, `spec.type: kubernetes-cluster`). */
export const isClusterEntity = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
  entity.spec?.type === 'kubernetes-cluster';

/** A model in the catalog (`kind: Resource`, `spec.type: ai-model`). */
export const isModelEntity = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
  entity.spec?.type === 'ai-model';
