import { KubeConfig } from '@kubernetes/client-node';
import {
  Manifest,
  ModelStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { RetryPolicy } from '../hub/retryHubCall';

/** @public */
export interface LaunchOptions {
  /** Render and validate with the hub's `dryRun=All`; change nothing. */
  dryRun?: boolean;
  /** Leave what a failed launch created, for debugging; by default it is deleted. */
  keepOnFailure?: boolean;
  /** The initiating user's entity ref. */
  createdBy?: string;
  /**
   * Identifies this launch on the hub objects. A resumed launch (a recovered scaffolder
   * task) passes the id of the first attempt, so it recognises what it created: a run that
   * finished, or whose every work that attempt applied, it leaves as it is; of a partial one
   * it clears the workloads (their pods keep the attempt's keys) and applies it all again
   * with a new PKI. By default a new id, so objects of the same name from any other launch
   * make the name taken.
   */
  runId?: string;
  /** Progress in words, for logs. */
  onProgress?: (message: string) => void;
}

/** @public */
export interface LaunchResult {
  job: string;
  dryRun: boolean;
  participants: string[];
  aggregatorCluster: string;
  aggregatorAddress: string;
  /** The hub objects, Secret values redacted. */
  objects: Manifest[];
}

/** @public */
export interface LauncherOptions {
  kubeConfig: KubeConfig;
  /** Hub namespace for Placements (`ocmFl.namespace`); it holds the locations' Secrets. */
  namespace: string;
  /** Name of this hub in `ocmFl.hubs`, for locations restricted to some hubs. */
  hubName?: string;
  /** Where jobs may keep models in S3 (`ocmFl.storage.locations`); a spec names one. */
  storageLocations: ModelStorageLocation[];
  waits?: {
    decisionsMs?: number;
    addressMs?: number;
    agentMs?: number;
    pollMs?: number;
  };
  /** Client ManifestWorks applied at once. */
  concurrency?: number;
  /** How hub calls are tried again after transient failures; default DEFAULT_RETRY_POLICY. */
  retry?: RetryPolicy;
}
