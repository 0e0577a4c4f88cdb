import {
  JobPki,
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { commandProblems } from '.';
import { flowerCommandProblems } from './flower';
import { parseRunConfig } from './flowerReader';

const SUPERLINK = 'flwr/superlink:1.26.1-py3.13-ubuntu24.04';
const SUPERNODE = 'flwr/supernode:1.26.1-py3.13-ubuntu24.04';
const superlink = (args: string[]) =>
  flowerCommandProblems({ name: 'superlink', image: SUPERLINK, args });
const supernode = (args: string[]) =>
  flowerCommandProblems({ name: 'supernode', image: SUPERNODE, args });
const TLS = [
  '--ssl-ca-certfile=/tls/ca.crt',
  '--ssl-certfile=/tls/tls.crt',
  '--ssl-keyfile=/tls/tls.key',
];

const pki: JobPki = {
  caPem: 'ca',
  aggregator: { certPem: 'cert', keyPem: 'key' },
  clients: {},
  supernodeKeys: {
    'hospital-paris': {
      publicKey: 'ecdsa-sha2-nistp256 AAAA',
      privateKey: 'k',
    },
  },
};

function rendered(tls: boolean) {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'flower',
    image: 'quay.io/example/mnist-app:1.0',
    rounds: 3,
    minClients: 1,
    clients: { clusters: ['hospital-paris'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 'pvc' },
    tls: { enabled: tls },
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return renderJob({
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: [{ cluster: 'hospital-paris', data: { hostPath: '/data' } }],
    aggregatorAddress: { host: '198.51.100.7', port: 9092 },
    pki: tls ? pki : undefined,
  });
}

const containersOf = (work: Manifest): any[] =>
  (work.spec as any).workload.manifests.flatMap(
    (m: any) => m.spec?.template?.spec?.containers ?? [],
  );

describe("Flower 1.26's command lines", () => {
  it.each([true, false])(
    'starts every container the renderer writes (TLS %s)',
    tls => {
      const { aggregatorWork, clientWorks } = rendered(tls);
      const containers = [aggregatorWork, ...clientWorks].flatMap(containersOf);
      expect(
        containers.filter(c => c.image === SUPERLINK || c.image === SUPERNODE),
      ).toHaveLength(2);
      for (const container of containers)
        expect(commandProblems(container)).toEqual([]);
    },
  );

  it('refuses a flag the parser does not declare', () => {
    expect(
      superlink(['--insecure', '--fleet-api-adress=0.0.0.0:9092']),
    ).toEqual([
      'flower-superlink (Flower 1.26.1) exits: unrecognized arguments: --fleet-api-adress',
    ]);
    expect(supernode(['--insecure', '--max-retry=3'])).toEqual([
      'flower-supernode (Flower 1.26.1) exits: unrecognized arguments: --max-retry',
    ]);
    expect(supernode(['--insecure', 'extra'])).toEqual([
      'flower-supernode (Flower 1.26.1) exits: unrecognized arguments: extra',
    ]);
  });

  it('reads values, abbreviations and types as argparse does', () => {
    expect(supernode(['--insecure', '--superlink'])).toEqual([
      'flower-supernode (Flower 1.26.1) exits: argument --superlink: expected one argument',
    ]);
    expect(supernode(['--insecure', '--max-retries=many'])).toEqual([
      "flower-supernode (Flower 1.26.1) exits: argument --max-retries: invalid int value: 'many'",
    ]);
    expect(supernode(['--insecure', '--isolation', 'thread'])).toEqual([
      "flower-supernode (Flower 1.26.1) exits: argument --isolation: invalid choice: 'thread' (choose from 'subprocess', 'process')",
    ]);
    expect(supernode(['--insecure=yes'])).toEqual([
      "flower-supernode (Flower 1.26.1) exits: argument --insecure: ignored explicit argument 'yes'",
    ]);
    expect(supernode(['--insecure', '--grpc-rere', '--rest'])).toEqual([
      'flower-supernode (Flower 1.26.1) exits: argument --rest: not allowed with argument --grpc-rere',
    ]);
    // A unique prefix is the flag; an ambiguous one is refused.
    expect(supernode(['--insecure', '--superlink=x:1', '--max-w=2.5'])).toEqual(
      [],
    );
    expect(supernode(['--insecure', '--max=1'])).toEqual([
      'flower-supernode (Flower 1.26.1) exits: ambiguous option: --max could match --max-retries, --max-wait-time',
    ]);
  });

  it('refuses the combinations the commands exit on', () => {
    expect(superlink([])).toEqual([
      'flower-superlink (Flower 1.26.1) exits: TLS needs --ssl-certfile, --ssl-keyfile, --ssl-ca-certfile (missing --ssl-certfile, --ssl-keyfile, --ssl-ca-certfile) unless --insecure is set',
    ]);
    expect(superlink(['--insecure', '--enable-supernode-auth'])).toEqual([
      'flower-superlink (Flower 1.26.1) exits: --enable-supernode-auth requires TLS, not --insecure',
    ]);
    expect(
      superlink([...TLS, '--enable-supernode-auth', '--fleet-api-type=rest']),
    ).toEqual([
      'flower-superlink (Flower 1.26.1) exits: --enable-supernode-auth works only with --fleet-api-type=grpc-rere, not rest',
    ]);
    expect(superlink([...TLS, '--auth-list-public-keys=/keys.csv'])).toEqual([
      'flower-superlink (Flower 1.26.1) exits: --auth-list-public-keys is no longer supported',
    ]);
    expect(
      supernode(['--insecure', '--root-certificates=/tls/ca.crt']),
    ).toEqual([
      'flower-supernode (Flower 1.26.1) exits: --insecure conflicts with --root-certificates',
    ]);
    expect(
      supernode(['--insecure', '--auth-supernode-private-key=/k']),
    ).toEqual([
      'flower-supernode (Flower 1.26.1) exits: SuperNode authentication (--auth-supernode-private-key) requires TLS, not --insecure',
    ]);
  });

  it('knows the programs by image entrypoint or command, and leaves other containers alone', () => {
    expect(
      flowerCommandProblems({
        name: 'x',
        image: 'registry.example.com/mirror/flwr/superlink:1.26.1@sha256:abc',
        args: ['--bogus'],
      }),
    ).toHaveLength(1);
    expect(
      flowerCommandProblems({
        name: 'x',
        image: 'python:3.13',
        command: ['/usr/local/bin/flower-supernode', '--bogus'],
      }),
    ).toHaveLength(1);
    expect(
      flowerCommandProblems({
        name: 'x',
        image: SUPERLINK,
        command: ['/bin/sh', '-c', 'anything'],
      }),
    ).toEqual([]);
    expect(
      flowerCommandProblems({ name: 'x', image: 'nginx', args: ['--bogus'] }),
    ).toEqual([]);
  });
});

describe('run-config as `flwr run --run-config` reads it', () => {
  it('reads TOML scalars and refuses what is not TOML', () => {
    expect(
      parseRunConfig(
        'num-server-rounds=3 lr=0.1 name="a b" flag=true other=\'x\'',
      ),
    ).toEqual(
      new Map<string, unknown>([
        ['num-server-rounds', 3],
        ['lr', 0.1],
        ['name', 'a b'],
        ['flag', true],
        ['other', 'x'],
      ]),
    );
    expect(parseRunConfig('mode=fast')).toEqual({
      problem: 'run-config value of mode is not TOML: fast',
    });
  });
});
