import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../markdown';
import type { ExportedNames } from './dynamicPluginsConfig';

/** The plugin packages exported as Red Hat Developer Hub dynamic plugins. */
export const DYNAMIC_PLUGIN_DIRS = [
  'plugins/ocm-fl',
  'plugins/ocm-fl-backend',
  'plugins/scaffolder-backend-module-ocm-fl',
  'plugins/catalog-backend-module-ocm-fl',
  'plugins/permission-backend-module-ocm-fl',
];

/** The workspace libraries that the backend packages embed (built once, before the exports). */
const EMBEDDED_LIBRARY_DIRS = ['plugins/ocm-fl-common', 'plugins/ocm-fl-node'];

export interface PluginPackage {
  dir: string;
  json: {
    name: string;
    backstage: { role: string; pluginId: string };
    scalprum?: { name: string; exposedModules: Record<string, string> };
    dependencies?: Record<string, string>;
  };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

export const readPluginPackage = (dir: string): PluginPackage => ({
  dir,
  json: readJson(path.join(REPO_ROOT, dir, 'package.json')),
});

export const distDynamic = (dir: string) =>
  path.join(REPO_ROOT, dir, 'dist-dynamic');

/**
 * `<name>-dynamic`, as the export names the derived package; without its scope's `@` and
 * with `-` for `/`, the folder `package-dynamic-plugins` gives it in an image.
 */
export const dynamicPackageName = (name: string) => `${name}-dynamic`;
export const imageFolderName = (name: string) =>
  name.replace(/^@/, '').replace('/', '-');

const execFileAsync = promisify(execFile);

async function yarn(dir: string, args: string[]) {
  try {
    await execFileAsync('yarn', args, {
      cwd: path.join(REPO_ROOT, dir),
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${dir}: yarn ${args.join(' ')} failed\n${stdout ?? ''}\n${stderr ?? ''}`,
    );
  }
}

async function inSequence(dirs: string[], args: string[]) {
  for (const dir of dirs) await yarn(dir, args);
}

/**
 * Runs each package's own `export-dynamic` script. The backend packages are built once
 * before (the embedded libraries first), and exported without building again; their
 * builds need `yarn tsc`'s declarations in dist-types, as `scripts/test.sh` makes them
 * first. Webpack bundles the frontend meanwhile.
 */
export async function exportDynamicPlugins() {
  const isFrontend = (dir: string) =>
    readPluginPackage(dir).json.backstage.role === 'frontend-plugin';
  const backendDirs = DYNAMIC_PLUGIN_DIRS.filter(dir => !isFrontend(dir));
  await Promise.all([
    inSequence(DYNAMIC_PLUGIN_DIRS.filter(isFrontend), [
      'export-dynamic',
      '--clean',
    ]),
    inSequence([...EMBEDDED_LIBRARY_DIRS, ...backendDirs], ['build']).then(() =>
      inSequence(backendDirs, ['export-dynamic', '--clean', '--no-build']),
    ),
  ]);
}

/** Every folder named `name` under `root`, relative to it. */
function foldersNamed(root: string, name: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(
      entry =>
        path.basename(entry) === name &&
        fs.statSync(path.join(root, entry)).isDirectory(),
    );
}

const isBackstagePackage = (name: string) => name.startsWith('@backstage/');

/**
 * What is wrong with a backend package's export, in words (none: it is fit for RHDH): the
 * `@backstage/*` packages RHDH supplies are peer dependencies and nowhere in the export, the
 * workspace libraries are embedded, everything else it needs is bundled.
 */
export function backendExportProblems(plugin: PluginPackage): string[] {
  const problems: string[] = [];
  const root = distDynamic(plugin.dir);
  const exported = readJson(path.join(root, 'package.json'));
  if (exported.name !== dynamicPackageName(plugin.json.name))
    problems.push(`named ${exported.name}`);
  if (exported.bundleDependencies !== true)
    problems.push('bundleDependencies is not true');
  const dependencies = Object.keys(exported.dependencies ?? {});
  const workspaceLibraries = Object.keys(plugin.json.dependencies ?? {}).filter(
    name => plugin.json.dependencies![name].startsWith('workspace:'),
  );
  for (const name of dependencies.filter(isBackstagePackage))
    problems.push(`${name} is a dependency, not a peer dependency`);
  for (const name of Object.keys(plugin.json.dependencies ?? {}).filter(
    isBackstagePackage,
  ))
    if (!exported.peerDependencies?.[name])
      problems.push(`${name} is not a peer dependency`);
  for (const name of workspaceLibraries) {
    const embedded = `file:./embedded/${imageFolderName(name)}`;
    if (exported.resolutions?.[name] !== embedded)
      problems.push(`${name} is not embedded (resolution ${embedded})`);
    if (!fs.existsSync(path.join(root, 'node_modules', name, 'dist')))
      problems.push(`${name} is not installed from its embedded copy`);
  }
  for (const [name, version] of Object.entries<string>({
    ...exported.dependencies,
    ...exported.peerDependencies,
  }))
    if (version.startsWith('workspace:'))
      problems.push(`${name}: ${version} only resolves in this repository`);
  for (const folder of foldersNamed(root, '@backstage'))
    problems.push(`bundles @backstage packages in ${folder}`);
  return problems;
}

/** What RHDH's backend loader finds in a backend export's entry point. */
export interface LoadedBackendEntry {
  /** The `$$type` of its default export. */
  defaultExportType?: string;
  registrations: { type: string; pluginId: string; moduleId?: string }[];
  /**
   * Packages the export loaded from outside itself, which RHDH would have to supply (but
   * optional peer dependencies, which it may or may not).
   */
  fromHost: string[];
}

// Runs in a separate Node.js process (jest has its own module system). It resolves modules
// as RHDH's CommonJSModuleLoader does (@backstage/backend-dynamic-feature-service,
// loader/CommonJSModuleLoader: `_nodeModulePaths`): a file of the dynamic plugin finds
// packages only in the plugin's own node_modules and in the backend's root node_modules,
// which this repository's root node_modules stands in for.
const LOAD_ENTRY = `
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const [pluginRoot, hostModules] = process.argv.slice(1);
const inPlugin = file => file.startsWith(pluginRoot + '/');
const nodeModulePaths = Module._nodeModulePaths;
Module._nodeModulePaths = from =>
  inPlugin(from + '/') ? [...nodeModulePaths(from).filter(inPlugin), hostModules] : nodeModulePaths(from);
// An optional peer dependency (node-fetch's encoding, debug's supports-color) is required in
// a try: the host may have it or not.
const isOptionalPeer = (file, name) => {
  for (let dir = path.dirname(file); inPlugin(dir + '/'); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (pkg.name) return Boolean(pkg.peerDependenciesMeta?.[name]?.optional);
  }
  return false;
};
const fromHost = new Set();
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const resolved = resolveFilename.call(this, request, parent, ...rest);
  if (parent && parent.filename && inPlugin(parent.filename) && !inPlugin(resolved) && !Module.isBuiltin(request)) {
    const parts = request.split('/');
    const name = request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    if (!isOptionalPeer(parent.filename, name)) fromHost.add(name);
  }
  return resolved;
};
const feature = require(pluginRoot).default;
const registrations = feature && feature.featureType === 'registrations' ? feature.getRegistrations() : [];
process.stdout.write(JSON.stringify({
  defaultExportType: feature && feature.$$type,
  registrations: registrations.map(r => ({ type: r.type, pluginId: r.pluginId, moduleId: r.moduleId })),
  fromHost: [...fromHost].sort(),
}));
`;

/**
 * Loads the entry point of a backend export (the folder of its package.json) with
 * `require`, the way RHDH's backend does.
 */
export function loadBackendEntry(exportRoot: string): LoadedBackendEntry {
  return JSON.parse(
    execFileSync(
      process.execPath,
      ['-e', LOAD_ENTRY, exportRoot, path.join(REPO_ROOT, 'node_modules')],
      { encoding: 'utf8', cwd: exportRoot },
    ),
  );
}

/** What the scalprum container of a frontend export exposes. */
export interface FrontendExport {
  /** The container's name (plugin-manifest.json), which `dynamicPlugins.frontend` keys by. */
  scope: string;
  /** Each exposed module with the names it exports. */
  modules: Record<string, string[]>;
  /** The external routes of the legacy plugins the container defines. */
  externalRoutes: string[];
  /** The packages the container takes from the app shell's share scope. */
  shared: string[];
}

/**
 * Reads a frontend export's dist-scalprum: the manifest, the container's entry script (its
 * module map and share scope) and, for each exposed module, the export names webpack
 * defines for it (`<id>(e,t,r){r.r(t),r.d(t,{Name:()=>...})`).
 */
export function readFrontendExport(plugin: PluginPackage): FrontendExport {
  const dist = path.join(distDynamic(plugin.dir), 'dist-scalprum');
  const manifest = readJson(path.join(dist, 'plugin-manifest.json'));
  const entry = manifest.loadScripts
    .map((script: string) => fs.readFileSync(path.join(dist, script), 'utf8'))
    .join('\n');
  const chunks = fs
    .readdirSync(path.join(dist, 'static'))
    .filter(file => file.endsWith('.js'))
    .map(file => fs.readFileSync(path.join(dist, 'static', file), 'utf8'));
  const modules: Record<string, string[]> = {};
  for (const [, name, id] of entry.matchAll(
    /(\w+):\(\)=>(?:Promise\.all\(\[[^\]]*\]\)|\w+\.e\(\d+\))\.then\(\(\)=>\(\)=>\w+\((\d+)\)\)/g,
  )) {
    const definition = new RegExp(
      `[,{]${id}(?:\\(\\w+,\\w+,\\w+\\)\\{|:\\(\\w+,\\w+,\\w+\\)=>\\{)\\w+\\.r\\(\\w+\\),\\w+\\.d\\(\\w+,\\{([^}]*)\\}`,
    );
    const exports = chunks.map(chunk => definition.exec(chunk)).find(Boolean);
    modules[name] = exports
      ? [...exports[1].matchAll(/(\w+):\(\)=>/g)].map(m => m[1]).sort()
      : [];
  }
  const externalRoutes = chunks.flatMap(chunk =>
    [...chunk.matchAll(/externalRoutes:\{([^}]*)\}/g)].flatMap(m =>
      [...m[1].matchAll(/(\w+):/g)].map(k => k[1]),
    ),
  );
  const shared = [
    ...new Set(
      [...entry.matchAll(/\w+\("default","([^"]+)",!?[01]/g)].map(m => m[1]),
    ),
  ].sort();
  return {
    scope: manifest.name,
    modules,
    externalRoutes: [...new Set(externalRoutes)].sort(),
    shared,
  };
}

/**
 * What a `dynamic-plugins` configuration may name, as the packages declare it before an
 * export: the packages, and the frontend's container and modules (scalprum config). The
 * names each module exports are known only from an export.
 */
export function declaredNames(): ExportedNames {
  const plugins = DYNAMIC_PLUGIN_DIRS.map(readPluginPackage);
  const { scalprum } = plugins.find(p => p.json.scalprum)!.json;
  return {
    packageFolders: plugins.map(p => imageFolderName(p.json.name)),
    scope: scalprum!.name,
    modules: Object.fromEntries(
      Object.keys(scalprum!.exposedModules).map(module => [module, undefined]),
    ),
  };
}
