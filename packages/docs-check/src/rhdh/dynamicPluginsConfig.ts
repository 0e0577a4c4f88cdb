/** What a `dynamic-plugins` configuration may refer to in the exports. */
export interface ExportedNames {
  /** The folders of the exported packages in an image (`!<folder>` of a `package`). */
  packageFolders: string[];
  /** The frontend container's scope, the key under `dynamicPlugins.frontend`. */
  scope: string;
  /**
   * The frontend container's modules and the names each exports; `undefined` names when
   * only the module is known (before an export), which leaves import names unchecked.
   */
  modules: Record<string, string[] | undefined>;
  /** The external routes of the exported legacy plugin, when known. */
  externalRoutes?: string[];
}

// RHDH's app shell binds routes of these plugins by name (packages/app/src/utils/dynamicUI/
// bindAppRoutes.ts in redhat-developer/rhdh), besides the targets a configuration declares.
const STATIC_BIND_TARGETS = [
  'catalogPlugin',
  'catalogImportPlugin',
  'scaffolderPlugin',
];

interface Reference {
  where: string;
  module?: string;
  importName: string;
}

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** Every import the frontend configuration makes, with where it makes it. */
function frontendReferences(frontend: any): Reference[] {
  const references: Reference[] = [];
  const add = (where: string, entry: any) =>
    references.push({
      where,
      module: entry.module,
      importName: entry.importName ?? 'default',
    });
  list(frontend.appIcons).forEach((icon, i) => add(`appIcons[${i}]`, icon));
  list(frontend.dynamicRoutes).forEach((route, i) =>
    add(`dynamicRoutes[${i}]`, route),
  );
  list(frontend.routeBindings?.targets).forEach((target, i) =>
    add(`routeBindings.targets[${i}]`, target),
  );
  list(frontend.scaffolderFieldExtensions).forEach((field, i) =>
    add(`scaffolderFieldExtensions[${i}]`, field),
  );
  list(frontend.mountPoints).forEach((mount, i) => {
    add(`mountPoints[${i}]`, mount);
    for (const [operator, conditions] of Object.entries(mount.config?.if ?? {}))
      list(conditions)
        .filter(condition => typeof condition === 'string')
        .forEach(condition =>
          add(`mountPoints[${i}].config.if.${operator}`, {
            module: mount.module,
            importName: condition,
          }),
        );
  });
  return references;
}

/** The problems of a frontend's `dynamicPlugins.frontend.<scope>` section, in words. */
function frontendProblems(frontend: any, names: ExportedNames): string[] {
  const problems: string[] = [];
  for (const { where, module = 'PluginRoot', importName } of frontendReferences(
    frontend,
  )) {
    if (!(module in names.modules)) {
      problems.push(`${where}: the plugin exposes no module ${module}`);
      continue;
    }
    const exported = names.modules[module];
    if (exported && !exported.includes(importName))
      problems.push(`${where}: module ${module} exports no ${importName}`);
  }
  const icons = list(frontend.appIcons).map(icon => icon.name);
  list(frontend.dynamicRoutes).forEach((route, i) => {
    const icon = route.menuItem?.icon;
    if (icon && !icons.includes(icon))
      problems.push(
        `dynamicRoutes[${i}].menuItem.icon: ${icon} is not one of appIcons (${icons.join(
          ', ',
        )})`,
      );
  });
  const targets = [
    ...STATIC_BIND_TARGETS,
    ...list(frontend.routeBindings?.targets).map(t => t.name ?? t.importName),
  ];
  list(frontend.routeBindings?.bindings).forEach((binding, i) => {
    const [target, kind] = String(binding.bindTarget).split('.');
    if (!targets.includes(target) || kind !== 'externalRoutes')
      problems.push(
        `routeBindings.bindings[${i}].bindTarget: ${
          binding.bindTarget
        } is not <target>.externalRoutes of ${targets.join(', ')}`,
      );
    for (const [route, value] of Object.entries(binding.bindMap ?? {})) {
      if (names.externalRoutes && !names.externalRoutes.includes(route))
        problems.push(
          `routeBindings.bindings[${i}].bindMap.${route}: the plugin has no external route ${route}`,
        );
      if (!targets.includes(String(value).split('.')[0]))
        problems.push(
          `routeBindings.bindings[${i}].bindMap.${route}: ${value} is not a route of ${targets.join(
            ', ',
          )}`,
        );
    }
  });
  // An entity tab's mount point comes in two: <mountPoint>/cards and <mountPoint>/context.
  const tabMountPoints = list(frontend.entityTabs).map(tab => tab.mountPoint);
  list(frontend.mountPoints).forEach((mount, i) => {
    const [base, kind] = String(mount.mountPoint).split('/');
    if (
      base.startsWith('entity.page.') &&
      (!['cards', 'context'].includes(kind) || !tabMountPoints.includes(base))
    )
      problems.push(
        `mountPoints[${i}].mountPoint: ${mount.mountPoint} is not <mount point of entityTabs>/cards or /context`,
      );
  });
  return problems;
}

/**
 * The problems of a `dynamic-plugins` configuration (its `plugins` list), in words: every
 * exported package is listed once, and every module, import name, icon, route binding and
 * mount point it names exists in the exports.
 */
export function dynamicPluginsConfigProblems(
  config: any,
  names: ExportedNames,
): string[] {
  const problems: string[] = [];
  const plugins = list(config?.plugins);
  // `oci://<image>!<folder>` or a local `<path>/<folder>`.
  const folders = plugins.map(p => String(p.package).split(/[!/]/).pop());
  for (const folder of names.packageFolders)
    if (folders.filter(f => f === folder).length !== 1)
      problems.push(`plugins: ${folder} is not listed once`);
  folders.forEach((folder, i) => {
    if (!names.packageFolders.includes(folder!))
      problems.push(
        `plugins[${i}].package: ${folder} is not an exported plugin`,
      );
  });
  plugins.forEach((plugin, i) => {
    for (const [scope, frontend] of Object.entries(
      plugin.pluginConfig?.dynamicPlugins?.frontend ?? {},
    )) {
      if (scope !== names.scope) {
        problems.push(
          `plugins[${i}]: frontend ${scope} is not the exported container ${names.scope}`,
        );
        continue;
      }
      problems.push(
        ...frontendProblems(frontend, names).map(
          p =>
            `plugins[${i}].pluginConfig.dynamicPlugins.frontend.${scope}.${p}`,
        ),
      );
    }
  });
  return problems;
}
