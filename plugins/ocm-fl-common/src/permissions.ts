import { createPermission } from '@backstage/plugin-permission-common';

/** See managed clusters, cluster sets and placement previews. @public */
export const ocmFlClusterReadPermission = createPermission({
  name: 'ocm-fl.cluster.read',
  attributes: { action: 'read' },
});

/** See federated learning jobs, their status and rendered objects. @public */
export const ocmFlJobReadPermission = createPermission({
  name: 'ocm-fl.job.read',
  attributes: { action: 'read' },
});

/**
 * Launch a federated learning job from the portal (the template action). The CLI does not
 * ask it: it acts with the hub credentials it is given.
 * @public
 */
export const ocmFlJobCreatePermission = createPermission({
  name: 'ocm-fl.job.create',
  attributes: { action: 'create' },
});

/**
 * The resource type of a federated learning job; its resource ref is the job's name.
 * @public
 */
export const OCM_FL_JOB_RESOURCE_TYPE = 'ocm-fl-job';

/**
 * Stop a running job or delete a job's objects from the hub. A resource permission: a
 * policy may allow it for some jobs only, e.g. those the user created.
 * @public
 */
export const ocmFlJobDeletePermission = createPermission({
  name: 'ocm-fl.job.delete',
  attributes: { action: 'delete' },
  resourceType: OCM_FL_JOB_RESOURCE_TYPE,
});

/** See trained models, their versions, metrics and lineage. @public */
export const ocmFlModelReadPermission = createPermission({
  name: 'ocm-fl.model.read',
  attributes: { action: 'read' },
});

/** Download a model version's files (presigned URL). @public */
export const ocmFlModelDownloadPermission = createPermission({
  name: 'ocm-fl.model.download',
  attributes: { action: 'read' },
});

/** Every permission of the plugin, for the permissions registry. @public */
export const ocmFlPermissions = [
  ocmFlClusterReadPermission,
  ocmFlJobReadPermission,
  ocmFlJobCreatePermission,
  ocmFlJobDeletePermission,
  ocmFlModelReadPermission,
  ocmFlModelDownloadPermission,
];
