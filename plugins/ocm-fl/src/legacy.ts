import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  createScaffolderFieldExtension,
  FieldExtensionComponent,
} from '@backstage/plugin-scaffolder-react';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ocmFlApiRef } from './api/OcmFlApi';
import { OcmFlClient } from './api/OcmFlClient';
import { ClusterSelectorField } from './components/ClusterSelectorField';
import { validatePlacement } from './components/ClusterSelectorField/validation';
import { JobNameField } from './components/JobNameField/JobNameField';
import {
  ModelStorage,
  ModelStorageField,
} from './components/ModelStorageField/ModelStorageField';
import { legacyRouteRefs } from './routes';

/** The ocm-fl plugin for apps on the legacy frontend system. @public */
export const ocmFlLegacyPlugin = createPlugin({
  id: 'ocm-fl',
  apis: [
    createApiFactory({
      api: ocmFlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OcmFlClient(deps),
    }),
  ],
  routes: {
    root: legacyRouteRefs.root,
    job: legacyRouteRefs.job,
    model: legacyRouteRefs.model,
  },
  externalRoutes: { template: legacyRouteRefs.template },
});

/** The Federated Learning page with its tabs, job and model pages (legacy system). @public */
export const FederatedLearningPage = ocmFlLegacyPlugin.provide(
  createRoutableExtension({
    name: 'FederatedLearningPage',
    component: () =>
      import('./components/FederatedLearningPage').then(
        m => m.FederatedLearningPage,
      ),
    mountPoint: legacyRouteRefs.root,
  }),
);

/** A cluster entity's jobs (legacy system; for `kubernetes-cluster` resources). @public */
export const EntityFederatedLearningContent = ocmFlLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityFederatedLearningContent',
    component: {
      lazy: () =>
        import('./components/entity').then(m => m.EntityClusterJobsContent),
    },
  }),
);

/** A model entity's versions and lineage (legacy system; for `ai-model` resources). @public */
export const EntityModelVersionsContent = ocmFlLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntityModelVersionsContent',
    component: {
      lazy: () => import('./components/entity').then(m => m.EntityModelContent),
    },
  }),
);

/** The `OcmClusterSelector` scaffolder field (legacy system). @public */
export const OcmClusterSelectorFieldExtension: FieldExtensionComponent<
  PlacementSelection,
  {}
> = ocmFlLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'OcmClusterSelector',
    component: ClusterSelectorField,
    validation: validatePlacement,
  }),
);

/** The `OcmJobName` scaffolder field (legacy system). @public */
export const OcmJobNameFieldExtension: FieldExtensionComponent<string, {}> =
  ocmFlLegacyPlugin.provide(
    createScaffolderFieldExtension({
      name: 'OcmJobName',
      component: JobNameField,
    }),
  );

/** The `OcmModelStorage` scaffolder field (legacy system). @public */
export const OcmModelStorageFieldExtension: FieldExtensionComponent<
  ModelStorage,
  {}
> = ocmFlLegacyPlugin.provide(
  createScaffolderFieldExtension({
    name: 'OcmModelStorage',
    component: ModelStorageField,
  }),
);
