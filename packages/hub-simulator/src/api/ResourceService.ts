import { isDeepStrictEqual } from 'node:util';
import { applyPatch, Operation } from 'fast-json-patch';
import { CrdSchemas, FieldValidation } from '../schema/CrdSchemas';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../store/types';
import { recordUpdate, Scope, serverSideApply } from './managedFields';
import {
  apiVersionOf,
  RESOURCE_TYPES,
  resourceKey,
  ResourceType,
} from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { errors, StatusError } from './statusError';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  fieldManager?: string;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const FOREGROUND = 'foregroundDeletion';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The API server's semantics on top of the store, for HTTP handlers and the simulator's
 * controllers alike: admission (schema, names, namespaces), optimistic concurrency,
 * status subresources, patches, server-side apply, finalizers and garbage collection.
 */
export class ResourceService {
  constructor(
    readonly store: ObjectStore,
    private readonly schemas: CrdSchemas,
  ) {}

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const object = this.store.get(resourceKey(type), namespace, name);
    if (!object) throw errors.notFound({ ...type, name });
    return object;
  }

  find(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.store.get(resourceKey(type), namespace, name);
  }

  list(type: ResourceType, options: ListOptions = {}) {
    const matchesLabels = parseLabelSelector(options.labelSelector);
    const matchesFields = parseFieldSelector(options.fieldSelector);
    let revision = this.store.currentRevision();
    let items = this.store
      .list(resourceKey(type), options.namespace)
      .filter(o => matchesLabels(o.metadata.labels) && matchesFields(o));
    if (options.continueToken) {
      const token = decodeContinue(options.continueToken);
      revision = token.rv;
      items = items.filter(
        o => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > token.after,
      );
    }
    let next: string | undefined;
    let remaining: number | undefined;
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      remaining = items.length - options.limit;
      items = items.slice(0, options.limit);
      const last = items[items.length - 1].metadata;
      next = encodeContinue({
        rv: revision,
        after: `${last.namespace ?? ''}/${last.name}`,
      });
    }
    return {
      apiVersion: apiVersionOf(type),
      kind: `${type.kind}List`,
      metadata: {
        resourceVersion: String(revision),
        ...(next ? { continue: next } : {}),
        ...(next && !options.labelSelector && !options.fieldSelector
          ? { remainingItemCount: remaining }
          : {}),
      },
      items,
    };
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const object = this.checkBody(type, body, namespace);
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    if (!object.metadata.name) {
      throw errors.invalid({ ...type, name: '' }, [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    }
    this.requireNamespace(type, namespace);
    if (this.find(type, namespace, object.metadata.name)) {
      throw errors.alreadyExists({ ...type, name: object.metadata.name });
    }
    if (type.statusSubresource) delete object.status;
    const stamped = recordUpdate({
      before: undefined,
      after: object,
      manager: options.fieldManager ?? 'unknown',
      scope: 'main',
      statusSubresource: type.statusSubresource,
    });
    const admitted = this.admit(type, stamped, options);
    if (options.dryRun) return dryRunStamp(admitted);
    return this.store.create(resourceKey(type), admitted);
  }

  /** PUT of the object (`scope: 'main'`) or of its status subresource. */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    scope: Scope,
    options: WriteOptions = {},
  ): KubeObject {
    const incoming = this.checkBody(type, body, namespace, name);
    const current = this.get(type, namespace, name);
    const rv = incoming.metadata.resourceVersion;
    if (rv === undefined && type.group !== '') {
      throw errors.invalid({ ...type, name }, [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          message: 'Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    if (rv !== undefined && rv !== current.metadata.resourceVersion) {
      throw errors.conflict(
        { ...type, name },
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    return this.write(
      type,
      current,
      this.scoped(type, current, incoming, scope),
      scope,
      options,
    );
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    scope: Scope,
    options: WriteOptions & { force?: boolean } = {},
  ): KubeObject {
    if (patchType === 'apply') {
      return this.apply(type, namespace, name, body, scope, options);
    }
    const current = this.get(type, namespace, name);
    let patched: KubeObject;
    if (patchType === 'json') {
      if (!Array.isArray(body))
        throw errors.badRequest('a JSON patch must be a list of operations');
      try {
        patched = applyPatch(
          structuredClone(current),
          body as Operation[],
          true,
          false,
        ).newDocument;
      } catch (error) {
        throw new StatusError(
          422,
          'Invalid',
          `the JSON patch could not be applied: ${(error as Error).message}`,
        );
      }
    } else {
      // Strategic merge patch is taken as a JSON merge patch: our kinds are custom
      // resources (which only accept merge patches) or simple core kinds.
      if (!isPlainObject(body))
        throw errors.badRequest('a merge patch must be a JSON object');
      patched = mergePatch(structuredClone(current), body) as KubeObject;
    }
    const rv = (patched.metadata as any)?.resourceVersion;
    if (rv !== undefined && rv !== current.metadata.resourceVersion) {
      throw errors.conflict(
        { ...type, name },
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const checked = this.checkBody(type, patched, namespace, name);
    return this.write(
      type,
      current,
      this.scoped(type, current, checked, scope),
      scope,
      options,
    );
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    scope: Scope,
    options: WriteOptions & { force?: boolean },
  ): KubeObject {
    if (!options.fieldManager) {
      throw errors.badRequest(
        'PATCH, application/apply-patch+yaml requires fieldManager to be set',
      );
    }
    const applied = this.checkBody(type, body, namespace, name);
    const current = this.find(type, namespace, name);
    if (!current && scope === 'status')
      throw errors.notFound({ ...type, name });
    const merged = serverSideApply({
      current,
      applied,
      manager: options.fieldManager,
      force: options.force ?? false,
      scope,
      statusSubresource: type.statusSubresource,
      target: { group: type.group, plural: type.plural, name },
    });
    if (!current) {
      this.requireNamespace(type, namespace);
      merged.metadata.name = name;
      if (type.namespaced) merged.metadata.namespace = namespace;
      if (type.statusSubresource) delete merged.status;
      const admitted = this.admit(type, merged, options);
      return options.dryRun
        ? dryRunStamp(admitted)
        : this.store.create(resourceKey(type), admitted);
    }
    const next = this.scoped(type, current, merged, scope);
    return this.commit(type, current, next, options);
  }

  /** Deletes an object, honouring finalizers and the propagation policy for its dependents. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: {
      dryRun?: boolean;
      propagationPolicy?: PropagationPolicy;
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): KubeObject {
    const current = this.get(type, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw errors.conflict(
        { ...type, name },
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw errors.conflict(
        { ...type, name },
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    if (options.dryRun) return current;
    if (current.metadata.deletionTimestamp) return current;

    const policy = options.propagationPolicy ?? 'Background';
    const finalizers = [...(current.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && this.dependentsOf(current).length > 0)
      finalizers.push(FOREGROUND);
    if (type.kind === 'Namespace') {
      const terminating = this.store.update(resourceKey(type), {
        ...current,
        metadata: { ...current.metadata, deletionTimestamp: now() },
        status: { phase: 'Terminating' },
      });
      // Like the namespace controller: empty the namespace, then remove it.
      setImmediate(() => this.finishNamespaceDeletion(name));
      return terminating;
    }
    if (finalizers.length > 0) {
      const marked = this.store.update(resourceKey(type), {
        ...current,
        metadata: { ...current.metadata, deletionTimestamp: now(), finalizers },
      });
      if (finalizers.includes(FOREGROUND))
        setImmediate(() => this.collectForeground(type, marked));
      return marked;
    }
    return this.remove(type, current, policy);
  }

  deleteCollection(
    type: ResourceType,
    options: ListOptions & {
      dryRun?: boolean;
      propagationPolicy?: PropagationPolicy;
    },
  ) {
    const list = this.list(type, {
      ...options,
      limit: undefined,
      continueToken: undefined,
    });
    for (const item of list.items) {
      this.delete(type, item.metadata.namespace, item.metadata.name, options);
    }
    return { ...list, items: list.items };
  }

  /**
   * For the simulator's controllers: replaces an object's status in place of a client's
   * PUT to the status subresource, without a resourceVersion precondition.
   */
  setStatus(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    status: unknown,
  ): KubeObject | undefined {
    const current = this.find(type, namespace, name);
    if (!current || isDeepStrictEqual(current.status, status)) return current;
    return this.store.update(resourceKey(type), { ...current, status });
  }

  private remove(
    type: ResourceType,
    object: KubeObject,
    policy: PropagationPolicy,
  ): KubeObject {
    const removed = this.store.remove(
      resourceKey(type),
      object.metadata.namespace,
      object.metadata.name,
    )!;
    const dependents = this.dependentsOf(object);
    if (dependents.length > 0) {
      setImmediate(() => {
        for (const [depType, dep] of dependents) {
          const still = this.find(
            depType,
            dep.metadata.namespace,
            dep.metadata.name,
          );
          if (!still) continue;
          if (policy === 'Orphan') {
            const owners = (still.metadata.ownerReferences ?? []).filter(
              o => o.uid !== object.metadata.uid,
            );
            this.store.update(resourceKey(depType), {
              ...still,
              metadata: { ...still.metadata, ownerReferences: owners },
            });
          } else {
            this.delete(depType, dep.metadata.namespace, dep.metadata.name, {
              propagationPolicy: 'Background',
            });
          }
        }
      });
    }
    return removed;
  }

  private collectForeground(type: ResourceType, owner: KubeObject) {
    for (const [depType, dep] of this.dependentsOf(owner)) {
      if (this.find(depType, dep.metadata.namespace, dep.metadata.name)) {
        this.delete(depType, dep.metadata.namespace, dep.metadata.name, {
          propagationPolicy: 'Foreground',
        });
      }
    }
    const check = () => {
      const current = this.find(
        type,
        owner.metadata.namespace,
        owner.metadata.name,
      );
      if (!current) return;
      if (this.dependentsOf(current).length > 0) {
        setTimeout(check, 10);
        return;
      }
      const finalizers = (current.metadata.finalizers ?? []).filter(
        f => f !== FOREGROUND,
      );
      const next = {
        ...current,
        metadata: { ...current.metadata, finalizers },
      };
      if (finalizers.length === 0) this.remove(type, next, 'Background');
      else this.store.update(resourceKey(type), next);
    };
    setImmediate(check);
  }

  private finishNamespaceDeletion(namespace: string) {
    for (const type of RESOURCE_TYPES.filter(t => t.namespaced)) {
      for (const object of this.store.list(resourceKey(type), namespace)) {
        const current = this.find(type, namespace, object.metadata.name);
        if (!current) continue;
        // Finalizers of objects in a terminating namespace are removed by their controllers;
        // the simulator has none of those, so it removes the objects outright.
        this.remove(type, current, 'Background');
      }
    }
    const nsType = RESOURCE_TYPES.find(t => t.kind === 'Namespace')!;
    const ns = this.find(nsType, undefined, namespace);
    if (ns) this.store.remove(resourceKey(nsType), undefined, namespace);
  }

  private dependentsOf(owner: KubeObject): Array<[ResourceType, KubeObject]> {
    const uid = owner.metadata.uid;
    const out: Array<[ResourceType, KubeObject]> = [];
    for (const type of RESOURCE_TYPES) {
      for (const object of this.store.list(resourceKey(type))) {
        if (object.metadata.ownerReferences?.some(ref => ref.uid === uid))
          out.push([type, object]);
      }
    }
    return out;
  }

  /** The main endpoint keeps the stored status; the status endpoint changes only status. */
  private scoped(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    scope: Scope,
  ): KubeObject {
    if (!type.statusSubresource) return next;
    if (scope === 'status') {
      return {
        ...current,
        status: next.status,
        metadata: {
          ...current.metadata,
          managedFields:
            next.metadata.managedFields ?? current.metadata.managedFields,
        },
      };
    }
    const { status: _ignored, ...rest } = next;
    return current.status === undefined
      ? (rest as KubeObject)
      : ({ ...rest, status: current.status } as KubeObject);
  }

  private write(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    scope: Scope,
    options: WriteOptions,
  ): KubeObject {
    const stamped = recordUpdate({
      before: current,
      after: next,
      manager: options.fieldManager ?? 'unknown',
      scope,
      statusSubresource: type.statusSubresource,
    });
    return this.commit(type, current, stamped, options);
  }

  private commit(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    // Server-owned metadata always comes from the stored object.
    const metadata = {
      ...next.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      deletionTimestamp: current.metadata.deletionTimestamp,
      generation: current.metadata.generation,
      resourceVersion: current.metadata.resourceVersion,
    };
    if (!metadata.deletionTimestamp) delete metadata.deletionTimestamp;
    const candidate = this.admit(type, { ...next, metadata }, options);
    if (specChanged(current, candidate)) {
      candidate.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    if (sameIgnoringFieldTimes(current, candidate)) return current;
    if (options.dryRun) return candidate;
    if (
      candidate.metadata.deletionTimestamp &&
      (candidate.metadata.finalizers ?? []).length === 0
    ) {
      return this.remove(type, candidate, 'Background');
    }
    return this.store.update(resourceKey(type), candidate);
  }

  private admit(
    type: ResourceType,
    input: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    const object =
      type.kind === 'Secret' ? withStringDataEncoded(input) : input;
    if (
      !DNS1123_SUBDOMAIN.test(object.metadata.name) ||
      object.metadata.name.length > 253
    ) {
      throw errors.invalid({ ...type, name: object.metadata.name }, [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.name',
          message: `Invalid value: "${object.metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        },
      ]);
    }
    return this.schemas.admit(object, options.fieldValidation ?? 'Warn').object;
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (!type.namespaced) return;
    const nsType = RESOURCE_TYPES.find(t => t.kind === 'Namespace')!;
    const ns = this.find(nsType, undefined, namespace!);
    if (!ns)
      throw errors.notFound({
        group: '',
        plural: 'namespaces',
        name: namespace,
      });
    if (ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `${type.plural} "" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  /** Checks kind, apiVersion, name and namespace of a request body against its URL. */
  private checkBody(
    type: ResourceType,
    body: unknown,
    namespace: string | undefined,
    name?: string,
  ): KubeObject {
    if (!isPlainObject(body))
      throw errors.badRequest('the request body must be a JSON or YAML object');
    const object = structuredClone(body) as KubeObject;
    object.metadata = (
      isPlainObject(object.metadata) ? object.metadata : {}
    ) as KubeObject['metadata'];
    // Like the API server's decoder, the endpoint supplies a missing apiVersion and kind.
    const expected = apiVersionOf(type);
    object.apiVersion ??= expected;
    object.kind ??= type.kind;
    if (object.kind !== type.kind || object.apiVersion !== expected) {
      throw errors.badRequest(
        `the API version in the data (${object.apiVersion}) and kind (${object.kind}) do not match the endpoint ${expected}, ${type.kind}`,
      );
    }
    if (name !== undefined) {
      object.metadata.name ??= name;
      if (object.metadata.name !== name) {
        throw errors.badRequest(
          `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
        );
      }
    }
    if (type.namespaced) {
      object.metadata.namespace ??= namespace;
      if (object.metadata.namespace !== namespace) {
        throw errors.badRequest(
          `the namespace of the provided object does not match the namespace sent on the request`,
        );
      }
    } else {
      delete object.metadata.namespace;
    }
    return object;
  }
}

function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return !isDeepStrictEqual(strip(before), strip(after));
}

/** As the API server does, a Secret's stringData is written into data (base64) and dropped. */
function withStringDataEncoded(secret: KubeObject): KubeObject {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (!stringData) return secret;
  const { stringData: _plain, ...rest } = secret;
  const encoded = Object.fromEntries(
    Object.entries(stringData).map(([k, v]) => [
      k,
      Buffer.from(String(v)).toString('base64'),
    ]),
  );
  return {
    ...rest,
    data: { ...((secret.data as Record<string, string>) ?? {}), ...encoded },
  };
}

/** A write that changes nothing but managedFields timestamps is a no-op, as in Kubernetes. */
function sameIgnoringFieldTimes(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: {
      ...o.metadata,
      managedFields: o.metadata.managedFields?.map(
        ({ time: _t, ...entry }) => entry,
      ),
    },
  });
  return isDeepStrictEqual(strip(a), strip(b));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function dryRunStamp(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, creationTimestamp: now(), generation: 1 },
  };
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(
    { length: 5 },
    () => alphabet[Math.floor(Math.random() * alphabet.length)],
  ).join('');
}

function encodeContinue(token: { rv: number; after: string }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): { rv: number; after: string } {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof token.rv === 'number' && typeof token.after === 'string')
      return token;
  } catch {
    // fall through
  }
  throw errors.badRequest(
    'continue key is not valid: the continue parameter was not produced by this server',
  );
}
