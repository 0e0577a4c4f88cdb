import { isDeepStrictEqual } from 'node:util';
import { KubeObject, ManagedFieldsEntry } from '../store/types';
import { StatusError } from './statusError';

/**
 * Server-side apply's field ownership, simplified where our clients do not need more:
 * maps are merged field by field, lists are atomic (owned and replaced whole).
 */

type Path = string[];
const keyOf = (path: Path) => JSON.stringify(path);
const pathOf = (key: string): Path => JSON.parse(key);

/** Metadata the server owns; no manager ever owns these. */
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'generateName',
  'selfLink',
]);

export type Scope = 'main' | 'status';

/** The leaf paths of an object within a scope: the main resource excludes status when it is a subresource. */
export function fieldSet(
  object: Record<string, unknown>,
  scope: Scope,
  statusSubresource: boolean,
): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown, path: Path) => {
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
    ) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else {
      out.add(keyOf(path));
    }
  };
  for (const [top, value] of Object.entries(object)) {
    if (top === 'apiVersion' || top === 'kind') continue;
    if (statusSubresource && (scope === 'status') !== (top === 'status'))
      continue;
    if (top === 'metadata') {
      for (const [k, v] of Object.entries(
        (value ?? {}) as Record<string, unknown>,
      )) {
        if (!SERVER_METADATA.has(k)) walk(v, ['metadata', k]);
      }
      continue;
    }
    walk(value, [top]);
  }
  return out;
}

function valueAt(object: unknown, path: Path): unknown {
  let current: any = object;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = current[segment];
  }
  return current;
}

function removeAt(object: Record<string, unknown>, path: Path) {
  let current: any = object;
  for (const segment of path.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return;
    current = current[segment];
  }
  if (current && typeof current === 'object')
    delete current[path[path.length - 1]];
}

function deepMerge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
) {
  for (const [k, v] of Object.entries(patch)) {
    const existing = target[k];
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      existing &&
      typeof existing === 'object' &&
      !Array.isArray(existing)
    ) {
      deepMerge(
        existing as Record<string, unknown>,
        v as Record<string, unknown>,
      );
    } else {
      target[k] = structuredClone(v);
    }
  }
}

/** Two paths overlap when one is the other or a prefix of it. */
function overlaps(a: Path, b: Path) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toFieldsV1(keys: Iterable<string>): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const key of keys) {
    let node = root;
    for (const segment of pathOf(key)) {
      node = node[`f:${segment}`] ??= {};
    }
  }
  return root;
}

export function fromFieldsV1(
  fields: Record<string, unknown> | undefined,
): Set<string> {
  const out = new Set<string>();
  const walk = (node: Record<string, unknown>, path: Path) => {
    const children = Object.keys(node).filter(k => k.startsWith('f:'));
    if (children.length === 0 && path.length > 0) out.add(keyOf(path));
    for (const child of children)
      walk(node[child] as Record<string, unknown>, [...path, child.slice(2)]);
  };
  walk(fields ?? {}, []);
  return out;
}

interface Ownership {
  entries: ManagedFieldsEntry[];
}

function entryFor(
  entries: ManagedFieldsEntry[],
  manager: string,
  operation: 'Apply' | 'Update',
  subresource?: string,
) {
  return entries.find(
    e =>
      e.manager === manager &&
      e.operation === operation &&
      e.subresource === subresource,
  );
}

function withEntry(
  entries: ManagedFieldsEntry[],
  manager: string,
  operation: 'Apply' | 'Update',
  apiVersion: string,
  keys: Set<string>,
  subresource?: string,
): ManagedFieldsEntry[] {
  const others = entries.filter(
    e =>
      !(
        e.manager === manager &&
        e.operation === operation &&
        e.subresource === subresource
      ),
  );
  if (keys.size === 0) return others;
  return [
    ...others,
    {
      manager,
      operation,
      apiVersion,
      time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...keys].sort()),
      ...(subresource ? { subresource } : {}),
    },
  ];
}

function withoutKeys(
  entries: ManagedFieldsEntry[],
  drop: (key: string, entry: ManagedFieldsEntry) => boolean,
) {
  return entries
    .map(entry => {
      const keys = fromFieldsV1(entry.fieldsV1);
      const kept = [...keys].filter(k => !drop(k, entry));
      return kept.length === keys.size
        ? entry
        : { ...entry, fieldsV1: toFieldsV1(kept.sort()) };
    })
    .filter(entry => Object.keys(entry.fieldsV1).length > 0);
}

/**
 * Server-side apply of `applied` over `current` by `manager`. Throws 409 naming each
 * conflicting field and its owner unless `force`, which takes the fields over.
 */
