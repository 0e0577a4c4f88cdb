import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { HealthResponse } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { OcmFlApi } from './OcmFlApi';

/** Talks to the ocm-fl backend with the signed-in user's token. @public */
export class OcmFlClient implements OcmFlApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('ocm-fl');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
