import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { ConfigReader } from '@backstage/config';
import type { ConfigSchema } from '@backstage/config-loader';
import {
  describeJobSpecIssues,
  FRAMEWORKS,
  OPENFL_WORKSPACE,
  parseJobSpec,
  placementSelectionSchema,
  renderJob,
  resolveStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  mintPkiForJob,
  parseModelStorageLocations,
  readOcmFlConfig,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { readOcmFlPermissionConfig } from '@ocm-fl/backstage-plugin-permission-backend-module-ocm-fl';
import { CodeBlock, REPO_ROOT } from '../markdown';
import { declaredNames } from '../rhdh/dynamicPlugins';
import { dynamicPluginsConfigProblems } from '../rhdh/dynamicPluginsConfig';
import { validateManifest } from './manifests';
import { PageSession, shellCommands } from './session';

/** What a check may need beyond the block: the page's session and shared, loaded state. */
export interface CheckContext {
  session: PageSession;
  /** The backend's whole configuration schema (every plugin's config.d.ts). */
  configSchema: () => Promise<ConfigSchema>;
  /** Ids of the scaffolder actions the module registers. */
  actionIds: string[];
}

type Check = (block: CodeBlock, context: CheckContext) => Promise<void>;

const yamlDocuments = (block: CodeBlock) =>
  parseAllDocuments(block.content).map(doc => {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    return doc.toJS();
  });

/** The model storage locations of the repository's app-config.yaml, which pages' specs name. */
function devStorageLocations() {
  const config = parseYaml(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  return parseModelStorageLocations(config.ocmFl?.storage?.locations);
}

/**
 * A job spec: valid, and rendered into the Placement and works that a launch would apply,
 * each validated against the CRDs and Kubernetes schemas. With `invalid field=<path>` the
 * spec must be refused with an issue naming that field.
 */
async function checkJobSpec(block: CodeBlock) {
  const parsed = parseJobSpec(parseYaml(block.content));
  if ('invalid' in block.options) {
    if (parsed.success) throw new Error('the spec is valid, the page says not');
    const field = block.options.field;
    if (!parsed.issues.some(issue => issue.field === field))
      throw new Error(
        `no issue names ${field}: ${describeJobSpecIssues(parsed.issues)}`,
      );
    return;
  }
  if (!parsed.success)
    throw new Error(
      `invalid job spec: ${describeJobSpecIssues(parsed.issues)}`,
    );
  const spec = parsed.spec;
  let storageLocation;
  if (spec.storage.type === 's3') {
    const resolved = resolveStorageLocation(
      spec.storage.location,
      devStorageLocations(),
      undefined,
    );
    if ('problem' in resolved)
      throw new Error(`${resolved.problem} (in app-config.yaml)`);
    storageLocation = resolved.location;
  }
  const clusters =
    'clusters' in spec.clients
      ? spec.clients.clusters
      : ['placed-cluster-1', 'placed-cluster-2', 'placed-cluster-3'];
  const participants = clusters.map(cluster => ({
    cluster,
    data:
      spec.data.type === 'pvc'
        ? { claimName: spec.data.claimName }
        : {
            hostPath: spec.data.type === 'hostPath' ? spec.data.path : '/data',
          },
  }));
  const host = 'aggregator.example.org';
  const rendered = renderJob({
    spec,
    namespace: 'federated-learning',
    participants,
    aggregatorAddress: { host, port: 9092 },
    storageLocation,
    pki: await mintPkiForJob(
      spec,
      host,
      participants.map(p => p.cluster),
    ),
    s3CredentialsData: {
      AWS_ACCESS_KEY_ID: 'a2V5',
      AWS_SECRET_ACCESS_KEY: 'c2VjcmV0',
    },
  });
  [
    ...(rendered.placement ? [rendered.placement] : []),
    rendered.aggregatorWork,
    ...rendered.clientWorks,
  ].forEach(validateManifest);
}

async function checkManifests(block: CodeBlock) {
  const documents = yamlDocuments(block);
  if (documents.length === 0) throw new Error('no manifest in the block');
  documents.forEach(validateManifest);
}

/** Sample values for the `${VAR}` references of configuration snippets. */
const CONFIG_SAMPLES: Record<string, string> = {
  OCM_HUB_URL: 'https://hub.example.org:6443',
  OCM_HUB_TOKEN: 'sample-token',
  OCM_HUB_CA_DATA: Buffer.from('-----BEGIN CERTIFICATE-----').toString(
    'base64',
  ),
  OCM_FL_S3_BUCKET: 'acme-fl-models',
  OCM_FL_S3_REGION: 'eu-west-1',
  OCM_FL_UPLOADER_ROLE_ARN: 'arn:aws:iam::123456789012:role/acme-fl-uploader',
  POSTGRES_HOST: 'postgres.example.org',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'sample-password',
};

/**
 * An app-config snippet: `${VAR}` references filled with samples, layered over
 * app-config.yaml, then checked by the backend's configuration schema (all plugins'
 * config.d.ts) and by the readers of the plugin and of the permission policy, which the
 * backend runs at start.
 */
async function checkAppConfig(block: CodeBlock, context: CheckContext) {
  const text = block.content.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    if (!(name in CONFIG_SAMPLES))
      throw new Error(`\${${name}} has no sample value in blockChecks.ts`);
    return CONFIG_SAMPLES[name];
  });
  // A snippet is layered over the repository's app-config.yaml, as deployments layer
  // app-config.production.yaml over it.
  const configs = [
    {
      context: 'app-config.yaml',
      data: parseYaml(
        fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
      ),
    },
    { context: block.file, data: parseYaml(text) },
  ];
  const schema = await context.configSchema();
  schema.process(configs, { visibility: ['frontend', 'backend', 'secret'] });
  const config = ConfigReader.fromConfigs(configs);
  readOcmFlConfig(config);
  readOcmFlPermissionConfig(config);
}

