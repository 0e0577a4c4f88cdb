import { X509Certificate } from 'node:crypto';
import {
  FEDAVG_DEFAULT_MIN_NODES,
  FLOWER_RUN_CONFIG_KEYS,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import sshpk from 'sshpk';
import { KubeObject } from '../../store/types';
import { flowerCommandOf, FlowerProgram, parseFlowerArgs } from './flower';
import { fileAt, filesIn, objectsReadBy, PodTemplate } from './podFiles';
import { dialsReachableAddress, hostAndPort } from './reachableAddress';
import { FrameworkReader } from './types';

/*
 * What Flower 1.26 would make of a job's rendered workloads: the run the submit Job starts
 * (its run-config, read as `flwr run --run-config` reads it) and whether each SuperNode
 * would get through to the SuperLink (address, TLS trust, SuperNode authentication).
 */

/** The SuperNode's default `--superlink` (FLEET_API_GRPC_RERE_DEFAULT_ADDRESS, flwr/common/constant.py). */
const DEFAULT_SUPERLINK = '0.0.0.0:9092';

interface Program {
  pod: PodTemplate;
  container: string;
  flags: Map<string, string | true>;
  /** What its pod reads files from. */
  objects: KubeObject[];
}

type Found<T> = T | { problem: string };

const podsOf = (objects: KubeObject[], kind: string) =>
  objects
    .filter(o => o.kind === kind)
    .map(o => ({
      pod: ((o.spec as any)?.template?.spec ?? {}) as PodTemplate & {
        containers?: Array<Record<string, any>>;
      },
      files: objectsReadBy(o, objects),
    }));

/** The Deployment container that runs `program`, with the flags it was given. */
function findProgram(
  objects: KubeObject[],
  program: FlowerProgram,
): Found<Program> {
  for (const { pod, files } of podsOf(objects, 'Deployment')) {
    for (const container of pod.containers ?? []) {
      const command = flowerCommandOf(container as any);
      if (command?.program !== program) continue;
      const parsed = parseFlowerArgs(program, command.args);
      if (!parsed.ok) return { problem: `${program} exits: ${parsed.problem}` };
      return {
        pod,
        container: container.name,
        flags: parsed.values,
        objects: files,
      };
    }
  }
  return { problem: `no Deployment runs ${program}` };
}

/** The Job container that submits the run: it passes `$FL_RUN_CONFIG` to `flwr run`. */
function findSubmit(objects: KubeObject[]) {
  for (const { pod, files } of podsOf(objects, 'Job')) {
    for (const container of pod.containers ?? []) {
      const script: string = (container.command ?? []).join(' ');
      if (!/flwr run .*--run-config "\$FL_RUN_CONFIG"/.test(script)) continue;
      const env = new Map<string, string>(
        (container.env ?? []).map((e: { name: string; value?: string }) => [
          e.name,
          e.value ?? '',
        ]),
      );
      return {
        pod,
        container: container.name as string,
        env,
        objects: files,
      };
    }
  }
  return undefined;
}

/** A TOML scalar as `parse_config_args` (flwr/common/config.py) hands it to tomli. */
function tomlScalar(text: string): string | number | boolean | undefined {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^"[^"]*"$/.test(text) || /^'[^']*'$/.test(text))
    return text.slice(1, -1);
  return undefined;
}

