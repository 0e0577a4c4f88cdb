export { EntityClusterJobsContent } from './EntityClusterJobsContent';
export { EntityModelContent } from './EntityModelContent';
