import { OCM_FL_JOB_RESOURCE_TYPE } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * What a policy's conditions about a job are applied to: the job as its hub shows it.
 * @public
 */
export interface OcmFlJobResource {
  hub: string;
  name: string;
  /** The entity ref of the user who launched it (its created-by annotation), if known. */
  createdBy?: string;
}

/**
 * A condition as a filter on jobs, for stores that select jobs by it.
 * @public
 */
export interface OcmFlJobQuery {
  createdBy: string[];
}

/**
 * The `ocm-fl-job` resource type of the ocm-fl backend plugin; its refs are job names.
 * @public
 */
export const ocmFlJobPermissionResourceRef = createPermissionResourceRef<
  OcmFlJobResource,
  OcmFlJobQuery
>().with({ pluginId: 'ocm-fl', resourceType: OCM_FL_JOB_RESOURCE_TYPE });

// Entity refs are case-insensitive: user:default/Ada and user:default/ada are one user.
const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

const isJobCreator = createPermissionRule({
  name: 'IS_JOB_CREATOR',
  description: 'Allow jobs launched by the given user',
  resourceRef: ocmFlJobPermissionResourceRef,
  paramsSchema: z.object({
    userEntityRef: z
      .string()
      .describe('Entity ref of the user, e.g. user:default/ada'),
  }),
  apply: (job, { userEntityRef }) =>
    job.createdBy !== undefined && sameRef(job.createdBy, userEntityRef),
  toQuery: ({ userEntityRef }) => ({ createdBy: [userEntityRef] }),
});

/**
 * The rules a policy may use in conditional decisions on `ocm-fl-job`; the ocm-fl backend
 * plugin registers them.
 * @public
 */
export const ocmFlJobPermissionRules = { isJobCreator };

const exported = createConditionExports({
  resourceRef: ocmFlJobPermissionResourceRef,
  rules: ocmFlJobPermissionRules,
});

/**
 * Conditions on jobs for policies, e.g. `ocmFlJobConditions.isJobCreator({ userEntityRef })`.
 * @public
 */
export const ocmFlJobConditions = exported.conditions;

/**
 * Wraps conditions on jobs into a conditional decision for a permission on `ocm-fl-job`.
 * @public
 */
export const createOcmFlJobConditionalDecision =
  exported.createConditionalDecision;
