import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['4', 4],
    ['500m', 0.5],
    ['5600m', 5.6],
    ['16Gi', 16 * 2 ** 30],
    ['2k', 2000],
    ['1.5e3', 1500],
    [8, 8],
  ])('reads %p', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(['', 'four', '4 Gi', undefined])('rejects %p', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
