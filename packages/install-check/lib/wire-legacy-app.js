// Puts the legacy frontend exports of @ocm-fl/backstage-plugin-ocm-fl into an app made from
// create-app's legacy template, as the plugin README's "Legacy frontend system" section shows:
// the page route, the scaffolder field extensions, the plugin with its route binding in
// App.tsx, and the two entity tabs on a resource page in EntityPage.tsx.
// Usage: node wire-legacy-app.js <legacy app package dir>
const fs = require('node:fs');
const path = require('node:path');

const srcDir = path.join(process.argv[2], 'src');

// edit(file, [anchor, replacement]...): each anchor must be in the file once.
function edit(file, ...replacements) {
  const full = path.join(srcDir, file);
  let text = fs.readFileSync(full, 'utf8');
  for (const [anchor, replacement] of replacements) {
    if (text.split(anchor).length !== 2) {
      throw new Error(
        `${full}: expected "${anchor}" once; the legacy template changed`,
      );
    }
    text = text.replace(anchor, replacement);
  }
  fs.writeFileSync(full, text);
}

const scaffolderImport = `import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';`;
const scaffolderRoute = '<Route path="/create" element={<ScaffolderPage />} />';
edit(
  'App.tsx',
  [
    scaffolderImport,
    `${scaffolderImport}
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import {
  FederatedLearningPage,
  OcmClusterSelectorFieldExtension,
  OcmJobNameFieldExtension,
  OcmModelStorageFieldExtension,
  ocmFlLegacyPlugin,
} from '@ocm-fl/backstage-plugin-ocm-fl';`,
  ],
  [
    'const app = createApp({\n  apis,',
    'const app = createApp({\n  apis,\n  plugins: [ocmFlLegacyPlugin],',
  ],
  [
    '  bindRoutes({ bind }) {',
    `  bindRoutes({ bind }) {
    bind(ocmFlLegacyPlugin.externalRoutes, {
      template: scaffolderPlugin.routes.selectedTemplate,
    });`,
  ],
  [
    scaffolderRoute,
    `<Route path="/federated-learning" element={<FederatedLearningPage />} />
    <Route path="/create" element={<ScaffolderPage />}>
      <ScaffolderFieldExtensions>
        <OcmClusterSelectorFieldExtension />
        <OcmJobNameFieldExtension />
        <OcmModelStorageFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>`,
  ],
);

const domainCase = `<EntitySwitch.Case if={isKind('domain')} children={domainPage} />`;
edit(
  'components/catalog/EntityPage.tsx',
  [
    'export const entityPage = (',
    `const resourcePage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isClusterEntity}>
      <EntityLayout>
        <EntityLayout.Route path="/federated-learning" title="Federated Learning">
          <EntityFederatedLearningContent />
        </EntityLayout.Route>
      </EntityLayout>
    </EntitySwitch.Case>
    <EntitySwitch.Case if={isModelEntity}>
      <EntityLayout>
        <EntityLayout.Route path="/versions" title="Versions & lineage">
          <EntityModelVersionsContent />
        </EntityLayout.Route>
      </EntityLayout>
    </EntitySwitch.Case>
  </EntitySwitch>
);

export const entityPage = (`,
  ],
  [
    domainCase,
    `${domainCase}\n    <EntitySwitch.Case if={isKind('resource')} children={resourcePage} />`,
  ],
);
const entityPageFile = path.join(srcDir, 'components/catalog/EntityPage.tsx');
fs.writeFileSync(
  entityPageFile,
  `import {
  EntityFederatedLearningContent,
  EntityModelVersionsContent,
  isClusterEntity,
  isModelEntity,
} from '@ocm-fl/backstage-plugin-ocm-fl';
${fs.readFileSync(entityPageFile, 'utf8')}`,
);
console.log(`    legacy App.tsx and EntityPage.tsx wired in ${srcDir}`);
