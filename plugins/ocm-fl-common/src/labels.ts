/**
 * Labels and annotations that mark the hub objects of a federated learning job
 * (docs/architecture.md). One table, so that renderer, cache and CLI agree.
 *
 * @public
 */
export const OCM_FL_DOMAIN = 'federated-learning.open-cluster-management.io';

/** @public */
export const ocmFlLabels = {
  job: `${OCM_FL_DOMAIN}/job`,
  role: `${OCM_FL_DOMAIN}/role`,
  managedBy: 'app.kubernetes.io/managed-by',
  /**
   * On the Placement and the works: which launch made them. A resumed launch carries the
   * same value, so it recognises its own objects; another value means the name is taken.
   */
  run: `${OCM_FL_DOMAIN}/run`,
} as const;

/** @public */
export const ocmFlAnnotations = {
  spec: `${OCM_FL_DOMAIN}/spec`,
  createdBy: `${OCM_FL_DOMAIN}/created-by`,
  /** Set on the Placement when a person stops the job (its works are removed). */
  stoppedAt: `${OCM_FL_DOMAIN}/stopped-at`,
  /**
   * On the works a launch applies in full (not the aggregator's address draft): the
   * client clusters it pinned, comma-separated, so that a resumed launch can tell whether
   * every one of them got its work.
   */
  participants: `${OCM_FL_DOMAIN}/participants`,
  /** On the same works: the `host:port` the clients dial. */
  aggregatorAddress: `${OCM_FL_DOMAIN}/aggregator-address`,
} as const;

/** Value of the managed-by label and the server-side apply field manager. @public */
export const OCM_FL_MANAGER = 'backstage-ocm-fl';
