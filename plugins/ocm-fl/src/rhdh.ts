// The module that Red Hat Developer Hub loads (scalprum `exposedModules.PluginRoot`): the
// legacy-system exports that its app shell wires through `dynamicRoutes`, `mountPoints`,
// `routeBindings` and `scaffolderFieldExtensions`, the entity filters that the mount points'
// `if` conditions name, and the sidebar icon for `appIcons`. It leaves out the
// new-frontend-system plugin of `index.ts`, which RHDH's shell would evaluate against its
// own, older @backstage/frontend-plugin-api.
export * from './legacy';
export { isClusterEntity, isModelEntity } from './components/entity/filters';
// The icon of the page's sidebar item in the new frontend system too (plugin.tsx).
export { default as FederatedLearningIcon } from '@material-ui/icons/Share';
