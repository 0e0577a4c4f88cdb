import { createBackend } from '@backstage/backend-defaults';
import { embeddedS3Module } from './modules/embeddedS3';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@ocm-fl/backstage-plugin-ocm-fl-backend'));
backend.add(
  import('@ocm-fl/backstage-plugin-scaffolder-backend-module-ocm-fl'),
);
// Starts only when ocmFlDev.embeddedS3 is configured (app-config.yaml, not production).
backend.add(embeddedS3Module);

backend.start();
