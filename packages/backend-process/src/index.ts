/**
 * Runs this repository's backend (packages/backend) as a process of its own: for the fault
 * suite and the backend benchmark.
 *
 * @packageDocumentation
 */
export { BackendProcess } from './backendProcess';
export type { BackendProcessOptions } from './backendProcess';
export type { BackendMode } from './backendCommand';