/** Scaffolder steps: each action is registered and its ocm-fl input is valid. */
async function checkTemplateSteps(block: CodeBlock, context: CheckContext) {
  const { steps } = parseYaml(block.content);
  if (!Array.isArray(steps) || steps.length === 0)
    throw new Error('no steps in the block');
  for (const step of steps) {
    if (!context.actionIds.includes(step.action))
      throw new Error(
        `step ${step.id}: action ${step.action} is not registered`,
      );
    if (step.action === 'ocm-fl:job:launch') {
      const parsed = parseJobSpec(step.input.spec);
      if (!parsed.success)
        throw new Error(
          `step ${step.id}: ${describeJobSpecIssues(parsed.issues)}`,
        );
    }
    if (step.action === 'ocm-fl:placement:preview') {
      placementSelectionSchema.parse(step.input.placement);
    }
  }
}

/**
 * `ocm-fl` commands, run in the page's session against a test hub. Each must exit 0, or
 * with the code the block names (`exit=2`). `ocm-fl simulate` starts a server and is
 * checked by `server` blocks instead.
 */
async function checkOcmFl(block: CodeBlock, context: CheckContext) {
  const { session } = context;
  await session.startHub();
  const expected = Number(block.options.exit ?? 0);
  for (const command of shellCommands(block, session.vars)) {
    if (command.words[0] === 'export') {
      session.export(command);
      continue;
    }
    // `yarn ocm-fl ...`, or `scripts/ocm-fl ...` (the project's Node, no Yarn needed).
    const [first, ...rest] = command.words;
    const args = ['yarn', 'scripts/ocm-fl'].includes(first)
      ? ['ocm-fl', ...(first === 'yarn' ? rest.slice(1) : rest)]
      : command.words;
    if (args[0] !== 'ocm-fl' || args[1] === 'simulate')
      throw new Error(
        `${block.file}:${command.line}: an ocm-fl block holds only ocm-fl commands (not ${args[0]} ${args[1]})`,
      );
    const result = await session.runOcmFl(args.slice(1));
    if (result.code !== expected)
      throw new Error(
        `${block.file}:${command.line}: ${args.join(' ')} exited ${
          result.code
        }, not ${expected}: ${result.stderr}`,
      );
  }
}

/** Whether a help text lists a flag (`--flag` or `-f`, as given with or without `=value`). */
export function flagListed(help: string, given: string): boolean {
  const flag = given.split('=')[0].replace(/-/g, '\\-');
  return new RegExp(`(^|[\\s,])${flag}([=\\s,]|$)`, 'm').test(help);
}

const helpCache = new Map<string, string>();

/** The output of a help command of a tool, which lists flags. */
function helpText(tool: string, words: string[]): string {
  const key = [tool, ...words].join(' ');
  if (!helpCache.has(key)) {
    helpCache.set(
      key,
      execFileSync(tool, words, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KUBECONFIG: '/nonexistent' },
      }),
    );
  }
  return helpCache.get(key)!;
}

