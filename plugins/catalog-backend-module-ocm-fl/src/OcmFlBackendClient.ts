import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ModelDetail,
  ModelSummary,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** A model as `GET /models?versions=true` lists it. */
export type ModelWithVersions = ModelSummary & Pick<ModelDetail, 'versions'>;

/** The most models the backend lists per page. */
const MODELS_PER_PAGE = 1000;

/** A change event of the ocm-fl backend's stream, as far as the providers care. */
export interface ChangeEvent {
  kind: string;
  type: string;
  name: string;
}

/**
 * Talks to the ocm-fl backend plugin over HTTP with the catalog's own service credentials:
 * its lineage store holds the models, whichever replica serves.
 */
export class OcmFlBackendClient {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  private async request(path: string, init?: RequestInit) {
    const baseUrl = await this.deps.discovery.getBaseUrl('ocm-fl');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'ocm-fl',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(
        `GET ${path} answered ${response.status}: ${(
          await response.text()
        ).slice(0, 300)}`,
      );
    }
    return response;
  }

  /**
   * Every model with its versions, a page of a thousand per request: one request per model
   * would cost each a token and a database query, a thousand of them per refresh.
   */
  async models(): Promise<ModelWithVersions[]> {
    const models: ModelWithVersions[] = [];
    for (;;) {
      const page = (await (
        await this.request(
          `/models?versions=true&limit=${MODELS_PER_PAGE}&offset=${models.length}`,
        )
      ).json()) as { total: number; items: ModelWithVersions[] };
      models.push(...page.items);
      if (page.items.length === 0 || models.length >= page.total) return models;
    }
  }

  /**
   * Follows the change stream until `signal` aborts, reconnecting with a growing pause when it
   * breaks; `onChange` gets every event, `onConnect` each (re)connection (a missed event is
   * covered by refreshing then).
   */
  async follow(
    signal: AbortSignal,
    handlers: { onChange(event: ChangeEvent): void; onConnect(): void },
  ): Promise<void> {
    let pauseMs = 1000;
    while (!signal.aborted) {
      try {
        const response = await this.request('/events', { signal });
        handlers.onConnect();
        pauseMs = 1000;
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          // Server-sent events end with a blank line; the last part may be incomplete.
          const messages = buffer.split('\n\n');
          buffer = messages.pop() ?? '';
          for (const message of messages) {
            const data = message
              .split('\n')
              .find(line => line.startsWith('data: '));
            if (data) handlers.onChange(JSON.parse(data.slice(6)));
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        this.deps.logger.warn(
          `The ocm-fl change stream broke, reconnecting in ${pauseMs} ms: ${
            (error as Error).message
          }`,
        );
      }
      const pause = pauseMs;
      await new Promise(resolve => setTimeout(resolve, pause));
      pauseMs = Math.min(pauseMs * 2, 30_000);
    }
  }
}
