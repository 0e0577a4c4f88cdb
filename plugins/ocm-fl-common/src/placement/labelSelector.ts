import { LabelSelector, LabelSelectorRequirement } from './types';

function matchesRequirement(
  values: Record<string, string>,
  requirement: LabelSelectorRequirement,
): boolean {
  const value = values[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && (requirement.values ?? []).includes(value);
    case 'NotIn':
      // As in Kubernetes, NotIn also matches when the key is absent.
      return value === undefined || !(requirement.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return false;
  }
}

/**
 * Kubernetes label selector semantics over a key/value map (labels, or cluster claims as a
 * name-to-value map). An empty or absent selector matches everything.
 *
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  values: Record<string, string> | undefined,
): boolean {
  const map = values ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (map[key] !== value) return false;
  }
  return (selector?.matchExpressions ?? []).every(req =>
    matchesRequirement(map, req),
  );
}