export function serverSideApply(options: {
  current: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  scope: Scope;
  statusSubresource: boolean;
  target: { group: string; plural: string; name: string };
}): KubeObject {
  const { current, applied, manager, force, scope, statusSubresource } =
    options;
  const subresource = scope === 'status' ? 'status' : undefined;
  const appliedKeys = fieldSet(applied, scope, statusSubresource);
  const entries: Ownership['entries'] = current?.metadata.managedFields ?? [];

  // A field conflicts when another manager owns it and this apply would change its value.
  const preview = structuredClone(current ?? {}) as Record<string, unknown>;
  deepMerge(preview, structuredClone(applied) as Record<string, unknown>);
  const conflicts: Array<{ field: string; manager: string }> = [];
  for (const entry of entries) {
    if (entry.manager === manager || entry.subresource !== subresource)
      continue;
    for (const owned of fromFieldsV1(entry.fieldsV1)) {
      const ownedPath = pathOf(owned);
      for (const key of appliedKeys) {
        const path = pathOf(key);
        if (!overlaps(ownedPath, path)) continue;
        const deeper = ownedPath.length >= path.length ? ownedPath : path;
        if (
          !isDeepStrictEqual(valueAt(current, deeper), valueAt(preview, deeper))
        ) {
          conflicts.push({
            field: `.${deeper.join('.')}`,
            manager: entry.manager,
          });
        }
      }
    }
  }
  let nextEntries = entries;
  if (conflicts.length > 0) {
    if (!force) {
      throw new StatusError(
        409,
        'Conflict',
        `Apply failed with ${conflicts.length} conflict${
          conflicts.length > 1 ? 's' : ''
        }: ${conflicts
          .map(c => `conflict with "${c.manager}": ${c.field}`)
          .join('; ')}`,
        {
          name: options.target.name,
          group: options.target.group,
          kind: options.target.plural,
          causes: conflicts.map(c => ({
            reason: 'FieldManagerConflict',
            message: `conflict with "${c.manager}"`,
            field: c.field,
          })),
        },
      );
    }
    const taken = new Set(conflicts.map(c => c.field));
    nextEntries = withoutKeys(
      entries,
      (key, entry) =>
        entry.manager !== manager && taken.has(`.${pathOf(key).join('.')}`),
    );
  }

  const merged = structuredClone(
    current ?? {
      apiVersion: applied.apiVersion,
      kind: applied.kind,
      metadata: {},
    },
  ) as KubeObject;
  // Fields this manager applied before and no longer applies go, unless someone else owns them.
  const previous = fromFieldsV1(
    entryFor(entries, manager, 'Apply', subresource)?.fieldsV1,
  );
  const ownedByOthers = new Set(
    nextEntries
      .filter(e => e.manager !== manager)
      .flatMap(e => [...fromFieldsV1(e.fieldsV1)]),
  );
  for (const key of previous) {
    if (!appliedKeys.has(key) && !ownedByOthers.has(key))
      removeAt(merged, pathOf(key));
  }
  const { metadata: appliedMeta, ...appliedRest } = applied;
  deepMerge(merged, structuredClone(appliedRest));
  const userMeta = Object.fromEntries(
    Object.entries(appliedMeta ?? {}).filter(([k]) => !SERVER_METADATA.has(k)),
  );
  deepMerge(merged.metadata as Record<string, unknown>, userMeta);
  merged.apiVersion = applied.apiVersion;
  merged.metadata.managedFields = withEntry(
    nextEntries,
    manager,
    'Apply',
    applied.apiVersion,
    appliedKeys,
    subresource,
  );
  return merged;
}

/** Records an update (PUT or patch) by `manager`: it owns what it changed, nobody else does. */
export function recordUpdate(options: {
  before: KubeObject | undefined;
  after: KubeObject;
  manager: string;
  scope: Scope;
  statusSubresource: boolean;
}): KubeObject {
  const { before, after, manager, scope, statusSubresource } = options;
  const subresource = scope === 'status' ? 'status' : undefined;
  const afterKeys = fieldSet(after, scope, statusSubresource);
  const beforeKeys = before
    ? fieldSet(before, scope, statusSubresource)
    : new Set<string>();
  const changed = new Set(
    [...afterKeys].filter(
      k =>
        !beforeKeys.has(k) ||
        !isDeepStrictEqual(
          valueAt(before, pathOf(k)),
          valueAt(after, pathOf(k)),
        ),
    ),
  );
  const removed = new Set([...beforeKeys].filter(k => !afterKeys.has(k)));
  const entries = withoutKeys(
    before?.metadata.managedFields ?? [],
    (key, entry) =>
      entry.subresource === subresource &&
      (removed.has(key) || (changed.has(key) && entry.manager !== manager)),
  );
  if (changed.size === 0) {
    return {
      ...after,
      metadata: { ...after.metadata, managedFields: entries },
    };
  }
  const mine = fromFieldsV1(
    entryFor(entries, manager, 'Update', subresource)?.fieldsV1,
  );
  for (const key of changed) mine.add(key);
  return {
    ...after,
    metadata: {
      ...after.metadata,
      managedFields: withEntry(
        entries,
        manager,
        'Update',
        after.apiVersion,
        mine,
        subresource,
      ),
    },
  };
}
