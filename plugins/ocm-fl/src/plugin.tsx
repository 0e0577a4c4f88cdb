import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import ShareIcon from '@material-ui/icons/Share';
import { ocmFlApiRef } from './api/OcmFlApi';
import { OcmFlClient } from './api/OcmFlClient';
import { rootRouteRef } from './routes';

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

/** The ocm-fl frontend plugin (new frontend system). @public */
export const ocmFlPlugin = createFrontendPlugin({
  pluginId: 'ocm-fl',
  info: { packageJson: () => import('../package.json') },
  extensions: [ocmFlApi, federatedLearningPage],
  routes: { root: rootRouteRef },
});
