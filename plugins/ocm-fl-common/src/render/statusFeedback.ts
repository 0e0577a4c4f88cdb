import { JobSpec } from '../job/jobSpec';
import { jobNamespace } from './jobMetadata';

/*
 * The work agent evaluates JSONPaths from the object's root, whatever the CRD's field
 * description says ("under status"): open-cluster-management-io/ocm v1.3.0
 * `pkg/work/spoke/statusfeedback/reader.go` runs each path on the whole object, and its
 * well-known rules read `.status.readyReplicas`. Only integers, strings and booleans come back.
 */

/** Replica counts, and the reason a rollout stopped (`ProgressDeadlineExceeded` when it failed). */
export function deploymentFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: 'apps',
      resource: 'deployments',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      { type: 'WellKnownStatus' },
      {
        type: 'JSONPaths',
        jsonPaths: [
          {
            name: 'ProgressingReason',
            path: '.status.conditions[?(@.type=="Progressing")].reason',
          },
        ],
      },
    ],
  };
}

export function jobFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: 'batch',
      resource: 'jobs',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      { type: 'WellKnownStatus' },
      {
        type: 'JSONPaths',
        jsonPaths: [
          { name: 'active', path: '.status.active' },
          { name: 'failed', path: '.status.failed' },
          { name: 'succeeded', path: '.status.succeeded' },
          // The Job's end: a failed pod alone is not one while backoffLimit allows retries.
          {
            name: 'JobFailed',
            path: '.status.conditions[?(@.type=="Failed")].status',
          },
          {
            name: 'JobFailedReason',
            path: '.status.conditions[?(@.type=="Failed")].reason',
          },
        ],
      },
    ],
    // The agent's built-in rule: Complete=True once the Job has finished, failed or not
    // (ocm v1.3.0 `pkg/work/spoke/conditions/rules/rule.go`).
    conditionRules: [{ type: 'WellKnownConditions', condition: 'Complete' }],
  };
}

export function serviceAddressFeedback(spec: JobSpec, name: string) {
  return {
    resourceIdentifier: {
      group: '',
      resource: 'services',
      namespace: jobNamespace(spec),
      name,
    },
    feedbackRules: [
      {
        type: 'JSONPaths',
        jsonPaths: [
          // An IP on most clouds, a DNS name only on AWS.
          { name: 'ip', path: '.status.loadBalancer.ingress[0].ip' },
          {
            name: 'hostname',
            path: '.status.loadBalancer.ingress[0].hostname',
          },
        ],
      },
    ],
  };
}
