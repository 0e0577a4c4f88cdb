import { createApiRef } from '@backstage/frontend-plugin-api';
import { HealthResponse } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** The ocm-fl backend as the frontend sees it. @public */
export interface OcmFlApi {
  getHealth(): Promise<HealthResponse>;
}

/** @public */
export const ocmFlApiRef = createApiRef<OcmFlApi>().with({
  id: 'plugin.ocm-fl.api',
  pluginId: 'ocm-fl',
});
