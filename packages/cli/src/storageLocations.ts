import fs from 'node:fs';
import { Command } from 'commander';
import { ModelStorageLocation } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { parseModelStorageLocations } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { parse as parseYaml } from 'yaml';
import { invalid } from './errors';

export interface StorageFlags {
  /** An app-config file whose `ocmFl.storage.locations` says where jobs may keep models. */
  config?: string;
  /** The hub's name in `ocmFl.hubs`, for locations restricted to some hubs. */
  hubName?: string;
}

/**
 * The model storage locations of `--config`, validated by the backend's own rules; none
 * without it (then only PVC storage renders and launches).
 */
export function storageLocationsOf(
  flags: StorageFlags,
): ModelStorageLocation[] {
  if (!flags.config) return [];
  let document: any;
  try {
    document = parseYaml(fs.readFileSync(flags.config, 'utf8'));
  } catch (error) {
    throw invalid(
      `--config: cannot read ${flags.config}: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
  try {
    return parseModelStorageLocations(document?.ocmFl?.storage?.locations);
  } catch (error) {
    throw invalid(`--config: ${(error as Error).message}`);
  }
}

/** `--config` and `--hub-name`, for the commands that render S3 storage. */
export const storageOptions = (command: Command) =>
  command
    .option(
      '--config <file>',
      'app-config file whose ocmFl.storage.locations say where jobs may keep models in S3',
    )
    .option(
      '--hub-name <name>',
      'name of the hub in ocmFl.hubs, for locations limited to some hubs',
    );
