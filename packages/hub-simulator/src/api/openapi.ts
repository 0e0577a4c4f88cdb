import { createHash } from 'node:crypto';
import { CrdSchemas } from '../schema/CrdSchemas';
import { apiVersionOf, RESOURCE_TYPES, ResourceType } from './resources';

/**
 * OpenAPI v3 documents per group/version, as kubectl reads them for `apply` (schemas by
 * GroupVersionKind) and to learn that the server validates fields (`fieldValidation`).
 */
export class OpenApiDocuments {
  private readonly documents = new Map<string, unknown>();

  constructor(schemas: CrdSchemas | undefined) {
    const byGroupVersion = new Map<string, ResourceType[]>();
    for (const type of RESOURCE_TYPES) {
      const key = type.group
        ? `apis/${type.group}/${type.version}`
        : `api/${type.version}`;
      byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), type]);
    }
    for (const [key, types] of byGroupVersion) {
      this.documents.set(key, documentFor(types, schemas));
    }
  }

  root() {
    return {
      paths: Object.fromEntries(
        [...this.documents.entries()].map(([key, doc]) => [
          key,
          {
            serverRelativeURL: `/openapi/v3/${key}?hash=${createHash('sha256')
              .update(JSON.stringify(doc))
              .digest('hex')
              .slice(0, 32)}`,
          },
        ]),
      ),
    };
  }

  get(key: string) {
    return this.documents.get(key);
  }
}

function schemaName(type: ResourceType): string {
  const prefix = type.group
    ? type.group.split('.').reverse().join('.')
    : 'io.k8s.api.core';
  return `${prefix}.${type.version}.${type.kind}`;
}

const query = (name: string) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
});
const pathParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

function documentFor(types: ResourceType[], schemas: CrdSchemas | undefined) {
  const paths: Record<string, unknown> = {};
  const components: Record<string, unknown> = {};
  for (const type of types) {
    const gvk = { group: type.group, version: type.version, kind: type.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(type)}` };
    const body = { content: { 'application/json': { schema: ref } } };
    const ok = {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: ref } },
      },
    };
    const writeParams = [
      query('dryRun'),
      query('fieldManager'),
      query('fieldValidation'),
    ];
    const prefix = type.group ? `apis/${type.group}` : 'api';
    const scope = type.namespaced ? '/namespaces/{namespace}' : '';
    const base = `/${prefix}/${type.version}${scope}/${type.plural}`;
    const scopeParams = type.namespaced ? [pathParam('namespace')] : [];
    const op = (action: string, extra: Record<string, unknown> = {}) => ({
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      responses: ok,
      ...extra,
    });
    paths[base] = {
      parameters: scopeParams,
      get: op('list'),
      post: op('post', { parameters: writeParams, requestBody: body }),
    };
    paths[`${base}/{name}`] = {
      parameters: [...scopeParams, pathParam('name')],
      get: op('get'),
      put: op('put', { parameters: writeParams, requestBody: body }),
      patch: op('patch', {
        parameters: [...writeParams, query('force')],
        requestBody: {
          content: {
            'application/merge-patch+json': { schema: { type: 'object' } },
            'application/apply-patch+yaml': { schema: { type: 'object' } },
          },
        },
      }),
      delete: op('delete'),
    };
    const crdSchema = schemas?.schemaOf(apiVersionOf(type), type.kind);
    components[schemaName(type)] = {
      ...(crdSchema ?? {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      }),
      'x-kubernetes-group-version-kind': [gvk],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'OCM hub simulator', version: 'v1.31.0' },
    paths,
    components: { schemas: components },
  };
}