/** Whether a tool is on PATH: checks that need it say so when it is not. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Flags of kubectl and docker that the docs use with a separate value. */
const VALUE_FLAGS = [
  '-f',
  '--filename',
  '--file',
  '-n',
  '--namespace',
  '-t',
  '--tag',
  '-l',
  '--selector',
  '-o',
  '--output',
  '--platform',
  '--from-literal',
  '--duration',
  '--type',
  '--kubeconfig',
  '--as',
  '--context',
];
const takesValue = (flag: string) => VALUE_FLAGS.includes(flag);

/**
 * Commands for tools that need a real hub or a container engine (kubectl, docker): each
 * subcommand must exist and each flag must appear in that subcommand's own help (or, for
 * kubectl, in `kubectl options`); a `-f` file must be one the page saved before.
 */
async function checkToolFlags(block: CodeBlock, context: CheckContext) {
  const tool = block.check!;
  for (const command of shellCommands(block, {
    ...context.session.vars,
    OCM_HUB_TOKEN: 'token',
  })) {
    if (command.words[0] !== tool)
      throw new Error(
        `${block.file}:${command.line}: a ${tool} block holds only ${tool} commands`,
      );
    const words = command.words.slice(1);
    const positional = words.filter(
      (w, i) =>
        !w.startsWith('-') &&
        !(
          words[i - 1]?.startsWith('-') &&
          !words[i - 1].includes('=') &&
          takesValue(words[i - 1])
        ),
    );
    const subcommand = positional.slice(0, tool === 'kubectl' ? 3 : 2);
    const help = `${helpText(tool, [...subcommand, '--help'])}\n${
      tool === 'kubectl' ? helpText(tool, ['options']) : ''
    }`;
    for (const word of words.filter(w => w.startsWith('-'))) {
      if (!flagListed(help, word))
        throw new Error(
          `${block.file}:${command.line}: ${tool} ${subcommand.join(
            ' ',
          )} has no flag ${word.split('=')[0]}`,
        );
    }
    const fileIndex = words.findIndex(
      w => w === '-f' || w === '--filename' || w === '--file',
    );
    if (fileIndex >= 0) {
      const file = words[fileIndex + 1];
      if (!context.session.saved.has(file) && file !== '.')
        throw new Error(
          `${block.file}:${command.line}: ${file} is not a file the page shows (save-as=${file})`,
        );
    }
  }
}

/**
 * Repository commands (scripts, yarn scripts, tests): each script file exists and is
 * executable, each `yarn <script>` is a script of the root or the named workspace, and each
 * path given to `repo test` exists.
 */
async function checkRepoCommands(block: CodeBlock) {
  const root = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
  );
  const workspaces = new Map<string, any>();
  for (const folder of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(REPO_ROOT, folder))) {
      const file = path.join(REPO_ROOT, folder, name, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
        workspaces.set(pkg.name, { ...pkg, dir: path.join(folder, name) });
      }
    }
  }
  for (const command of shellCommands(block, { HOME: '/root' })) {
    const [first, ...rest] = command.words;
    const where = `${block.file}:${command.line}`;
    if (first.startsWith('scripts/') || first === 'bash') {
      const script = first === 'bash' ? rest[0] : first;
      const stat = fs.statSync(path.join(REPO_ROOT, script), {
        throwIfNoEntry: false,
      });
      if (!stat) throw new Error(`${where}: ${script} does not exist`);
      if (first !== 'bash' && !(stat.mode & 0o111))
        throw new Error(`${where}: ${script} is not executable`);
      continue;
    }
    if (first !== 'yarn') throw new Error(`${where}: not a repository command`);
    let [script, ...args] = rest;
    let scripts = root.scripts;
    let scriptDir = REPO_ROOT;
    if (script === 'workspace') {
      const pkg = workspaces.get(args[0]);
      if (!pkg) throw new Error(`${where}: no workspace ${args[0]}`);
      scripts = pkg.scripts;
      scriptDir = path.join(REPO_ROOT, pkg.dir);
      [script, ...args] = args.slice(1);
    }
    if (script === 'install' || script === 'prettier' || script === 'tsc')
      continue;
    if (script === 'backstage-cli') {
      for (const target of args.filter(
        a => !a.startsWith('-') && /[/.]/.test(a),
      ))
        if (!fs.existsSync(path.join(REPO_ROOT, target)))
          throw new Error(`${where}: ${target} does not exist`);
      continue;
    }
    if (!scripts?.[script])
      throw new Error(`${where}: there is no yarn script ${script}`);
    // A script that runs a bin of ours: its (sub)command's help must list each flag used.
    const bin = /^node (\S+)$/.exec(scripts[script])?.[1];
    const flags = args.filter(a => a.startsWith('-'));
    if (bin && flags.length > 0) {
      const firstFlag = args.findIndex(a => a.startsWith('-'));
      const subcommand = firstFlag < 0 ? args : args.slice(0, firstFlag);
      const help = execFileSync('node', [bin, ...subcommand, '--help'], {
        cwd: scriptDir,
        encoding: 'utf8',
      });
      for (const flag of flags) {
        if (!flagListed(help, flag))
          throw new Error(
            `${where}: ${script} ${subcommand.join(' ')} has no flag ${flag}`,
          );
      }
    }
  }
}

