import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  invalidJobSpecs,
  invalidJobSpecTexts,
} from '@ocm-fl/backstage-plugin-ocm-fl-common/testing';
import { stringify as toYaml } from 'yaml';
import { runCli } from './program';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-cli-invalid-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

const valid = {
  name: 'mnist',
  framework: 'flower',
  image: 'quay.io/example/mnist-app:1.0',
  rounds: 3,
  runConfig: { mode: 'fast' },
  clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
  data: { type: 'hostPath', path: '/data/mnist' },
  aggregator: {
    cluster: 'gpu-pool-1',
    exposure: { type: 'NodePort', address: 'fl.example.org', nodePort: 31092 },
  },
  storage: { type: 'pvc' },
};

/** Every fifth case, written as YAML; a spec nested 100000 deep cannot be written. */
const sample = invalidJobSpecs(valid).filter(
  (c, i) => i % 5 === 0 && !c.name.startsWith('nesting'),
);
const texts = invalidJobSpecTexts(toYaml(valid));

async function render(file: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['render', '-f', file], {
    stdout: t => (stdout += t),
    stderr: t => (stderr += t),
    stdin: () => '',
  });
  return { code, stdout, stderr };
}

describe('ocm-fl render refuses invalid specs', () => {
  it('renders the valid spec the corpus starts from', async () => {
    const result = await render(write('valid.yaml', toYaml(valid)));
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });

  it.each(sample.map(c => [c.name, c]))(
    'exits 2 naming the field for %s',
    async (_name, c) => {
      const result = await render(write('bad.yaml', toYaml(c.spec)));
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      // One line naming the field, or the file when it holds no spec as such (a spec
      // written as YAML aliases that refer to themselves, or `null`).
      const field = (c.field || '(spec)').replace(
        /[.*+?^${}()|[\]\\]/g,
        '\\$&',
      );
      expect(result.stderr).toMatch(
        new RegExp(
          `^ocm-fl: (invalid job spec: .*${field}.*|-f/--file: [^\n]+)\n$`,
        ),
      );
    },
  );

  it.each(texts.map(t => [t.name, t.text]))(
    'exits 2 for the file "%s", in one line',
    async (name, text) => {
      const result = await render(write(`${name}.yaml`, text));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^ocm-fl: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/call stack|circular structure/i);
    },
  );
});

describe('ocm-fl render refuses invalid flags', () => {
  it.each([
    ['/../../etc/shadow', /must not contain "\." or "\.\." segments/],
    ['Not_A_PVC', /must be a PVC name/],
  ])('--data a=%s exits 2 naming the flag', async (location, message) => {
    let stderr = '';
    const code = await runCli(
      [
        'render',
        '-f',
        write(
          'claim.yaml',
          toYaml({
            ...valid,
            clients: { clusters: ['a', 'b'] },
            data: { type: 'clusterClaim', claim: 'data.fl.example.org' },
          }),
        ),
        '--data',
        `a=${location}`,
        '--data',
        'b=/data/b',
      ],
      { stdout: () => undefined, stderr: t => (stderr += t), stdin: () => '' },
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^ocm-fl: --data: a= must be a host path or PVC name: /,
    );
    expect(stderr).toMatch(message);
  });
});

describe('the ocm-fl binary', () => {
  const bin = path.resolve(__dirname, '../bin/ocm-fl');
  const spawn = (args: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
      const child = execFile(
        process.execPath,
        [bin, ...args],
        { maxBuffer: 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code) : 0,
            stdout,
            stderr,
          }),
      );
      if (input !== undefined) {
        // The CLI stops reading past the limit and exits: the rest of the write fails.
        child.stdin!.on('error', () => undefined);
        child.stdin!.end(input);
      }
    });
  const text = (name: string) => texts.find(t => t.name === name)!.text;

  it('exits 2 without a stack trace for a 10 MB file, a YAML bomb, an alias cycle and a huge stdin', async () => {
    const results = await Promise.all([
      spawn(['render', '-f', write('big.yaml', text('10 MB'))]),
      spawn(['render', '-f', write('bomb.yaml', text('billion laughs'))]),
      spawn([
        'render',
        '-f',
        write('cycle.yaml', text('alias cycle in a map')),
      ]),
      spawn(['render', '-f', '-'], text('a 5 MB image name')),
    ]);
    expect(results.map(r => r.code)).toEqual([2, 2, 2, 2]);
    expect(results.map(r => r.stderr)).toEqual([
      expect.stringMatching(
        /^ocm-fl: -f\/--file: \S+big\.yaml is larger than 262144 bytes, the most a job spec may be\n$/,
      ),
      expect.stringMatching(
        /^ocm-fl: -f\/--file: \S+bomb\.yaml uses YAML aliases that expand too much/,
      ),
      expect.stringMatching(
        /^ocm-fl: -f\/--file: \S+cycle\.yaml refers to itself/,
      ),
      'ocm-fl: -f/--file: - is larger than 262144 bytes, the most a job spec may be\n',
    ]);
  });
});
