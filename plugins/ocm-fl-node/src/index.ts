/**
 * Node.js library of the OCM federated learning plugins: configuration, hub access and
 * hub health.
 *
 * @packageDocumentation
 */

export * from './config/ocmFlConfig';
export * from './hub/kubeConfigForHub';
export * from './hub/probeHub';
export * from './hub/HubHealthMonitor';
export * from './hub/connectionWarnings';
export {
  DEFAULT_RETRY_POLICY,
  retryHubCall,
  transientHubFailure,
} from './hub/retryHubCall';
export type { RetryPolicy } from './hub/retryHubCall';
export * from './pki/jobPki';
export * from './launcher';
export * from './cache/HubCache';
export * from './cache/clusterViews';
export * from './hubs/OcmFlHubs';
export * from './hubs/ocmFlHubsServiceRef';
export * from './models/parseModelFiles';
export * from './models/S3ModelStore';
export * from './models/jobModelFolder';
export * from './permissions/jobResource';
