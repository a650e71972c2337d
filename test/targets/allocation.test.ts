import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  largestRemainder, allocate, allocationQuotas, proposeAllocations, proposePath, ALLOCATION_METHODS,
  type AllocationCommune,
} from '#shared/targets/allocation.ts';

const commune = fc.record({
  labourForce: fc.integer({ min: 0, max: 200_000 }),
  active: fc.integer({ min: 0, max: 120_000 }),
  activeYearAgo: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
});
const communes = fc.array(commune, { minLength: 1, maxLength: 92 }).map((cs) => cs.map((c, i) => ({ code: String(i).padStart(5, '0'), ...c })) as AllocationCommune[]);
const method = fc.constantFrom(...ALLOCATION_METHODS);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('largest remainder', () => {
  it('worked example: 10 seats on 3 / 3 / 4 shares and on 1/3 each', () => {
    expect(largestRemainder([3.3, 3.3, 3.4], 10)).toEqual([3, 3, 4]);
    expect(largestRemainder([1 / 3, 1 / 3, 1 / 3], 1)).toEqual([1, 0, 0]);
    expect(largestRemainder([2.6, 2.2, 5.2], 10)).toEqual([3, 2, 5]);
  });

  it('sums exactly, stays non-negative and within 1 of each quota', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 0, max: 5_000_000 }), (weights, total) => {
        const w = sum(weights);
        const quotas = w > 0 ? weights.map((x) => (x * total) / w) : weights.map(() => total / weights.length);
        const r = largestRemainder(quotas, total);
        expect(sum(r)).toBe(total);
        r.forEach((x, i) => {
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(Math.abs(x - quotas[i])).toBeLessThan(1 + 1e-6);
        });
      }),
    );
  });

  it('is monotone in the quota: a larger quota never gets fewer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 0, max: 1_000_000 }), (weights, total) => {
        const w = sum(weights);
        fc.pre(w > 0);
        const r = largestRemainder(weights.map((x) => (x * total) / w), total);
        for (let i = 0; i < weights.length; i++)
          for (let j = 0; j < weights.length; j++) if (weights[i] > weights[j]) expect(r[i]).toBeGreaterThanOrEqual(r[j]);
      }),
    );
  });

  it('rejects a negative or fractional total', () => {
    expect(() => largestRemainder([1, 2], -1)).toThrow();
    expect(() => largestRemainder([1, 2], 1.5)).toThrow();
  });
});

describe('allocation methods', () => {
  it('every method sums exactly to the province figure and is non-negative', () => {
    fc.assert(
      fc.property(communes, method, fc.integer({ min: 0, max: 3_000_000 }), (cs, m, total) => {
        const r = allocate(m, cs, total);
        expect(r).toHaveLength(cs.length);
        expect(sum(r)).toBe(total);
        r.forEach((x) => expect(x >= 0 && Number.isInteger(x)).toBe(true));
      }),
    );
  });

  it('labour share: a commune with a larger labour force never gets a smaller target', () => {
    fc.assert(
      fc.property(communes, fc.integer({ min: 0, max: 3_000_000 }), (cs, total) => {
        const r = allocate('labour_share', cs, total);
        cs.forEach((a, i) => cs.forEach((b, j) => { if (a.labourForce > b.labourForce) expect(r[i]).toBeGreaterThanOrEqual(r[j]); }));
      }),
    );
  });

  it('growth methods: when the province target is above today, no commune is asked to go backwards (up to rounding)', () => {
    fc.assert(
      fc.property(communes, method, fc.integer({ min: 0, max: 1_000_000 }), (cs, m, extra) => {
        const total = sum(cs.map((c) => c.active)) + extra;
        const q = allocationQuotas(m, cs, total);
        const r = allocate(m, cs, total);
        if (m === 'labour_share') return; // by design, ignores today's figures
        cs.forEach((c, i) => {
          expect(q[i]).toBeGreaterThanOrEqual(c.active - 1e-6);
          expect(r[i]).toBeGreaterThanOrEqual(c.active - 1);
        });
      }),
    );
  });

  it('gap share: the same share of every gap is closed, so a larger gap (same base) gets at least as many new participants', () => {
    fc.assert(
      fc.property(communes, fc.integer({ min: 0, max: 1_000_000 }), (cs, extra) => {
        const totalActive = sum(cs.map((c) => c.active));
        const q = allocationQuotas('gap_share', cs, totalActive + extra);
        const gaps = cs.map((c) => Math.max(0, c.labourForce - c.active));
        const gapSum = sum(gaps);
        fc.pre(gapSum > 0);
        const share = extra / gapSum;
        cs.forEach((c, i) => expect(q[i] - c.active).toBeCloseTo(share * gaps[i], 3));
      }),
    );
  });

  it('recent growth: communes that did not grow keep today’s figure when others grew', () => {
    const cs: AllocationCommune[] = [
      { code: 'A', labourForce: 1000, active: 100, activeYearAgo: 80 },
      { code: 'B', labourForce: 1000, active: 100, activeYearAgo: 120 },
      { code: 'C', labourForce: 1000, active: 100, activeYearAgo: 60 },
    ];
    expect(allocate('recent_growth', cs, 360)).toEqual([120, 100, 140]);
  });

  it('worked example of every method on three communes', () => {
    const cs: AllocationCommune[] = [
      { code: 'A', labourForce: 5000, active: 1000, activeYearAgo: 900 },
      { code: 'B', labourForce: 3000, active: 1500, activeYearAgo: 1450 },
      { code: 'C', labourForce: 2000, active: 500, activeYearAgo: 500 },
    ];
    // labour share of 3300: 1650 / 990 / 660
    expect(allocate('labour_share', cs, 3300)).toEqual([1650, 990, 660]);
    // gaps 4000 / 1500 / 1500, need 300 → share 300/7000: quotas 1171.43 / 1564.29 / 564.29, the spare unit to A
    expect(allocate('gap_share', cs, 3300)).toEqual([1172, 1564, 564]);
    // growth 100 / 50 / 0 → 200 / 100 / 0 extra
    expect(allocate('recent_growth', cs, 3300)).toEqual([1200, 1600, 500]);
    // ×1.1
    expect(allocate('same_growth', cs, 3300)).toEqual([1100, 1650, 550]);
    const proposals = proposeAllocations(cs, 3300);
    expect(proposals.map((p) => p.method)).toEqual(ALLOCATION_METHODS);
    for (const p of proposals) {
      expect(p.explanation.length).toBeGreaterThan(20);
      expect(sum(Object.values(p.targets))).toBe(3300);
    }
  });
});

describe('yearly path', () => {
  it('reaches the final figure exactly with equal steps', () => {
    expect(proposePath(1000, 2025, 2000, 2030)).toEqual([
      { year: 2026, target: 1200 }, { year: 2027, target: 1400 }, { year: 2028, target: 1600 }, { year: 2029, target: 1800 }, { year: 2030, target: 2000 },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 8 }), (base, fin, steps) => {
        const p = proposePath(base, 2025, fin, 2025 + steps);
        expect(p).toHaveLength(steps);
        expect(p[p.length - 1].target).toBe(fin);
        for (let i = 1; i < p.length; i++) expect(Math.sign(p[i].target - p[i - 1].target) * Math.sign(fin - base)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
