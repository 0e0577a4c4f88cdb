import { satisfiedPlacement } from '../__fixtures__';
import { ocmFlAnnotations, ocmFlLabels } from '../labels';
import { WorkObject } from '../status/deriveJobStatus';
import { jobSummary, jobView, liveJob, RecordedJob } from './jobView';

const spec = { name: 'mnist', framework: 'flower', rounds: 3, minClients: 1 };

function work(
  name: string,
  createdAt: string,
  runId: string,
  jobSpec: object = spec,
): WorkObject {
  return {
    metadata: {
      name,
      namespace: name.endsWith('aggregator') ? 'gpu-pool-1' : 'hospital-paris',
      labels: { [ocmFlLabels.job]: 'mnist', [ocmFlLabels.run]: runId },
      annotations: { [ocmFlAnnotations.spec]: JSON.stringify(jobSpec) },
      creationTimestamp: createdAt,
    },
  } as WorkObject;
}

describe('liveJob', () => {
  const works = [
    work('mnist-client', '2026-12-03T10:00:05Z', 'run-1'),
    work('mnist-aggregator', '2026-12-03T10:00:02Z', 'run-1'),
  ];

  it('dates a job and names its run the same whatever order its works are listed in', () => {
    const details = [works, [...works].reverse()].map(listed =>
      liveJob({ hub: 'hub', name: 'mnist', works: listed, clusters: [] }),
    );
    for (const detail of details) {
      expect(detail).toMatchObject({
        createdAt: '2026-12-03T10:00:02Z',
        runId: 'run-1',
        rounds: 3,
      });
    }
  });

  it('names only frameworks of ours: the REST API promises one of them', () => {
    const edited = work('mnist-aggregator', '2026-12-03T10:00:02Z', 'run-1', {
      ...spec,
      framework: 'caffe',
    });
    const detail = liveJob({
      hub: 'hub',
      name: 'mnist',
      works: [edited],
      clusters: [],
    });
    expect(detail.framework).toBeUndefined();
    expect(detail.rounds).toBe(3);
  });

  it('takes time and spec from the Placement when there is one', () => {
    const detail = liveJob({
      hub: 'hub',
      name: 'mnist',
      placement: satisfiedPlacement,
      works,
      clusters: [],
    });
    // The fixture's creation time, run label and spec (minClients 2, not the works' 1).
    expect(detail).toMatchObject({
      createdAt: '2026-11-30T08:41:17Z',
      runId: '8e3f1a52-4c7d-4b29-9e61-2d5a7c0b3f18',
      minClients: 2,
    });
  });

  it('has no run for objects launched before the run label', () => {
    const unlabelled = works.map(w => ({
      ...w,
      metadata: { ...w.metadata, labels: { [ocmFlLabels.job]: 'mnist' } },
    }));
    expect(
      liveJob({ hub: 'hub', name: 'mnist', works: unlabelled, clusters: [] })
        .runId,
    ).toBeUndefined();
  });
});

describe('jobView', () => {
  const aggregatorWork = {
    metadata: {
      name: 'mnist-aggregator',
      namespace: 'gpu-pool-1',
      labels: {
        [ocmFlLabels.job]: 'mnist',
        [ocmFlLabels.role]: 'aggregator',
        [ocmFlLabels.run]: 'run-1',
      },
      annotations: { [ocmFlAnnotations.spec]: JSON.stringify(spec) },
      creationTimestamp: '2026-12-03T10:00:02Z',
    },
  } as WorkObject;
  // The fixture's Placement after a person stopped the job.
  const stoppedPlacement = structuredClone(satisfiedPlacement);
  stoppedPlacement.metadata.annotations![ocmFlAnnotations.stoppedAt] =
    '2026-12-03T10:05:00Z';
  const record: RecordedJob = {
    hub: 'hub',
    name: 'mnist',
    createdAt: '2026-12-03T10:00:01Z',
    runId: 'run-1',
    framework: 'flower',
    spec: { ...spec, aggregator: { cluster: 'gpu-pool-1' } },
    aggregatorCluster: 'gpu-pool-1',
    participants: ['hospital-berlin', 'hospital-paris'],
    createdBy: 'user:default/ada',
    phase: 'Running',
    reason: 'aggregator and 2 clients running',
    vanishedClusters: [],
    latestRound: 2,
  };

  it('shows a live job as its hub objects say, without progress before any is recorded', () => {
    const view = jobView({
      live: liveJob({
        hub: 'hub',
        name: 'mnist',
        placement: stoppedPlacement,
        works: [aggregatorWork],
        clusters: [],
      }),
    });
    expect(view).toMatchObject({
      phase: 'Stopped',
      runId: satisfiedPlacement.metadata.labels![ocmFlLabels.run],
      rounds: 3,
      vanishedClusters: [],
    });
    expect(view).not.toHaveProperty('progress');
    expect(view).not.toHaveProperty('archived');
  });

  it('shows a job that left its hub from its record, archived, with the recorded round', () => {
    const view = jobView({
      record: { ...record, deletedAt: '2026-12-03T11:00:00Z' },
    });
    expect(view).toEqual({
      hub: 'hub',
      name: 'mnist',
      framework: 'flower',
      rounds: 3,
      minClients: 1,
      phase: 'Running',
      reason: 'aggregator and 2 clients running',
      aggregatorCluster: 'gpu-pool-1',
      clients: ['hospital-berlin', 'hospital-paris'],
      createdBy: 'user:default/ada',
      createdAt: '2026-12-03T10:00:01Z',
      runId: 'run-1',
      archived: true,
      deletedAt: '2026-12-03T11:00:00Z',
      spec: record.spec,
      clusters: [],
      vanishedClusters: [],
      progress: { round: 2, of: 3 },
    });
  });

  it('takes phase and clusters from the hub and the round from the record when it has both', () => {
    const live = liveJob({
      hub: 'hub',
      name: 'mnist',
      placement: stoppedPlacement,
      works: [aggregatorWork],
      clusters: [],
    });
    const detail = jobView({ live, record });
    expect(detail).toMatchObject({
      phase: 'Stopped',
      progress: { round: 2, of: 3 },
      clusters: [expect.objectContaining({ cluster: 'gpu-pool-1' })],
    });
    // A list passes the recorded round alone, and shows what the job's page shows.
    const listed = jobSummary(
      jobView({ live, record: { latestRound: record.latestRound } }),
    );
    const { spec: _s, clusters: _c, vanishedClusters: _v, ...shown } = detail;
    expect(listed).toEqual(shown);
  });

  it('names the clusters that vanished while the job was on its hub', () => {
    const view = jobView({
      live: liveJob({
        hub: 'hub',
        name: 'mnist',
        works: [aggregatorWork],
        clusters: [],
      }),
      record: { ...record, vanishedClusters: ['gpu-pool-1'] },
    });
    expect(view).toMatchObject({
      phase: 'Deploying',
      vanishedClusters: ['gpu-pool-1'],
      clusters: [expect.objectContaining({ cluster: 'gpu-pool-1' })],
    });
  });
});
