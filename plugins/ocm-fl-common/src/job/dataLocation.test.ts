import { parseDataLocation } from './dataLocation';

describe('parseDataLocation', () => {
  it.each([
    ['/data/radiology', { hostPath: '/data/radiology' }],
    ['radiology-data', { claimName: 'radiology-data' }],
  ])('reads %s', (value, data) => {
    expect(parseDataLocation(value)).toEqual({ success: true, data });
  });

  it.each([
    [
      '/../../etc/shadow',
      /^"\/\.\.\/\.\.\/etc\/shadow" must not contain "\." or "\.\." segments/,
    ],
    ['/data//x', /^"\/data\/\/x" must be an absolute path/],
    ['/', /must be an absolute path/],
    ['Data_PVC', /^"Data_PVC" must be a PVC name/],
    [
      `/${'a'.repeat(2000)}`,
      /…" must be an absolute path of at most 1024 characters$/,
    ],
  ])('refuses %s, saying why', (value, message) => {
    expect(parseDataLocation(value)).toEqual({
      success: false,
      message: expect.stringMatching(message),
    });
  });
});
