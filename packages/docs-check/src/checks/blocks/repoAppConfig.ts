import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseModelStorageLocations } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { REPO_ROOT } from '../../markdown';

/** The repository's app-config.yaml, the development defaults that pages build on. */
export function readRepoAppConfig(): any {
  return parseYaml(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
}

/** The model storage locations of the repository's app-config.yaml, which pages' specs name. */
export function devStorageLocations() {
  return parseModelStorageLocations(
    readRepoAppConfig().ocmFl?.storage?.locations,
  );
}
