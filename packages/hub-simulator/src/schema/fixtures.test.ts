import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { KubeObject } from '../store/types';
import { CrdSchemas, OCM_CRD_DIR } from './CrdSchemas';

/**
 * The OCM objects that unit tests read in place of a hub (ocm-fl-common's `__fixtures__`) are
 * what a hub serves: each passes the CRD's admission (strict), which leaves it as it is, with
 * its defaults already filled in and no field the schema lacks.
 */
const FIXTURE_DIR = resolvePackagePath(
  '@ocm-fl/backstage-plugin-ocm-fl-common',
  'src/__fixtures__',
);
const crds = CrdSchemas.fromDirectory(OCM_CRD_DIR);

const fixtures = fs
  .readdirSync(FIXTURE_DIR)
  .filter(file => file.endsWith('.json'))
  .sort()
  .map(file => [
    file,
    JSON.parse(
      fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8'),
    ) as KubeObject,
  ]) as Array<[string, KubeObject]>;

describe('the OCM fixtures of ocm-fl-common', () => {
  it('include a Placement and a PlacementDecision', () => {
    expect(fixtures.map(([, object]) => object.kind)).toEqual(
      expect.arrayContaining(['Placement', 'PlacementDecision']),
    );
  });

  it.each(fixtures)('%s is admitted unchanged by its CRD', (_, object) => {
    expect(crds.schemaOf(object.apiVersion, object.kind)).toBeDefined();
    expect(crds.admit(structuredClone(object), 'Strict').object).toEqual(
      object,
    );
  });

  it('would refuse a decision without the reason the CRD requires', () => {
    const [, decision] = fixtures.find(
      ([, object]) => object.kind === 'PlacementDecision',
    )!;
    const broken = structuredClone(decision) as any;
    delete broken.status.decisions[0].reason;
    expect(() => crds.admit(broken, 'Strict')).toThrow(
      /status.decisions\[0\].reason: Required value/,
    );
  });
});
