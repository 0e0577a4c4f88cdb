// Registers the plugins in a fresh app's packages/backend/src/index.ts exactly as their
// READMEs say: every `backend.add(...)` of the README's `ts backend` blocks whose package the
// backend depends on (a snippet for a package it lacks is optional, e.g. the events backend
// for several replicas: it is listed, not added). The ocm-fl policy replaces the app's own
// policy module, as the permission module's README says.
// Usage: node wire-backend.js <app dir> <README>...
const fs = require('node:fs');
const path = require('node:path');
const { readmeBlocks } = require('./readme-blocks');

const [appDir, ...readmes] = process.argv.slice(2);
const indexFile = path.join(appDir, 'packages/backend/src/index.ts');
const backendPackage = JSON.parse(
  fs.readFileSync(path.join(appDir, 'packages/backend/package.json'), 'utf8'),
);
const dependencies = new Set(Object.keys(backendPackage.dependencies ?? {}));
// One registration, on one line or several (prettier breaks long ones after the comma).
const ADD_STATEMENT = /backend\.add\(\s*import\('[^']+'\),?\s*\);/g;
const compact = text => text.replace(/\s+/g, '').replace(/,\)/g, ')');
const importedPackage = statement => /import\('([^']+)'\)/.exec(statement)[1];

const snippets = readmes.flatMap(readme =>
  readmeBlocks(readme, 'ts backend')
    .flatMap(block => block.match(ADD_STATEMENT) ?? [])
    .map(statement => ({ readme, statement })),
);
if (!snippets.some(s => importedPackage(s.statement).startsWith('@ocm-fl/'))) {
  throw new Error(
    `No backend.add(import('@ocm-fl/...')) in ${readmes.join(', ')}`,
  );
}

let index = fs.readFileSync(indexFile, 'utf8');
const present = new Set((index.match(ADD_STATEMENT) ?? []).map(compact));
const added = [];
for (const { readme, statement } of snippets) {
  const name = importedPackage(statement);
  if (present.has(compact(statement))) continue;
  if (!dependencies.has(name)) {
    console.log(
      `    not added (${name} is not a dependency of the backend): ${readme}`,
    );
    continue;
  }
  present.add(compact(statement));
  added.push(statement);
}
if (
  added.some(s =>
    importedPackage(s).includes('permission-backend-module-ocm-fl'),
  )
) {
  const otherPolicy =
    /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-[^']+'\),?\s*\);\n/g;
  index = index.replace(otherPolicy, statement => {
    console.log(`    removed (one policy only): ${compact(statement)}`);
    return '';
  });
}
if (!index.includes('backend.start();')) {
  throw new Error(`${indexFile} has no backend.start();`);
}
index = index.replace(
  'backend.start();',
  `// The ocm-fl plugins, as their READMEs register them.\n${added.join(
    '\n',
  )}\n\nbackend.start();`,
);
const unregistered = [...dependencies].filter(
  name =>
    name.startsWith('@ocm-fl/') &&
    !present.has(compact(`backend.add(import('${name}'));`)),
);
if (unregistered.length > 0) {
  throw new Error(
    `No README registers ${unregistered.join(', ')} with backend.add`,
  );
}
fs.writeFileSync(indexFile, index);
added.forEach(statement => console.log(`    added: ${compact(statement)}`));
