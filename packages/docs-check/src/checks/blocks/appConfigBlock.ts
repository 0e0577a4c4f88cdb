import { parse as parseYaml } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { readOcmFlConfig } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { readOcmFlPermissionConfig } from '@ocm-fl/backstage-plugin-permission-backend-module-ocm-fl';
import { CodeBlock } from '../../markdown';
import { CheckContext } from './checkContext';
import { readRepoAppConfig } from './repoAppConfig';

/** Sample values for the `${VAR}` references of configuration snippets. */
const CONFIG_SAMPLES: Record<string, string> = {
  OCM_HUB_URL: 'https://hub.example.org:6443',
  OCM_HUB_TOKEN: 'sample-token',
  OCM_HUB_CA_DATA: Buffer.from('-----BEGIN CERTIFICATE-----').toString(
    'base64',
  ),
  OCM_FL_S3_BUCKET: 'acme-fl-models',
  OCM_FL_S3_REGION: 'eu-west-1',
  OCM_FL_UPLOADER_ROLE_ARN: 'arn:aws:iam::123456789012:role/acme-fl-uploader',
  POSTGRES_HOST: 'postgres.example.org',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'sample-password',
};

/**
 * An app-config snippet: `${VAR}` references filled with samples, layered over
 * app-config.yaml, then checked by the backend's configuration schema (all plugins'
 * config.d.ts) and by the readers of the plugin and of the permission policy, which the
 * backend runs at start.
 */
export async function checkAppConfig(block: CodeBlock, context: CheckContext) {
  const text = block.content.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    if (!(name in CONFIG_SAMPLES))
      throw new Error(`\${${name}} has no sample value in appConfigBlock.ts`);
    return CONFIG_SAMPLES[name];
  });
  // A snippet is layered over the repository's app-config.yaml, as deployments layer
  // app-config.production.yaml over it.
  const configs = [
    {
      context: 'app-config.yaml',
      data: readRepoAppConfig(),
    },
    { context: block.file, data: parseYaml(text) },
  ];
  const schema = await context.configSchema();
  schema.process(configs, { visibility: ['frontend', 'backend', 'secret'] });
  const config = ConfigReader.fromConfigs(configs);
  readOcmFlConfig(config);
  readOcmFlPermissionConfig(config);
}
