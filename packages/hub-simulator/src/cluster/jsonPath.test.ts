import { evaluateJsonPath } from './jsonPath';
import { statusFeedback } from './statusFeedback';

const job = (status: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  status,
});

describe('evaluateJsonPath', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'fleet' },
    status: {
      active: 1,
      conditions: [
        { type: 'Complete', status: 'True' },
        { type: 'Failed', status: 'False', count: 2 },
        { type: 'Other' },
      ],
      loadBalancer: { ingress: [{ ip: '198.51.100.7' }] },
      empty: [],
      missing: null,
    },
  };

  it.each([
    ['.status.active', [1]],
    ['{.status.active}', [1]],
    ['.status.conditions[?(@.type=="Complete")].status', ['True']],
    // An item without the field never passes, whatever the operator.
    ['.status.conditions[?(@.status!="True")].type', ['Failed']],
    ['.status.conditions[?(@.count>1)].type', ['Failed']],
    ['.status.conditions[?(@.status)].type', ['Complete', 'Failed']],
    ['.status.loadBalancer.ingress[0].ip', ['198.51.100.7']],
    ['.status.loadBalancer.ingress[-1].ip', ['198.51.100.7']],
    ['.status.loadBalancer.ingress[0].hostname', []],
    ["['status'].loadBalancer.ingress[*].ip", ['198.51.100.7']],
    ['.missing.field', []],
    ['.status.missing[0]', []],
    // Paths start at the object's root, as the work agent evaluates them.
    ['.loadBalancer.ingress[0].ip', []],
    ['.active', []],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(service, path)).toEqual(expected);
  });

  it.each([
    ['.status.empty[0]', /array index out of bounds: index 0, length 0/],
    ['.status.active[0]', /int64 is not array or slice/],
    ['.status.loadBalancer[?(@.ip=="x")]', /cannot be filtered/],
    ['.status.conditions[?(@.count=="2")]', /incompatible types/],
    ['..recursive', /unsupported JSONPath at "..recursive"/],
  ])('reports %s as client-go does', (path, error) => {
    expect(() => evaluateJsonPath(service, path)).toThrow(error);
  });
});

describe('statusFeedback', () => {
  it('returns well-known Job values and JSONPaths scalars from the root, and reports structures', () => {
    const result = statusFeedback(
      job({
        active: 0,
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True' }],
      }),
      [
        { type: 'WellKnownStatus' },
        {
          type: 'JSONPaths',
          jsonPaths: [
            { name: 'active', path: '.status.active' },
            { name: 'all', path: '.status.conditions' },
            { name: 'none', path: '.status.failed' },
          ],
        },
      ],
    );
    expect(result.values).toEqual([
      { name: 'JobComplete', fieldValue: { type: 'String', string: 'True' } },
      { name: 'JobSucceeded', fieldValue: { type: 'Integer', integer: 1 } },
      { name: 'active', fieldValue: { type: 'Integer', integer: 0 } },
    ]);
    expect(result.errors).toEqual([
      'the type []interface {} of the value for all is not found',
    ]);
  });

  it('takes the first of several values, as the agent does without RawFeedbackJsonString', () => {
    const result = statusFeedback(
      job({
        conditions: [
          { type: 'Complete', status: 'True' },
          { type: 'SuccessCriteriaMet', status: 'True' },
        ],
      }),
      [
        {
          type: 'JSONPaths',
          jsonPaths: [{ name: 'types', path: '.status.conditions[*].type' }],
        },
      ],
    );
    expect(result).toEqual({
      values: [
        { name: 'types', fieldValue: { type: 'String', string: 'Complete' } },
      ],
      errors: [],
    });
  });

  it('has well-known status only for the kinds the agent knows, with their paths', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      status: { loadBalancer: {} },
    };
    expect(statusFeedback(service, [{ type: 'WellKnownStatus' }])).toEqual({
      values: [],
      errors: [
        'cannot find the wellknown statuses for resource with gvk v1, Kind=Service',
      ],
    });
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd' },
      status: { numberReady: 2, desiredNumberScheduled: 3 },
    };
    expect(
      statusFeedback(daemonSet, [{ type: 'WellKnownStatus' }]).values,
    ).toEqual([
      { name: 'NumberReady', fieldValue: { type: 'Integer', integer: 2 } },
      {
        name: 'DesiredNumberScheduled',
        fieldValue: { type: 'Integer', integer: 3 },
      },
    ]);
  });

  it('refuses a path whose version does not match, and keeps the other values', () => {
    const result = statusFeedback(job({ active: 1, failed: 0.5 }), [
      {
        type: 'JSONPaths',
        jsonPaths: [
          { name: 'old', path: '.status.active', version: 'v1beta1' },
          { name: 'ratio', path: '.status.failed' },
          { name: 'active', path: '.status.active', version: 'v1' },
        ],
      },
    ]);
    expect(result).toEqual({
      values: [{ name: 'active', fieldValue: { type: 'Integer', integer: 1 } }],
      errors: [
        'version set in the path old is not matched for the related resource',
        'the type float64 of the value for ratio is not found',
      ],
    });
  });
});
