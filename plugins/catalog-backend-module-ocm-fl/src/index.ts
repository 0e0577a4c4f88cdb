/**
 * Catalog entity providers for OCM managed clusters and federated models.
 *
 * @packageDocumentation
 */
export { catalogModuleOcmFl as default } from './module';
export { clusterEntity, modelEntity, OCM_FL_ANNOTATIONS } from './entities';
