import { FlagTable, parseArgs, ParsedArgs } from './argparse';
import { CommandCheck, ContainerCommand } from './types';

/*
 * Flower 1.26's `flower-superlink` and `flower-supernode` command lines: the flags their
 * argparse parsers declare at tag v1.26.1 (files under framework/py/flwr/ of adap/flower),
 * and the checks each command makes on them before it serves anything.
 */

const SERVER_APP = 'server/app.py';
const SUPERNODE_CLI = 'supernode/cli/flower_supernode.py';
const HEALTH = 'supercore/grpc_health/health_server.py';
const ISOLATION = ['subprocess', 'process'] as const;

/** `_parse_args_run_superlink` (server/app.py) with `add_args_health`. */
const SUPERLINK_FLAGS: FlagTable = {
  '--insecure': { values: 'none', source: SERVER_APP },
  '--flwr-dir': { values: 'one', source: SERVER_APP },
  '--ssl-certfile': { values: 'one', source: SERVER_APP },
  '--ssl-keyfile': { values: 'one', source: SERVER_APP },
  '--ssl-ca-certfile': { values: 'one', source: SERVER_APP },
  '--isolation': { values: 'one', choices: ISOLATION, source: SERVER_APP },
  '--database': { values: 'one', source: SERVER_APP },
  '--storage-dir': { values: 'one', source: SERVER_APP },
  '--auth-list-public-keys': { values: 'one', source: SERVER_APP },
  '--enable-supernode-auth': { values: 'none', source: SERVER_APP },
  '--serverappio-api-address': { values: 'one', source: SERVER_APP },
  '--fleet-api-type': {
    values: 'one',
    choices: ['grpc-rere', 'grpc-adapter', 'rest'],
    source: SERVER_APP,
  },
  '--fleet-api-address': { values: 'one', source: SERVER_APP },
  '--fleet-api-num-workers': { values: 'one', type: 'int', source: SERVER_APP },
  '--control-api-address': { values: 'one', source: SERVER_APP },
  '--exec-api-address': { values: 'one', source: SERVER_APP },
  '--executor': { values: 'one', source: SERVER_APP },
  '--executor-dir': { values: 'one', source: SERVER_APP },
  '--executor-config': { values: 'one', source: SERVER_APP },
  '--simulation': { values: 'none', source: SERVER_APP },
  '--simulationio-api-address': { values: 'one', source: SERVER_APP },
  '--health-server-address': { values: 'one', source: HEALTH },
};

/** `_parse_args_run_supernode` and `_parse_args_common` (supernode/cli/flower_supernode.py). */
const SUPERNODE_FLAGS: FlagTable = {
  '--insecure': { values: 'none', source: SUPERNODE_CLI },
  '--grpc-rere': {
    values: 'none',
    exclusiveGroup: 'transport',
    source: SUPERNODE_CLI,
  },
  '--grpc-adapter': {
    values: 'none',
    exclusiveGroup: 'transport',
    source: SUPERNODE_CLI,
  },
  '--rest': {
    values: 'none',
    exclusiveGroup: 'transport',
    source: SUPERNODE_CLI,
  },
  '--root-certificates': { values: 'one', source: SUPERNODE_CLI },
  '--superlink': { values: 'one', source: SUPERNODE_CLI },
  '--max-retries': { values: 'one', type: 'int', source: SUPERNODE_CLI },
  '--max-wait-time': { values: 'one', type: 'float', source: SUPERNODE_CLI },
  '--auth-supernode-private-key': { values: 'one', source: SUPERNODE_CLI },
  '--auth-supernode-public-key': { values: 'one', source: SUPERNODE_CLI },
  '--node-config': { values: 'one', source: SUPERNODE_CLI },
  '--flwr-dir': { values: 'one', source: SUPERNODE_CLI },
  '--isolation': { values: 'one', choices: ISOLATION, source: SUPERNODE_CLI },
  '--clientappio-api-address': { values: 'one', source: SUPERNODE_CLI },
  '--trusted-entities': { values: 'one', source: SUPERNODE_CLI },
  '--health-server-address': { values: 'one', source: HEALTH },
};

type Values = Map<string, string | true>;

