export { ClusterSelectorField } from './ClusterSelectorField';
