import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';

/** A job the ocm-fl backend remembers (its lineage store) that has left its hub. */
export interface PastJob {
  name: string;
  /** The launch that made it (absent for jobs launched before runs were labelled). */
  runId?: string;
  phase: string;
  createdAt?: string;
  deletedAt?: string;
}

/** Finds a past job by name, or says there is none. */
export type FindPastJob = (name: string) => Promise<PastJob | undefined>;

/**
 * Asks the ocm-fl backend plugin, as this plugin (a service call), whether a job of this
 * name ran before and left its hub. Jobs still on a hub are the launcher's to find.
 */
export function pastJobsFromBackend(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): FindPastJob {
  return async name => {
    const baseUrl = await options.discovery.getBaseUrl('ocm-fl');
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await options.auth.getOwnServiceCredentials(),
      targetPluginId: 'ocm-fl',
    });
    const response = await fetch(
      `${baseUrl}/jobs/${encodeURIComponent(name)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (response.status === 404) return undefined;
    const job = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(
        `could not ask the ocm-fl backend about past jobs named ${name}: it answered ${
          response.status
        }${job.error?.message ? `, ${job.error.message}` : ''}`,
      );
    }
    return job.archived ? job : undefined;
  };
}
