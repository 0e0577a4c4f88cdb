import { evaluateJsonPath } from './jsonPath';
import { statusFeedback } from './statusFeedback';

describe('evaluateJsonPath', () => {
  const status = {
    active: 1,
    conditions: [
      { type: 'Complete', status: 'True' },
      { type: 'Failed', status: 'False' },
    ],
    loadBalancer: { ingress: [{ ip: '198.51.100.7' }] },
  };

  it.each([
    ['.active', [1]],
    ['{.active}', [1]],
    ['.conditions[?(@.type=="Complete")].status', ['True']],
    ['.conditions[?(@.type!="Complete")].type', ['Failed']],
    ['.loadBalancer.ingress[0].ip', ['198.51.100.7']],
    ["['loadBalancer'].ingress[*].ip", ['198.51.100.7']],
    ['.missing.field', []],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(status, path)).toEqual(expected);
  });

  it('rejects what it does not understand', () => {
    expect(() => evaluateJsonPath(status, '..recursive')).toThrow(
      /unsupported JSONPath/,
    );
  });
});

describe('statusFeedback', () => {
  it('returns well-known Job values and JSONPaths scalars, and flags structures', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      status: {
        active: 0,
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    const result = statusFeedback(job, [
      { type: 'WellKnownStatus' },
      {
        type: 'JSONPaths',
        jsonPaths: [
          { name: 'active', path: '.active' },
          { name: 'all', path: '.conditions' },
          { name: 'none', path: '.failed' },
        ],
      },
    ]);
    expect(result.values).toEqual([
      { name: 'JobComplete', fieldValue: { type: 'String', string: 'True' } },
      { name: 'JobSucceeded', fieldValue: { type: 'Integer', integer: 1 } },
      { name: 'active', fieldValue: { type: 'Integer', integer: 0 } },
    ]);
    expect(result.synced).toBe(false);
  });
});
