import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { JobNameField } from './JobNameField';

/** The scaffolder field `ui:field: OcmJobName` (new frontend system). */
export const ocmJobNameFormField = createFormField({
  name: 'OcmJobName',
  component: JobNameField,
});
