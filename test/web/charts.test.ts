import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { niceTicks, linearScale, rampColor, projectFeatures, type GeoFeature } from '#shared/charts/geometry.ts';

describe('SVG chart geometry (shared/charts/geometry.ts)', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(203_512, 311_737, 5)).toEqual([200_000, 225_000, 250_000, 275_000, 300_000, 325_000]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(7, 7, 5).length).toBeGreaterThan(1);
    expect(niceTicks(Number.NaN, 3)).toEqual([]);
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), (a, b) => {
        const ticks = niceTicks(a, b, 5);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(ticks[0]).toBeLessThanOrEqual(lo);
        expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(hi);
        expect(ticks.length).toBeLessThanOrEqual(12);
        for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
      }),
    );
  });

  it('maps values linearly, a flat domain to the middle', () => {
    const y = linearScale([0, 100], [400, 0]);
    expect(y(0)).toBe(400);
    expect(y(25)).toBe(300);
    expect(y(100)).toBe(0);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it('interpolates a colour ramp and clamps outside [0, 1]', () => {
    const ramp = ['#000000', '#ff0000', '#ffffff'];
    expect(rampColor(ramp, 0)).toBe('#000000');
    expect(rampColor(ramp, 0.5)).toBe('#ff0000');
    expect(rampColor(ramp, 0.25)).toBe('#800000');
    expect(rampColor(ramp, 1)).toBe('#ffffff');
    expect(rampColor(ramp, 2)).toBe('#ffffff');
    expect(rampColor(ramp, -1)).toBe('#000000');
  });

  it('projects the 92 communes inside the box, north up, one path each', () => {
    const geo = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'reference/communes.geo.json'), 'utf8')) as { features: GeoFeature[] };
    const shapes = projectFeatures(geo.features, 500, 460, 8);
    expect(shapes).toHaveLength(92);
    expect(new Set(shapes.map((s) => s.code)).size).toBe(92);
    const points = (d: string) => [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const xs = shapes.flatMap((s) => points(s.d).map(([x]) => x));
    const ys = shapes.flatMap((s) => points(s.d).map(([, y]) => y));
    expect(Math.min(...xs, ...ys)).toBeGreaterThanOrEqual(7.9);
    expect(Math.max(...xs)).toBeLessThanOrEqual(492.1);
    expect(Math.max(...ys)).toBeLessThanOrEqual(452.1);
    // The box is filled along one axis at least (the province is taller than wide here).
    expect(Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys))).toBeGreaterThan(440);
    // North up: the northernmost feature (largest latitude) gets the smallest y.
    const northLat = (f: GeoFeature) => Math.max(...JSON.stringify(f.geometry.coordinates).match(/-?\d+\.\d+/g)!.map(Number).filter((_, i) => i % 2 === 1));
    const north = [...geo.features].sort((a, b) => northLat(b) - northLat(a))[0].properties.code;
    const topY = (d: string) => Math.min(...points(d).map(([, y]) => y));
    const top = [...shapes].sort((a, b) => topY(a.d) - topY(b.d))[0].code;
    expect(top).toBe(north);
  });
});
