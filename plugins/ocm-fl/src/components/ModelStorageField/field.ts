import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ModelStorageField } from './ModelStorageField';

/** The scaffolder field `ui:field: OcmModelStorage` (new frontend system). */
export const ocmModelStorageFormField = createFormField({
  name: 'OcmModelStorage',
  component: ModelStorageField,
});
