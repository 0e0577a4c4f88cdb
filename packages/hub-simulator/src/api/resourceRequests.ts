import http from 'node:http';
import { FieldValidation } from '../schema/CrdSchemas';
import { ObjectStore } from '../store/ObjectStore';
import { Route } from './apiRoutes';
import { readBody } from './requestBody';
import {
  PatchType,
  PropagationPolicy,
  ResourceService,
} from './ResourceService';
import { errors } from './statusError';
import { WatchStreams } from './watchStreams';

/**
 * How long the API server's watch cache waits to reach a requested resourceVersion before it
 * answers "too large resource version" (blockTimeout in apiserver's cacher/watch_cache.go).
 */
const FRESHNESS_WAIT_MS = 3000;

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** What serving a resource request needs: the objects, the watches and how to answer. */
export interface ResourceHandlers {
  service: ResourceService;
  watches: WatchStreams;
  json: (res: http.ServerResponse, status: number, body: unknown) => void;
}

/**
 * Serves a request on a collection or an object (get, list, watch, create, update, patch,
 * delete) with the API server's semantics: query parameters, patch types and answers.
 */
export async function serveResource(
  handlers: ResourceHandlers,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  query: URLSearchParams,
  route: Route,
) {
  const { service, json } = handlers;
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
          handlers.watches.open(res, service.store, type, listOptions, query);
          return;
        }
        await awaitResourceVersion(
          service.store,
          query.get('resourceVersion'),
          query.get('resourceVersionMatch'),
          !!listOptions.limit || !!listOptions.continueToken,
        );
        json(res, 200, service.list(type, listOptions));
        return;
      }
      case 'POST':
        json(
          res,
          201,
          service.create(type, namespace, await readBody(req), writeOptions),
        );
        return;
      case 'DELETE': {
        const body = (await readBody(req)) as any;
        json(
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
      json(res, 200, service.get(type, namespace, name));
      return;
    case 'PUT':
      json(
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
      json(res, patchType === 'apply' && !existed ? 201 : 200, result);
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
        json(res, 200, {
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
        json(res, 202, result);
      }
      return;
    }
    default:
      throw errors.methodNotAllowed(`${method} is not supported`);
  }
}

/**
 * A list at a resourceVersion ("not older than") that the store has not reached fails with
 * 504 Timeout, cause ResourceVersionTooLarge. A paginated one is answered at once, as etcd
 * does (cacher.go shouldDelegateList; etcd3/store.go validateMinimumResourceVersion); the
 * watch cache first waits 3 s for the version (watch_cache.go waitUntilFreshAndBlock).
 */
async function awaitResourceVersion(
  store: ObjectStore,
  param: string | null,
  match: string | null,
  paginated: boolean,
) {
  if (match && match !== 'NotOlderThan' && match !== 'Exact')
    throw errors.badRequest(
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
  if (!param || param === '0') return;
  const requested = Number(param);
  if (!Number.isSafeInteger(requested) || requested < 0)
    throw errors.badRequest(
      `resourceVersion: Invalid value: "${param}": must be a non-negative integer`,
    );
  // The store keeps no past states: an exact read of one is as of a compacted revision.
  if (match === 'Exact' && requested < store.currentRevision())
    throw errors.gone(
      `too old resource version: ${requested} (${store.currentRevision()})`,
    );
  const waitMs = paginated ? 0 : FRESHNESS_WAIT_MS;
  if (!(await store.untilRevision(requested, waitMs)))
    throw errors.tooLargeResourceVersion(
      requested,
      store.currentRevision(),
      paginated ? undefined : 1,
    );
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
