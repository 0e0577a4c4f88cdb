import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobSpecInput, parseJobSpec } from '../job/jobSpec';
import { renderJob } from './renderJob';
import { JobPki, Manifest, RenderInput } from './types';

const pki: JobPki = {
  caPem: 'ca-pem',
  aggregator: { certPem: 'aggregator-cert', keyPem: 'aggregator-key' },
  clients: {},
  supernodeKeys: {
    'hospital-paris': {
      publicKey: 'ecdsa-sha2-nistp256 cGFyaXM= hospital-paris',
      privateKey: 'paris-openssh-private-key',
    },
    'hospital-madrid': {
      publicKey: 'ecdsa-sha2-nistp256 bWFkcmlk hospital-madrid',
      privateKey: 'madrid-openssh-private-key',
    },
  },
};

function input(over: Partial<JobSpecInput> = {}): RenderInput {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'flower',
    image: 'quay.io/example/mnist-app:1.0',
    rounds: 4,
    minClients: 1,
    clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 'pvc' },
    ...over,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return {
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: ['hospital-paris', 'hospital-madrid'].map(cluster => ({
      cluster,
      data: { hostPath: '/data' },
    })),
    aggregatorAddress: { host: '198.51.100.7', port: 9092 },
    pki,
  };
}

const manifests = (work: Manifest) =>
  (work.spec as any).workload.manifests as any[];
const find = (work: Manifest, kind: string, name: string) =>
  manifests(work).find(m => m.kind === kind && m.metadata.name === name);
const container = (work: Manifest, kind: string, name: string) =>
  find(work, kind, name).spec.template.spec.containers[0];

/**
 * A stand-in for Flower's CLI, driven by environment variables: the Control API answers
 * after FAKE_LIST_DOWN failed `flwr list` calls, `flwr run` fails FAKE_RUN_FAILS times, a
 * key file whose name contains "dup" is already registered, and `flwr list --run-id`
 * answers the statuses of FAKE_STATUSES in turn ("fail" for a failed call), and the first
 * FAKE_REGISTER_FAILS `flwr supernode register` calls fail. As Flower 1.26
 * does, a failed command with `--format json` prints `{"success": false, ...}` and exits 0
 * (cli_output_handler, flwr/cli/utils.py); without it, it exits 1 with a message.
 */
