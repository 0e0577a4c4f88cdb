/**
 * A permission policy for the ocm-fl plugins: roles from configuration, jobs that their
 * creator may stop and delete.
 *
 * @packageDocumentation
 */

export { permissionModuleOcmFlPolicy as default } from './module';
export { readOcmFlPermissionConfig } from './config';
export type { OcmFlPermissionConfig } from './config';
