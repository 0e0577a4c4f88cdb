import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { parseJobSpec } from '../job/jobSpec';
import { renderJob } from './renderJob';
import { Manifest, RenderInput } from './types';

/**
 * Runs the rendered plan-merge init container for real, with python3 and PyYAML as the
 * workspace image has them, on a file tree laid out as the container would see it: the
 * image's files under a temporary root, and each volume mounted where the container mounts it.
 */
const hasPythonYaml =
  spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
// scripts/test.sh installs them, so CI never skips; a developer machine may lack them.
const describeWithPython =
  hasPythonYaml || process.env.CI ? describe : describe.skip;

/** A workspace's own plan, as `fx plan initialize` leaves it in the image. */
const IMAGE_PLAN = {
  aggregator: {
    defaults: 'plan/defaults/aggregator.yaml',
    template: 'openfl.component.Aggregator',
    settings: {
      init_state_path: 'save/init.pbuf',
      best_state_path: 'save/best.pbuf',
      last_state_path: 'save/last.pbuf',
      rounds_to_train: 10,
    },
  },
  collaborator: {
    defaults: 'plan/defaults/collaborator.yaml',
    template: 'openfl.component.Collaborator',
    settings: { delta_updates: false, opt_treatment: 'RESET' },
  },
  data_loader: {
    defaults: 'plan/defaults/data_loader.yaml',
    template: 'src.dataloader.MnistShards',
    settings: { batch_size: 64 },
  },
  task_runner: {
    defaults: 'plan/defaults/task_runner.yaml',
    template: 'src.taskrunner.MnistCnn',
  },
  network: { defaults: 'plan/defaults/network.yaml' },
  assigner: { defaults: 'plan/defaults/assigner.yaml' },
  tasks: { defaults: 'plan/defaults/tasks_torch.yaml' },
  compression_pipeline: {
    defaults: 'plan/defaults/compression_pipeline.yaml',
  },
};

