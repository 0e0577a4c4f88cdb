import { createBackend } from '@backstage/backend-defaults';

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
backend.start();
