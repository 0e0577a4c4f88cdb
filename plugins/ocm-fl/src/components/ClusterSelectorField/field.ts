import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ClusterSelectorField } from './ClusterSelectorField';
import { validatePlacement } from './validation';

/** The scaffolder field `ui:field: OcmClusterSelector` (new frontend system). */
export const ocmClusterSelectorFormField = createFormField({
  name: 'OcmClusterSelector',
  component: ClusterSelectorField,
  validation: validatePlacement,
});
