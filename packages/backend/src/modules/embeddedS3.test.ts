import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { embeddedS3Module } from './embeddedS3';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('embeddedS3Module', () => {
  it('serves an S3 bucket when ocmFlDev.embeddedS3 is configured', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-s3-'));
    const port = await freePort();
    const backend = await startTestBackend({
      features: [
        embeddedS3Module,
        mockServices.rootConfig.factory({
          data: {
            ocmFlDev: { embeddedS3: { port, directory, bucket: 'models' } },
          },
        }),
      ],
    });
    try {
      const put = await fetch(
        `http://127.0.0.1:${port}/models/job-1/metrics.jsonl`,
        {
          method: 'PUT',
          body: '{"round":1,"metrics":{"loss":0.5}}\n',
        },
      );
      expect(put.status).toBe(200);
      const list = await fetch(`http://127.0.0.1:${port}/models?list-type=2`);
      expect(await list.text()).toContain('<Key>job-1/metrics.jsonl</Key>');
    } finally {
      await backend.stop();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
