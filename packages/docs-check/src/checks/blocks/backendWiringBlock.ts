import { CodeBlock } from '../../markdown';

/**
 * Backend wiring: each `backend.add(import('<package>'))` names a package whose default
 * export is a backend feature, as the new backend system requires.
 */
export async function checkBackendWiring(block: CodeBlock) {
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
