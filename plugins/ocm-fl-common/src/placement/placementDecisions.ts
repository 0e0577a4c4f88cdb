import {
  DECISION_GROUP_INDEX_LABEL,
  DECISION_GROUP_NAME_LABEL,
  PLACEMENT_LABEL,
  SchedulingResult,
} from './schedulePlacement';

/** At most this many decisions go into one PlacementDecision, as in OCM. @public */
export const MAX_DECISIONS_PER_OBJECT = 100;

/** The PlacementDecisions a scheduling result is written as. @public */
export interface PlacementDecisionContent {
  name: string;
  labels: Record<string, string>;
  decisions: Array<{ clusterName: string; reason: string }>;
}

/**
 * Cuts each decision group into PlacementDecisions of at most 100 decisions, named
 * `<placement>-decision-<n>` with n counting from 1 across all groups.
 *
 * @public
 */
export function placementDecisionsFor(
  placementName: string,
  result: Pick<SchedulingResult, 'groups'>,
): PlacementDecisionContent[] {
  const out: PlacementDecisionContent[] = [];
  for (const group of result.groups) {
    const parts: string[][] = [];
    for (let i = 0; i < group.clusters.length; i += MAX_DECISIONS_PER_OBJECT) {
      parts.push(group.clusters.slice(i, i + MAX_DECISIONS_PER_OBJECT));
    }
    if (parts.length === 0) parts.push([]);
    for (const part of parts) {
      out.push({
        name: `${placementName}-decision-${out.length + 1}`,
        labels: {
          [PLACEMENT_LABEL]: placementName,
          [DECISION_GROUP_NAME_LABEL]: group.groupName,
          [DECISION_GROUP_INDEX_LABEL]: String(group.groupIndex),
        },
        decisions: part.map(clusterName => ({ clusterName, reason: '' })),
      });
    }
  }
  return out;
}

/** The Placement's status for a scheduling result. @public */
export function placementStatusFor(
  result: SchedulingResult,
  decisions: PlacementDecisionContent[],
  observedGeneration: number | undefined,
  previousConditions: Array<{
    type: string;
    status: string;
    lastTransitionTime?: string;
  }> = [],
  now = new Date(),
) {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    numberOfSelectedClusters: result.selected.length,
    decisionGroups: result.groups.map(group => ({
      decisionGroupIndex: group.groupIndex,
      decisionGroupName: group.groupName,
      clusterCount: group.clusters.length,
      decisions: decisions
        .filter(
          d =>
            d.labels[DECISION_GROUP_INDEX_LABEL] === String(group.groupIndex),
        )
        .map(d => d.name),
    })),
    conditions: result.conditions.map(condition => {
      const previous = previousConditions.find(c => c.type === condition.type);
      return {
        ...condition,
        observedGeneration,
        lastTransitionTime:
          previous &&
          previous.status === condition.status &&
          previous.lastTransitionTime
            ? previous.lastTransitionTime
            : stamp,
      };
    }),
  };
}
