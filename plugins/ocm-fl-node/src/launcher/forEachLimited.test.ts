import { forEachLimited } from './forEachLimited';

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('forEachLimited', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async item => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      done.push(item);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('lets every started call settle before it throws the first error, and starts no more', async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const run = forEachLimited([1, 2, 3, 4, 5], 2, async item => {
      started.push(item);
      if (item === 1) throw new Error('first failed');
      await tick();
      await tick();
      settled.push(item);
    });
    await expect(run).rejects.toThrow('first failed');
    expect(started).toEqual([1, 2]);
    expect(settled).toEqual([2]);
  });

  it('does nothing for no items', async () => {
    const fn = jest.fn();
    await forEachLimited([], 4, fn);
    expect(fn).not.toHaveBeenCalled();
  });
});
