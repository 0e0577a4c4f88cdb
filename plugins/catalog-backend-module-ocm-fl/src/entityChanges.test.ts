import { Entity } from '@backstage/catalog-model';
import { appliedEntities, entityChanges } from './entityChanges';

const entity = (name: string, labels: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, labels },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
});

describe('entityChanges', () => {
  const applied = appliedEntities([entity('a'), entity('b'), entity('c')]);

  it('finds nothing when nothing changed', () => {
    const changes = entityChanges(applied, [
      entity('c'),
      entity('a'),
      entity('b'),
    ]);
    expect(changes.upserted).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.applied).toEqual(applied);
  });

  it('names the added, the changed and the removed entities, and nothing else', () => {
    const changes = entityChanges(applied, [
      entity('a'),
      entity('b', { tier: 'gold' }),
      entity('d'),
    ]);
    expect(changes.upserted.map(e => e.metadata.name)).toEqual(['b', 'd']);
    expect(changes.removed).toEqual(['resource:default/c']);
    // Applying these changes leads to the same state as applying everything afresh.
    expect(changes.applied).toEqual(
      appliedEntities([
        entity('a'),
        entity('b', { tier: 'gold' }),
        entity('d'),
      ]),
    );
  });

  it('removes everything when no entity is left', () => {
    expect(entityChanges(applied, []).removed).toHaveLength(3);
  });
});
