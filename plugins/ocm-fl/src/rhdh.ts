// The module that Red Hat Developer Hub loads (scalprum `exposedModules.PluginRoot`): the
// legacy-system exports its app shell wires through `dynamicRoutes`, `mountPoints`,
// `routeBindings` and `scaffolderFieldExtensions`, and the entity filters its mount points'
// `if` conditions name. It leaves out the new-frontend-system plugin of `index.ts`, which
// RHDH's shell would evaluate against its own, older @backstage/frontend-plugin-api.
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
