import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  OPENFL_BUILT_SECTIONS,
  OPENFL_PLAN_MERGE_SCRIPT,
  PLAN_MERGE_ENV,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { parse as parseYaml } from 'yaml';
import { KubeObject } from '../../store/types';
import { readFxCommandLine } from './openfl';
import { dialsReachableAddress } from './reachableAddress';
import {
  describeSource,
  fileSource,
  objectsReadBy,
  PodContainer,
  PodTemplate,
  podTemplateOf,
} from './podFiles';
import { FrameworkReader } from './types';

/**
 * What OpenFL 1.6 parties read from their rendered workloads, as OpenFL reads it
 * (securefederatedai/openfl at tag v1.6): the plan `fx` is given (openfl/federated/plan/plan.py),
 * the collaborator list, the network settings and the certificates under `cert/`.
 */

type Problem = { problem: string };
type Plan = Record<string, any>;

interface Party {
  pod: PodTemplate;
  container: PodContainer;
  options: Map<string, string | true>;
  objects: KubeObject[];
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'problem' in value;

/** The workload container that runs `fx <command>` among a namespace's objects. */
function partyOf(objects: KubeObject[], command: string): Party | Problem {
  for (const workload of objects) {
    const pod = podTemplateOf(workload);
    for (const container of pod?.containers ?? []) {
      const read = readFxCommandLine(container);
      if (read?.line?.command === command && read.problems.length === 0)
        return {
          pod: pod!,
          container,
          options: read.line.options,
          objects: objectsReadBy(workload, objects),
        };
    }
  }
  return { problem: `no container runs fx ${command}` };
}

/** The text of a file a party reads from a ConfigMap or Secret. */
function mountedText(party: Party, path: string): string | Problem {
  const source = fileSource(party.pod, party.container, path, party.objects);
  if (source.kind === 'object' && source.text !== undefined) return source.text;
  return {
    problem: `${path} comes from ${describeSource(
      source,
    )}, which holds no such file`,
  };
}

/**
 * A plan written by a complete plan file must hold what OpenFL builds at start (plan.py:
 * Plan.build needs each built section's template, Aggregator needs init_state_path).
 */
function completePlanProblem(plan: Plan, where: string): Problem | undefined {
  const hasTemplate = (section: unknown) =>
    typeof section === 'object' &&
    section !== null &&
    ('template' in section || 'defaults' in section);
  for (const section of ['aggregator', 'task_runner'])
    if (!hasTemplate(plan[section]))
      return {
        problem: `${where} has no template for ${section}: OpenFL fails at start`,
      };
  for (const section of OPENFL_BUILT_SECTIONS)
    if (plan[section] !== undefined && !hasTemplate(plan[section]))
      return {
        problem: `${where} has no template for ${section}: OpenFL fails at start`,
      };
  if (!plan.aggregator.settings?.init_state_path)
    return {
      problem: `${where} has no aggregator.settings.init_state_path: OpenFL fails at start`,
    };
  return undefined;
}

/**
 * The plan a party's `fx` reads, as far as the simulator can know it: a complete plan from a
 * ConfigMap, or the launcher's settings that the plan-merge init container writes over the
 * image's own plan (`image` is then the image whose plan is the base).
 */
function planOf(party: Party): { plan: Plan; image?: string } | Problem {
  const path = String(party.options.get('--plan') ?? 'plan/plan.yaml');
  const source = fileSource(party.pod, party.container, path, party.objects);
  if (source.kind === 'object') {
    if (source.text === undefined)
      return {
        problem: `${path} comes from ${describeSource(
          source,
        )}, which does not exist`,
      };
    const plan = parseYaml(source.text) as Plan;
    const where = `${path} (${describeSource(source)})`;
    return completePlanProblem(plan ?? {}, where) ?? { plan };
  }
  if (source.kind !== 'emptyDir')
    return {
      problem: `${path} comes from ${describeSource(
        source,
      )}: the simulator cannot read it`,
    };
  const writer = (party.pod.initContainers ?? []).find(init => {
    const out = init.env?.find(
      e => e.name === PLAN_MERGE_ENV.mergedPlan,
    )?.value;
    const written = out && fileSource(party.pod, init, out, party.objects);
    return (
      written &&
      written.kind === 'emptyDir' &&
      written.volume === source.volume &&
      written.file === source.file
    );
  });
  if (!writer)
    return {
      problem: `nothing writes ${path} (${describeSource(
        source,
      )}) before fx starts`,
    };
  const argv = [...(writer.command ?? []), ...(writer.args ?? [])];
  if (
    argv[0] !== 'python3' ||
    argv[1] !== '-c' ||
    argv[2] !== OPENFL_PLAN_MERGE_SCRIPT
  )
    return {
      problem: `init container ${writer.name} writes ${path} with a script the simulator does not know`,
    };
  const env = (name: string) =>
    writer.env?.find(e => e.name === name)?.value ?? '';
  const base = fileSource(
    party.pod,
    writer,
    env(PLAN_MERGE_ENV.imagePlan),
    party.objects,
  );
  if (base.kind !== 'image')
    return {
      problem: `init container ${
        writer.name
      } reads the workspace's plan from ${describeSource(
        base,
      )}, not from its image`,
    };
  const settings = mountedText(
    { ...party, container: writer },
    env(PLAN_MERGE_ENV.settings),
  );
  if (isProblem(settings)) return settings;
  return { plan: JSON.parse(settings) as Plan, image: writer.image };
}

/** The aggregator's plan, collaborator list and network settings, or why it would not start. */
function aggregatorOf(objects: KubeObject[]) {
  const party = partyOf(objects, 'aggregator start');
  if (isProblem(party)) return party;
  const read = planOf(party);
  if (isProblem(read)) return read;
  const cols = mountedText(
    party,
    String(party.options.get('--authorized_cols') ?? 'plan/cols.yaml'),
  );
  if (isProblem(cols)) return cols;
  const collaborators = (parseYaml(cols) as Plan | null)?.collaborators;
  if (!Array.isArray(collaborators) || collaborators.length === 0)
    return { problem: 'cols.yaml lists no collaborators' };
  const network = read.plan.network?.settings ?? {};
  // plan.py, Plan.resolve: "auto" derives the port from the plan hash, which no client knows.
  if (
    typeof network.agg_port !== 'number' ||
    typeof network.agg_addr !== 'string'
  )
    return { problem: 'the plan sets no explicit agg_addr and agg_port' };
  // The defaults' network.yaml has tls True: only an explicit false turns TLS off.
  const tls = network.tls !== false;
  const certs = tls ? serverCertificates(party, network.agg_addr) : undefined;
  if (isProblem(certs)) return certs;
  return {
    party,
    ...read,
    collaborators: collaborators.map(String),
    network,
    tls,
    certs,
  };
}

/** plan.py, get_server: the CA chain and agg_<lower-cased agg_addr>.crt/.key under cert/. */
function serverCertificates(party: Party, aggAddr: string) {
  const name = aggAddr.toLowerCase();
  const files = [
    'cert/cert_chain.crt',
    `cert/server/agg_${name}.crt`,
    `cert/server/agg_${name}.key`,
  ];
  const [chain, cert, key] = files.map(f => mountedText(party, f));
  for (const text of [chain, cert, key]) if (isProblem(text)) return text;
  return { chain: chain as string, cert: cert as string };
}

function certificate(pem: string, what: string): X509Certificate | Problem {
  try {
    return new X509Certificate(pem);
  } catch {
    return { problem: `${what} is not a readable certificate` };
  }
}

/** Whether `cert` is signed by the CA of `chain`. */
function signedBy(cert: X509Certificate, chain: X509Certificate): boolean {
  try {
    return cert.verify(chain.publicKey);
  } catch {
    return false;
  }
}

export const openflReader: FrameworkReader = {
  training(aggregatorResources) {
    const aggregator = aggregatorOf(aggregatorResources);
    if (isProblem(aggregator)) return aggregator;
    const rounds = aggregator.plan.aggregator?.settings?.rounds_to_train;
    if (!Number.isInteger(rounds) || rounds < 1)
      return {
        problem:
          'the plan given to fx sets no rounds_to_train (the image plan, which the simulator cannot read, would decide)',
      };
    // The aggregator ends a round and exits only when every listed collaborator has
    // reported and was told to quit (component/aggregator/aggregator.py, all_quit_jobs_sent).
    return { rounds, minClients: aggregator.collaborators.length };
  },

  clientJoins(clientResources, aggregatorResources, aggregatorAddress) {
    const aggregator = aggregatorOf(aggregatorResources);
    if (isProblem(aggregator)) return aggregator;
    const party = partyOf(clientResources, 'collaborator start');
    if (isProblem(party)) return party;
    const name = String(party.options.get('--collaborator_name'));
    const read = planOf(party);
    if (isProblem(read)) return read;
    // plan.py, Plan.resolve: the federation id is a hash of the plan; aggregator_server.py,
    // check_request: a collaborator of another federation is refused.
    if (
      read.image !== aggregator.image ||
      JSON.stringify(read.plan) !== JSON.stringify(aggregator.plan)
    )
      return {
        problem: `${name}'s plan differs from the aggregator's: their federation ids differ`,
      };
    if (!aggregator.collaborators.includes(name))
      return { problem: `${name} is not in the aggregator's cols.yaml` };
    const dialed = `${aggregator.network.agg_addr}:${aggregator.network.agg_port}`;
    if (!aggregatorAddress)
      return {
        problem: 'the aggregator has no address reachable from other clusters',
      };
    if (!dialsReachableAddress(dialed, aggregatorAddress))
      return {
        problem: `${name} dials ${dialed}, but the aggregator is reachable at ${aggregatorAddress}`,
      };
    if (!aggregator.tls) return true;
    return tlsProblem(party, name, aggregator) ?? true;
  },
};

/**
 * gRPC over TLS as aggregator_client.py and aggregator_server.py set it up: the collaborator
 * verifies the server's certificate (for the dialled name) with its cert_chain.crt; with
 * client authentication the aggregator verifies col_<name>.crt with its own chain and takes
 * the certificate's common name as the collaborator's (aggregator_server.py, validate_collaborator).
 */
function tlsProblem(
  party: Party,
  name: string,
  aggregator: { network: Plan; certs?: { chain: string; cert: string } },
): Problem | undefined {
  const trusted = mountedText(party, 'cert/cert_chain.crt');
  if (isProblem(trusted)) return trusted;
  const ca = certificate(trusted, `${name}'s cert/cert_chain.crt`);
  const server = certificate(
    aggregator.certs!.cert,
    "the aggregator's certificate",
  );
  for (const c of [ca, server]) if (isProblem(c)) return c;
  const host = String(aggregator.network.agg_addr);
  const serverCert = server as X509Certificate;
  if (!signedBy(serverCert, ca as X509Certificate))
    return {
      problem: `${name} does not trust the CA that signed the aggregator's certificate`,
    };
  if (!(isIP(host) ? serverCert.checkIP(host) : serverCert.checkHost(host)))
    return {
      problem: `the aggregator's certificate does not name ${host}, the address ${name} dials`,
    };
  if (aggregator.network.disable_client_auth === true) return undefined;
  const own = mountedText(party, `cert/client/col_${name}.crt`);
  if (isProblem(own)) return own;
  const client = certificate(own, `${name}'s certificate`);
  const chain = certificate(
    aggregator.certs!.chain,
    "the aggregator's cert_chain.crt",
  );
  for (const c of [client, chain]) if (isProblem(c)) return c;
  const clientCert = client as X509Certificate;
  if (!signedBy(clientCert, chain as X509Certificate))
    return { problem: `the aggregator does not trust ${name}'s certificate` };
  if (!clientCert.subject.split('\n').includes(`CN=${name}`))
    return { problem: `${name}'s certificate is not issued to ${name}` };
  return undefined;
}
