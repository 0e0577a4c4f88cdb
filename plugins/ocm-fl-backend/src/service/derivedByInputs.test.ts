import { DerivedByInputs } from './derivedByInputs';

describe('DerivedByInputs', () => {
  it('derives again only when an input is another object, or their number changed', () => {
    const derived = new DerivedByInputs<string>();
    const work = { name: 'w' };
    const cluster = { name: 'c' };
    let derivations = 0;
    const derive = () => {
      derivations += 1;
      return `derived ${derivations}`;
    };
    expect(derived.get('job', [work, cluster], derive)).toBe('derived 1');
    expect(derived.get('job', [work, cluster], derive)).toBe('derived 1');
    // Equal content, another object: the cache replaced it, so it changed.
    expect(derived.get('job', [{ ...work }, cluster], derive)).toBe(
      'derived 2',
    );
    expect(derived.get('job', [work, cluster, undefined], derive)).toBe(
      'derived 3',
    );
    expect(derived.get('other', [work, cluster, undefined], derive)).toBe(
      'derived 4',
    );
    expect(derivations).toBe(4);
  });

  it('forgets the keys it is not told to keep', () => {
    const derived = new DerivedByInputs<number>();
    const input = {};
    derived.get('a', [input], () => 1);
    derived.get('b', [input], () => 2);
    derived.keepOnly(new Set(['b']));
    expect(derived.get('a', [input], () => 3)).toBe(3);
    expect(derived.get('b', [input], () => 4)).toBe(2);
  });
});
