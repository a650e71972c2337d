import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { forecastYearEnd, normalQuantile, statusOf, worstStatus, periodOf, monthIndex } from '#shared/targets/forecast.ts';

const series = (start: string, values: number[]) => values.map((value, i) => ({ period: periodOf(monthIndex(start) + i), value }));
const opts = { interval: 0.8, trendMonths: 24 };

describe('normal quantile', () => {
  it('matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 5);
  });
});

describe('year-end forecast', () => {
  it('extends an exact linear trend to December with a zero-width interval', () => {
    const s = series('2025-01-01', Array.from({ length: 22 }, (_, i) => 1000 + 10 * i)); // Jan 2025 .. Oct 2026
    const f = forecastYearEnd(s, opts)!;
    expect(f.targetPeriod).toBe('2026-12-01');
    expect(f.method).toBe('linear_trend');
    expect(f.point).toBeCloseTo(1000 + 10 * 23, 6);
    expect(f.upper - f.lower).toBeCloseTo(0, 6);
    expect(f.path.map((p) => p.period)).toEqual(['2026-11-01', '2026-12-01']);
  });

  it('recovers a seasonal profile from two full years and projects it', () => {
    const profile = [0, -5, -5, 0, 0, 0, 5, 5, 0, 0, 0, 0];
    // Nov 2024 .. Oct 2026 (24 months); the profile is indexed by calendar month and sums to zero.
    const s = series('2024-11-01', Array.from({ length: 24 }, (_, i) => 2000 + 20 * i + profile[(i + 10) % 12]));
    const f = forecastYearEnd(s, opts)!;
    expect(f.method).toBe('linear_trend_seasonal');
    // December 2026 is index 25 from Nov 2024; December's profile is 0.
    expect(f.point).toBeCloseTo(2000 + 20 * 25 + profile[11], 4);
    expect(f.residualSd).toBeCloseTo(0, 4);
  });

  it('gives a wider interval for noisier series, and the interval contains the point', () => {
    const noise = [3, -2, 4, -5, 1, 0, -3, 2, 5, -4, 2, -1, 0, 3, -2, 1, -3, 4, -1, 2];
    const quiet = forecastYearEnd(series('2025-03-01', noise.map((e, i) => 500 + 4 * i + e)), opts)!;
    const loud = forecastYearEnd(series('2025-03-01', noise.map((e, i) => 500 + 4 * i + 10 * e)), opts)!;
    expect(loud.upper - loud.lower).toBeGreaterThan(quiet.upper - quiet.lower);
    for (const f of [quiet, loud]) {
      expect(f.lower).toBeLessThanOrEqual(f.point);
      expect(f.upper).toBeGreaterThanOrEqual(f.point);
    }
  });

  it('returns the December actual when the series ends in December, and carries a short series', () => {
    const dec = forecastYearEnd(series('2026-01-01', Array.from({ length: 12 }, (_, i) => 100 + i)), opts)!;
    expect(dec.method).toBe('actual');
    expect(dec.point).toBe(111);
    const short = forecastYearEnd(series('2026-09-01', [50, 52]), opts)!;
    expect(short.method).toBe('last_value');
    expect(short.point).toBe(52);
    expect(short.upper).toBeGreaterThan(52);
    expect(forecastYearEnd([], opts)).toBeNull();
  });

  it('never projects negative stocks and keeps lower ≤ point ≤ upper', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 11 }), (values, startMonth) => {
        const f = forecastYearEnd(series(periodOf(2024 * 12 + startMonth), values), opts)!;
        expect(f.lower).toBeGreaterThanOrEqual(0);
        expect(f.point).toBeGreaterThanOrEqual(f.lower - 1e-9);
        expect(f.upper).toBeGreaterThanOrEqual(f.point - 1e-9);
      }),
    );
  });
});

describe('status', () => {
  it('classifies against the target', () => {
    expect(statusOf(90, { point: 105, upper: 120 }, 100)).toBe('on_track');
    expect(statusOf(100, { point: 95, upper: 99 }, 100)).toBe('on_track');
    expect(statusOf(90, { point: 95, upper: 101 }, 100)).toBe('at_risk');
    expect(statusOf(90, { point: 95, upper: 99 }, 100)).toBe('off_track');
    expect(statusOf(90, { point: 95, upper: 99 }, null)).toBeNull();
    expect(worstStatus('on_track', null, 'at_risk')).toBe('at_risk');
    expect(worstStatus(null)).toBeNull();
  });
});

describe('the forecast starts from the last actual', () => {
  it('a series that grew fast lately is projected from where it is, not from the fitted line (which lags it)', () => {
    // Flat for a year and a half, then +5 a month: the line fitted on 22 months sits below the last actual.
    const values = [...Array.from({ length: 16 }, () => 20), 25, 30, 35, 40, 45, 50];
    const f = forecastYearEnd(series('2025-01-01', values), opts)!;
    expect(f.method).toBe('linear_trend');
    expect(f.slopePerMonth).toBeGreaterThan(0);
    // Oct 2026 is the last month: two months to December at the fitted slope, from 50.
    expect(f.point).toBeCloseTo(50 + 2 * f.slopePerMonth, 6);
    expect(f.path[0].point).toBeGreaterThanOrEqual(50);
  });

  it('is never below the last actual for a non-decreasing history, whatever its shape (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 0, maxLength: 29 }),
        fc.integer({ min: 0, max: 11 }),
        (start, steps, startMonth) => {
          const values = steps.reduce((acc, d) => { acc.push(acc[acc.length - 1] + d); return acc; }, [start]);
          const s = series(periodOf(2024 * 12 + startMonth), values);
          const f = forecastYearEnd(s, opts)!;
          const last = values[values.length - 1];
          expect(f.point).toBeGreaterThanOrEqual(last);
          for (const p of f.path) expect(p.point).toBeGreaterThanOrEqual(last);
          // And it starts there: the first projected month moves at most one month's trend (+ season) away.
          if (f.path.length > 0 && f.method === 'linear_trend') expect(f.path[0].point).toBeCloseTo(last + Math.max(0, f.slopePerMonth), 6);
        },
      ),
    );
  });

  it('goes below the last actual only when the trend is down', () => {
    const f = forecastYearEnd(series('2025-09-01', Array.from({ length: 12 }, (_, i) => 300 - 4 * i)), opts)!;
    expect(f.slopePerMonth).toBeLessThan(0);
    expect(f.point).toBeCloseTo(256 - 4 * 4, 6); // Aug 2026 = 256, four months to December
  });
});