const FAKE_FLWR = `#!/bin/bash
echo "$*" >> "$FAKE_DIR/calls"
next() { n=$(cat "$FAKE_DIR/$1" 2>/dev/null || echo 0); echo $((n + 1)) > "$FAKE_DIR/$1"; echo "$n"; }
case "$1 $2" in
  "list cluster")
    if [ "$3" = "--run-id" ]; then
      read -ra statuses <<< "$FAKE_STATUSES"
      i=$(next status)
      s=\${statuses[$i]:-\${statuses[-1]}}
      [ "$s" = fail ] && { echo '{"success": false, "error-message": "unavailable"}'; exit 0; }
      echo "{\\"success\\": true, \\"runs\\": [{\\"run-id\\": \\"$4\\", \\"status\\": \\"$s\\"}]}"
    else
      [ "$(next list)" -lt "\${FAKE_LIST_DOWN:-0}" ] && { echo '{"success": false, "error-message": "unavailable"}'; exit 0; }
      echo '{"success": true, "runs": []}'
    fi ;;
  "run /app")
    [ "$(next run)" -lt "\${FAKE_RUN_FAILS:-0}" ] && { echo '{"success": false, "error-message": "unavailable"}'; exit 0; }
    echo '{"success": true, "run-id": "7"}' ;;
  "supernode register")
    [ "$(next register)" -lt "\${FAKE_REGISTER_FAILS:-0}" ] && { echo "Error: Connection to the SuperLink is unavailable." >&2; exit 1; }
    case "$3" in *dup*) echo "Error: The provided public key is already in use by another SuperNode." >&2; exit 1 ;; esac
    echo '{"success": true, "node-id": 11}' ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;

describe('the Flower submit Job, run by a shell against a stand-in flwr', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flwr-submit-'));
    writeFileSync(join(dir, 'flwr'), FAKE_FLWR);
    chmodSync(join(dir, 'flwr'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the rendered script with the rendered environment, quick retries and the fake CLI. */
  function runSubmit(shell: string, fake: Record<string, string>) {
    const submit = container(
      renderJob(input()).aggregatorWork,
      'Job',
      'submit',
    );
    const env = Object.fromEntries(
      submit.env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    const keys = join(dir, 'keys');
    rmSync(keys, { recursive: true, force: true });
    mkdirSync(keys);
    writeFileSync(join(keys, 'hospital-paris.pub'), 'paris');
    writeFileSync(join(keys, 'hospital-madrid-dup.pub'), 'madrid');
    const result = spawnSync(shell, ['-c', submit.command[2]], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        ...env,
        FL_RETRY_SECONDS: '0',
        FL_SUBMIT_ATTEMPTS: '3',
        FL_SUPERNODE_KEYS_DIR: keys,
        FAKE_DIR: dir,
        ...fake,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    return { status: result.status, stderr: result.stderr, calls };
  }

  it.each(['sh', 'bash'])(
    'waits for the Control API, registers the keys, retries flwr run and failed polls, and succeeds (%s)',
    shell => {
      const { status, calls, stderr } = runSubmit(shell, {
        FAKE_LIST_DOWN: '2',
        FAKE_REGISTER_FAILS: '1',
        FAKE_RUN_FAILS: '1',
        FAKE_STATUSES: 'fail running fail finished:completed',
      });
      expect(stderr).toContain('waiting for the SuperLink Control API');
      expect(status).toBe(0);
      const runConfig =
        'num-server-rounds=4 min-available-nodes=1 min-train-nodes=1 min-evaluate-nodes=1';
      expect(calls).toEqual([
        'list cluster --format json',
        'list cluster --format json',
        'list cluster --format json',
        `supernode register ${dir}/keys/hospital-madrid-dup.pub cluster`,
        `supernode register ${dir}/keys/hospital-madrid-dup.pub cluster`,
        `supernode register ${dir}/keys/hospital-paris.pub cluster`,
        `run /app cluster --run-config ${runConfig} --format json`,
        `run /app cluster --run-config ${runConfig} --format json`,
        'list cluster --run-id 7 --format json',
        'list cluster --run-id 7 --format json',
        'list cluster --run-id 7 --format json',
        'list cluster --run-id 7 --format json',
      ]);
    },
  );

  it('exits non-zero when the run finishes failed', () => {
    const { status, stderr } = runSubmit('sh', {
      FAKE_STATUSES: 'running finished:failed',
    });
    expect(status).toBe(1);
    expect(stderr).toContain('run 7 ended: finished:failed');
  });

  it('gives up submitting after FL_SUBMIT_ATTEMPTS attempts', () => {
    const { status, stderr, calls } = runSubmit('sh', {
      FAKE_RUN_FAILS: '99',
    });
    expect(status).toBe(1);
    expect(stderr).toContain('could not be submitted after 3 attempts');
    expect(calls.filter(c => c.startsWith('run '))).toHaveLength(3);
  });
});

describe('renderJob: Flower run submission and training contract', () => {
  it('bounds the submit Job by a startup allowance plus an hour per round', () => {
    const submit = find(renderJob(input()).aggregatorWork, 'Job', 'submit');
    expect(submit.spec.activeDeadlineSeconds).toBe(1800 + 4 * 3600);
    expect(submit.spec.backoffLimit).toBe(0);
  });

  it("passes minClients as FedAvg's minimum node counts in the run-config", () => {
    const env = container(
      renderJob(input({ minClients: 2, runConfig: { 'learning-rate': 0.1 } }))
        .aggregatorWork,
      'Job',
      'submit',
    ).env;
    expect(env).toContainEqual({
      name: 'FL_RUN_CONFIG',
      value:
        'num-server-rounds=4 min-available-nodes=2 min-train-nodes=2 min-evaluate-nodes=2 learning-rate=0.1',
    });
  });

  it('refuses a spec runConfig key that the launcher sets', () => {
    for (const key of [
      'num-server-rounds',
      'min-available-nodes',
      'min-train-nodes',
      'min-evaluate-nodes',
    ]) {
      expect(
        parseJobSpec({ ...input().spec, runConfig: { [key]: 1 } }),
      ).toEqual({
        success: false,
        issues: [
          expect.objectContaining({
            field: `runConfig.${key}`,
            message: expect.stringContaining('set by the launcher'),
          }),
        ],
      });
    }
  });

  it('lets the SuperNode retry an unavailable SuperLink (no --max-retries)', () => {
    for (const tls of [true, false]) {
      const rendered = renderJob({
        ...input({ tls: { enabled: tls } }),
        pki: tls ? pki : undefined,
      });
      const args: string[] = container(
        rendered.clientWorks[0],
        'Deployment',
        'supernode',
      ).args;
      expect(args.filter(a => a.startsWith('--max-retries'))).toEqual([]);
    }
  });
});

describe('renderJob: Flower SuperNode authentication', () => {
  const rendered = renderJob(input());

  it('turns on SuperNode authentication and registers exactly the participants keys', () => {
    expect(
      container(rendered.aggregatorWork, 'Deployment', 'superlink').args,
    ).toContain('--enable-supernode-auth');
    expect(
      find(rendered.aggregatorWork, 'ConfigMap', 'supernode-public-keys').data,
    ).toEqual({
      'hospital-paris.pub': 'ecdsa-sha2-nistp256 cGFyaXM= hospital-paris\n',
      'hospital-madrid.pub': 'ecdsa-sha2-nistp256 bWFkcmlk hospital-madrid\n',
    });
    const submit = find(rendered.aggregatorWork, 'Job', 'submit').spec.template
      .spec;
    expect(submit.containers[0].volumeMounts).toContainEqual({
      name: 'supernode-keys',
      mountPath: '/supernode-keys',
      readOnly: true,
    });
    expect(submit.volumes).toContainEqual({
      name: 'supernode-keys',
      configMap: { name: 'supernode-public-keys' },
    });
  });

  it('gives each SuperNode its own private key, and no client certificate', () => {
    for (const [i, cluster] of [
      [0, 'hospital-paris'],
      [1, 'hospital-madrid'],
    ] as const) {
      const work = rendered.clientWorks[i];
      expect(find(work, 'Secret', 'supernode-auth').stringData).toEqual({
        'auth.key': pki.supernodeKeys![cluster].privateKey,
      });
      const supernode = find(work, 'Deployment', 'supernode').spec.template
        .spec;
      expect(supernode.containers[0].args).toContain(
        '--auth-supernode-private-key=/supernode-auth/auth.key',
      );
      expect(supernode.volumes).toContainEqual({
        name: 'supernode-auth',
        secret: { secretName: 'supernode-auth' },
      });
      expect(
        manifests(work)
          .filter(m => m.kind === 'Secret')
          .map(m => m.metadata.name),
      ).toEqual(['superlink-ca', 'supernode-auth']);
    }
  });

  it('authenticates no SuperNode without TLS, which Flower requires for it', () => {
    const plain = renderJob({
      ...input({ tls: { enabled: false } }),
      pki: undefined,
    });
    expect(
      container(plain.aggregatorWork, 'Deployment', 'superlink').args,
    ).not.toContain('--enable-supernode-auth');
    expect(JSON.stringify(plain)).not.toContain('supernode-auth');
  });

  it('refuses to render a TLS job whose PKI lacks a participant key', () => {
    expect(() =>
      renderJob({
        ...input(),
        pki: {
          ...pki,
          supernodeKeys: {
            'hospital-paris': pki.supernodeKeys!['hospital-paris'],
          },
        },
      }),
    ).toThrow(/no SuperNode authentication key for cluster hospital-madrid/);
  });
});
