import { ReactElement } from 'react';
import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { ocmFlApiRef } from '../api/OcmFlApi';
import { OcmFlChange } from '../api/types';
import { OcmFlClient } from '../api/OcmFlClient';
import { rootRouteRef, templateRouteRef } from '../routes';

export const baseUrl = 'http://backend.test/api/ocm-fl';

export function createTestClient(options: { reconnectDelayMs?: number } = {}) {
  return new OcmFlClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (...args) => fetch(...args) },
    ...options,
  });
}

/**
 * A server-sent event stream at /events that a test pushes changes into, as the backend
 * does when the hub changes.
 */
export function eventStream(server: SetupServer) {
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  server.use(
    http.get(`${baseUrl}/events`, ({ request }) => {
      let stream: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stream = controller;
          streams.add(controller);
          controller.enqueue(encoder.encode(': connected\n\n'));
        },
        cancel() {
          streams.delete(stream);
        },
      });
      // The client went away (unsubscribed, or the page unmounted): end the stream.
      request.signal.addEventListener('abort', () => {
        if (streams.delete(stream)) stream.close();
      });
      return new HttpResponse(body, {
        headers: { 'content-type': 'text/event-stream' },
      });
    }),
  );
  return {
    push(change: OcmFlChange) {
      const frame = `event: change\ndata: ${JSON.stringify(change)}\n\n`;
      streams.forEach(s => s.enqueue(encoder.encode(frame)));
    },
    /** Ends every open stream, as a restarting backend does. */
    closeAll() {
      streams.forEach(s => s.close());
      streams.clear();
    },
    get connections() {
      return streams.size;
    },
  };
}

/** A Backstage error body, as the backend sends for 4xx and 5xx. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** A permission answer for every request, or one per request. */
export type PermissionAnswer =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | ((
      request: EvaluatePermissionRequest,
    ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY);

/** Renders inside a test app with the real client (against msw) and a permission answer. */
export function renderWithOcmFl(
  element: ReactElement,
  options: {
    permission?: PermissionAnswer;
    mountPath?: string;
    initialRouteEntries?: string[];
  } = {},
) {
  return renderInTestApp(element, {
    apis: [
      [ocmFlApiRef, createTestClient()],
      mockApis.permission({
        authorize: options.permission ?? AuthorizeResult.ALLOW,
      }),
    ],
    mountedRoutes: {
      '/federated-learning': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/create/templates/:namespace/:templateName': templateRouteRef,
    },
    mountPath: options.mountPath,
    initialRouteEntries: options.initialRouteEntries,
  });
}
