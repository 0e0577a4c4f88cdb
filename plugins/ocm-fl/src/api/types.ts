import type { components, operations } from './generated/openapi';

/*
 * The backend's responses, named after the types that openapi-typescript generates from the
 * backend's openapi.yaml (`yarn generate:api-types`; a test fails when they are out of date).
 */

type Schemas = components['schemas'];
type JsonResponse<O extends keyof operations> =
  operations[O]['responses'][200]['content'] extends {
    'application/json': infer Body;
  }
    ? Body
    : never;

/** How fresh the backend's cache of each hub is, by hub name (the `hubs` of list responses). @public */
export type HubCacheStates = Schemas['CacheStates'];

/** How fresh the backend's cache of one hub is. @public */
export type HubCacheState = HubCacheStates[string];

/** A page of clusters. @public */
export type ClusterPage = JsonResponse<'listClusters'>;

/** A page of jobs. @public */
export type JobPage = JsonResponse<'listJobs'>;

/** One job of a page of jobs. @public */
export type JobListItem = JobPage['items'][number];

/** A page of models. @public */
export type ModelPage = JsonResponse<'listModels'>;

/** A job as its page shows it: the detail plus what the model store and lineage store know. @public */
export type JobView = Schemas['JobDetail'];

/** Result of a placement preview: which clusters match and why each other one does not. @public */
export type PlacementPreview = JsonResponse<'previewPlacement'>;

/** One change on a hub or in the lineage store, from the backend's event stream. @public */
export type OcmFlChange = Schemas['Change'];

/** Each configured hub and whether it answers. @public */
export type HubHealth = JsonResponse<'getHealth'>;

/** One managed cluster. @public */
export type Cluster = Schemas['Cluster'];

/** One model with its versions and lineage graph. @public */
export type ModelView = Schemas['ModelDetail'];

/** A short-lived link to one file of a model version. @public */
export type ModelDownloadLink = JsonResponse<'downloadModelVersion'>;
