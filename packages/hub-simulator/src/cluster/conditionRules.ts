import { KubeObject } from '../store/types';

export interface ConditionRule {
  type: string;
  condition: string;
  message?: string;
  messageExpression?: string;
}

export interface RuleCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

interface WellKnownRule {
  holds: (resource: KubeObject) => boolean;
  message: (resource: KubeObject, result: boolean) => string;
}

const conditionsOf = (resource: KubeObject): any[] =>
  ((resource.status as any)?.conditions as any[]) ?? [];

/**
 * The agent's built-in condition rules, by group/version/kind and condition, computing what
 * their CEL expressions compute (open-cluster-management-io/ocm v1.3.0
 * `pkg/work/spoke/conditions/rules/rule.go`). A Job is `Complete` once it has finished either
 * way: its `Complete` or its `Failed` condition is True.
 */
const WELL_KNOWN: Record<string, Record<string, WellKnownRule>> = {
  'batch/v1/Job': {
    Complete: {
      holds: job =>
        conditionsOf(job).some(
          c =>
            (c.type === 'Complete' || c.type === 'Failed') &&
            c.status === 'True',
        ),
      message: (_job, result) =>
        result ? 'Job is finished' : 'Job is not finished',
    },
  },
  '/v1/Pod': {
    Complete: {
      holds: pod =>
        ['Succeeded', 'Failed'].includes((pod.status as any)?.phase),
      message: pod => `Pod is in phase ${(pod.status as any)?.phase}`,
    },
  },
};

function gvk(resource: KubeObject) {
  const groupVersion = resource.apiVersion.includes('/')
    ? resource.apiVersion
    : `/${resource.apiVersion}`;
  return `${groupVersion}/${resource.kind}`;
}

/**
 * The manifest conditions that a resource's condition rules give, as the agent's
 * `ConditionReader.EvaluateConditions` does: a `WellKnownConditions` rule for a kind or
 * condition without a built-in rule gives nothing. The simulator has no CEL: a
 * `CelExpressions` rule or a `messageExpression` is reported Unknown with the reason why.
 */
export function evaluateConditionRules(
  resource: KubeObject,
  rules: ConditionRule[],
): RuleCondition[] {
  return rules.flatMap((rule): RuleCondition[] => {
    if (rule.type === 'WellKnownConditions') {
      const known = WELL_KNOWN[gvk(resource)]?.[rule.condition];
      if (!known) return [];
      if (rule.messageExpression)
        return [notEvaluated(rule, 'messageExpression')];
      const result = known.holds(resource);
      return [
        {
          type: rule.condition,
          status: result ? 'True' : 'False',
          reason: 'ConditionRuleEvaluated',
          message: rule.message || known.message(resource, result),
        },
      ];
    }
    if (rule.type === 'CelExpressions')
      return [notEvaluated(rule, 'CelExpressions rules')];
    return [
      {
        type: rule.condition,
        status: 'Unknown',
        reason: 'ConditionRuleInvalid',
        message: `unrecognized condition rule type ${rule.type}`,
      },
    ];
  });
}

function notEvaluated(rule: ConditionRule, what: string): RuleCondition {
  return {
    type: rule.condition,
    status: 'Unknown',
    reason: 'ConditionRuleInternalError',
    message: `the hub simulator does not evaluate CEL (${what}); use WellKnownConditions without messageExpression`,
  };
}

/**
 * A work-level condition aggregated from its manifests' rule conditions of one type
 * (open-cluster-management-io/ocm v1.3.0 `pkg/work/spoke/conditions/helpers.go`
 * `newAggregateConditionFromRules`): False wins, then Unknown (or none True); `Progressing` is
 * True if any manifest is.
 */
export function aggregateRuleConditions(
  type: string,
  conditions: RuleCondition[],
): RuleCondition {
  const count = (status: string) =>
    conditions.filter(c => c.status === status).length;
  const [numTrue, numFalse, numUnknown] = [
    count('True'),
    count('False'),
    count('Unknown'),
  ];
  let status: RuleCondition['status'];
  if (type === 'Progressing') {
    if (numTrue > 0) status = 'True';
    else status = numUnknown > 0 ? 'Unknown' : 'False';
  } else if (numFalse > 0) status = 'False';
  else status = numUnknown > 0 || numTrue === 0 ? 'Unknown' : 'True';
  const single = conditions.length === 1 ? conditions[0].message : '';
  return {
    type,
    status,
    reason: 'ConditionRulesAggregated',
    message:
      single || `Aggregated from ${conditions.length} manifest conditions`,
  };
}
