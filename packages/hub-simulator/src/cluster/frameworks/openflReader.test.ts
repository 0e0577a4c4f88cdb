import {
  JobPki,
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { createCertificateAuthority } from '../../api/servingCertificate';
import { KubeObject } from '../../store/types';
import { openflReader } from './openflReader';

const CLUSTERS = ['hospital-madrid', 'hospital-paris'];
const AGGREGATOR_HOST = 'agg.example.org';

/** A job's PKI as the launcher mints it: one CA, the aggregator's name, a CN per cluster. */
async function jobPki(host = AGGREGATOR_HOST): Promise<JobPki> {
  const ca = await createCertificateAuthority('job CA');
  const clients: JobPki['clients'] = {};
  for (const cluster of CLUSTERS)
    clients[cluster] = await ca.issue({
      commonName: cluster,
      hosts: [cluster],
      use: 'client',
    });
  return {
    caPem: ca.caPem,
    aggregator: await ca.issue({
      commonName: host,
      hosts: [host],
      use: 'server',
    }),
    clients,
  };
}

function render(pki: JobPki) {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'openfl',
    image: 'quay.io/example/mnist-workspace:1.0',
    rounds: 4,
    clients: { clusters: CLUSTERS },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 'pvc' },
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return renderJob({
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: CLUSTERS.map(cluster => ({
      cluster,
      data: { hostPath: '/data' },
    })),
    aggregatorAddress: { host: AGGREGATOR_HOST, port: 50051 },
    pki,
  });
}

/** What the work agent would create on the managed cluster from a work. */
const objectsOf = (work: Manifest) =>
  (work.spec as any).workload.manifests as KubeObject[];

describe("the OpenFL reader, with the job's TLS", () => {
  let pki: JobPki;
  let rendered: ReturnType<typeof render>;
  beforeAll(async () => {
    pki = await jobPki();
    rendered = render(pki);
  });
  const REACHABLE = `${AGGREGATOR_HOST}:50051`;
  const joins = (client: Manifest, address: string | undefined = REACHABLE) =>
    openflReader.clientJoins(
      objectsOf(client),
      objectsOf(rendered.aggregatorWork),
      address,
    );

  it('reads the rounds and the collaborators from the rendered plan, and lets the listed collaborators join', () => {
    expect(openflReader.training(objectsOf(rendered.aggregatorWork))).toEqual({
      rounds: 4,
      minClients: 2,
    });
    for (const client of rendered.clientWorks) expect(joins(client)).toBe(true);
    expect(joins(rendered.clientWorks[0], '*:50051')).toBe(true);
  });

  it('never joins a collaborator that trusts another CA, or one the aggregator does not trust', async () => {
    const other = render(await jobPki());
    // Its own plan is the same; only its certificates come from another job's CA.
    expect(joins(other.clientWorks[0])).toEqual({
      problem:
        "hospital-madrid does not trust the CA that signed the aggregator's certificate",
    });
    const mixed = structuredClone(other.clientWorks[0]);
    const secret = objectsOf(mixed).find(o => o.kind === 'Secret') as any;
    secret.stringData['cert_chain.crt'] = pki.caPem;
    expect(joins(mixed)).toEqual({
      problem: "the aggregator does not trust hospital-madrid's certificate",
    });
  });

  it('never joins a collaborator that dials another address, or an aggregator whose certificate names another host', async () => {
    expect(joins(rendered.clientWorks[1], '198.51.100.7:50051')).toEqual({
      problem:
        'hospital-paris dials agg.example.org:50051, but the aggregator is reachable at 198.51.100.7:50051',
    });
    expect(
      openflReader.clientJoins(
        objectsOf(rendered.clientWorks[1]),
        objectsOf(rendered.aggregatorWork),
        undefined,
      ),
    ).toEqual({
      problem: 'the aggregator has no address reachable from other clusters',
    });
    const misnamed = render(await jobPki('other.example.org'));
    expect(
      openflReader.clientJoins(
        objectsOf(misnamed.clientWorks[0]),
        objectsOf(misnamed.aggregatorWork),
        `${AGGREGATOR_HOST}:50051`,
      ),
    ).toEqual({
      problem:
        "the aggregator's certificate does not name agg.example.org, the address hospital-madrid dials",
    });
  });

  it('tells why an aggregator would not start: a missing certificate, a collaborator list that is not there', () => {
    const withoutCert = structuredClone(rendered.aggregatorWork);
    const secret = objectsOf(withoutCert).find(o => o.kind === 'Secret') as any;
    delete secret.stringData[`agg_${AGGREGATOR_HOST}.crt`];
    expect(openflReader.training(objectsOf(withoutCert))).toEqual({
      problem: `cert/server/agg_${AGGREGATOR_HOST}.crt comes from Secret openfl-aggregator-cert key agg_${AGGREGATOR_HOST}.crt, which holds no such file`,
    });
    const withoutCols = objectsOf(rendered.aggregatorWork).filter(
      o => o.kind !== 'ConfigMap',
    );
    expect(openflReader.training(withoutCols)).toEqual({
      problem: expect.stringMatching(
        /plan-settings\.json comes from ConfigMap openfl-plan/,
      ),
    });
  });
});
