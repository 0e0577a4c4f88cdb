import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClusterView,
  ClusterVerdict,
  FrameworkName,
  HealthResponse,
  JobDetail,
  JobPhase,
  JobSummary,
  ModelDetail,
  ModelDownload,
  ModelSummary,
  PhaseChange,
  PlacementCondition,
  PlacementSelection,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** How fresh the backend's cache of one hub is (the `hubs` part of list responses). @public */
export interface HubCacheState {
  synced: boolean;
  /** A watch failed and the backend serves the last known state. */
  stale: boolean;
  error?: string;
  lastContactAt?: string;
}

/** A page of a list, with the state of each hub it was read from. @public */
export interface Paged<T> {
  total: number;
  items: T[];
  hubs?: Record<string, HubCacheState>;
}

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

/** A job as its page shows it: the detail plus what the model store and lineage store know. @public */
export interface JobView extends JobDetail {
  metrics?: Array<{ round: number; metrics: Record<string, number> }>;
  model?: { location: string; files?: string[]; checkpoints?: unknown[] };
  /** Why progress, metrics and the model are missing (the model store could not be read). */
  modelError?: string;
  timeline?: PhaseChange[];
  /** The rendered hub objects (Placement, ManifestWorks), Secret values redacted. */
  objects?: unknown[];
}

/** Result of a placement preview: which clusters match and why each other one does not. @public */
export interface PlacementPreview {
  hub: string;
  selected: string[];
  conditions: PlacementCondition[];
  verdicts: ClusterVerdict[];
}

/** One change on a hub, from the backend's event stream. @public */
export interface OcmFlChange {
  hub: string;
  kind:
    | 'clusters'
    | 'clusterSets'
    | 'bindings'
    | 'placements'
    | 'decisions'
    | 'works'
    | 'lineage'
    | 'models';
  type: 'add' | 'update' | 'delete';
  name: string;
  namespace?: string;
  job?: string;
}

/** The ocm-fl backend as the frontend sees it. @public */
export interface OcmFlApi {
  getHealth(): Promise<HealthResponse>;
  getClusters(query?: ClusterQuery): Promise<Paged<ClusterView>>;
  getCluster(name: string): Promise<ClusterView>;
  getJobs(query?: JobQuery): Promise<Paged<JobSummary>>;
  getJob(name: string): Promise<JobView>;
  stopJob(name: string): Promise<void>;
  deleteJob(name: string): Promise<void>;
  previewPlacement(request: {
    hub?: string;
    placement: PlacementSelection;
  }): Promise<PlacementPreview>;
  getModels(query?: ModelQuery): Promise<Paged<ModelSummary>>;
  getModel(name: string): Promise<ModelDetail>;
  downloadModel(request: {
    model: string;
    version: number;
    file: string;
  }): Promise<ModelDownload>;
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
