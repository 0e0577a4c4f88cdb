import {
  ApiException,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { OCM_FL_MANAGER } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { retryHubCall, RetryPolicy } from '../hub/retryHubCall';

/** A Kubernetes object as the hub returns it. */
export type HubObject = KubernetesObject & { [key: string]: any };

/**
 * The launcher's view of a hub: read, list, server-side apply (field manager
 * `backstage-ocm-fl`, so a repeated launch is idempotent) and delete, over client-node.
 * Every call is idempotent, so each is tried again after a transient failure (see
 * retryHubCall), as a client of a throttling API server must.
 */
export class HubObjects {
  private readonly api: KubernetesObjectApi;

  constructor(
    kubeConfig: KubeConfig,
    private readonly retry?: { policy?: RetryPolicy },
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return retryHubCall(fn, this.retry);
  }

  async get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<HubObject | undefined> {
    try {
      return (await this.call(() =>
        this.api.read({ apiVersion, kind, metadata: { name, namespace } }),
      )) as HubObject;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<HubObject[]> {
    const list = await this.call(() =>
      this.api.list(
        apiVersion,
        kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        options.labelSelector,
      ),
    );
    return list.items as HubObject[];
  }

  /**
   * Server-side apply; with `dryRun` the hub validates and changes nothing. A separate
   * `fieldManager` owns only what it applies (e.g. a lifecycle annotation).
   */
  async apply(
    object: HubObject,
    options: { dryRun?: boolean; fieldManager?: string } = {},
  ): Promise<HubObject> {
    return (await this.call(() =>
      this.api.patch(
        object,
        undefined,
        options.dryRun ? 'All' : undefined,
        options.fieldManager ?? OCM_FL_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    )) as HubObject;
  }

  /** Deletes an object; a missing one is not an error. */
  async delete(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<boolean> {
    try {
      await this.call(() =>
        this.api.delete(
          { apiVersion, kind, metadata: { name, namespace } },
          undefined,
          undefined,
          undefined,
          undefined,
          'Foreground',
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return false;
      throw error;
    }
  }
}

/** The message of a hub error: the Status message when there is one. */
export function hubErrorMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body =
      typeof error.body === 'string' ? safeParse(error.body) : error.body;
    return `the hub answered ${error.code}: ${body?.message ?? 'no message'}`;
  }
  return (error as Error)?.message ?? String(error);
}

function safeParse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}
