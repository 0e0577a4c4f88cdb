import { createBackend } from '@backstage/backend-defaults';
import { embeddedS3Module } from './modules/embeddedS3';
import { hubSimulatorModule } from './modules/hubSimulator';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@ocm-fl/backstage-plugin-catalog-backend-module-ocm-fl'));

// The event bus: on PostgreSQL it carries events between replicas (lineage and model changes).
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Roles from permission.ocmFl; with permission.enabled false, nothing asks the policy.
backend.add(
  import('@ocm-fl/backstage-plugin-permission-backend-module-ocm-fl'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@ocm-fl/backstage-plugin-ocm-fl-backend'));
backend.add(
  import('@ocm-fl/backstage-plugin-scaffolder-backend-module-ocm-fl'),
);
// Development services: each starts only when configured under ocmFlDev (app-config.yaml),
// and app-config.production.yaml switches them off.
backend.add(embeddedS3Module);
backend.add(hubSimulatorModule);

backend.start();
