/**
 * The `ocm-fl` command line.
 *
 * @packageDocumentation
 */
export { runCli } from './program';
export type { Io } from './program';
