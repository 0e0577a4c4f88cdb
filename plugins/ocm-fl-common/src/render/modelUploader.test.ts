import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseJobSpec } from '../job/jobSpec';
import { uploaderSidecar } from './modelUploader';

/**
 * Runs the rendered uploader's script in a real shell, with stand-ins for `aws` (it records
 * each call and the CLI configuration it would read, and fails while a file says so) and for
 * `sleep` (short), then sends it TERM as the kubelet does when the pod's main containers end.
 */
async function runUploader(options: { failing: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-uploader-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const calls = path.join(dir, 'calls');
  fs.writeFileSync(
    path.join(bin, 'aws'),
    `#!/bin/sh\necho "$* | $(tr '\\n' ' ' < "$AWS_CONFIG_FILE")" >> ${calls}\n[ ! -f ${dir}/failing ]\n`,
    { mode: 0o755 },
  );
  const sleep = ['/usr/bin/sleep', '/bin/sleep'].find(p => fs.existsSync(p));
  fs.writeFileSync(path.join(bin, 'sleep'), `#!/bin/sh\nexec ${sleep} 0.05\n`, {
    mode: 0o755,
  });
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'openfl',
    image: 'registry.example.com/fl/mnist:1.0',
    rounds: 1,
    minClients: 1,
    clients: { clusters: ['a'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'b' },
    storage: { type: 's3', location: 'models' },
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  const [uploader] = uploaderSidecar({
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: [],
    aggregatorAddress: { host: 'b.example', port: 50051 },
    storageLocation: {
      name: 'models',
      bucket: 'models',
      prefix: 'fl',
      region: 'us-east-1',
      endpoint: 'http://minio.example:9000',
      forcePathStyle: true,
      uploaderImage: 'amazon/aws-cli:2.22.35',
    },
  });
  const env = Object.fromEntries(uploader.env.map(e => [e.name, e.value]));
  const shell = spawn(uploader.command[0], uploader.command.slice(1), {
    env: {
      ...env,
      PATH: `${bin}:${process.env.PATH}`,
      // The sidecar's /tmp volume.
      AWS_CONFIG_FILE: path.join(dir, path.basename(env.AWS_CONFIG_FILE)),
    },
  });
  let stderr = '';
  shell.stderr.on('data', chunk => (stderr += chunk));
  const exited = new Promise<number | null>(resolve =>
    shell.on('exit', code => resolve(code)),
  );
  // Let it sync a few times, as it does while training runs; then S3 may become unreachable.
  while (
    !fs.existsSync(calls) ||
    fs.readFileSync(calls, 'utf8').split('\n').length < 3
  )
    await new Promise(resolve => setTimeout(resolve, 20));
  if (options.failing) fs.writeFileSync(path.join(dir, 'failing'), '');
  const before = fs.readFileSync(calls, 'utf8').trim().split('\n').length;
  shell.kill('SIGTERM');
  const code = await exited;
  const lines = fs.readFileSync(calls, 'utf8').trim().split('\n');
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, stderr, lines, finalCalls: lines.length - before };
}

/** As the kubelet does when a Job's main container ends. */
describe('the uploader script', () => {
  it('syncs with path-style addressing from its CLI configuration, syncs once more on TERM and exits 0', async () => {
    const result = await runUploader({ failing: false });
    expect(result.lines[0]).toBe(
      's3 sync /models s3://models/fl/mnist/ | [default] s3 =   addressing_style = path ',
    );
    expect(result.finalCalls).toBeGreaterThanOrEqual(1);
    expect(result.code).toBe(0);
  });

  it('exits 1 and says so when the last sync fails after its tries (S3 gone at the end)', async () => {
    const result = await runUploader({ failing: true });
    expect(result.finalCalls).toBeGreaterThanOrEqual(5);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'final sync to s3://models/fl/mnist/ failed: the model there lacks the last files',
    );
  });
});