const DOCKERFILE_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/**
 * A Dockerfile: every instruction is one Docker knows; a Flower app image starts FROM the
 * pinned superexec image; an OpenFL workspace image installs the pinned OpenFL version and
 * works in the folder the renderer mounts plans and certificates into.
 */
async function checkDockerfile(block: CodeBlock) {
  const instructions = block.content
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter(l => l.trim() && !l.trim().startsWith('#'))
    .map(l => {
      const [keyword, ...rest] = l.trim().split(/\s+/);
      if (!DOCKERFILE_INSTRUCTIONS.has(keyword))
        throw new Error(`unknown Dockerfile instruction ${keyword}`);
      return { keyword, args: rest.join(' ') };
    });
  const from = instructions.find(i => i.keyword === 'FROM')?.args;
  const framework = block.options.framework;
  if (framework === 'flower') {
    const { superexecBase } =
      FRAMEWORKS.flower.versions[FRAMEWORKS.flower.defaultVersion];
    if (from !== superexecBase)
      throw new Error(
        `FROM ${from}: a Flower app starts FROM ${superexecBase}`,
      );
  } else if (framework === 'openfl') {
    const pin = `openfl==${FRAMEWORKS.openfl.defaultVersion}`;
    if (!block.content.includes(pin))
      throw new Error(`an OpenFL workspace image installs ${pin}`);
    const workdir = instructions.filter(i => i.keyword === 'WORKDIR').pop();
    if (workdir?.args !== OPENFL_WORKSPACE)
      throw new Error(`an OpenFL workspace image works in ${OPENFL_WORKSPACE}`);
  } else {
    throw new Error(
      'a dockerfile block names framework=flower or framework=openfl',
    );
  }
}

/**
 * Backend wiring: each `backend.add(import('<package>'))` names a package whose default
 * export is a backend feature, as the new backend system requires.
 */
async function checkBackendWiring(block: CodeBlock) {
  const imports = [...block.content.matchAll(/import\('([^']+)'\)/g)].map(
    m => m[1],
  );
  if (imports.length === 0) throw new Error('no backend.add(import(...))');
  for (const name of imports) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const feature = require(name).default;
    if (feature?.$$type !== '@backstage/BackendFeature')
      throw new Error(`${name} does not export a backend feature by default`);
  }
}

/** A Mermaid diagram starts with a diagram type that GitHub renders. */
async function checkMermaid(block: CodeBlock) {
  const first = block.content.trim().split('\n')[0].trim();
  if (
    !/^(sequenceDiagram|flowchart (TD|TB|LR|RL|BT)|graph (TD|TB|LR|RL|BT)|stateDiagram-v2|classDiagram|erDiagram)$/.test(
      first,
    )
  )
    throw new Error(`not a Mermaid diagram type: ${first}`);
}

/** The S3 calls of the backend's model store, and the IAM action each needs. */
const IAM_ACTION_OF_S3_COMMAND: Record<string, string> = {
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject',
};