function renderOpenfl(
  planOverrides: Record<string, unknown> = {},
): ReturnType<typeof renderJob> {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework: 'openfl',
    image: 'quay.io/example/mnist-workspace:1.0',
    rounds: 3,
    minClients: 2,
    clients: { clusters: ['hospital-paris', 'hospital-madrid'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: { cluster: 'hospital-berlin' },
    storage: { type: 'pvc' },
    tls: { enabled: false },
    planOverrides,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  const input: RenderInput = {
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: [
      { cluster: 'hospital-paris', data: { hostPath: '/data' } },
      { cluster: 'hospital-madrid', data: { hostPath: '/data' } },
    ],
    aggregatorAddress: { host: 'Agg.Example.org', port: 50051 },
  };
  return renderJob(input);
}

const manifestsOf = (work: Manifest) =>
  (work.spec as any).workload.manifests as any[];

/**
 * Runs a work's Job's init container `plan` on `imagePlan` (undefined: the image has none),
 * returns its exit status, its standard error and the plan it wrote.
 */
function runPlanMerge(work: Manifest, imagePlan: string | undefined) {
  const job = manifestsOf(work).find(m => m.kind === 'Job');
  const pod = job.spec.template.spec;
  const container = pod.initContainers.find((c: any) => c.name === 'plan');
  if (!container) throw new Error('no init container "plan"');
  const root = mkdtempSync(join(tmpdir(), 'openfl-plan-'));
  try {
    const at = (path: string) => join(root, path);
    const inImage = `${container.workingDir}/plan/plan.yaml`;
    if (imagePlan !== undefined) {
      mkdirSync(dirname(at(inImage)), { recursive: true });
      writeFileSync(at(inImage), imagePlan);
    }
    for (const mount of container.volumeMounts) {
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      mkdirSync(at(mount.mountPath), { recursive: true });
      if (volume.configMap) {
        const configMap = manifestsOf(work).find(
          m =>
            m.kind === 'ConfigMap' && m.metadata.name === volume.configMap.name,
        );
        for (const [file, text] of Object.entries<string>(configMap.data))
          writeFileSync(join(at(mount.mountPath), file), text);
      } else if (!volume.emptyDir) {
        throw new Error(`unexpected volume ${mount.name}`);
      }
    }
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value: string }) => [
        e.name,
        at(e.value),
      ]),
    );
    expect(container.command[0]).toBe('python3');
    const run = spawnSync(container.command[0], container.command.slice(1), {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    // Where the party's fx reads its plan: the file the init container wrote, if any.
    const main = pod.containers[0];
    const planMount = main.volumeMounts.find(
      (m: any) => m.mountPath === `${main.workingDir}/plan/plan.yaml`,
    );
    const mergedOnVolume = container.volumeMounts.find(
      (m: any) => m.name === planMount.name,
    );
    const merged = join(at(mergedOnVolume.mountPath), planMount.subPath);
    return {
      status: run.status,
      stderr: run.stderr,
      plan: existsSync(merged) ? readFileSync(merged, 'utf8') : undefined,
      /** What the run left in its working directory besides the mounts and the image. */
      leftovers: readdirSync(root).filter(
        entry => !['etc', 'var', 'workspace'].includes(entry),
      ),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describeWithPython(
  'the OpenFL plan merge, run as the init container runs it',
  () => {
    it("writes the image's plan with the launcher's settings, identical for every party", () => {
      const rendered = renderOpenfl({
        aggregator: { settings: { db_store_rounds: 2 } },
      });
      const results = [rendered.aggregatorWork, ...rendered.clientWorks].map(
        w => runPlanMerge(w, toYaml(IMAGE_PLAN)),
      );
      for (const result of results) {
        expect(result).toMatchObject({ status: 0, stderr: '' });
        expect(result.plan).toBe(results[0].plan);
      }
      const plan = parseYaml(results[0].plan!);
      for (const [section, value] of Object.entries(IMAGE_PLAN)) {
        expect(plan[section]).toMatchObject({
          defaults: value.defaults,
          ...('template' in value ? { template: value.template } : {}),
        });
      }
      expect(plan.aggregator.settings).toEqual({
        init_state_path: 'save/init.pbuf',
        best_state_path: '/models/best.pbuf',
        last_state_path: '/models/last.pbuf',
        rounds_to_train: 3,
        db_store_rounds: 2,
        write_logs: true,
      });
      expect(plan.network.settings).toEqual({
        agg_addr: 'agg.example.org',
        agg_port: 50051,
        tls: false,
        disable_client_auth: true,
      });
      expect(plan.data_loader.settings).toEqual({ batch_size: 64 });
    });

    it('keeps hostile override values as the strings they are, running none of them', () => {
      const hostile = [
        'on',
        'yes',
        '$(touch pwned)',
        '`touch pwned`',
        "';touch pwned;'",
      ];
      const rendered = renderOpenfl({
        data_loader: { settings: { notes: hostile } },
      });
      const result = runPlanMerge(rendered.aggregatorWork, toYaml(IMAGE_PLAN));
      expect(result.status).toBe(0);
      expect(parseYaml(result.plan!).data_loader.settings.notes).toEqual(
        hostile,
      );
    });

    it("refuses an image's plan without the initial model, naming the setting", () => {
      const withoutInit = structuredClone(IMAGE_PLAN) as any;
      delete withoutInit.aggregator.settings.init_state_path;
      const result = runPlanMerge(
        renderOpenfl().aggregatorWork,
        toYaml(withoutInit),
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /sets no aggregator\.settings\.init_state_path/,
      );
      expect(result.plan).toBeUndefined();
    });

    it('refuses an override that adds a section OpenFL could not build, and an image without a plan', () => {
      const added = runPlanMerge(
        renderOpenfl({
          straggler_handling_policy: { settings: { minimum_reporting: 1 } },
        }).aggregatorWork,
        toYaml(IMAGE_PLAN),
      );
      expect(added.status).toBe(1);
      expect(added.stderr).toMatch(
        /section straggler_handling_policy has neither template nor defaults/,
      );
      const none = runPlanMerge(renderOpenfl().clientWorks[0], undefined);
      expect(none.status).toBe(1);
      expect(none.stderr).toMatch(
        /the workspace image has no plan at \S+plan\.yaml/,
      );
    });
  },
);
