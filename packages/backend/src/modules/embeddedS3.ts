import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import S3rver from 's3rver';

/**
 * Development only: starts an S3-compatible server (s3rver) inside the backend, with a
 * bucket for models, when `ocmFlDev.embeddedS3` is configured. app-config.production.yaml
 * leaves it out, and then this module does nothing.
 */
export const embeddedS3Module = createBackendModule({
  pluginId: 'ocm-fl',
  moduleId: 'embedded-s3',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const s3Config = config.getOptionalConfig('ocmFlDev.embeddedS3');
        if (!s3Config) {
          return;
        }
        const port = s3Config.getNumber('port');
        const bucket = s3Config.getString('bucket');
        const directory = path.resolve(s3Config.getString('directory'));
        const server = new S3rver({
          address: '127.0.0.1',
          port,
          directory,
          silent: true,
          configureBuckets: [{ name: bucket, configs: [] }],
        });
        await server.run();
        logger.info(
          `Embedded S3 (s3rver, development only) on http://127.0.0.1:${port}, bucket "${bucket}", data in ${directory}`,
        );
        lifecycle.addShutdownHook(() => server.close());
      },
    });
  },
});
