import {
  aggregateRuleConditions,
  evaluateConditionRules,
  RuleCondition,
} from './conditionRules';

const complete = { type: 'WellKnownConditions', condition: 'Complete' };
const job = (conditions?: Array<{ type: string; status: string }>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  status: conditions ? { conditions } : {},
});

describe('evaluateConditionRules', () => {
  it.each([
    ['succeeded', [{ type: 'Complete', status: 'True' }], 'True'],
    // The agent's rule: a failed Job has finished too.
    ['failed', [{ type: 'Failed', status: 'True' }], 'True'],
    ['running', [{ type: 'Suspended', status: 'False' }], 'False'],
    ['new', undefined, 'False'],
  ])('marks a %s Job Complete=%s', (_name, conditions, status) => {
    expect(evaluateConditionRules(job(conditions), [complete])).toEqual([
      {
        type: 'Complete',
        status,
        reason: 'ConditionRuleEvaluated',
        message: status === 'True' ? 'Job is finished' : 'Job is not finished',
      },
    ]);
  });

  it('uses the rule message and the Pod rule', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase: 'Failed' },
    };
    expect(evaluateConditionRules(pod, [complete])).toEqual([
      expect.objectContaining({
        status: 'True',
        message: 'Pod is in phase Failed',
      }),
    ]);
    expect(
      evaluateConditionRules(job(), [{ ...complete, message: 'still going' }]),
    ).toEqual([expect.objectContaining({ message: 'still going' })]);
  });

  it('gives nothing for a kind or condition without a built-in rule', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      status: {},
    };
    expect(evaluateConditionRules(deployment, [complete])).toEqual([]);
    expect(
      evaluateConditionRules(job(), [
        { type: 'WellKnownConditions', condition: 'Progressing' },
      ]),
    ).toEqual([]);
  });

  it('says Unknown, and why, for what it cannot evaluate', () => {
    expect(
      evaluateConditionRules(job(), [
        { type: 'CelExpressions', condition: 'Ready' },
        { ...complete, messageExpression: '"x"' },
        { type: 'Guess', condition: 'Ready' },
      ]),
    ).toEqual([
      expect.objectContaining({
        type: 'Ready',
        status: 'Unknown',
        reason: 'ConditionRuleInternalError',
        message: expect.stringContaining('does not evaluate CEL'),
      }),
      expect.objectContaining({
        type: 'Complete',
        status: 'Unknown',
        reason: 'ConditionRuleInternalError',
      }),
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'ConditionRuleInvalid',
        message: 'unrecognized condition rule type Guess',
      },
    ]);
  });
});

describe('aggregateRuleConditions', () => {
  const c = (status: RuleCondition['status'], message = ''): RuleCondition => ({
    type: 'Complete',
    status,
    reason: 'ConditionRuleEvaluated',
    message,
  });

  it.each([
    [['True', 'True'], 'True'],
    [['True', 'False', 'Unknown'], 'False'],
    [['True', 'Unknown'], 'Unknown'],
    [[], 'Unknown'],
  ] as const)('aggregates %j to %s', (statuses, status) => {
    expect(
      aggregateRuleConditions(
        'Complete',
        statuses.map(s => c(s)),
      ),
    ).toEqual({
      type: 'Complete',
      status,
      reason: 'ConditionRulesAggregated',
      message: `Aggregated from ${statuses.length} manifest conditions`,
    });
  });

  it('is Progressing when any manifest is, and keeps a single message', () => {
    expect(
      aggregateRuleConditions('Progressing', [c('False'), c('True')]).status,
    ).toBe('True');
    expect(
      aggregateRuleConditions('Complete', [c('True', 'Job is finished')])
        .message,
    ).toBe('Job is finished');
  });
});
