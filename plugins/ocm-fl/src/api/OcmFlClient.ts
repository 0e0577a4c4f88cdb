import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ClusterQuery, JobQuery, ModelQuery, OcmFlApi } from './OcmFlApi';
import {
  Cluster,
  ClusterPage,
  HubHealth,
  JobPage,
  JobView,
  ModelDownloadLink,
  ModelPage,
  ModelView,
  OcmFlChange,
  PlacementPreview,
} from './types';

/** Turns a query object into a query string, leaving out what is unset. */
export function queryString(
  query: Record<string, string | number | boolean | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A stream that the backend refuses (4xx) will be refused again: do not retry it. */
class FatalStreamError extends Error {}

const DEFAULT_RECONNECT_DELAY_MS = 5_000;

type Subscriber = {
  onChange: (change: OcmFlChange) => void;
  onReconnect?: () => void;
  onError?: (error: Error) => void;
};

/** Talks to the ocm-fl backend with the signed-in user's token. @public */
export class OcmFlClient implements OcmFlApi {
  private readonly subscribers = new Set<Subscriber>();
  private stream?: AbortController;

  constructor(
    private readonly deps: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
      /** How long to wait before reopening a dropped event stream. */
      reconnectDelayMs?: number;
    },
  ) {}

  getHealth(): Promise<HubHealth> {
    return this.request('/health');
  }

  getClusters(query: ClusterQuery = {}): Promise<ClusterPage> {
    return this.request(`/clusters${queryString({ ...query })}`);
  }

  getCluster(name: string): Promise<Cluster> {
    return this.request(`/clusters/${encodeURIComponent(name)}`);
  }

  getJobs(query: JobQuery = {}): Promise<JobPage> {
    return this.request(`/jobs${queryString({ ...query })}`);
  }

  getJob(name: string): Promise<JobView> {
    return this.request(`/jobs/${encodeURIComponent(name)}`);
  }

  async stopJob(name: string): Promise<void> {
    await this.request(`/jobs/${encodeURIComponent(name)}/stop`, {
      method: 'POST',
    });
  }

  async deleteJob(name: string): Promise<void> {
    await this.request(`/jobs/${encodeURIComponent(name)}`, {
      method: 'DELETE',
    });
  }

  previewPlacement(request: {
    hub?: string;
    placement: PlacementSelection;
  }): Promise<PlacementPreview> {
    return this.request('/placement/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  getModels(query: ModelQuery = {}): Promise<ModelPage> {
    return this.request(`/models${queryString({ ...query })}`);
  }

  getModel(name: string): Promise<ModelView> {
    return this.request(`/models/${encodeURIComponent(name)}`);
  }

  downloadModel(request: {
    model: string;
    version: number;
    file: string;
  }): Promise<ModelDownloadLink> {
    return this.request(
      `/models/${encodeURIComponent(request.model)}/versions/${
        request.version
      }/download${queryString({ file: request.file })}`,
      { method: 'POST' },
    );
  }

  // One stream serves every subscriber of the page. EventSource cannot send the
  // Authorization header that the backend requires, so the stream is read with fetchApi
  // (which adds the user's token) and parsed as server-sent events.
  subscribe(
    onChange: (change: OcmFlChange) => void,
    options: {
      onReconnect?: () => void;
      onError?: (error: Error) => void;
    } = {},
  ): () => void {
    const subscriber = { onChange, ...options };
    this.subscribers.add(subscriber);
    if (!this.stream) this.stream = this.openStream();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) {
        this.stream?.abort();
        this.stream = undefined;
      }
    };
  }

  private openStream(): AbortController {
    const controller = new AbortController();
    const subscribers = this.subscribers;
    let opened = false;
    const reconnectDelayMs =
      this.deps.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
    this.deps.discoveryApi
      .getBaseUrl('ocm-fl')
      .then(baseUrl =>
        fetchEventSource(`${baseUrl}/events`, {
          signal: controller.signal,
          fetch: this.deps.fetchApi.fetch,
          openWhenHidden: true,
          async onopen(response) {
            if (!response.ok) {
              const error = await ResponseError.fromResponse(response);
              if (response.status >= 500) throw error;
              // The body names the missing permission; the status line does not.
              throw new FatalStreamError(
                error.body?.error?.message ?? error.message,
              );
            }
            // Changes made while the stream was down were not seen: say so.
            if (opened) subscribers.forEach(s => s.onReconnect?.());
            opened = true;
          },
          onmessage(message) {
            if (message.event !== 'change' || !message.data) return;
            const change = JSON.parse(message.data) as OcmFlChange;
            subscribers.forEach(s => s.onChange(change));
          },
          onclose() {
            // The backend ended the stream (e.g. it restarted): reconnect through onerror.
            throw new Error('the event stream closed');
          },
          onerror(error) {
            if (error instanceof FatalStreamError) throw error;
            // Anything else (a dropped connection, a restarting backend): retry.
            return reconnectDelayMs;
          },
        }),
      )
      .catch(error => {
        if (controller.signal.aborted) return;
        subscribers.forEach(s => s.onError?.(error as Error));
        if (this.stream === controller) this.stream = undefined;
      });
    return controller;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('ocm-fl');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