/** The IAM actions the code needs, read from the code, per identity. */
export function neededS3Actions(identity: string): string[] {
  if (identity === 'backend') {
    const source = fs.readFileSync(
      path.join(REPO_ROOT, 'plugins/ocm-fl-node/src/models/S3ModelStore.ts'),
      'utf8',
    );
    const commands = [...source.matchAll(/new (\w+)Command\(/g)].map(m => m[1]);
    return [
      ...new Set(
        commands.map(c => {
          if (!IAM_ACTION_OF_S3_COMMAND[c])
            throw new Error(
              `S3 command ${c} has no IAM action in blockChecks.ts`,
            );
          return IAM_ACTION_OF_S3_COMMAND[c];
        }),
      ),
    ].sort();
  }
  if (identity === 'uploader') {
    // The uploader sidecar runs `aws s3 sync`, which lists the target and puts objects.
    const parsed = parseJobSpec({
      name: 'probe',
      framework: 'flower',
      image: 'example.org/app:1',
      rounds: 1,
      clients: { clusters: ['a', 'b'] },
      data: { type: 'hostPath', path: '/data' },
      aggregator: { cluster: 'agg' },
      storage: { type: 's3', location: 'models' },
      tls: { enabled: false },
    });
    if (!parsed.success) throw new Error('probe spec is invalid');
    const work = JSON.stringify(
      renderJob({
        spec: parsed.spec,
        namespace: 'federated-learning',
        participants: [],
        aggregatorAddress: { host: 'agg.example.org', port: 9092 },
        storageLocation: devStorageLocations()[0],
      }).aggregatorWork,
    );
    if (!work.includes('aws s3 sync'))
      throw new Error(
        'the uploader no longer runs aws s3 sync: update the policy check',
      );
    return ['s3:ListBucket', 's3:PutObject'];
  }
  throw new Error(`an iam-policy block names for=backend or for=uploader`);
}

/**
 * An IAM policy: exactly the S3 actions the identity's code needs (no more, no fewer),
 * bucket-level actions on the bucket ARN and object actions on keys under it.
 */
async function checkIamPolicy(block: CodeBlock) {
  const policy = JSON.parse(block.content);
  if (policy.Version !== '2012-10-17')
    throw new Error('Version must be "2012-10-17"');
  const granted: string[] = [];
  for (const statement of policy.Statement ?? []) {
    if (statement.Effect !== 'Allow') throw new Error('only Allow statements');
    const actions = [statement.Action].flat();
    const resources = [statement.Resource].flat();
    for (const action of actions) {
      const bucketLevel = action === 's3:ListBucket';
      const fits = resources.every((r: string) =>
        bucketLevel
          ? /^arn:aws:s3:::[a-z0-9.-]+$/.test(r)
          : /^arn:aws:s3:::[a-z0-9.-]+\/.*\*$/.test(r),
      );
      if (!fits)
        throw new Error(
          `${action} on ${resources.join(', ')}: wrong resource level`,
        );
      granted.push(action);
    }
  }
  const needed = neededS3Actions(block.options.for);
  const sorted = [...new Set(granted)].sort();
  if (JSON.stringify(sorted) !== JSON.stringify(needed))
    throw new Error(
      `grants ${sorted.join(', ')}; the code needs ${needed.join(', ')}`,
    );
}

/**
 * A `dynamic-plugins` configuration of Red Hat Developer Hub: each exported package listed
 * once, the frontend's container and modules as its scalprum config declares them, icons,
 * route bindings and entity tabs consistent. The export test (rhdh/dynamicPlugins.test.ts)
 * checks every import name against the exported code too.
 */
async function checkRhdhDynamicPlugins(block: CodeBlock) {
  const problems = dynamicPluginsConfigProblems(
    parseYaml(block.content),
    declaredNames(),
  );
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** The checks by the block's info string, `<language> <check>`. */
export const BLOCK_CHECKS: Record<string, Check> = {
  'yaml jobspec': checkJobSpec,
  'yaml manifests': checkManifests,
  'yaml app-config': checkAppConfig,
  'yaml template-steps': checkTemplateSteps,
  'yaml rhdh-dynamic-plugins': checkRhdhDynamicPlugins,
  'sh ocm-fl': checkOcmFl,
  'sh kubectl': checkToolFlags,
  'sh docker': checkToolFlags,
  'sh repo': checkRepoCommands,
  'dockerfile image': checkDockerfile,
  'ts backend': checkBackendWiring,
  'json iam-policy': checkIamPolicy,
  mermaid: checkMermaid,
};

/** Blocks that are output or prose, not something a reader runs or applies. */
export const UNCHECKED_LANGUAGES = ['text'];

export const checkKey = (block: CodeBlock) =>
  `${block.language} ${block.check ?? ''}`.trim();
