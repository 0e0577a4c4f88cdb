import { renderJob } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { testRenderInput } from '@ocm-fl/backstage-plugin-ocm-fl-common/testing';
import { adoptedLaunchResult, earlierAttemptOf } from './earlierAttempt';
import { HubObject } from './HubObjects';

const input = testRenderInput({}, { runId: 'run-1' });
const { spec } = input;
/** The run's objects as one attempt applied them, each as the hub lists it. */
const attempt = (over: Partial<typeof input> = {}) => {
  const rendered = renderJob({ ...input, ...over });
  const asListed = (object: unknown) => {
    const { kind, apiVersion, ...listed } = structuredClone(object) as any;
    return {
      ...listed,
      metadata: { ...listed.metadata, uid: 'u', resourceVersion: '7' },
    } as HubObject;
  };
  return {
    placement: asListed(rendered.placement),
    aggregator: asListed(rendered.aggregatorWork),
    clients: rendered.clientWorks.map(asListed),
  };
};
const { placement, aggregator, clients } = attempt();
/** The address draft, which the launcher applies before it mints the PKI. */
const draft = attempt({ participants: [] }).aggregator;
const [paris, madrid] = clients;

/** The aggregator's work with the feedback of its submit Job. */
const withJob = (values: Record<string, number | string>): HubObject => ({
  ...aggregator,
  status: {
    conditions: [
      { type: 'Applied', status: 'True' },
      { type: 'Available', status: 'True' },
    ],
    resourceStatus: {
      manifests: [
        {
          resourceMeta: { kind: 'Job', name: 'submit' },
          statusFeedback: {
            values: Object.entries(values).map(([name, value]) => ({
              name,
              fieldValue:
                typeof value === 'number'
                  ? { integer: value }
                  : { string: value },
            })),
          },
        },
      ],
    },
  },
});

describe('earlierAttemptOf', () => {
  it('finds none when the run has no work yet, even with its Placement', () => {
    expect(earlierAttemptOf(spec, { placement, works: [] })).toEqual({
      kind: 'none',
    });
  });

  it('calls stopped a run whose Placement a person marked stopped, its works gone or going', () => {
    const stopped = {
      ...placement,
      metadata: {
        ...placement.metadata,
        annotations: {
          ...placement.metadata!.annotations,
          'federated-learning.open-cluster-management.io/stopped-at':
            '2026-12-03T18:00:00Z',
        },
      },
    };
    for (const works of [[], [aggregator, paris, madrid]])
      expect(earlierAttemptOf(spec, { placement: stopped, works })).toEqual({
        kind: 'stopped',
        at: '2026-12-03T18:00:00Z',
      });
  });

  it.each([
    ['only the address draft', [draft]],
    ['the draft and a client of an earlier start', [draft, paris]],
    ['the full aggregator without its clients', [aggregator]],
    ['the full aggregator and one of two clients', [aggregator, paris]],
    [
      'every work, one of them being deleted',
      [
        aggregator,
        paris,
        {
          ...madrid,
          metadata: { ...madrid.metadata, deletionTimestamp: new Date() },
        },
      ],
    ],
    [
      'every work, a client applied for another address',
      [
        aggregator,
        paris,
        attempt({ aggregatorAddress: { host: '198.51.100.8', port: 9092 } })
          .clients[1],
      ],
    ],
  ])('calls partial %s', (_what, works) => {
    expect(earlierAttemptOf(spec, { placement, works })).toEqual({
      kind: 'partial',
    });
  });

  it('calls complete an attempt that applied every work, whatever its pods do', () => {
    expect(
      earlierAttemptOf(spec, { placement, works: [aggregator, madrid, paris] }),
    ).toEqual({
      kind: 'complete',
      phase: 'Deploying',
      reason: expect.stringMatching(/^0 of 2 required clients running/),
      participants: ['hospital-paris', 'hospital-madrid'],
      aggregatorAddress: '198.51.100.7:9092',
    });
  });

  it('calls finished a run whose training ended, even one that had not applied every client', () => {
    expect(
      earlierAttemptOf(spec, {
        placement,
        works: [withJob({ succeeded: 1 }), paris],
      }),
    ).toMatchObject({
      kind: 'finished',
      phase: 'Succeeded',
      participants: ['hospital-paris'],
    });
    expect(
      earlierAttemptOf(spec, {
        placement,
        works: [
          withJob({
            JobFailed: 'True',
            JobFailedReason: 'BackoffLimitExceeded',
          }),
          paris,
          madrid,
        ],
      }),
    ).toMatchObject({
      kind: 'finished',
      phase: 'Failed',
      reason: expect.stringContaining('BackoffLimitExceeded'),
      participants: ['hospital-paris', 'hospital-madrid'],
    });
  });
});

describe('adoptedLaunchResult', () => {
  it('gives what the launch gave: the participants, the address and the objects as applied, Secret values redacted', () => {
    const run = { placement, works: [withJob({ active: 1 }), madrid, paris] };
    const result = adoptedLaunchResult(spec, run, {
      participants: ['hospital-paris', 'hospital-madrid'],
      aggregatorAddress: '198.51.100.7:9092',
    });
    expect(result).toMatchObject({
      job: 'mnist',
      dryRun: false,
      participants: ['hospital-paris', 'hospital-madrid'],
      aggregatorCluster: 'hospital-berlin',
      aggregatorAddress: '198.51.100.7:9092',
    });
    expect(
      result.objects.map(o => [o.kind, o.metadata.namespace, o.metadata.name]),
    ).toEqual([
      ['Placement', 'federated-learning', 'mnist'],
      ['ManifestWork', 'hospital-berlin', 'mnist-aggregator'],
      ['ManifestWork', 'hospital-paris', 'mnist-client'],
      ['ManifestWork', 'hospital-madrid', 'mnist-client'],
    ]);
    const text = JSON.stringify(result.objects);
    expect(text).not.toMatch(/PRIVATE KEY|resourceVersion|"status"/);
    expect(text).toContain('<redacted>');
  });
});
