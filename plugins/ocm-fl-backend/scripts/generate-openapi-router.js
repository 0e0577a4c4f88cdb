#!/usr/bin/env node
/*
 * Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml: the schema as a typed
 * `const` and `createOpenApiRouter`, the module Backstage's `repo-tools package schema openapi
 * generate --server` writes for its own plugins (e.g. catalog-backend's
 * src/schema/openapi/generated/router.ts), without that tool's Java-based client generator.
 * With --check it writes nothing and exits 1 when the committed module is out of date.
 */
const fs = require('node:fs');
const path = require('node:path');
const prettier = require('prettier');
const { parse } = require('yaml');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src/schema/openapi.yaml');
const target = path.join(root, 'src/schema/openapi.generated.ts');

function generatedModule() {
  const spec = parse(fs.readFileSync(source, 'utf8'));
  const text = `// Generated from openapi.yaml by scripts/generate-openapi-router.js; do not edit.
// Run \`yarn generate:openapi\` in plugins/ocm-fl-backend after changing openapi.yaml.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** An express router that validates requests against the schema and types the handlers by it. */
export const createOpenApiRouter = (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
  return prettier.format(text, {
    ...prettier.resolveConfig.sync(target),
    filepath: target,
  });
}

const wanted = generatedModule();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== wanted) {
    process.stderr.write(
      `${path.relative(
        root,
        target,
      )} is not up to date with openapi.yaml: run \`yarn generate:openapi\` in plugins/ocm-fl-backend\n`,
    );
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, wanted);
}