/** `--run-config "k=v ..."` as flwr/common/config.py `parse_config_args` reads it. */
export function parseRunConfig(
  text: string,
): Found<Map<string, string | number | boolean>> {
  const values = new Map<string, string | number | boolean>();
  for (const [, key, raw] of text.matchAll(/(\S+?)=('[^']*'|"[^"]*"|\S+)/g)) {
    const value = tomlScalar(raw);
    if (value === undefined)
      return { problem: `run-config value of ${key} is not TOML: ${raw}` };
    values.set(key, value);
  }
  return values;
}

function training(aggregatorResources: KubeObject[]) {
  const submit = findSubmit(aggregatorResources);
  if (!submit) return { problem: 'no Job submits a Flower run' };
  const config = parseRunConfig(submit.env.get('FL_RUN_CONFIG') ?? '');
  if ('problem' in config) return config;
  const rounds = config.get(FLOWER_RUN_CONFIG_KEYS.rounds);
  if (!Number.isInteger(rounds) || (rounds as number) < 1)
    return {
      problem: `the run-config has no positive integer ${FLOWER_RUN_CONFIG_KEYS.rounds}`,
    };
  // FedAvg waits for max(min_available_nodes, min_train_nodes) nodes to train and the
  // same with min_evaluate_nodes to evaluate (flwr/serverapp/strategy/strategy_utils.py,
  // sample_nodes); a key the run-config leaves out keeps FedAvg's default.
  const minima = [
    FLOWER_RUN_CONFIG_KEYS.minAvailableNodes,
    FLOWER_RUN_CONFIG_KEYS.minTrainNodes,
    FLOWER_RUN_CONFIG_KEYS.minEvaluateNodes,
  ].map(key => config.get(key) ?? FEDAVG_DEFAULT_MIN_NODES);
  if (!minima.every(m => Number.isInteger(m) && (m as number) >= 0))
    return { problem: 'a min-*-nodes run-config value is not an integer' };
  return {
    rounds: rounds as number,
    minClients: Math.max(...(minima as number[])),
  };
}

/** Whether the SuperNode's root certificates verify the SuperLink's certificate for `host`. */
function trustProblem(
  serverCertPem: string | undefined,
  rootsPem: string | undefined,
  host: string,
): string | undefined {
  if (!serverCertPem) return 'the SuperLink has no readable --ssl-certfile';
  if (!rootsPem)
    return 'the SuperNode has no readable --root-certificates (the system CAs do not know the job CA)';
  let server: X509Certificate;
  let roots: X509Certificate[];
  try {
    server = new X509Certificate(serverCertPem);
    roots = (
      rootsPem.match(
        /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
      ) ?? []
    ).map(pem => new X509Certificate(pem));
  } catch (error) {
    return `a certificate does not parse: ${(error as Error).message}`;
  }
  const trusted = roots.some(
    root => server.checkIssued(root) && server.verify(root.publicKey),
  );
  if (!trusted)
    return "the SuperNode's root certificates did not issue the SuperLink's certificate";
  const named = /^[\d.]+$|:/.test(host)
    ? server.checkIP(host)
    : server.checkHost(host);
  return named
    ? undefined
    : `the SuperLink's certificate does not name ${host}, which the SuperNode dials`;
}

const fingerprintOf = (key: sshpk.Key) => key.fingerprint('sha256').toString();

/** The keys the submit Job registers: the `.pub` files of `$FL_SUPERNODE_KEYS_DIR`. */
function registeredKeys(aggregatorResources: KubeObject[]): Set<string> {
  const submit = findSubmit(aggregatorResources);
  const dir = submit?.env.get('FL_SUPERNODE_KEYS_DIR');
  const registered = new Set<string>();
  if (!submit || !dir) return registered;
  const files = filesIn(submit.pod, submit.container, dir, submit.objects);
  for (const [name, text] of files) {
    if (!name.endsWith('.pub')) continue;
    try {
      registered.add(fingerprintOf(sshpk.parseKey(text, 'ssh')));
    } catch {
      // `flwr supernode register` refuses a key it cannot read; it is not registered.
    }
  }
  return registered;
}

/**
 * SuperNode authentication (Flower 1.26): a SuperNode with its own key must have been
 * registered through the Control API (ActivateNode looks the key up,
 * server/superlink/fleet/message_handler/message_handler.py); one without a key registers
 * itself, which a SuperLink with --enable-supernode-auth refuses
 * (server/superlink/fleet/grpc_rere/fleet_servicer.py, RegisterNode).
 */
function authProblem(
  superlink: Program,
  supernode: Program,
  aggregatorResources: KubeObject[],
): string | undefined {
  const keyPath = supernode.flags.get('--auth-supernode-private-key');
  if (typeof keyPath !== 'string') {
    return superlink.flags.has('--enable-supernode-auth')
      ? 'the SuperLink accepts only registered SuperNodes and this one has no key'
      : undefined;
  }
  const text = fileAt(
    supernode.pod,
    supernode.container,
    keyPath,
    supernode.objects,
  );
  if (!text) return `the SuperNode's key ${keyPath} is not readable`;
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(
      sshpk.parsePrivateKey(text, 'openssh').toPublic(),
    );
  } catch {
    return `the SuperNode's key ${keyPath} is not an OpenSSH private key`;
  }
  return registeredKeys(aggregatorResources).has(fingerprint)
    ? undefined
    : "the SuperNode's key is not registered with the SuperLink";
}

function joinProblem(
  clientResources: KubeObject[],
  aggregatorResources: KubeObject[],
  aggregatorAddress: string | undefined,
): string | undefined {
  const superlink = findProgram(aggregatorResources, 'flower-superlink');
  if ('problem' in superlink) return superlink.problem;
  const supernode = findProgram(clientResources, 'flower-supernode');
  if ('problem' in supernode) return supernode.problem;
  const dialed = supernode.flags.get('--superlink');
  const target = typeof dialed === 'string' ? dialed : DEFAULT_SUPERLINK;
  if (!aggregatorAddress)
    return 'the SuperLink has no address reachable from other clusters';
  if (!dialsReachableAddress(target, aggregatorAddress))
    return `the SuperNode dials ${target}, the SuperLink is reachable at ${aggregatorAddress}`;
  const serverTls = !superlink.flags.has('--insecure');
  const clientTls = !supernode.flags.has('--insecure');
  if (serverTls !== clientTls)
    return serverTls
      ? 'the SuperNode speaks plain gRPC to a TLS SuperLink'
      : 'the SuperNode expects TLS from a SuperLink without it';
  if (serverTls) {
    const certPath = superlink.flags.get('--ssl-certfile');
    const rootsPath = supernode.flags.get('--root-certificates');
    const problem = trustProblem(
      typeof certPath === 'string'
        ? fileAt(
            superlink.pod,
            superlink.container,
            certPath,
            superlink.objects,
          )
        : undefined,
      typeof rootsPath === 'string'
        ? fileAt(
            supernode.pod,
            supernode.container,
            rootsPath,
            supernode.objects,
          )
        : undefined,
      hostAndPort(target)!.host,
    );
    if (problem) return problem;
  }
  return authProblem(superlink, supernode, aggregatorResources);
}

/** Flower 1.26, reading the rendered SuperLink, SuperNode and submit Job. */
export const flowerReader: FrameworkReader = {
  training,
  clientJoins(clientResources, aggregatorResources, aggregatorAddress) {
    const problem = joinProblem(
      clientResources,
      aggregatorResources,
      aggregatorAddress,
    );
    return problem ? { problem } : true;
  },
};
