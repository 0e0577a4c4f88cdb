import fs from 'node:fs';
import path from 'node:path';
import {
  FRAMEWORK_NAMES,
  JOB_PHASES,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  createHubS3Secret,
  eventually,
  startTestHub,
  startTestS3,
  testJobStorage,
  testStorageLocation,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import Ajv from 'ajv';
import request from 'supertest';
import { parse } from 'yaml';
import {
  startOcmFlTestBackend,
  testLauncher,
} from './__testUtils__/testBackend';

const spec = parse(
  fs.readFileSync(path.join(__dirname, 'schema/openapi.yaml'), 'utf8'),
);

describe('openapi.yaml', () => {
  // YAML cannot import the constants: this keeps its lists the code's.
  it('names the phases and frameworks that ocm-fl-common defines', () => {
    const frameworkParameter = spec.paths['/jobs'].get.parameters.find(
      (p: { name?: string }) => p.name === 'framework',
    );
    expect({
      phases: spec.components.schemas.JobPhase.enum,
      frameworkParameter: frameworkParameter.schema.enum,
      jobFramework:
        spec.components.schemas.JobSummary.properties.framework.enum,
    }).toEqual({
      phases: JOB_PHASES,
      frameworkParameter: FRAMEWORK_NAMES,
      jobFramework: FRAMEWORK_NAMES,
    });
  });

  it('matches what the routes answer', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(spec, 'openapi.yaml');
    const { sim, kubeConfig } = await startTestHub({
      flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
    });
    const s3 = await startTestS3();
    try {
      await createHubS3Secret(kubeConfig);
      // The lifecycle task on its interval, as deployed: with the mock scheduler it ran only
      // on hub changes, and a model whose final files arrived after the last one was never
      // recorded (this wait ran out in full test runs).
      const server = await startOcmFlTestBackend({
        sim,
        realScheduler: true,
        ocmFl: { s3, lifecycle: { intervalSeconds: 1 } },
      });
      await testLauncher(kubeConfig, [testStorageLocation(s3)]).launch(
        testJobSpec('contract', {
          clients: {
            placement: { clusterSets: ['hospitals'], numberOfClusters: 2 },
          },
          data: {
            type: 'clusterClaim',
            claim: 'data.fl.open-cluster-management.io',
          },
          storage: testJobStorage(),
        }),
      );
      // A model version exists once the training has run and the lifecycle task recorded
      // it: seconds alone, a minute on a loaded machine.
      await eventually(
        async () =>
          (await request(server).get('/api/ocm-fl/models/contract')).status ===
          200
            ? true
            : undefined,
        60_000,
      );

      const calls: Array<[string, string, string, object?]> = [
        ['get', '/health', '/health'],
        ['get', '/clusters', '/clusters'],
        ['get', '/clusters/hospital-berlin', '/clusters/{name}'],
        ['get', '/clustersets', '/clustersets'],
        [
          'post',
          '/placement/preview',
          '/placement/preview',
          { placement: { clusterSets: ['hospitals'] } },
        ],
        ['get', '/jobs', '/jobs'],
        ['get', '/jobs/contract', '/jobs/{name}'],
        ['get', '/models', '/models'],
        ['get', '/models/contract', '/models/{name}'],
        [
          'post',
          '/models/contract/versions/1/download',
          '/models/{name}/versions/{version}/download',
        ],
        ['get', '/jobs/nope', '/jobs/{name}'],
        ['get', '/jobs?limit=0', '/jobs'],
      ];
      for (const [method, url, route, body] of calls) {
        const res = await (request(server) as any)
          [method](`/api/ocm-fl${url}`)
          .send(body);
        const described = spec.paths[route][method].responses[res.status];
        expect({ url, status: res.status, described: !!described }).toEqual({
          url,
          status: res.status,
          described: true,
        });
        const ref = described.$ref ?? '';
        const schema = ref
          ? spec.components.responses[ref.split('/').pop()].content[
              'application/json'
            ].schema
          : described.content['application/json'].schema;
        const validate = ajv.compile({
          $ref: `openapi.yaml#${
            schema.$ref
              ? schema.$ref.slice(1)
              : `/paths/${route.replace(/\//g, '~1')}/${method}/responses/${
                  res.status
                }/content/application~1json/schema`
          }`,
        });
        const valid = validate(res.body);
        expect({ url, errors: valid ? [] : validate.errors }).toEqual({
          url,
          errors: [],
        });
      }
    } finally {
      await sim.close();
      await s3.close();
    }
  }, 90_000);
});
