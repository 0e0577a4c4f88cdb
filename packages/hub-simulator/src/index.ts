/**
 * An OCM hub simulator that speaks the Kubernetes API, for development, tests, demos and
 * benchmarks.
 *
 * @packageDocumentation
 */

export { startHubSimulator } from './startHubSimulator';
export type { HubSimulator, HubSimulatorOptions } from './startHubSimulator';
export type { ClusterHealth } from './cluster/SimulatedCluster';
