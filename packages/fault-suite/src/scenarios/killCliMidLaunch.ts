import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eventually } from '@ocm-fl/hub-simulator/testing';
import { stringify } from 'yaml';
import { auditJob, duplicatesOf, objectCount } from '../hubAudit';
import { newResult, ScenarioResult } from '../report';
import { EXPECTED_OBJECTS, fiftyClusterJob } from './fiftyClusterJob';

interface Run {
  code: number | null;
  stderr: string;
}

/**
 * `ocm-fl launch` killed with SIGKILL halfway through a 50-cluster launch, as a closed laptop
 * or a cancelled CI job leaves it. Launching the same name again must be refused (the job
 * exists, failed or not), `ocm-fl delete` must take everything, and a launch after it must
 * make exactly one job.
 */
export async function killCliMidLaunch(options: {
  kc: KubeConfig;
  kubeconfig: string;
}): Promise<ScenarioResult> {
  const started = Date.now();
  const job = 'killed-cli';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocm-fl-faults-'));
  const result = newResult('CLI killed mid-launch', {
    launches: 3,
    mustSucceed: false,
  });
  try {
    const file = path.join(dir, 'job.yaml');
    writeFileSync(file, stringify(fiftyClusterJob(job)));
    const cli = (...args: string[]) =>
      startCli([...args, '--kubeconfig', options.kubeconfig]);

    const first = cli('launch', '-f', file);
    // Starting the command line compiles its sources first: slow on a busy machine.
    await eventually(async () => {
      const audit = await auditJob(options.kc, job);
      return audit.works.length >= 2 || first.exited() ? true : undefined;
    }, 180_000);
    if (first.exited()) {
      result.problems.push('the first launch ended before it could be killed');
    }
    first.child.kill('SIGKILL');
    await first.done;
    const cut = await auditJob(options.kc, job);
    if (cut.works.length >= EXPECTED_OBJECTS.works)
      result.problems.push('the killed launch had made every work already');

    const again = await cli('launch', '-f', file).done;
    if (again.code === 0) {
      result.succeeded++;
      result.problems.push(
        'launching the name of a half-made job was not refused',
      );
    } else if (!/already exists/.test(again.stderr)) {
      result.problems.push(
        `the relaunch failed for another reason: ${again.stderr.trim()}`,
      );
    }

    const deleted = await cli('delete', job).done;
    if (deleted.code !== 0)
      result.problems.push(`ocm-fl delete exited ${deleted.code}`);
    const left = await eventually(async () => {
      const audit = await auditJob(options.kc, job);
      return objectCount(audit) === 0 ? audit : undefined;
    }, 10_000).catch(() => auditJob(options.kc, job));
    result.orphans += objectCount(left);

    const last = await cli('launch', '-f', file).done;
    if (last.code === 0) {
      result.succeeded++;
      const audit = await auditJob(options.kc, job);
      result.duplicates += duplicatesOf(audit, EXPECTED_OBJECTS);
      if (audit.works.length < EXPECTED_OBJECTS.works)
        result.problems.push('the launch after delete is missing works');
    } else {
      result.problems.push(
        `the launch after delete failed: ${last.stderr.trim()}`,
      );
    }
    await cli('delete', job).done;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function startCli(args: string[]) {
  const child = spawn(
    process.execPath,
    [path.join(resolvePackagePath('@ocm-fl/cli'), 'bin/ocm-fl'), ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  let exited = false;
  child.stderr!.on('data', chunk => (stderr += chunk));
  const done = new Promise<Run>(resolve =>
    child.on('exit', code => {
      exited = true;
      resolve({ code, stderr });
    }),
  );
  return { child, done, exited: () => exited };
}
