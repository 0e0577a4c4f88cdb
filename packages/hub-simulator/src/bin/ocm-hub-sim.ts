import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { startHubSimulator } from '../startHubSimulator';

const program = new Command('ocm-hub-sim')
  .description(
    'An OCM hub simulator that speaks the Kubernetes API (a simulator, not a real hub)',
  )
  .option('--port <port>', 'port on the host', '6443')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--scenario <scenario>', 'demo, empty or scale:N', 'demo')
  .option(
    '--jobs <count>',
    'seed this many jobs of 20 ManifestWorks each, for benchmarks',
    '0',
  )
  .option(
    '--crds <dir>',
    "validate, default and prune objects against the CRDs in this folder (default: OCM's, shipped with the simulator)",
  )
  .option('--token <token...>', 'bearer token(s) the API accepts', [
    'dev-hub-token',
  ])
  .option(
    '--kubeconfig <file>',
    'write a kubeconfig for the first token (with the CA) to this file',
  )
  .option('--no-tls', 'serve plain HTTP instead of HTTPS')
  .option(
    '--initial-resource-version <rv>',
    "start resourceVersions after this one, earlier ones answered 410 Gone (give a replaced simulator's last one, from /simulator/status)",
    '0',
  )
  .option(
    '--error-rate <rate>',
    'share of API requests answered with 500 or 429 (0 to 1)',
    '0',
  )
  .action(async opts => {
    const port = Number(opts.port);
    const errorRate = Number(opts.errorRate);
    const jobs = Number(opts.jobs);
    const initialResourceVersion = Number(opts.initialResourceVersion);
    if (
      !Number.isSafeInteger(initialResourceVersion) ||
      initialResourceVersion < 0
    )
      fail(
        `--initial-resource-version: must be a whole number, got "${opts.initialResourceVersion}"`,
      );
    if (!Number.isInteger(jobs) || jobs < 0)
      fail(`--jobs: must be a whole number, got "${opts.jobs}"`);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      fail(`--port: must be a port number, got "${opts.port}"`);
    if (!(errorRate >= 0 && errorRate <= 1))
      fail(`--error-rate: must be from 0 to 1, got "${opts.errorRate}"`);
    try {
      const sim = await startHubSimulator({
        port,
        host: opts.host,
        scenario: opts.scenario,
        crdDir: opts.crds,
        tokens: opts.token,
        tls: opts.tls,
        faults: { errorRate },
        jobs: jobs > 0 ? { count: jobs } : undefined,
        initialResourceVersion,
      });
      if (opts.kubeconfig)
        writeFileSync(opts.kubeconfig, sim.kubeconfig(opts.token[0]), {
          mode: 0o600,
        });
      const hint = opts.kubeconfig
        ? `  kubectl --kubeconfig ${opts.kubeconfig} get managedclusters\n`
        : '';
      process.stdout.write(
        `OCM hub SIMULATOR (scenario ${opts.scenario}, ${sim.clusters.size} simulated clusters) on ${sim.url}\n${hint}`,
      );
      const stop = () => sim.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    } catch (error) {
      fail((error as Error).message);
    }
  });

function fail(message: string): never {
  process.stderr.write(`ocm-hub-sim: ${message}\n`);
  process.exit(2);
}

program.parseAsync(process.argv);
