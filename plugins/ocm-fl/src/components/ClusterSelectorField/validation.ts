import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { describeError } from '../common/errors';
import { minClientsOf, placementShortfall } from './shortfall';

/**
 * Refuses Next when the selection cannot run the job. The scaffolder awaits field
 * validators on Next, so this asks the backend again rather than trusting the preview on
 * screen, which may be a debounce behind the last edit.
 */
export const validatePlacement: CustomFieldValidator<
  PlacementSelection
> = async (placement, validation, { apiHolder, formData }) => {
  const api = apiHolder.get(ocmFlApiRef);
  if (!api) return;
  try {
    const preview = await api.previewPlacement({ placement: placement ?? {} });
    const shortfall = placementShortfall(preview, minClientsOf(formData));
    if (shortfall) validation.addError(shortfall);
  } catch (error) {
    const { cause, message } = describeError(error as Error);
    validation.addError(
      `Could not check the selection: ${
        cause === 'Error' ? message : `${cause}, ${message}`
      }`,
    );
  }
};
