import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RetryPolicy } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import type { HubSimulator } from '@ocm-fl/hub-simulator';
import { startTestHub, TEST_TOKEN } from '@ocm-fl/hub-simulator/testing';
import { backendScenarios, replicaScenario } from './backend/backendScenarios';
import { failuresOf, formatReport, ScenarioResult } from './report';
import { HUB_SCENARIO } from './scenarios/fiftyClusterJob';
import { hubRestart } from './scenarios/hubRestart';
import { killCliMidLaunch } from './scenarios/killCliMidLaunch';
import { launchUnderFaults } from './scenarios/launchUnderFaults';

const LAUNCHES = Number(process.env.FAULT_SUITE_LAUNCHES ?? 4);
/** `launches` or `backend` runs that part alone; both when unset. */
const PART = process.env.FAULT_SUITE_PART;

/**
 * Error rates a client must ride out with retries; then a hub so unwell, and a launcher so
 * impatient, that launches fail and their rollbacks meet errors too.
 */
const FAULTS: Array<{
  scenario: string;
  faults: Partial<HubSimulator['faults']>;
  mustSucceed: boolean;
  retry?: RetryPolicy;
}> = [
  {
    scenario: 'hub errors 0.5%',
    faults: { errorRate: 0.005 },
    mustSucceed: true,
  },
  { scenario: 'hub errors 1%', faults: { errorRate: 0.01 }, mustSucceed: true },
  { scenario: 'hub errors 5%', faults: { errorRate: 0.05 }, mustSucceed: true },
  {
    scenario: 'lost answers 5%',
    faults: { lostAnswerRate: 0.05 },
    mustSucceed: true,
  },
  {
    scenario: 'hub errors 30%, 1.5 s per call',
    faults: { errorRate: 0.3 },
    mustSucceed: false,
    retry: { deadlineMs: 1_500, baseDelayMs: 50, maxDelayMs: 200 },
  },
];

async function main() {
  if (PART !== undefined && PART !== 'launches' && PART !== 'backend')
    throw new Error(
      `FAULT_SUITE_PART: must be launches or backend, got "${PART}"`,
    );
  if (!Number.isInteger(LAUNCHES) || LAUNCHES < 1)
    throw new Error(
      `FAULT_SUITE_LAUNCHES: must be a whole number from 1, got "${process.env.FAULT_SUITE_LAUNCHES}"`,
    );
  const { sim, kubeConfig: kc } = await startTestHub({
    scenario: HUB_SCENARIO,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-faults-'));
  const kubeconfig = path.join(dir, 'hub.kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfig(TEST_TOKEN), { mode: 0o600 });
  const results: ScenarioResult[] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    for (const fault of PART === 'backend' ? [] : FAULTS) {
      process.stderr.write(
        `${fault.scenario}: ${LAUNCHES} launches of 50 clusters\n`,
      );
      results.push(
        await launchUnderFaults({
          sim,
          kc,
          launches: LAUNCHES,
          log: line => process.stderr.write(`${line}\n`),
          ...fault,
        }),
      );
    }
    if (PART !== 'backend') {
      process.stderr.write('CLI killed mid-launch\n');
      results.push(await killCliMidLaunch({ kc, kubeconfig }));
      // Last: the second restart leaves the hub with its clusters only.
      process.stderr.write('hub restarts\n');
      results.push(await hubRestart({ sim, kc }));
    }
    if (PART !== 'launches') {
      for (const database of ['SQLite', 'PostgreSQL'] as const)
        results.push(...(await backendScenarios({ database, dir, log })));
      results.push(await replicaScenario({ dir, log }));
    }
  } finally {
    await sim.close();
  }
  process.stdout.write(`${formatReport(results)}\n`);
  const failures = failuresOf(results);
  if (failures.length > 0) {
    process.stdout.write(
      `\nFAILED:\n${failures
        .map(f => `- ${f}`)
        .join('\n')}\n(the backends' logs are in ${dir})\n`,
    );
    process.exit(1);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    '\nno orphans, no duplicates, every outcome as expected\n',
  );
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`fault suite: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
