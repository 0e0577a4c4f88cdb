import { KubeObject } from '../store/types';
import { evaluateJsonPath } from './jsonPath';

export interface FeedbackValue {
  name: string;
  fieldValue: {
    type: 'Integer' | 'String' | 'Boolean';
    integer?: number;
    string?: string;
    boolean?: boolean;
  };
}

export interface FeedbackRule {
  type: 'WellKnownStatus' | 'JSONPaths' | 'RawJsonString';
  jsonPaths?: Array<{ name: string; path: string }>;
}

/** OCM's well-known status fields per kind (work agent's statusfeedback rules). */
const WELL_KNOWN: Record<string, Array<{ name: string; path: string }>> = {
  'apps/Deployment': [
    { name: 'ReadyReplicas', path: '.readyReplicas' },
    { name: 'Replicas', path: '.replicas' },
    { name: 'AvailableReplicas', path: '.availableReplicas' },
  ],
  'batch/Job': [
    { name: 'JobComplete', path: '.conditions[?(@.type=="Complete")].status' },
    { name: 'JobSucceeded', path: '.succeeded' },
  ],
  '/Pod': [
    { name: 'PodReady', path: '.conditions[?(@.type=="Ready")].status' },
    { name: 'PodPhase', path: '.phase' },
  ],
};

function toFieldValue(value: unknown): FeedbackValue['fieldValue'] | undefined {
  if (typeof value === 'number' && Number.isInteger(value))
    return { type: 'Integer', integer: value };
  if (typeof value === 'string') return { type: 'String', string: value };
  if (typeof value === 'boolean') return { type: 'Boolean', boolean: value };
  return undefined;
}

/**
 * Values of a resource's status for its feedback rules. Paths are relative to `.status`;
 * only single scalar values come back. `synced` is false when a path names a structure.
 */
export function statusFeedback(
  resource: KubeObject,
  rules: FeedbackRule[],
): { values: FeedbackValue[]; synced: boolean } {
  const group = resource.apiVersion.includes('/')
    ? resource.apiVersion.split('/')[0]
    : '';
  const values: FeedbackValue[] = [];
  let synced = true;
  for (const rule of rules) {
    const paths =
      rule.type === 'WellKnownStatus'
        ? WELL_KNOWN[`${group}/${resource.kind}`] ?? []
        : rule.jsonPaths ?? [];
    for (const { name, path } of paths) {
      let found: unknown[];
      try {
        found = evaluateJsonPath(resource.status ?? {}, path);
      } catch {
        synced = false;
        continue;
      }
      if (found.length === 0) continue;
      const value = found.length === 1 ? toFieldValue(found[0]) : undefined;
      if (value) values.push({ name, fieldValue: value });
      else synced = false;
    }
  }
  return { values, synced };
}
