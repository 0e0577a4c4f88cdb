import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DOC_FILES, readPage } from '../markdown';
import {
  backendExportProblems,
  distDynamic,
  declaredNames,
  DYNAMIC_PLUGIN_DIRS,
  exportDynamicPlugins,
  FrontendExport,
  loadBackendEntry,
  readFrontendExport,
  readPluginPackage,
} from './dynamicPlugins';
import { dynamicPluginsConfigProblems } from './dynamicPluginsConfig';

const plugins = DYNAMIC_PLUGIN_DIRS.map(readPluginPackage);
const frontend = plugins.find(
  p => p.json.backstage.role === 'frontend-plugin',
)!;
const backends = plugins.filter(p => p !== frontend);

// What RHDH's app shell supplies to every dynamic frontend plugin and this plugin uses: the
// container must take them from the shell's share scope (sharedModules of the CLI's
// scalprumConfig), so that contexts, routes and theme are the app's own.
const SUPPLIED_BY_RHDH = [
  '@backstage/core-plugin-api',
  '@backstage/frontend-plugin-api',
  '@backstage/version-bridge',
  '@material-ui/core/styles',
  '@material-ui/styles',
  'react',
  'react-dom',
  'react-router-dom',
];

// The export builds every package and the frontend with webpack: minutes, so it runs where
// scripts/test.sh runs the suite (CI=true), like the repository's other slow checks.
const describeExports = process.env.CI ? describe : describe.skip;

describeExports('the Red Hat Developer Hub dynamic plugin exports', () => {
  let frontendExport: FrontendExport;

  beforeAll(async () => {
    await exportDynamicPlugins();
    frontendExport = readFrontendExport(frontend);
  }, 40 * 60_000);

  afterAll(() => {
    for (const plugin of plugins)
      fs.rmSync(distDynamic(plugin.dir), { recursive: true, force: true });
  });

  it.each(backends.map(p => [p.json.name, p] as const))(
    '%s: RHDH supplies @backstage/*, the rest is embedded or bundled',
    (_name, plugin) => {
      expect(backendExportProblems(plugin)).toEqual([]);
    },
  );

  it.each(backends.map(p => [p.json.name, p] as const))(
    '%s: its entry loads with require and exports its backend feature by default',
    (_name, plugin) => {
      const loaded = loadBackendEntry(distDynamic(plugin.dir));
      const { role, pluginId } = plugin.json.backstage;
      expect(loaded.defaultExportType).toBe('@backstage/BackendFeature');
      expect(loaded.registrations).toEqual([
        expect.objectContaining({
          type: expect.stringMatching(
            role === 'backend-plugin' ? /^plugin-/ : /^module-/,
          ),
          pluginId,
        }),
      ]);
      expect(
        loaded.fromHost.filter(name => !name.startsWith('@backstage/')),
      ).toEqual([]);
    },
  );

  it('the frontend container is the scalprum config of package.json', () => {
    const { scalprum } = frontend.json;
    expect(frontendExport.scope).toBe(scalprum!.name);
    expect(Object.keys(frontendExport.modules).sort()).toEqual(
      Object.keys(scalprum!.exposedModules).sort(),
    );
    for (const names of Object.values(frontendExport.modules))
      expect(names).toEqual(
        expect.arrayContaining(['ocmFlLegacyPlugin', 'FederatedLearningPage']),
      );
  });

  it('the frontend takes what RHDH supplies from its share scope', () => {
    expect(frontendExport.shared).toEqual(
      expect.arrayContaining(SUPPLIED_BY_RHDH),
    );
  });

  const configBlocks = DOC_FILES.map(readPage).flatMap(page =>
    page.blocks.filter(b => b.check === 'rhdh-dynamic-plugins'),
  );

  it('the documentation has dynamic-plugins configuration to check', () => {
    expect(configBlocks.length).toBeGreaterThan(0);
  });

  it.each(configBlocks.map(b => [`${b.file}:${b.line}`, b] as const))(
    '%s names only what the exports have',
    (_where, block) => {
      expect(
        dynamicPluginsConfigProblems(parseYaml(block.content), {
          ...declaredNames(),
          scope: frontendExport.scope,
          modules: frontendExport.modules,
          externalRoutes: frontendExport.externalRoutes,
        }),
      ).toEqual([]);
    },
  );
});
