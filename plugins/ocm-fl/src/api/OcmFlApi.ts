import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  FrameworkName,
  JobPhase,
  PlacementSelection,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  Cluster,
  ClusterPage,
  HubHealth,
  JobPage,
  JobView,
  ModelDownloadLink,
  ModelPage,
  ModelView,
  OcmFlChange,
  PlacementPreview,
} from './types';

/** @public */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** @public */
export interface ClusterQuery extends PageQuery {
  search?: string;
  available?: boolean;
  hub?: string;
}

/** @public */
export interface JobQuery extends PageQuery {
  phase?: JobPhase;
  framework?: FrameworkName;
  cluster?: string;
  hub?: string;
}

/** @public */
export interface ModelQuery extends PageQuery {
  search?: string;
}

/** The ocm-fl backend as the frontend sees it. @public */
export interface OcmFlApi {
  getHealth(): Promise<HubHealth>;
  getClusters(query?: ClusterQuery): Promise<ClusterPage>;
  getCluster(name: string): Promise<Cluster>;
  getJobs(query?: JobQuery): Promise<JobPage>;
  getJob(name: string): Promise<JobView>;
  stopJob(name: string): Promise<void>;
  deleteJob(name: string): Promise<void>;
  previewPlacement(request: {
    hub?: string;
    placement: PlacementSelection;
  }): Promise<PlacementPreview>;
  getModels(query?: ModelQuery): Promise<ModelPage>;
  getModel(name: string): Promise<ModelView>;
  downloadModel(request: {
    model: string;
    version: number;
    file: string;
  }): Promise<ModelDownloadLink>;
  /**
   * Follows the backend's change stream until the returned function is called. A dropped
   * stream reconnects; `onReconnect` then says that changes may have been missed.
   * `onError` hears of a stream that cannot be opened (e.g. 403).
   */
  subscribe(
    onChange: (change: OcmFlChange) => void,
    options?: { onReconnect?: () => void; onError?: (error: Error) => void },
  ): () => void;
}

/** @public */
export const ocmFlApiRef = createApiRef<OcmFlApi>().with({
  id: 'plugin.ocm-fl.api',
  pluginId: 'ocm-fl',
});
