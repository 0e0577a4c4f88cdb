import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { deflateText, gzipOf } from './gzipParts';

describe('gzipOf', () => {
  it('joins separately compressed parts into one gzip of their text', () => {
    const large = JSON.stringify(
      Array.from({ length: 5000 }, (_, i) => ({
        name: `cluster-${i}`,
        noise: randomBytes(8).toString('hex'),
      })),
    );
    const parts = ['{"items":', large, ',"ünïcode":"✓"}'].map(deflateText);
    const joined = gzipOf(parts);
    // gunzip checks the trailer's CRC-32 and length.
    expect(gunzipSync(joined).toString('utf8')).toBe(
      `{"items":${large},"ünïcode":"✓"}`,
    );
    expect(joined.length).toBeLessThan(Buffer.byteLength(large) / 2);
  });

  it('holds empty parts and no parts', () => {
    expect(gunzipSync(gzipOf([])).toString()).toBe('');
    expect(
      gunzipSync(gzipOf(['', 'a', '', 'b'].map(deflateText))).toString(),
    ).toBe('ab');
  });

  it('is refused by gunzip when a part is changed after it was compressed', () => {
    const part = deflateText('abc');
    part.bytes = Buffer.from('abd');
    expect(() => gunzipSync(gzipOf([part]))).toThrow(/incorrect data check/);
  });
});
