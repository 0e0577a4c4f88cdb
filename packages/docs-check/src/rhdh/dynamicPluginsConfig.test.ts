import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBackendEntry } from './dynamicPlugins';
import {
  dynamicPluginsConfigProblems,
  ExportedNames,
} from './dynamicPluginsConfig';

const names: ExportedNames = {
  packageFolders: ['acme-backend', 'acme'],
  scope: 'acme.plugin',
  modules: { PluginRoot: ['AcmePage', 'acmePlugin', 'AcmeIcon', 'isAcme'] },
  externalRoutes: ['template'],
};

const config = (frontend: object) => ({
  plugins: [
    { package: 'oci://r.example.org/acme:1!acme-backend' },
    {
      package: 'oci://r.example.org/acme:1!acme',
      pluginConfig: {
        dynamicPlugins: { frontend: { 'acme.plugin': frontend } },
      },
    },
  ],
});

describe('dynamicPluginsConfigProblems', () => {
  it('accepts a configuration that names only exported things', () => {
    expect(
      dynamicPluginsConfigProblems(
        config({
          appIcons: [{ name: 'acme', importName: 'AcmeIcon' }],
          dynamicRoutes: [
            {
              path: '/acme',
              importName: 'AcmePage',
              menuItem: { icon: 'acme' },
            },
          ],
          routeBindings: {
            targets: [{ importName: 'acmePlugin' }],
            bindings: [
              {
                bindTarget: 'acmePlugin.externalRoutes',
                bindMap: {
                  template: 'scaffolderPlugin.routes.selectedTemplate',
                },
              },
            ],
          },
          entityTabs: [{ path: '/acme', mountPoint: 'entity.page.acme' }],
          mountPoints: [
            {
              mountPoint: 'entity.page.acme/cards',
              importName: 'AcmePage',
              config: { if: { allOf: ['isAcme', { isKind: 'resource' }] } },
            },
          ],
        }),
        names,
      ),
    ).toEqual([]);
  });

  it('names each import, module, icon, binding and mount point that does not exist', () => {
    const problems = dynamicPluginsConfigProblems(
      config({
        dynamicRoutes: [
          {
            path: '/acme',
            importName: 'AcmePag',
            menuItem: { icon: 'rocket' },
          },
          { path: '/other', module: 'Other', importName: 'AcmePage' },
        ],
        routeBindings: {
          targets: [{ importName: 'acmePlugin' }],
          bindings: [
            {
              bindTarget: 'acmePlugin.routes',
              bindMap: { relaunch: 'nowherePlugin.routes.root' },
            },
          ],
        },
        mountPoints: [
          {
            mountPoint: 'entity.page.acme/cards',
            importName: 'AcmePage',
            config: { if: { allOf: ['isAcmeEntity'] } },
          },
        ],
        scaffolderFieldExtensions: [{ importName: 'AcmeField' }],
      }),
      names,
    );
    const where = 'plugins[1].pluginConfig.dynamicPlugins.frontend.acme.plugin';
    expect(problems).toEqual(
      expect.arrayContaining([
        `${where}.dynamicRoutes[0]: module PluginRoot exports no AcmePag`,
        `${where}.dynamicRoutes[1]: the plugin exposes no module Other`,
        `${where}.dynamicRoutes[0].menuItem.icon: rocket is not one of appIcons ()`,
        expect.stringMatching(/bindTarget: acmePlugin.routes is not/),
        `${where}.routeBindings.bindings[0].bindMap.relaunch: the plugin has no external route relaunch`,
        expect.stringMatching(
          /bindMap.relaunch: nowherePlugin.routes.root is not a route/,
        ),
        `${where}.mountPoints[0].config.if.allOf: module PluginRoot exports no isAcmeEntity`,
        expect.stringMatching(
          /mountPoints\[0\].mountPoint: entity.page.acme\/cards is not/,
        ),
        `${where}.scaffolderFieldExtensions[0]: module PluginRoot exports no AcmeField`,
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('requires every exported package once, and no other, and the container scope', () => {
    expect(
      dynamicPluginsConfigProblems(
        {
          plugins: [
            { package: './dynamic-plugins/dist/acme' },
            {
              package: './dynamic-plugins/dist/acme-frontend',
              pluginConfig: { dynamicPlugins: { frontend: { acme: {} } } },
            },
          ],
        },
        names,
      ),
    ).toEqual([
      'plugins: acme-backend is not listed once',
      'plugins[1].package: acme-frontend is not an exported plugin',
      'plugins[1]: frontend acme is not the exported container acme.plugin',
    ]);
  });
});

describe('loadBackendEntry', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamic-plugin-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const writePlugin = (source: string) => {
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'probe-dynamic', main: 'index.js' }),
    );
    fs.writeFileSync(path.join(root, 'index.js'), source);
  };

  it('reports the packages a plugin takes from the host instead of its own node_modules', () => {
    writePlugin(
      `require('zod'); exports.default = require('@backstage/backend-plugin-api').createBackendPlugin({ pluginId: 'probe', register(env) { env.registerInit({ deps: {}, async init() {} }); } });`,
    );
    expect(loadBackendEntry(root)).toEqual({
      defaultExportType: '@backstage/BackendFeature',
      registrations: [{ type: 'plugin-v1.1', pluginId: 'probe' }],
      fromHost: ['@backstage/backend-plugin-api', 'zod'],
    });
  });

  it('lets a bundled package take an optional peer dependency from the host', () => {
    const lib = path.join(root, 'node_modules/lib');
    fs.mkdirSync(lib, { recursive: true });
    fs.writeFileSync(
      path.join(lib, 'package.json'),
      JSON.stringify({
        name: 'lib',
        peerDependenciesMeta: { zod: { optional: true } },
      }),
    );
    fs.writeFileSync(path.join(lib, 'index.js'), `require('zod');`);
    writePlugin(`require('lib'); exports.default = {};`);
    expect(loadBackendEntry(root).fromHost).toEqual([]);
  });

  it('finds its own node_modules first', () => {
    fs.mkdirSync(path.join(root, 'node_modules/zod'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules/zod/index.js'), '');
    writePlugin(`require('zod'); exports.default = {};`);
    expect(loadBackendEntry(root).fromHost).toEqual([]);
  });
});
