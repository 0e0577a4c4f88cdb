export { ocmFlPlugin as default } from './plugin';
export * from './api/OcmFlApi';
export * from './api/types';
export { OcmFlClient } from './api/OcmFlClient';
export {
  ocmFlLegacyPlugin,
  FederatedLearningPage,
  EntityFederatedLearningContent,
  EntityModelVersionsContent,
  OcmClusterSelectorFieldExtension,
  OcmJobNameFieldExtension,
  OcmModelStorageFieldExtension,
} from './legacy';
export { isClusterEntity, isModelEntity } from './components/entity/filters';
