/**
 * What the backend knows about its connection to one OCM hub.
 *
 * - `ok`: the hub answered a list of ManagedClusters with our credentials.
 * - `unreachable`: no HTTP answer (connection refused, DNS, TLS, timeout).
 * - `unauthorized`: the hub answered 401 or 403 to our service account.
 * - `error`: the hub answered, but not as an OCM hub should (e.g. the
 *   ManagedCluster API is missing, or a server error).
 * - `unknown`: not checked yet.
 *
 * @public
 */
export type HubState =
  | 'ok'
  | 'unreachable'
  | 'unauthorized'
  | 'error'
  | 'unknown';

/** @public */
export type HubHealth = {
  /** The hub's name in `ocmFl.hubs[].name`. */
  name: string;
  /** The hub's API server URL. */
  url: string;
  state: HubState;
  /** Why the hub is not `ok`, in words a platform engineer can act on. */
  message?: string;
  /** When the state was last determined (ISO 8601), absent while `unknown`. */
  checkedAt?: string;
  /** Round-trip time of the last successful check. */
  latencyMs?: number;
  /** The hub's Kubernetes version (`/version` gitVersion), when it answered. */
  kubernetesVersion?: string;
  /** True when the hub is the project's OCM hub simulator, not a real hub. */
  simulator?: boolean;
  /** What is insecure about the connection (plain HTTP, TLS verification off). */
  warnings?: string[];
};

/** Body of `GET /api/ocm-fl/health`. @public */
export type HealthResponse = {
  /** `ok` only when every configured hub is `ok`. */
  status: 'ok' | 'degraded';
  hubs: HubHealth[];
};

/** Overall status of a set of hubs: one hub that is not `ok` degrades it. @public */
export function overallHubStatus(hubs: HubHealth[]): HealthResponse['status'] {
  return hubs.length > 0 && hubs.every(hub => hub.state === 'ok')
    ? 'ok'
    : 'degraded';
}
