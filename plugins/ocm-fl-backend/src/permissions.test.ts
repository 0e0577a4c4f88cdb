import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import {
  createHubS3Secret,
  eventually,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { parse } from 'yaml';
import {
  startOcmFlTestBackend,
  testLauncher,
  untilHubSynced,
} from './__testUtils__/testBackend';

/** Every operation of the API but /events, and the permission it needs. */
const GUARDED = [
  ['get', '/health', 'ocm-fl.cluster.read'],
  ['get', '/clusters', 'ocm-fl.cluster.read'],
  ['get', '/clusters/x', 'ocm-fl.cluster.read'],
  ['get', '/clustersets', 'ocm-fl.cluster.read'],
  ['post', '/placement/preview', 'ocm-fl.cluster.read'],
  ['get', '/jobs', 'ocm-fl.job.read'],
  ['get', '/jobs/x', 'ocm-fl.job.read'],
  ['post', '/jobs/x/stop', 'ocm-fl.job.delete'],
  ['delete', '/jobs/x', 'ocm-fl.job.delete'],
  ['get', '/models', 'ocm-fl.model.read'],
  ['get', '/models/x', 'ocm-fl.model.read'],
  ['post', '/models/x/versions/1/download', 'ocm-fl.model.download'],
] as const;

/** A permissions service that denies each user what the map says, and allows the rest. */
const permissionsDenying = (denied: Record<string, string[]>) =>
  mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = (options?.credentials as BackstageCredentials)
        .principal as { userEntityRef?: string };
      const refused = denied[principal.userEntityRef ?? ''] ?? [];
      return requests.map(r => ({
        result: refused.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    },
  }).factory;

/** An `ocmFl` section whose one hub nothing answers for. */
const nowhere = { hubs: [{ name: 'a', url: 'https://127.0.0.1:1' }] };

describe('ocm-fl REST API permissions', () => {
  it('has a permission for every operation of the API', () => {
    const spec = parse(
      fs.readFileSync(path.join(__dirname, 'schema/openapi.yaml'), 'utf8'),
    );
    const operations = Object.entries(spec.paths).flatMap(
      ([route, methods]: [string, any]) =>
        Object.keys(methods)
          .filter(key => key !== 'parameters')
          .map(
            method =>
              `${method} ${route
                .replace('{version}', '1')
                .replace(/\{[a-z]+\}/g, 'x')}`,
          ),
    );
    expect(operations.sort()).toEqual(
      [...GUARDED.map(([m, route]) => `${m} ${route}`), 'get /events'].sort(),
    );
  });

  it.each(GUARDED)(
    '%s %s is refused without %s',
    async (method, route, permission) => {
      const server = await startOcmFlTestBackend({
        ocmFl: nowhere,
        features: [permissionsDenying({ 'user:default/mock': [permission] })],
      });
      const res = await (request(server) as any)
        [method](`/api/ocm-fl${route}`)
        .expect(403);
      expect(res.body.error.message).toMatch(
        new RegExp(
          `^Not allowed: ${permission.replace(/\./g, '\\.')} is required to `,
        ),
      );
    },
  );

  it('refuses /events to a caller who may read none of clusters, jobs and models', async () => {
    const server = await startOcmFlTestBackend({
      ocmFl: nowhere,
      features: [
        permissionsDenying({
          'user:default/mock': [
            'ocm-fl.cluster.read',
            'ocm-fl.job.read',
            'ocm-fl.model.read',
          ],
        }),
      ],
    });
    const res = await request(server).get('/api/ocm-fl/events').expect(403);
    expect(res.body.error.message).toBe(
      'Not allowed: one of ocm-fl.cluster.read, ocm-fl.job.read, ocm-fl.model.read is required to follow changes',
    );
  });
});

describe('ocm-fl REST API answers by permission', () => {
  let sim: HubSimulator;
  let kc: KubeConfig;

  beforeEach(async () => {
    // Rounds slow enough for the lifecycle task to see a job's phases change.
    ({ sim, kubeConfig: kc } = await startTestHub({
      flRuntime: { roundDurationMs: 200, clientWaitMs: 2000 },
    }));
  });
  afterEach(() => sim.close());

  const openflJob = (name: string) =>
    testJobSpec(name, { framework: 'openfl', rounds: 20 });

  /** Reads a user's event stream in the background. */
  async function follow(server: any, user: string) {
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${server.address().port}/api/ocm-fl/events`,
      {
        signal: controller.signal,
        headers: { authorization: mockCredentials.user.header(user) },
      },
    );
    expect(response.status).toBe(200);
    const stream = { text: '', close: () => controller.abort() };
    const reader = response.body!.getReader();
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        stream.text += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);
    return stream;
  }

  it('streams on /events only the changes the caller may read', async () => {
    // The real scheduler: the lifecycle task records phases, which streams as lineage.
    const server = await startOcmFlTestBackend({
      sim,
      realScheduler: true,
      ocmFl: { lifecycle: { intervalSeconds: 1 } },
      features: [
        permissionsDenying({
          'user:default/jobs-only': [
            'ocm-fl.cluster.read',
            'ocm-fl.model.read',
          ],
          'user:default/clusters-only': [
            'ocm-fl.job.read',
            'ocm-fl.model.read',
          ],
        }),
      ],
    });
    await untilHubSynced(server);
    const everything = await follow(server, 'user:default/mock');
    const jobsOnly = await follow(server, 'user:default/jobs-only');
    const clustersOnly = await follow(server, 'user:default/clusters-only');
    try {
      sim.setClusterAvailable('hospital-boston', false);
      await testLauncher(kc).launch(openflJob('mnist'), {});
      // The lifecycle task records the job's phases: lineage changes, which need model.read.
      await eventually(() =>
        everything.text.includes('"kind":"clusters"') &&
        everything.text.includes('"kind":"lineage"')
          ? true
          : undefined,
      );
      // Written to every stream after all of the above: once a stream has it, it has had
      // its chance to receive them.
      sim.setClusterAvailable('hospital-boston', true);
      await testLauncher(kc).launch(openflJob('marker'), {});
      await eventually(() =>
        jobsOnly.text.includes('"job":"marker"') ? true : undefined,
      );
      await eventually(() =>
        clustersOnly.text.match(
          /"name":"hospital-boston"[^\n]*\n[^]*"name":"hospital-boston"/,
        )
          ? true
          : undefined,
      );

      const kinds = (text: string) =>
        new Set([...text.matchAll(/"kind":"(\w+)"/g)].map(m => m[1]));
      // Clusters, and the lineage of the job, stay out of the stream of those who may not
      // read them; the job's own objects come through.
      expect(kinds(jobsOnly.text)).toContain('works');
      expect(
        [...kinds(jobsOnly.text)].filter(
          kind => !['placements', 'decisions', 'works'].includes(kind),
        ),
      ).toEqual([]);
      expect([...kinds(clustersOnly.text)]).toEqual(['clusters']);
      expect(clustersOnly.text).not.toMatch(/mnist|marker/);
    } finally {
      [everything, jobsOnly, clustersOnly].forEach(s => s.close());
    }
  });

  it("shows a job's model files, metrics and location only to callers who may read models", async () => {
    const s3 = await startTestS3();
    try {
      // The lifecycle task's passes: the final model reaches S3 after the job's last change.
      const server = await startOcmFlTestBackend({
        sim,
        realScheduler: true,
        ocmFl: {
          s3: { ...s3, prefix: 'runs' },
          lifecycle: { intervalSeconds: 1 },
        },
        features: [
          permissionsDenying({
            'user:default/no-models': ['ocm-fl.model.read'],
          }),
        ],
      });
      await createHubS3Secret(kc);
      await testLauncher(kc, [testStorageLocation(s3, 'runs')]).launch({
        ...openflJob('mnist'),
        framework: 'flower',
        rounds: 3,
        storage: testJobStorage(),
      });
      const full = await eventually(async () => {
        const res = await request(server).get('/api/ocm-fl/jobs/mnist');
        return res.body.metrics?.length === 3 ? res.body : undefined;
      });
      expect(full.model.location).toBe(`s3://${s3.bucket}/runs/mnist/`);

      // Progress as the lifecycle task recorded it, without reading the model store.
      const res = await eventually(async () => {
        const answer = await request(server)
          .get('/api/ocm-fl/jobs/mnist')
          .set(
            'authorization',
            mockCredentials.user.header('user:default/no-models'),
          )
          .expect(200);
        return answer.body.progress?.round === 3 ? answer : undefined;
      });
      expect(res.body.progress).toEqual({ round: 3, of: 3 });
      expect(res.body).toMatchObject({ name: 'mnist', framework: 'flower' });
      expect(res.body).not.toHaveProperty('model');
      expect(res.body).not.toHaveProperty('metrics');
      expect(res.body).not.toHaveProperty('modelError');
      expect(JSON.stringify(res.body)).not.toContain('checkpoint');
    } finally {
      await s3.close();
    }
  });
});
