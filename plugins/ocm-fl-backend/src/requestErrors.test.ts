import request from 'supertest';
import { startOcmFlTestBackend } from './__testUtils__/testBackend';

/** A backend whose hub is unreachable: query parsing answers before any hub is asked. */
function startBackend() {
  return startOcmFlTestBackend({
    ocmFl: { hubs: [{ name: 'a', url: 'https://127.0.0.1:1' }] },
  });
}

describe('ocm-fl REST API query parameters', () => {
  let server: any;
  beforeAll(async () => {
    server = await startBackend();
  });

  it.each([
    [
      '/jobs?limit[]=1',
      /^query\.limit: must be a whole number from 1 to 1000 in decimal digits, given once, as plain text$/,
    ],
    ['/jobs?limit=1&limit=2', /^query\.limit: must be a whole number/],
    ['/jobs?limit=0x10', /^query\.limit: must be a whole number/],
    ['/jobs?limit=1e3', /^query\.limit: must be a whole number/],
    ['/jobs?limit=1.5', /^query\.limit: must be a whole number/],
    ['/jobs?limit=%201', /^query\.limit: must be a whole number/],
    ['/jobs?limit=0', /^query\.limit: must be a whole number from 1 to 1000/],
    [
      '/jobs?limit=1001',
      /^query\.limit: must be a whole number from 1 to 1000/,
    ],
    [
      '/jobs?offset=-1',
      /^query\.offset: must be a whole number from 0 to 1000000/,
    ],
    [
      '/jobs?phase=Exploded',
      /^query\.phase: must be one of Pending, Deploying, Running, Succeeded, Failed, Stopped, given once/,
    ],
    ['/jobs?phase=Running&phase=Failed', /^query\.phase: must be one of/],
    [
      '/jobs?framework[x]=flower',
      /^query\.framework: must be one of flower, openfl/,
    ],
    ['/jobs?archived=yes', /^query\.archived: must be one of true, false/],
    ['/jobs?cluster=$(id)', /^query\.cluster: must be a name/],
    [
      '/jobs?sort=name',
      /^query\.sort: is not a parameter here; allowed: phase, framework, cluster, hub, archived, limit, offset$/,
    ],
    [
      '/clusters?available=maybe',
      /^query\.available: must be one of true, false/,
    ],
    [
      '/clusters?limit=10001',
      /^query\.limit: must be a whole number from 1 to 10000/,
    ],
    [
      `/clusters?search=${'x'.repeat(300)}`,
      /^query\.search: must be at most 256 characters$/,
    ],
    ['/clustersets?hub[]=a', /^query\.hub: must be a name, given once/],
    ['/models?offset=1e2', /^query\.offset: must be a whole number/],
  ])(
    'GET %s is refused with 400 naming the parameter',
    async (url, message) => {
      const res = await request(server).get(`/api/ocm-fl${url}`).expect(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    },
  );

  it('refuses a bad model version in the download path', async () => {
    const res = await request(server)
      .post('/api/ocm-fl/models/mnist/versions/0x1/download')
      .expect(400);
    expect(res.body.error.message).toMatch(
      /^path\.version: must be a whole number/,
    );
  });
});

describe('ocm-fl REST API served from openapi.yaml', () => {
  let server: any;
  beforeAll(async () => {
    server = await startBackend();
  });

  it('refuses with 400 what the schema does not allow, after the project checks', async () => {
    // The stop operation takes no query: the schema's validator names what it got.
    const res = await request(server)
      .post('/api/ocm-fl/jobs/x/stop?force=true')
      .expect(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/Unknown query parameter 'force'/),
    });
  });

  it('takes "/" and "=" unencoded in a search, as label keys have them', async () => {
    const res = await request(server)
      .get('/api/ocm-fl/clusters?search=kubernetes.io/arch=amd64')
      .expect(200);
    expect(res.body).toMatchObject({ total: 0, items: [] });
  });

  it('answers a path the schema lacks with 404 naming the method and path', async () => {
    const res = await request(server)
      .patch('/api/ocm-fl/jobs/x/pause')
      .expect(404);
    expect(res.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'PATCH /jobs/x/pause is not an operation of the ocm-fl API',
    });
  });

  it('serves its schema at /openapi.json', async () => {
    const res = await request(server)
      .get('/api/ocm-fl/openapi.json')
      .expect(200);
    expect(Object.keys(res.body.paths)).toContain('/api/ocm-fl/jobs/{name}');
  });
});

describe('ocm-fl REST API error bodies', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  // Backstage's error middleware adds `error.stack` only when NODE_ENV is development,
  // read when the root router starts.
  const badRequest = async (mode: string) => {
    process.env.NODE_ENV = mode;
    const server = await startBackend();
    return (
      await request(server).get('/api/ocm-fl/jobs?limit=0x10').expect(400)
    ).body;
  };

  it('carry no stack and no file paths in production', async () => {
    const body = await badRequest('production');
    expect(body.error).not.toHaveProperty('stack');
    expect(JSON.stringify(body)).not.toMatch(
      /\/(work|home|src|node_modules)\//,
    );
  });

  it('carry the stack in development only', async () => {
    const body = await badRequest('development');
    expect(body.error.stack).toMatch(/^InputError: query\.limit: /);
  });
});
