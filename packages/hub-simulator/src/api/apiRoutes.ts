import { discovery } from './discovery';
import { OpenApiDocuments } from './openapi';
import { findResourceType, ResourceType } from './resources';

/** A resource request's target: a kind, and where its objects are. */
export interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: 'status';
}

/**
 * The answer of a discovery or OpenAPI path (`/version`, `/api`, `/apis/...`,
 * `/openapi/v3/...`): the document, null when such a path names nothing, undefined when
 * the path is not a discovery path.
 */
export function discoveryAnswer(
  path: string,
  openapi: OpenApiDocuments,
): unknown | null | undefined {
  if (path === '/version') return discovery.version();
  if (path === '/api') return discovery.versions();
  if (path === '/apis') return discovery.groupList();
  if (path === '/api/v1') return discovery.resourceList('', 'v1');
  if (path === '/openapi/v3') return openapi.root();
  if (path.startsWith('/openapi/v3/'))
    return openapi.get(path.slice('/openapi/v3/'.length)) ?? null;
  if (path.startsWith('/openapi/')) return null;
  const parts = path.split('/').slice(1);
  if (parts[0] === 'apis' && parts.length === 2)
    return discovery.group(parts[1]) ?? null;
  if (parts[0] === 'apis' && parts.length === 3)
    return discovery.resourceList(parts[1], parts[2]) ?? null;
  return undefined;
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
