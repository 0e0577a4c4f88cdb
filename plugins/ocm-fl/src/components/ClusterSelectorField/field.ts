import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ClusterSelectorField } from './ClusterSelectorField';

/** The scaffolder field `ui:field: OcmClusterSelector` (new frontend system). */
export const ocmClusterSelectorFormField = createFormField({
  name: 'OcmClusterSelector',
  component: ClusterSelectorField,
});