/** What `run_superlink` (server/app.py) and common/args.py exit on before serving. */
function superlinkProblems(values: Values): string[] {
  const problems: string[] = [];
  for (const flag of ['--executor', '--executor-dir', '--executor-config']) {
    if (values.has(flag))
      problems.push(`${flag} is deprecated and makes the SuperLink exit`);
  }
  if (values.has('--control-api-address') && values.has('--exec-api-address'))
    problems.push('both --control-api-address and --exec-api-address are set');
  if (values.has('--auth-list-public-keys'))
    problems.push('--auth-list-public-keys is no longer supported');
  const insecure = values.has('--insecure');
  const certificates = ['--ssl-certfile', '--ssl-keyfile', '--ssl-ca-certfile'];
  const given = certificates.filter(flag => values.has(flag));
  // try_obtain_server_certificates (common/args.py): all three files, or --insecure.
  if (!insecure && given.length < certificates.length)
    problems.push(
      `TLS needs ${certificates.join(', ')} (missing ${certificates
        .filter(flag => !given.includes(flag))
        .join(', ')}) unless --insecure is set`,
    );
  if (values.has('--enable-supernode-auth')) {
    if (insecure)
      problems.push('--enable-supernode-auth requires TLS, not --insecure');
    const transport = values.get('--fleet-api-type') ?? 'grpc-rere';
    if (transport !== 'grpc-rere')
      problems.push(
        `--enable-supernode-auth works only with --fleet-api-type=grpc-rere, not ${transport}`,
      );
  }
  return problems;
}

/** What `flower_supernode` exits on: common/args.py and supernode/start_client_internal.py. */
function supernodeProblems(values: Values): string[] {
  const problems: string[] = [];
  if (values.has('--insecure') && values.has('--root-certificates'))
    problems.push('--insecure conflicts with --root-certificates');
  if (values.has('--insecure') && values.has('--auth-supernode-private-key'))
    problems.push(
      'SuperNode authentication (--auth-supernode-private-key) requires TLS, not --insecure',
    );
  return problems;
}

const PROGRAMS = {
  'flower-superlink': { flags: SUPERLINK_FLAGS, problems: superlinkProblems },
  'flower-supernode': { flags: SUPERNODE_FLAGS, problems: supernodeProblems },
};
export type FlowerProgram = keyof typeof PROGRAMS;

/** `flwr/superlink:1.26.1-...` and the like, without registry, tag or digest. */
function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repository = colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
  return repository.split('/').slice(-2).join('/');
}

/**
 * The Flower program a container runs and its arguments: its `command` when that names one,
 * else the entrypoint of Flower's image (framework/docker/superlink/Dockerfile and
 * supernode/Dockerfile: `ENTRYPOINT ["flower-superlink"]`, `["flower-supernode"]`).
 */
export function flowerCommandOf(
  container: ContainerCommand,
): { program: FlowerProgram; args: string[] } | undefined {
  const args = container.args ?? [];
  if (container.command?.length) {
    const program = container.command[0].split('/').pop()!;
    return program in PROGRAMS
      ? {
          program: program as FlowerProgram,
          args: [...container.command.slice(1), ...args],
        }
      : undefined;
  }
  const repository = container.image ? repositoryOf(container.image) : '';
  if (repository === 'flwr/superlink')
    return { program: 'flower-superlink', args };
  if (repository === 'flwr/supernode')
    return { program: 'flower-supernode', args };
  return undefined;
}

/** The flags a Flower program was given, as its parser reads them. */
export function parseFlowerArgs(
  program: FlowerProgram,
  args: string[],
): ParsedArgs {
  return parseArgs(PROGRAMS[program].flags, args);
}

/** Flower 1.26's `flower-superlink` and `flower-supernode` command lines. */
export const flowerCommandProblems: CommandCheck = container => {
  const command = flowerCommandOf(container);
  if (!command) return [];
  const parsed = parseFlowerArgs(command.program, command.args);
  const problems = parsed.ok
    ? PROGRAMS[command.program].problems(parsed.values)
    : [parsed.problem];
  return problems.map(
    problem => `${command.program} (Flower 1.26.1) exits: ${problem}`,
  );
};
