import { KubeConfig } from '@kubernetes/client-node';
import { HubObjects } from './HubObjects';

/** What the steps of a launch share: the hub, the job namespace and the launcher's limits. */
export interface LaunchContext {
  hub: HubObjects;
  kubeConfig: KubeConfig;
  /** Hub namespace for Placements; it holds the locations' Secrets. */
  namespace: string;
  waits: {
    decisionsMs: number;
    addressMs: number;
    /** For what an interrupted attempt of the run left to be cleared. */
    startOverMs: number;
    pollMs: number;
  };
  /** Hub objects applied or deleted at once. */
  concurrency: number;
}

/** Placeholder host for dry runs, where no LoadBalancer address exists yet. */
export const PENDING_HOST = 'aggregator-address.pending';

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
