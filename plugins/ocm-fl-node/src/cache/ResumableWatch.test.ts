import { isResourceVersionUnavailable } from './ResumableWatch';

describe('isResourceVersionUnavailable', () => {
  it('is true for 410 Expired and for 504 with cause ResourceVersionTooLarge only', () => {
    expect(isResourceVersionUnavailable({ code: 410, reason: 'Expired' })).toBe(
      true,
    );
    expect(
      isResourceVersionUnavailable({
        code: 504,
        reason: 'Timeout',
        details: { causes: [{ reason: 'ResourceVersionTooLarge' }] },
      }),
    ).toBe(true);
    // A 504 for another reason (a slow hub, a proxy) is retried, not relisted.
    expect(isResourceVersionUnavailable({ code: 504, reason: 'Timeout' })).toBe(
      false,
    );
    expect(
      isResourceVersionUnavailable({ code: 500, reason: 'InternalError' }),
    ).toBe(false);
    expect(isResourceVersionUnavailable(undefined)).toBe(false);
  });
});
