import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * The simulator in a process of its own, for benchmarks that measure the backend apart from
 * the simulator's own work. It writes its kubeconfig into `dir` and stops when this process
 * exits, whatever happens to the benchmark.
 */
export async function spawnHubSimulator(options: {
  dir: string;
  scenario: string;
  port?: number;
  jobs?: number;
}): Promise<{ child: ChildProcess; kc: KubeConfig }> {
  const kubeconfig = path.join(options.dir, 'hub.kubeconfig');
  const child = spawn(
    process.execPath,
    [
      path.join(resolvePackagePath('@ocm-fl/hub-simulator'), 'bin/ocm-hub-sim'),
      '--port',
      String(options.port ?? 0),
      '--scenario',
      options.scenario,
      ...(options.jobs ? ['--jobs', String(options.jobs)] : []),
      '--kubeconfig',
      kubeconfig,
    ],
    // Node options given to the benchmark (e.g. a heap limit) are not the simulator's.
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  process.on('exit', () => child.kill('SIGTERM'));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => resolve());
    child.on('exit', code => reject(new Error(`simulator exited ${code}`)));
  });
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return { child, kc };
}
