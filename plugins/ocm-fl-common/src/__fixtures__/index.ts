import type { AddOnPlacementScore, ManagedCluster } from '../placement/types';
import type { WorkObject } from '../status/deriveJobStatus';
import addOnPlacementScoreJson from './addOnPlacementScore.json';
import availableClusterJson from './managedCluster.available.json';
import unreachableClusterJson from './managedCluster.unreachable.json';
import runningClientWorkJson from './manifestWork.client.running.json';

// JSON imports type condition statuses and taint effects as plain strings: the casts give
// them the API types that the files match (README.md says where each comes from).

/** ManagedCluster hospital-berlin: accepted, joined, available, in the set hospitals. */
export const availableCluster = availableClusterJson as ManagedCluster;
/** ManagedCluster hospital-paris: its lease stopped, Available=Unknown, tainted unreachable. */
export const unreachableCluster = unreachableClusterJson as ManagedCluster;
/** AddOnPlacementScore resource-usage-score of hospital-berlin. */
export const addOnScore = addOnPlacementScoreJson as AddOnPlacementScore;
/**
 * ManifestWork mnist-client on hospital-berlin: a Flower client as a launch applies it, its
 * Deployments available and reported by the work agent's status feedback.
 */
export const runningClientWork = runningClientWorkJson as WorkObject;
