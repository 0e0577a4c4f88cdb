import { KubeObject } from '../store/types';
import { evaluateJsonPath, typeName } from './jsonPath';

export interface FeedbackValue {
  name: string;
  fieldValue: {
    type: 'Integer' | 'String' | 'Boolean';
    integer?: number;
    string?: string;
    boolean?: boolean;
  };
}

interface JsonPath {
  name: string;
  path: string;
  version?: string;
}

export interface FeedbackRule {
  type: 'WellKnownStatus' | 'JSONPaths';
  jsonPaths?: JsonPath[];
}

/**
 * The work agent's well-known status paths, by group/version/kind, and only for these kinds
 * (open-cluster-management-io/ocm v1.3.0 `pkg/work/spoke/statusfeedback/rules/rule.go`).
 */
const WELL_KNOWN: Record<string, JsonPath[]> = {
  'apps/v1/Deployment': [
    { name: 'ReadyReplicas', path: '.status.readyReplicas' },
    { name: 'Replicas', path: '.status.replicas' },
    { name: 'AvailableReplicas', path: '.status.availableReplicas' },
  ],
  'apps/v1/DaemonSet': [
    { name: 'NumberReady', path: '.status.numberReady' },
    { name: 'DesiredNumberScheduled', path: '.status.desiredNumberScheduled' },
    { name: 'NumberAvailable', path: '.status.numberAvailable' },
  ],
  'batch/v1/Job': [
    {
      name: 'JobComplete',
      path: '.status.conditions[?(@.type=="Complete")].status',
    },
    { name: 'JobSucceeded', path: '.status.succeeded' },
  ],
  '/v1/Pod': [
    { name: 'PodReady', path: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'PodPhase', path: '.status.phase' },
  ],
};

function groupVersion(resource: KubeObject): [string, string] {
  const [group, version] = resource.apiVersion.includes('/')
    ? resource.apiVersion.split('/')
    : ['', resource.apiVersion];
  return [group, version];
}

/**
 * One path's value as the agent reports it (`getValueByJsonPath`): nothing for no match or
 * null, the first match where there are several (the `RawFeedbackJsonString` feature gate
 * is off by default), and an error for anything but an integer, a string or a boolean.
 */
function valueOf(
  resource: KubeObject,
  { name, path }: JsonPath,
): FeedbackValue | undefined {
  let found: unknown[];
  try {
    found = evaluateJsonPath(resource, path);
  } catch (error) {
    throw new Error(
      `failed to find value for ${name} with error: ${
        (error as Error).message
      }`,
    );
  }
  const value = found[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value))
    return { name, fieldValue: { type: 'Integer', integer: value } };
  if (typeof value === 'string')
    return { name, fieldValue: { type: 'String', string: value } };
  if (typeof value === 'boolean')
    return { name, fieldValue: { type: 'Boolean', boolean: value } };
  throw new Error(
    `the type ${typeName(value)} of the value for ${name} is not found`,
  );
}

/** The paths a rule reads from this resource, or the agent's error for the rule. */
function pathsOf(resource: KubeObject, rule: FeedbackRule): JsonPath[] {
  if (rule.type === 'JSONPaths') return rule.jsonPaths ?? [];
  const [group, version] = groupVersion(resource);
  const paths = WELL_KNOWN[`${group}/${version}/${resource.kind}`];
  if (!paths) {
    throw new Error(
      `cannot find the wellknown statuses for resource with gvk ${
        group ? `${group}/` : ''
      }${version}, Kind=${resource.kind}`,
    );
  }
  return paths;
}

/**
 * The values of a resource's feedback rules and the errors the agent would report in its
 * `StatusFeedbackSynced` condition (open-cluster-management-io/ocm v1.3.0
 * `pkg/work/spoke/statusfeedback/reader.go` `GetValuesByRule`). Paths start at the object's
 * root; a path that fails keeps the values of the others.
 */
export function statusFeedback(
  resource: KubeObject,
  rules: FeedbackRule[],
): { values: FeedbackValue[]; errors: string[] } {
  const values: FeedbackValue[] = [];
  const errors: string[] = [];
  const [, version] = groupVersion(resource);
  for (const rule of rules) {
    let paths: JsonPath[];
    try {
      paths = pathsOf(resource, rule);
    } catch (error) {
      errors.push((error as Error).message);
      continue;
    }
    for (const path of paths) {
      if (path.version && path.version !== version) {
        errors.push(
          `version set in the path ${path.name} is not matched for the related resource`,
        );
        continue;
      }
      try {
        const value = valueOf(resource, path);
        if (value) values.push(value);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  }
  return { values, errors };
}
