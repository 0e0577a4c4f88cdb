import { DatabaseService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { JobRecord, LineageStore } from './LineageStore';

const record = (overrides: Partial<JobRecord> = {}): JobRecord => ({
  hub: 'hub',
  name: 'mnist',
  createdAt: '2026-11-29T10:00:00Z',
  model: 'mnist',
  framework: 'flower',
  spec: { rounds: 3 },
  aggregatorCluster: 'gpu-pool-1',
  participants: ['hospital-berlin'],
  phase: 'Pending',
  reason: 'placing',
  vanishedClusters: [],
  ...overrides,
});

const version = (job: string) => ({
  hub: 'hub',
  job,
  framework: 'flower',
  rounds: 3,
  location: `s3://models/fl/${job}/`,
  storage: 's3' as const,
  files: [],
  metrics: {},
  metricsByRound: [],
  aggregatorCluster: 'gpu-pool-1',
  participants: ['hospital-berlin'],
  createdAt: '2026-11-29T11:00:00Z',
});

/** On SQLite and on the test PostgreSQL server (scripts/test.sh starts one). */
describe('LineageStore', () => {
  const databases = createTestDatabases();

  async function storeOn(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const database: DatabaseService = { getClient: async () => knex };
    return LineageStore.create(database);
  }

  it.each(databases.eachSupportedId())(
    'keeps one record per run, whatever time the job is first seen with (%s)',
    async id => {
      const store = await storeOn(id);
      const run = { runId: '6a1f0c1e-5b8e-4d7e-9a57-1f2d3c4b5a69' };
      await store.addJob(record(run), '2026-11-29T10:00:01Z');
      // Another replica, or a restarted one, dates the same run from another of its objects.
      await store.addJob(
        record({ ...run, createdAt: '2026-11-29T10:00:03Z', phase: 'Running' }),
        '2026-11-29T10:00:04Z',
      );
      expect(await store.jobsOnHub('hub')).toEqual([
        expect.objectContaining({ ...run, createdAt: '2026-11-29T10:00:00Z' }),
      ]);
      const found = await store.liveJob('hub', {
        name: 'mnist',
        createdAt: '2026-11-29T10:00:03Z',
        ...run,
      });
      expect(found).toMatchObject({ ...run, phase: 'Pending' });
      expect(await store.phaseHistory(found!)).toHaveLength(1);
      // The same name launched again is another run, with a record of its own.
      await store.addJob(
        record({ runId: 'another-run', createdAt: '2026-11-29T12:00:00Z' }),
        '2026-11-29T12:00:01Z',
      );
      expect(await store.jobsOnHub('hub')).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'records a job once, and its phase changes in order (%s)',
    async id => {
      const store = await storeOn(id);
      await store.addJob(record(), '2026-11-29T10:00:01Z');
      // A second replica seeing the same job changes nothing.
      await store.addJob(record({ phase: 'Running' }), '2026-11-29T10:00:02Z');
      const first = (await store.job(record()))!;
      expect(first.phase).toBe('Pending');

      expect(
        await store.recordPhase(first, {
          phase: 'Running',
          reason: 'training',
          at: '2026-11-29T10:01:00Z',
        }),
      ).toBe(true);
      // A replica that still believes the job is Pending does not record it twice.
      expect(
        await store.recordPhase(first, {
          phase: 'Running',
          reason: 'training',
          at: '2026-11-29T10:01:01Z',
        }),
      ).toBe(false);
      const running = (await store.job(record()))!;
      await store.recordPhase(running, {
        phase: 'Succeeded',
        reason: 'done',
        at: '2026-11-29T10:05:00Z',
      });
      expect((await store.phaseHistory(record())).map(c => c.phase)).toEqual([
        'Pending',
        'Running',
        'Succeeded',
      ]);
      expect(await store.job(record())).toMatchObject({
        phase: 'Succeeded',
        finishedAt: '2026-11-29T10:05:00Z',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'numbers model versions per model, one per job (%s)',
    async id => {
      const store = await storeOn(id);
      const a = record({ name: 'mnist-a' });
      const b = record({ name: 'mnist-b' });
      expect(
        await store.addModelVersion(a, version('mnist-a'), 'mnist'),
      ).toEqual({ version: 1, added: true });
      expect(
        await store.addModelVersion(b, version('mnist-b'), 'mnist'),
      ).toEqual({ version: 2, added: true });
      expect(
        await store.addModelVersion(a, version('mnist-a'), 'mnist'),
      ).toEqual({ version: 1, added: false });
      expect(
        (await store.modelVersions('mnist')).map(v => [v.version, v.job]),
      ).toEqual([
        [1, 'mnist-a'],
        [2, 'mnist-b'],
      ]);
      expect([...(await store.models()).keys()]).toEqual(['mnist']);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a job after it left the hub, with its progress (%s)',
    async id => {
      const store = await storeOn(id);
      await store.addJob(record(), '2026-11-29T10:00:01Z');
      await store.updateJob(record(), { latestRound: 2 });
      expect(await store.roundsOnHub('hub')).toEqual(
        new Map([['mnist/2026-11-29T10:00:00Z', 2]]),
      );
      await store.updateJob(record(), {
        removedFromHubAt: '2026-11-29T12:00:00Z',
      });
      expect(await store.jobsOnHub('hub')).toEqual([]);
      expect(await store.archivedJobs()).toEqual([
        expect.objectContaining({ name: 'mnist', latestRound: 2 }),
      ]);
      expect((await store.latestJob('mnist'))?.removedFromHubAt).toBe(
        '2026-11-29T12:00:00Z',
      );
    },
  );
});
