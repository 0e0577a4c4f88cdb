/**
 * One derived value per key, derived again only when the objects it was derived from are not
 * the very same ones (the hub cache replaces an object when it changes, and keeps it when not):
 * a change of one job re-derives that job, not a thousand.
 */
export class DerivedByInputs<T> {
  private readonly entries = new Map<
    string,
    { inputs: readonly unknown[]; value: T }
  >();

  get(key: string, inputs: readonly unknown[], derive: () => T): T {
    const known = this.entries.get(key);
    if (
      known &&
      known.inputs.length === inputs.length &&
      known.inputs.every((input, i) => input === inputs[i])
    ) {
      return known.value;
    }
    const value = derive();
    this.entries.set(key, { inputs, value });
    return value;
  }

  /** Forgets every key but these. */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) {
      if (!keys.has(key)) this.entries.delete(key);
    }
  }
}
