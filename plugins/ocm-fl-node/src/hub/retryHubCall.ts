import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiException } from '@kubernetes/client-node';

/** How long and how often a hub call is tried again after a transient failure. */
export interface RetryPolicy {
  /** Total time one call may take, retries included. */
  deadlineMs: number;
  /** The first pause; it doubles with each attempt, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  deadlineMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
};

/** HTTP answers a Kubernetes API server gives while throttling or briefly unwell. */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
/** Connection failures that a later attempt may not meet. */
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const entry = Object.entries(headers).find(
    ([key]) => key.toLowerCase() === name,
  );
  return entry ? String(entry[1]) : undefined;
}

/**
 * Why a failed hub call is worth another try, with the wait the hub asked for (its
 * `Retry-After`); undefined for answers a retry cannot change (400, 403, 404, 409, 422, ...).
 */
export function transientHubFailure(
  error: unknown,
): { reason: string; retryAfterMs?: number } | undefined {
  if (error instanceof ApiException) {
    if (!TRANSIENT_STATUS.has(error.code)) return undefined;
    const seconds = Number(header(error.headers, 'retry-after'));
    return {
      reason: `the hub answered ${error.code}`,
      retryAfterMs:
        Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
    };
  }
  const code =
    (error as { code?: unknown })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && TRANSIENT_NETWORK.has(code)
    ? { reason: `the connection to the hub failed (${code})` }
    : undefined;
}

/** Where the retries of the calls made inside `reportRetries` are told, e.g. a launch's log. */
const retryReporter = new AsyncLocalStorage<(message: string) => void>();

/** Runs `fn` so that every hub call it makes reports its retries to `report`. */
export function reportRetries<T>(
  report: (message: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  return retryReporter.run(report, fn);
}

/**
 * Calls the hub, and calls again after a transient failure (throttling, a server error, a
 * dropped connection) with exponential backoff and full jitter, or after the hub's
 * `Retry-After`, until the policy's deadline. Only for idempotent calls: reads, server-side
 * apply and delete.
 */
export async function retryHubCall<T>(
  call: () => Promise<T>,
  options: {
    policy?: RetryPolicy;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    random?: () => number;
  } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const deadline = now() + policy.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = transientHubFailure(error);
      if (!failure) throw error;
      const backoff = Math.min(
        policy.maxDelayMs,
        policy.baseDelayMs * 2 ** (attempt - 1),
      );
      const delay = failure.retryAfterMs ?? Math.round(random() * backoff);
      if (now() + delay > deadline) throw error;
      retryReporter.getStore()?.(
        `${failure.reason}; trying again in ${(delay / 1000).toFixed(
          1,
        )} s (attempt ${attempt + 1})`,
      );
      await sleep(delay);
    }
  }
}
