import type {
  AddOnPlacementScore,
  ManagedCluster,
  Placement,
  PlacementDecision,
} from '../placement/types';
import type { WorkObject } from '../status/deriveJobStatus';
import addOnPlacementScoreJson from './addOnPlacementScore.json';
import availableClusterJson from './managedCluster.available.json';
import unreachableClusterJson from './managedCluster.unreachable.json';
import runningClientWorkJson from './manifestWork.client.running.json';
import satisfiedPlacementJson from './placement.satisfied.json';
import unsatisfiedPlacementJson from './placement.unsatisfied.json';
import placementDecisionJson from './placementDecision.json';

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
/** Placement cifar: two clusters of the set hospitals chosen, in one decision. */
export const satisfiedPlacement = satisfiedPlacementJson as Placement;
/** Placement cifar-large: three clusters asked of the set hospitals, two found. */
export const unsatisfiedPlacement = unsatisfiedPlacementJson as Placement;
/** PlacementDecision cifar-decision-1 of the Placement cifar: hospital-berlin and hospital-madrid. */
export const placementDecision = placementDecisionJson as PlacementDecision;
