import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  scaffolderTemplateOutputsBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import ShareIcon from '@material-ui/icons/Share';
import { ocmFlApiRef } from './api/OcmFlApi';
import { OcmFlClient } from './api/OcmFlClient';
import { isClusterEntity, isModelEntity } from './components/entity/filters';
import { LAUNCH_TEMPLATE_REFS, LazyLaunchOutputs } from './components/launch';
import {
  jobRouteRef,
  modelRouteRef,
  rootRouteRef,
  templateRouteRef,
} from './routes';

const ocmFlApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ocmFlApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OcmFlClient(deps),
    }),
});

const federatedLearningPage = PageBlueprint.make({
  params: {
    path: '/federated-learning',
    title: 'Federated Learning',
    icon: <ShareIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/FederatedLearningPage').then(m => (
        <m.FederatedLearningPage />
      )),
  },
});

const clusterJobsContent = EntityContentBlueprint.make({
  name: 'cluster-jobs',
  params: {
    path: 'federated-learning',
    title: 'Federated Learning',
    filter: isClusterEntity,
    loader: () =>
      import('./components/entity').then(m => <m.EntityClusterJobsContent />),
  },
});

const modelContent = EntityContentBlueprint.make({
  name: 'model-versions',
  params: {
    path: 'versions',
    title: 'Versions & lineage',
    filter: isModelEntity,
    loader: () =>
      import('./components/entity').then(m => <m.EntityModelContent />),
  },
});

const clusterSelectorField = FormFieldBlueprint.make({
  name: 'ocm-cluster-selector',
  params: {
    field: () =>
      import('./components/ClusterSelectorField/field').then(
        m => m.ocmClusterSelectorFormField,
      ),
  },
});

const modelStorageField = FormFieldBlueprint.make({
  name: 'ocm-model-storage',
  params: {
    field: () =>
      import('./components/ModelStorageField/field').then(
        m => m.ocmModelStorageFormField,
      ),
  },
});

const jobNameField = FormFieldBlueprint.make({
  name: 'ocm-job-name',
  params: {
    field: () =>
      import('./components/JobNameField/field').then(
        m => m.ocmJobNameFormField,
      ),
  },
});

const launchOutputs = scaffolderTemplateOutputsBlueprint.make({
  name: 'launch',
  params: {
    component: LazyLaunchOutputs,
    templateRefs: LAUNCH_TEMPLATE_REFS,
  },
});

/** The ocm-fl frontend plugin (new frontend system). @public */
export const ocmFlPlugin = createFrontendPlugin({
  pluginId: 'ocm-fl',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    ocmFlApi,
    federatedLearningPage,
    clusterJobsContent,
    modelContent,
    clusterSelectorField,
    jobNameField,
    modelStorageField,
    launchOutputs,
  ],
  routes: { root: rootRouteRef, job: jobRouteRef, model: modelRouteRef },
  externalRoutes: { template: templateRouteRef },
});
