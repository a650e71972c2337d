import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatInt, formatPct, formatVnd, formatDecimal, parseViNumber, formatDateTime } from '#shared/format.ts';

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

describe('Vietnamese number entry (parseViNumber, the rules of the web number input)', () => {
  const value = (text: string, rules = {}) => parseViNumber(text, rules);
  it('reads what was typed, with or without thousands separators, and an empty field as no value', () => {
    expect(value('300')).toEqual({ ok: true, value: 300 });
    expect(value('3500')).toEqual({ ok: true, value: 3500 });
    expect(value('3.500')).toEqual({ ok: true, value: 3500 });
    expect(value(' 1.234.567 ')).toEqual({ ok: true, value: 1_234_567 });
    expect(value('1 234 567')).toEqual({ ok: true, value: 1_234_567 });
    expect(value('')).toEqual({ ok: true, value: null });
    expect(value('10,5 %', { decimals: 2, unit: '%' })).toEqual({ ok: true, value: 10.5 });
    expect(value('-0,5', { decimals: 3, min: -5, max: 0 })).toEqual({ ok: true, value: -0.5 });
  });
  it('refuses with a Vietnamese reason instead of guessing', () => {
    expect(value('-3500')).toEqual({ ok: false, message: 'Không nhận số âm' });
    expect(value('-10', { decimals: 2, max: 1000 })).toEqual({ ok: false, message: 'Không nhận số âm' });
    expect(value('ba triệu')).toEqual({ ok: false, message: 'Chỉ nhập chữ số (ví dụ 1.234.567)' });
    expect(value('1,5')).toMatchObject({ ok: false, message: expect.stringContaining('Chỉ nhận số nguyên') });
    expect(value('1.5', { decimals: 2 })).toMatchObject({ ok: false, message: expect.stringContaining('phần thập phân viết sau dấu phẩy') });
    expect(value('12.34')).toMatchObject({ ok: false, message: expect.stringContaining('ngăn cách hàng nghìn') });
    expect(value('0,12345', { decimals: 4 })).toEqual({ ok: false, message: 'Tối đa 4 chữ số sau dấu phẩy' });
    expect(value('1.001', { max: 1000 })).toEqual({ ok: false, message: 'Phải từ 0 đến 1.000' });
    expect(value('99999999999999999999')).toEqual({ ok: false, message: 'Số quá lớn' });
  });
  it('reads back what it shows, for any value', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => value(formatInt(n)).ok && (value(formatInt(n)) as { value: number }).value === n));
    fc.assert(fc.property(fc.integer({ min: -500_000, max: 500_000 }), (k) => {
      const n = k / 100;
      const parsed = value(formatDecimal(n, 2), { decimals: 2, min: -5000 });
      return parsed.ok && parsed.value === n;
    }));
  });
});

describe('percentages and quantities for display', () => {
  it('rounds float noise away and drops trailing zeros', async () => {
    const { formatRatioPct, formatQuantity, formatDecimal } = await import('#shared/format.ts');
    expect(0.14 * 100).not.toBe(14); // the float noise the display must hide
    expect(formatRatioPct(0.14)).toBe('14 %');
    expect(formatRatioPct(0.175)).toBe('17,5 %');
    expect(formatRatioPct(0.0003)).toBe('0,03 %');
    expect(formatRatioPct(0.07 * 3)).toBe('21 %');
    expect(formatRatioPct(null)).toBe('');
    expect(formatQuantity(0.14, 'ratio')).toBe('14 %');
    expect(formatQuantity(20, 'ratio')).toBe('20 lần');
    expect(formatQuantity(2_340_000, 'VND')).toBe('2.340.000 đ');
    expect(formatQuantity(30, 'days')).toBe('30 ngày');
    expect(formatQuantity(1.5, 'count')).toBe('1,5');
    expect(formatDecimal(39.47, 1)).toBe('39,5');
    expect(formatDecimal(1234.5, 2)).toBe('1.234,5');
  });
});

describe('timestamps (shared/format.ts formatDateTime)', () => {
  it('prints dd/mm/yyyy hh:mm in Vietnam time whatever the machine\'s zone, the day turning at 17:00 UTC', () => {
    expect(formatDateTime('2026-12-06T16:59:00Z')).toBe('06/12/2026 23:59');
    expect(formatDateTime('2026-12-06T17:00:00Z')).toBe('07/12/2026 00:00');
    expect(formatDateTime(new Date(Date.UTC(2026, 11, 31, 20, 5)))).toBe('01/01/2027 03:05');
    expect(formatDateTime('2026-03-05T08:07:00+07:00')).toBe('05/03/2026 08:07');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('agrees with Intl in the Asia/Ho_Chi_Minh zone for any moment', () => {
    const intlVn = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
      expect(formatDateTime(d)).toBe(intlVn.format(d).replace(',', ''));
    }));
  });
});
