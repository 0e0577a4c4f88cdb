import fs from 'node:fs';
import path from 'node:path';
import { CrdSchemas, OCM_CRD_DIR } from './CrdSchemas';

/** The `| kind | group/version | ... |` rows of crds/README.md. */
function kindsInReadme(): Array<{ kind: string; apiVersion: string }> {
  const readme = fs.readFileSync(path.join(OCM_CRD_DIR, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| ([A-Z]\w+) +\| ([\w.-]+\/v\w+) +\|/gm)].map(
    ([, kind, apiVersion]) => ({ kind, apiVersion }),
  );
}

describe('the CRDs shipped with the simulator', () => {
  const schemas = CrdSchemas.fromDirectory(OCM_CRD_DIR);

  it('define every kind the README lists, at the version it lists', () => {
    const kinds = kindsInReadme();
    expect(kinds.map(k => k.kind)).toEqual(
      expect.arrayContaining(['Placement', 'ManifestWork', 'ManagedCluster']),
    );
    for (const { kind, apiVersion } of kinds) {
      expect({ kind, schema: !!schemas.schemaOf(apiVersion, kind) }).toEqual({
        kind,
        schema: true,
      });
    }
  });

  it('hold one CRD per file, each listed in the README', () => {
    const files = fs.readdirSync(OCM_CRD_DIR).filter(f => f.endsWith('.yaml'));
    expect(files).toHaveLength(kindsInReadme().length);
  });
});
