import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** What a provider last gave the catalog: each entity's fingerprint by entity ref. */
export type AppliedEntities = ReadonlyMap<string, string>;

/** What changed between what the catalog holds from a provider and what it should hold. */
export interface EntityChanges {
  /** New entities and entities that differ from what was applied. */
  upserted: Entity[];
  /** Refs of applied entities that are gone. */
  removed: string[];
  /** The fingerprints once these changes are applied. */
  applied: AppliedEntities;
}

/**
 * Compares entities against what was applied. Our entities are built with a fixed key
 * order, so their JSON is a stable fingerprint.
 */
export function entityChanges(
  applied: AppliedEntities,
  entities: Entity[],
): EntityChanges {
  const next = new Map<string, string>();
  const upserted: Entity[] = [];
  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    const print = JSON.stringify(entity);
    next.set(ref, print);
    if (applied.get(ref) !== print) upserted.push(entity);
  }
  const removed = [...applied.keys()].filter(ref => !next.has(ref));
  return { upserted, removed, applied: next };
}

/** The fingerprints of a full set of entities, as applied by a full mutation. */
export const appliedEntities = (entities: Entity[]): AppliedEntities =>
  entityChanges(new Map(), entities).applied;
