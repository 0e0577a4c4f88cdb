import http from 'node:http';
import https from 'node:https';
import { Duplex } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import { FieldValidation } from '../schema/CrdSchemas';
import { KubeObject, StoreEvent } from '../store/types';
import { discovery } from './discovery';
import { OpenApiDocuments } from './openapi';
import {
  PatchType,
  PropagationPolicy,
  ResourceService,
} from './ResourceService';
import { findResourceType, resourceKey, ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { errors, StatusError } from './statusError';

/** Knobs that make the API misbehave on purpose. */
export interface ApiFaults {
  /** Share of API requests (0..1) answered with 500 or 429 instead of being served. */
  errorRate: number;
  /**
   * Share of writes (0..1) that are made but whose answer never arrives: the connection
   * breaks mid-reply, and the client cannot tell whether its change happened.
   */
  lostAnswerRate: number;
}

export interface ApiServerOptions {
  service: ResourceService;
  tokens: string[];
  faults: ApiFaults;
  /** How often a watch that asked for bookmarks gets one. */
  bookmarkIntervalMs: number;
  /** Upper bound of a watch's life when the client sets no timeoutSeconds. */
  watchTimeoutSeconds: number;
  openapi: OpenApiDocuments;
  /** Handles `/simulator/...` admin requests; returns the JSON answer. */
  admin: (method: string, path: string, body: unknown) => Promise<unknown>;
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: 'status';
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/**
 * The Kubernetes REST API of the simulated hub. Errors are Kubernetes `Status` objects;
 * watches stream newline-delimited events as the real API server does.
 */
export class ApiServer {
  private readonly watches = new Set<http.ServerResponse>();
  /** Writes whose answer the lost-answer fault drops. */
  private readonly lostAnswers = new WeakSet<http.ServerResponse>();
  private readonly sockets = new Set<Duplex>();
  private closing = false;
  readonly server: http.Server | https.Server;

  constructor(
    private readonly options: ApiServerOptions & {
      tls?: { certPem: string; keyPem: string };
    },
  ) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(error => this.fail(res, error));
    };
    this.server = options.tls
      ? https.createServer(
          { cert: options.tls.certPem, key: options.tls.keyPem },
          handler,
        )
      : http.createServer(handler);
    this.server.on(
      options.tls ? 'secureConnection' : 'connection',
      (socket: Duplex) => {
        if (this.closing) {
          socket.destroy();
          return;
        }
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      },
    );
  }

  /** Stops listening and ends every connection, including ones that arrive meanwhile. */
  close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }

  /** Ends every open watch, as a network blip or an API server restart would. */
  dropWatches(): number {
    const count = this.watches.size;
    for (const res of this.watches) res.destroy();
    this.watches.clear();
    return count;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (['/healthz', '/readyz', '/livez'].includes(path)) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (!this.options.tokens.some(token => auth === `Bearer ${token}`)) {
      throw errors.unauthorized();
    }
    const method = req.method ?? 'GET';
    if (path.startsWith('/simulator/')) {
      const body = method === 'GET' ? undefined : await readBody(req);
      this.json(res, 200, await this.options.admin(method, path, body));
      return;
    }
    if (
      this.options.faults.errorRate > 0 &&
      Math.random() < this.options.faults.errorRate
    ) {
      throw Math.random() < 0.5
        ? errors.internal('injected fault: internal error')
        : errors.tooManyRequests();
    }
    if (method !== 'GET' && Math.random() < this.options.faults.lostAnswerRate)
      this.lostAnswers.add(res);
    const fixed = this.discovery(path);
    if (fixed !== undefined) {
      if (fixed === null)
        throw new StatusError(
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
      this.json(res, 200, fixed);
      return;
    }
    const route = parseRoute(path);
    if (!route)
      throw new StatusError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    await this.serveResource(req, res, method, url.searchParams, route);
  }

  private discovery(path: string): unknown | null | undefined {
    if (path === '/version') return discovery.version();
    if (path === '/api') return discovery.versions();
    if (path === '/apis') return discovery.groupList();
    if (path === '/api/v1') return discovery.resourceList('', 'v1');
    if (path === '/openapi/v3') return this.options.openapi.root();
    if (path.startsWith('/openapi/v3/'))
      return (
        this.options.openapi.get(path.slice('/openapi/v3/'.length)) ?? null
      );
    if (path.startsWith('/openapi/')) return null;
    const parts = path.split('/').slice(1);
    if (parts[0] === 'apis' && parts.length === 2)
      return discovery.group(parts[1]) ?? null;
    if (parts[0] === 'apis' && parts.length === 3)
      return discovery.resourceList(parts[1], parts[2]) ?? null;
    return undefined;
  }

  private async serveResource(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    query: URLSearchParams,
    route: Route,
  ) {
    const { service } = this.options;
    const { type, namespace, name, subresource } = route;
    const scope = subresource ?? 'main';
    const writeOptions = {
      dryRun: query.get('dryRun') === 'All',
      fieldValidation: fieldValidation(query.get('fieldValidation')),
      fieldManager: query.get('fieldManager') ?? defaultManager(req),
    };
    if (query.getAll('dryRun').some(v => v !== 'All')) {
      throw errors.badRequest(
        'dryRun: Unsupported value: only "All" is supported',
      );
    }

    if (!name) {
      switch (method) {
        case 'GET': {
          const isWatch = ['true', '1'].includes(query.get('watch') ?? '');
          const listOptions = {
            namespace,
            labelSelector: query.get('labelSelector') ?? undefined,
            fieldSelector: query.get('fieldSelector') ?? undefined,
            limit: query.has('limit') ? Number(query.get('limit')) : undefined,
            continueToken: query.get('continue') ?? undefined,
          };
          if (isWatch) {
            this.watch(res, type, listOptions, query);
            return;
          }
          this.json(res, 200, service.list(type, listOptions));
          return;
        }
        case 'POST':
          this.json(
            res,
            201,
            service.create(type, namespace, await readBody(req), writeOptions),
          );
          return;
        case 'DELETE': {
          const body = (await readBody(req)) as any;
          this.json(
            res,
            200,
            service.deleteCollection(type, {
              namespace,
              labelSelector: query.get('labelSelector') ?? undefined,
              fieldSelector: query.get('fieldSelector') ?? undefined,
              dryRun: writeOptions.dryRun || body?.dryRun?.includes?.('All'),
              propagationPolicy: propagation(
                query.get('propagationPolicy') ?? body?.propagationPolicy,
              ),
            }),
          );
          return;
        }
        default:
          throw errors.methodNotAllowed(
            `${method} is not supported on a collection`,
          );
      }
    }

    switch (method) {
      case 'GET':
        this.json(res, 200, service.get(type, namespace, name));
        return;
      case 'PUT':
        this.json(
          res,
          200,
          service.update(
            type,
            namespace,
            name,
            await readBody(req),
            scope,
            writeOptions,
          ),
        );
        return;
      case 'PATCH': {
        const contentType = (req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim();
        const patchType = PATCH_TYPES[contentType];
        if (!patchType) throw errors.unsupportedMediaType(contentType);
        const existed =
          patchType === 'apply' && !!service.find(type, namespace, name);
        const result = service.patch(
          type,
          namespace,
          name,
          patchType,
          await readBody(req),
          scope,
          {
            ...writeOptions,
            fieldManager:
              query.get('fieldManager') ??
              (patchType === 'apply' ? undefined : writeOptions.fieldManager),
            force: query.get('force') === 'true',
          },
        );
        this.json(res, patchType === 'apply' && !existed ? 201 : 200, result);
        return;
      }
      case 'DELETE': {
        if (subresource)
          throw errors.methodNotAllowed(
            'DELETE is not supported on a subresource',
          );
        const body = (await readBody(req)) as any;
        const result = service.delete(type, namespace, name, {
          dryRun: writeOptions.dryRun || body?.dryRun?.includes?.('All'),
          propagationPolicy: propagation(
            query.get('propagationPolicy') ?? body?.propagationPolicy,
          ),
          preconditions: body?.preconditions,
        });
        // A removed object is answered with a Success status; one that waits on finalizers
        // is answered with itself (202 when it still has finalizers, as the API server does).
        const gone = !service.find(type, namespace, name);
        if (gone) {
          this.json(res, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
              name,
              group: type.group,
              kind: type.plural,
              uid: result.metadata.uid,
            },
          });
        } else {
          this.json(res, 202, result);
        }
        return;
      }
      default:
        throw errors.methodNotAllowed(`${method} is not supported`);
    }
  }

  private watch(
    res: http.ServerResponse,
    type: ResourceType,
    options: {
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
    },
    query: URLSearchParams,
  ) {
    const { service } = this.options;
    const store = service.store;
    const matchesLabels = parseLabelSelector(options.labelSelector);
    const matchesFields = parseFieldSelector(options.fieldSelector);
    const key = resourceKey(type);
    const matches = (o: KubeObject | undefined) =>
      !!o &&
      (options.namespace === undefined ||
        o.metadata.namespace === options.namespace) &&
      matchesLabels(o.metadata.labels) &&
      matchesFields(o);

    res.writeHead(200, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
      'cache-control': 'no-cache',
    });
    res.flushHeaders();
    const send = (eventType: string, object: unknown) => {
      res.write(`${JSON.stringify({ type: eventType, object })}\n`);
    };
    const deliver = (event: StoreEvent) => {
      if (event.key !== key) return;
      const now = matches(event.object);
      const before = event.type === 'MODIFIED' && matches(event.previous);
      if (event.type === 'MODIFIED' && before && !now)
        send('DELETED', event.object);
      else if (event.type === 'MODIFIED' && !before && now)
        send('ADDED', event.object);
      else if (now) send(event.type, event.object);
    };

    const rvParam = query.get('resourceVersion');
    // Subscribe first so that nothing written while we replay history is missed.
    const buffered: StoreEvent[] = [];
    let live = false;
    const unsubscribe = store.subscribe(event =>
      live ? deliver(event) : buffered.push(event),
    );
    let from: number;
    if (!rvParam || rvParam === '0') {
      from = store.currentRevision();
      for (const object of store.list(key, options.namespace))
        if (matches(object)) send('ADDED', object);
    } else {
      from = Number(rvParam);
      const history = Number.isFinite(from)
        ? store.eventsSince(from)
        : undefined;
      if (!history) {
        send(
          'ERROR',
          errors
            .gone(
              `too old resource version: ${rvParam} (${store.currentRevision()})`,
            )
            .toStatus(),
        );
        unsubscribe();
        res.end();
        return;
      }
      history.forEach(deliver);
      from = Math.max(
        from,
        history[history.length - 1]?.resourceVersion ?? from,
      );
    }
    for (const event of buffered)
      if (event.resourceVersion > from) deliver(event);
    live = true;

    this.watches.add(res);
    const bookmarks =
      query.get('allowWatchBookmarks') === 'true'
        ? setInterval(
            () =>
              send('BOOKMARK', {
                kind: type.kind,
                apiVersion: type.group
                  ? `${type.group}/${type.version}`
                  : type.version,
                metadata: { resourceVersion: String(store.currentRevision()) },
              }),
            this.options.bookmarkIntervalMs,
          )
        : undefined;
    const requested = Number(query.get('timeoutSeconds'));
    const timeoutSeconds =
      requested > 0
        ? Math.min(requested, this.options.watchTimeoutSeconds)
        : this.options.watchTimeoutSeconds;
    const timeout = setTimeout(() => res.end(), timeoutSeconds * 1000);
    const cleanup = () => {
      unsubscribe();
      clearInterval(bookmarks);
      clearTimeout(timeout);
      this.watches.delete(res);
    };
    res.on('close', cleanup);
  }

  private json(res: http.ServerResponse, status: number, body: unknown) {
    if (this.lostAnswers.delete(res)) {
      res.destroy();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private fail(res: http.ServerResponse, error: unknown) {
    const status =
      error instanceof StatusError
        ? error
        : errors.internal((error as Error)?.message ?? String(error));
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {};
    if (status.details?.retryAfterSeconds)
      headers['retry-after'] = String(status.details.retryAfterSeconds);
    res.writeHead(status.code, {
      'content-type': 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(status.toStatus()));
  }
}

/** Maps an API path to a kind, namespace, name and subresource. */
export function parseRoute(path: string): Route | undefined {
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    [group, version, rest] = ['', 'v1', parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const type = findResourceType(group, version, plural);
  if (!type || extra.length > 0) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  if (
    subresource !== undefined &&
    (subresource !== 'status' || !type.statusSubresource)
  )
    return undefined;
  return {
    type,
    namespace,
    name,
    subresource: subresource as 'status' | undefined,
  };
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  const contentType = req.headers['content-type'] ?? '';
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(
      `the request body could not be decoded: ${(error as Error).message}`,
    );
  }
}

function fieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore')
    return value;
  throw errors.badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

function propagation(value: unknown): PropagationPolicy | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'Foreground' || value === 'Background' || value === 'Orphan')
    return value;
  throw errors.badRequest(`propagationPolicy: Unsupported value: "${value}"`);
}

/** Like the API server, name an update's manager after the client's user agent. */
function defaultManager(req: http.IncomingMessage): string {
  return (req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown';
}
