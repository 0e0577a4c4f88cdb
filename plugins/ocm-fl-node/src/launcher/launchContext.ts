import { KubeConfig } from '@kubernetes/client-node';
import { HubObject, HubObjects } from './HubObjects';
import { LaunchError } from './LaunchError';

/** What the steps of a launch share: the hub, the job namespace and the launcher's limits. */
export interface LaunchContext {
  hub: HubObjects;
  kubeConfig: KubeConfig;
  /** Hub namespace for Placements; it holds the locations' Secrets. */
  namespace: string;
  waits: {
    decisionsMs: number;
    addressMs: number;
    /** For a work agent to act on a changed or deleted work. */
    agentMs: number;
    pollMs: number;
  };
  /** Hub objects applied or deleted at once. */
  concurrency: number;
}

/** Placeholder host for dry runs, where no LoadBalancer address exists yet. */
export const PENDING_HOST = 'aggregator-address.pending';

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/**
 * Polls `pending` (what is still awaited, or undefined when done) every `pollMs` for at most
 * `withinMs`; then a timeout naming `what` and what was still awaited.
 */
export async function waitFor(
  { pollMs, withinMs }: { pollMs: number; withinMs: number },
  what: string,
  pending: () => Promise<string | undefined>,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = await pending();
    if (left === undefined) return;
    if (Date.now() > deadline)
      throw new LaunchError(
        'timeout',
        `waited ${withinMs / 1000} s for ${what}: ${left}`,
      );
    await sleep(pollMs);
  }
}

/** Whether the work agent has acted on this generation of a work (its Applied condition says so). */
export function agentSynced(
  work: HubObject | undefined,
  generation: number | undefined,
): boolean {
  const applied = work?.status?.conditions?.find(
    (c: { type: string }) => c.type === 'Applied',
  );
  return (
    applied?.observedGeneration !== undefined &&
    generation !== undefined &&
    applied.observedGeneration >= generation
  );
}
