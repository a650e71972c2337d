import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatInt, formatPct, formatVnd } from '#shared/format.ts';

const intl = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const intlPct = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

describe('Vietnamese number formats (shared/format.ts)', () => {
  it('groups thousands with "." and uses "," for decimals', () => {
    expect(formatInt(0)).toBe('0');
    expect(formatInt(999)).toBe('999');
    expect(formatInt(1000)).toBe('1.000');
    expect(formatInt(1234567)).toBe('1.234.567');
    expect(formatInt(-1234567.4)).toBe('-1.234.567');
    expect(formatInt(2.5)).toBe('3');
    expect(formatVnd(4960000)).toBe('4.960.000 đ');
    expect(formatPct(33.84)).toBe('33,8 %');
    expect(formatPct(1234.56)).toBe('1.234,6 %');
    expect(formatPct(99.95)).toBe('100,0 %');
    expect(formatPct(0.04)).toBe('0,0 %');
    expect(formatPct(-0.04)).toBe('0,0 %');
    expect(formatPct(1.005)).toBe('1,0 %');
    expect(formatPct(1.25)).toBe('1,3 %');
    expect(formatPct(1e-7)).toBe('0,0 %');
    expect(formatInt(null)).toBe('');
    expect(formatInt(Number.NaN)).toBe('');
    expect(formatPct(undefined)).toBe('');
  });

  it('prints what Intl.NumberFormat("vi-VN") prints', () => {
    const finite = fc.oneof(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -100000, max: 100000 }).map((k) => k / 20), // halves and other round-half cases
    ).filter((n) => !Object.is(n, -0));
    fc.assert(
      fc.property(finite, (n) => {
        expect(formatInt(n)).toBe(Math.round(n) === 0 ? '0' : intl.format(Math.round(n)));
        // Intl prints a negative number that rounds to zero as "-0,0"; BaoPhu prints "0,0".
        expect(formatPct(n)).toBe(`${intlPct.format(n).replace(/^-(0,0)$/, '$1')} %`);
      }),
      { numRuns: 5000 },
    );
  });
});
