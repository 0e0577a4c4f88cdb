/**
 * Runs `fn` over the items, at most `limit` at once. Every started call settles before the
 * first error is thrown, so that a rollback sees everything that was created.
 */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
) {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++];
      await fn(item).catch(error => errors.push(error));
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  if (errors.length > 0) throw errors[0];
}
