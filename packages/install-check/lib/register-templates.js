// Registers the software templates in a fresh app as the scaffolder module's README says:
// the `catalog.locations` entries of the README's `yaml app-config` blocks are added to the
// app's own list in app-config.yaml. Each `file` target must exist, read from
// packages/backend as the backend reads it under `yarn start`.
// Usage: node register-templates.js <app dir> <README>...
const fs = require('node:fs');
const path = require('node:path');
const { isSeq, parse, parseDocument } = require('yaml');
const { readmeBlocks } = require('./readme-blocks');

const [appDir, ...readmes] = process.argv.slice(2);
const configFile = path.join(appDir, 'app-config.yaml');

const locations = readmes.flatMap(readme =>
  readmeBlocks(readme, 'yaml app-config').flatMap(
    block => parse(block)?.catalog?.locations ?? [],
  ),
);
if (locations.length === 0) {
  throw new Error(
    `No catalog.locations in the yaml app-config blocks of ${readmes.join(
      ', ',
    )}`,
  );
}
for (const { type, target } of locations) {
  const file = path.resolve(appDir, 'packages/backend', target);
  if (type === 'file' && !fs.existsSync(file)) {
    throw new Error(
      `The README's location ${target} is not in the app: ${file}`,
    );
  }
}

const config = parseDocument(fs.readFileSync(configFile, 'utf8'));
if (!isSeq(config.getIn(['catalog', 'locations']))) {
  throw new Error(`${configFile} has no catalog.locations list`);
}
for (const location of locations) {
  config.addIn(['catalog', 'locations'], config.createNode(location));
  console.log(`    catalog.locations += ${location.type} ${location.target}`);
}
fs.writeFileSync(
  configFile,
  config.toString({ lineWidth: 0, flowCollectionPadding: false }),
);
