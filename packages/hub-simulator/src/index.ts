/**
 * An OCM hub simulator that speaks the Kubernetes API, for development, tests, demos and
 * benchmarks.
 *
 * @packageDocumentation
 */

export { startHubSimulator } from './startHubSimulator';
export type { HubSimulator, HubSimulatorOptions } from './startHubSimulator';
export type { ClusterHealth } from './cluster/SimulatedCluster';
export { CrdSchemas, OCM_CRD_DIR } from './schema/CrdSchemas';
export { DATA_PATH_CLAIM, JOB_NAMESPACE } from './scenarios/scenarios';
