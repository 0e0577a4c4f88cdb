import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  TEST_S3_CREDENTIALS,
  eventually,
  testJobStorage,
  testStorageLocation,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  JobSpecInput,
  ocmFlLabels,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import request from 'supertest';
import {
  eachTestWithHubAndBackend,
  HubAndBackend,
  testLauncher,
  TestS3,
} from './__testUtils__/testBackend';
import { createTestDatabases } from './__testUtils__/testDatabases';

const databases = createTestDatabases();
const databaseIds = databases.eachSupportedId();

/**
 * The lifecycle task with the real scheduler, the hub simulator, s3rver, on SQLite and on
 * PostgreSQL: phases are recorded, a succeeded job becomes a model version with lineage,
 * job.json lands next to the model, and the job outlives its objects on the hub.
 */
describe.each(databaseIds)('job lifecycle and models (%s)', id => {
  const hub = eachTestWithHubAndBackend(databases, id, {
    // Flower's final model reaches S3 at the uploader's next sync, 3 s after the job
    // succeeded: longer than a pass of the lifecycle task.
    hub: {
      flRuntime: {
        roundDurationMs: 30,
        clientWaitMs: 2000,
        uploadIntervalMs: 3000,
      },
    },
    s3: { prefix: 'runs', settings: { downloadExpirySeconds: 120 } },
  });
  let sim: HubSimulator;
  let kc: KubeConfig;
  let s3: TestS3;
  let server: HubAndBackend['server'];
  beforeEach(() => {
    ({ sim, kubeConfig: kc, s3, server } = hub());
  });

  const launch = (name: string, changes: Partial<JobSpecInput> = {}) =>
    testLauncher(kc, [testStorageLocation(s3, 'runs')]).launch(
      testJobSpec(name, {
        model: 'mnist',
        rounds: 3,
        storage: testJobStorage(),
        baseModel: 'resource:default/mnist-pretrained',
        ...changes,
      }),
      { createdBy: 'user:default/alice' },
    );

  it('records phases, adds a model version with lineage and writes job.json', async () => {
    await launch('mnist-a');
    const model = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/models/mnist');
      return res.status === 200 ? res.body : undefined;
    });
    expect(model).toMatchObject({
      name: 'mnist',
      framework: 'flower',
      versionCount: 1,
      latestVersion: 1,
      baseModel: 'resource:default/mnist-pretrained',
    });
    const [version] = model.versions;
    expect(version).toMatchObject({
      version: 1,
      job: 'mnist-a',
      location: `s3://${s3.bucket}/runs/mnist-a/`,
      storage: 's3',
      participants: ['hospital-madrid', 'hospital-paris'],
      aggregatorCluster: 'gpu-pool-1',
      createdBy: 'user:default/alice',
    });
    // The version waited for the final model, which arrived after the job succeeded.
    expect(version.files).toEqual(['model/final.bin']);
    expect(version.metricsByRound.map((m: any) => m.round)).toEqual([1, 2, 3]);
    expect(Object.keys(version.metrics).length).toBeGreaterThan(0);
    expect(model.lineage.edges).toContainEqual({
      from: 'cluster:hospital-paris',
      to: 'job:sim/mnist-a',
      kind: 'trainedOn',
    });

    // Lists show progress as the lifecycle task read it, without reading S3 themselves.
    const listed = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs');
      const item = res.body.items.find((j: any) => j.name === 'mnist-a');
      return item?.progress ? item : undefined;
    });
    expect(listed.progress).toEqual({ round: 3, of: 3 });

    const job = (await request(server).get('/api/ocm-fl/jobs/mnist-a')).body;
    const phases = job.timeline.map((t: any) => t.phase);
    expect(phases[phases.length - 1]).toBe('Succeeded');
    expect(new Set(phases).size).toBe(phases.length);
    // Named clusters: no Placement, one ManifestWork per cluster, certificates' keys redacted.
    expect(job.objects.map((o: any) => o.kind)).toEqual([
      'ManifestWork',
      'ManifestWork',
      'ManifestWork',
    ]);
    expect(JSON.stringify(job.objects)).toContain('<redacted>');
    expect(JSON.stringify(job.objects)).not.toMatch(/PRIVATE KEY/);

    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { ...TEST_S3_CREDENTIALS },
    });
    const jobJson = await eventually(async () => {
      const object = await s3Client
        .send(
          new GetObjectCommand({
            Bucket: s3.bucket,
            Key: 'runs/mnist-a/job.json',
          }),
        )
        .catch(() => undefined);
      const parsed = JSON.parse(
        (await object?.Body?.transformToString()) ?? '{}',
      );
      return parsed.outcome ? parsed : undefined;
    });
    expect(jobJson).toMatchObject({
      job: 'mnist-a',
      model: 'mnist',
      outcome: { phase: 'Succeeded' },
    });
  }, 30_000);

  it('removes a finished job from the hub after its time-to-live and keeps its record', async () => {
    await launch('mnist-ttl', { ttlSecondsAfterFinished: 1 });
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist-ttl');
      return res.body.archived ? res.body : undefined;
    }, 20_000);
    const works = await kc
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject({
        group: 'work.open-cluster-management.io',
        version: 'v1',
        plural: 'manifestworks',
        labelSelector: `${ocmFlLabels.job}=mnist-ttl`,
      });
    expect(works.items).toEqual([]);
    const job = (await request(server).get('/api/ocm-fl/jobs/mnist-ttl')).body;
    expect(job).toMatchObject({ phase: 'Succeeded', archived: true });
    expect(job.timeline.map((t: any) => t.phase)).toContain('Succeeded');
    const list = await request(server)
      .get('/api/ocm-fl/jobs?phase=Succeeded')
      .expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ name: 'mnist-ttl', archived: true }),
    );
    // The model version stays.
    await request(server).get('/api/ocm-fl/models/mnist').expect(200);
  }, 30_000);

  it('a job whose objects leave the hub before it finished ends Stopped, saying what it was doing', async () => {
    await launch('mnist-vanish', { rounds: 10_000 });
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist-vanish');
      return res.body.timeline?.some((t: any) => t.phase === 'Running')
        ? res.body
        : undefined;
    }, 20_000);
    // The hub comes back from a restart without it, as a restored hub may.
    await sim.restart({ state: 'fresh', downMs: 200 });
    const stopped = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist-vanish');
      return res.body.archived && res.body.phase === 'Stopped'
        ? res.body
        : undefined;
    }, 20_000);
    expect(stopped.reason).toContain('while it was Running');
    expect(stopped.timeline.map((t: any) => t.phase).slice(-2)).toEqual([
      'Running',
      'Stopped',
    ]);
  }, 40_000);

  it('a deleted job leaves the lists and counts for good; its record stays for its model', async () => {
    await launch('mnist-del');
    const versionOf = async () =>
      (
        await request(server).get('/api/ocm-fl/models/mnist')
      ).body.versions?.find((v: any) => v.job === 'mnist-del');
    await eventually(versionOf, 20_000);
    const names = async (query = '') =>
      (
        await request(server).get(`/api/ocm-fl/jobs${query}`).expect(200)
      ).body.items.map((j: any) => j.name);

    await request(server).delete('/api/ocm-fl/jobs/mnist-del').expect(200);
    // The lifecycle task sees the works go and records the job as removed: it stays gone.
    const deleted = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist-del');
      return res.body.archived ? res.body : undefined;
    }, 20_000);
    expect(deleted.deletedAt).toEqual(expect.any(String));
    await new Promise(resolve => setTimeout(resolve, 2500));
    expect(await names()).not.toContain('mnist-del');
    for (const phase of ['Succeeded', 'Stopped'])
      expect(await names(`?phase=${phase}`)).not.toContain('mnist-del');
    expect(await versionOf()).toBeDefined();
    await request(server).delete('/api/ocm-fl/jobs/mnist-del').expect(404);

    // A job that already left the hub is deleted from the lists alone.
    await launch('mnist-gone', { ttlSecondsAfterFinished: 1 });
    await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/mnist-gone');
      return res.body.archived ? res.body : undefined;
    }, 20_000);
    expect(await names()).toContain('mnist-gone');
    const res = await request(server)
      .delete('/api/ocm-fl/jobs/mnist-gone')
      .expect(200);
    expect(res.body).toEqual({ deleted: [] });
    expect(await names()).not.toContain('mnist-gone');
  }, 60_000);

  it('never reads or writes the model of a job whose storage location this backend does not have', async () => {
    // Launched by a launcher configured with a location the backend lacks (elsewhere in the
    // bucket): the uploader writes there, but the backend reads and writes nothing of it.
    await testLauncher(kc, [
      { ...testStorageLocation(s3, 'secrets/payroll'), name: 'elsewhere' },
    ]).launch(
      testJobSpec('rogue', { storage: { type: 's3', location: 'elsewhere' } }),
    );
    const job = await eventually(async () => {
      const res = await request(server).get('/api/ocm-fl/jobs/rogue');
      return res.body.phase === 'Succeeded' ? res.body : undefined;
    });
    expect(job.modelError).toMatch(
      /storage location "elsewhere", which is not configured \(ocmFl\.storage\.locations: test-s3\); it is not read/,
    );
    expect(job.model).toBeUndefined();
    // A few lifecycle passes later: no model version, and no job.json next to that model.
    await new Promise(resolve => setTimeout(resolve, 2500));
    await request(server).get('/api/ocm-fl/models/rogue').expect(404);
    const listed = await new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { ...TEST_S3_CREDENTIALS },
    }).send(
      new ListObjectsV2Command({
        Bucket: s3.bucket,
        Prefix: 'secrets/payroll/rogue/',
      }),
    );
    const keys = (listed.Contents ?? []).map(o => o.Key);
    expect(keys).toContain('secrets/payroll/rogue/metrics.jsonl');
    expect(keys).not.toContain('secrets/payroll/rogue/job.json');
  });
});
