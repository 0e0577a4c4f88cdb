import { ApiException } from '@kubernetes/client-node';
import {
  reportRetries,
  retryHubCall,
  transientHubFailure,
} from './retryHubCall';

const answer = (code: number, headers: Record<string, string> = {}) =>
  new ApiException(code, 'message', { message: `status ${code}` }, headers);

/** A clock that only moves when the code under test sleeps. */
function fakeClock() {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

const policy = { deadlineMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('transientHubFailure', () => {
  it('retries throttling, server errors and dropped connections, and nothing a retry cannot change', () => {
    expect(transientHubFailure(answer(429, { 'Retry-After': '2' }))).toEqual({
      reason: 'the hub answered 429',
      retryAfterMs: 2000,
    });
    for (const code of [500, 502, 503, 504])
      expect(transientHubFailure(answer(code))).toMatchObject({
        reason: `the hub answered ${code}`,
      });
    for (const code of [400, 401, 403, 404, 409, 410, 422])
      expect(transientHubFailure(answer(code))).toBeUndefined();
    expect(
      transientHubFailure(
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      ),
    ).toEqual({ reason: 'the connection to the hub failed (ECONNRESET)' });
    expect(
      transientHubFailure(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }),
        }),
      ),
    ).toMatchObject({ reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(transientHubFailure(new Error('bug'))).toBeUndefined();
  });
});

describe('retryHubCall', () => {
  it("waits as long as the hub's Retry-After says, else backs off exponentially with jitter up to a cap", async () => {
    const clock = fakeClock();
    const failures = [
      answer(429, { 'retry-after': '3' }),
      answer(503),
      answer(500),
      answer(500),
      answer(500),
      answer(500),
    ];
    const reported: string[] = [];
    const result = await reportRetries(
      message => reported.push(message),
      () =>
        retryHubCall(
          async () => {
            const failure = failures.shift();
            if (failure) throw failure;
            return 'applied';
          },
          { policy, ...clock, random: () => 1 },
        ),
    );
    expect(result).toBe('applied');
    // 3 s asked for, then 200, 400, 800 ms, then capped at 1 s.
    expect(clock.slept).toEqual([3000, 200, 400, 800, 1000, 1000]);
    expect(reported[0]).toBe(
      'the hub answered 429; trying again in 3.0 s (attempt 2)',
    );
    expect(reported).toHaveLength(6);
  });

  it('gives up at the deadline with the last failure, and at once on a permanent one', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      retryHubCall(
        async () => {
          calls++;
          throw answer(503);
        },
        { policy, ...clock, random: () => 1 },
      ),
    ).rejects.toMatchObject({ code: 503 });
    expect(clock.now()).toBeLessThanOrEqual(policy.deadlineMs);
    expect(calls).toBeGreaterThan(5);

    calls = 0;
    await expect(
      retryHubCall(
        async () => {
          calls++;
          throw answer(422);
        },
        { policy, ...fakeClock() },
      ),
    ).rejects.toMatchObject({ code: 422 });
    expect(calls).toBe(1);
  });
});
