import { ocmFlAnnotations, ocmFlLabels } from '../labels';
import { WorkObject } from '../status/deriveJobStatus';
import { jobDetail } from './views';

const spec = { name: 'mnist', framework: 'flower', rounds: 3, minClients: 1 };

function work(name: string, createdAt: string, runId: string): WorkObject {
  return {
    metadata: {
      name,
      namespace: name.endsWith('aggregator') ? 'gpu-pool-1' : 'hospital-paris',
      labels: { [ocmFlLabels.job]: 'mnist', [ocmFlLabels.run]: runId },
      annotations: { [ocmFlAnnotations.spec]: JSON.stringify(spec) },
      creationTimestamp: createdAt,
    },
  } as WorkObject;
}

describe('jobDetail', () => {
  const works = [
    work('mnist-client', '2026-12-03T10:00:05Z', 'run-1'),
    work('mnist-aggregator', '2026-12-03T10:00:02Z', 'run-1'),
  ];

  it('dates a job and names its run the same whatever order its works are listed in', () => {
    const details = [works, [...works].reverse()].map(listed =>
      jobDetail({ hub: 'hub', name: 'mnist', works: listed, clusters: [] }),
    );
    for (const detail of details) {
      expect(detail).toMatchObject({
        createdAt: '2026-12-03T10:00:02Z',
        runId: 'run-1',
        rounds: 3,
      });
    }
  });

  it('takes time and spec from the Placement when there is one', () => {
    const detail = jobDetail({
      hub: 'hub',
      name: 'mnist',
      placement: {
        metadata: {
          name: 'mnist',
          labels: { [ocmFlLabels.run]: 'run-1' },
          annotations: {
            [ocmFlAnnotations.spec]: JSON.stringify({ ...spec, rounds: 7 }),
          },
          creationTimestamp: '2026-12-03T10:00:01Z',
        },
        spec: {},
      } as any,
      works,
      clusters: [],
    });
    expect(detail).toMatchObject({
      createdAt: '2026-12-03T10:00:01Z',
      runId: 'run-1',
      rounds: 7,
    });
  });

  it('has no run for objects launched before the run label', () => {
    const unlabelled = works.map(w => ({
      ...w,
      metadata: { ...w.metadata, labels: { [ocmFlLabels.job]: 'mnist' } },
    }));
    expect(
      jobDetail({ hub: 'hub', name: 'mnist', works: unlabelled, clusters: [] })
        .runId,
    ).toBeUndefined();
  });
});
