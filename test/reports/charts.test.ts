import { describe, it, expect } from 'vitest';
import { renderChartPng, renderChartSvg, CHART_SIZE } from '../../server/reports/charts.ts';
import { communeFeatures } from '../../server/reference/geo.ts';
import { NO_DATA_COLOR, STATUS_COLORS, TARGET_COLOR } from '#shared/charts/colors.ts';
import { sampleMap, sampleTrend } from './pdf-sample.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const attr = (svg: string, selector: RegExp) => [...svg.matchAll(selector)].map((m) => m[1]);

describe('report charts drawn on the server (server/reports/charts.ts)', () => {
  it('draws the trend: every series, the target line with its value, the forecast band, axes in Vietnamese formats', () => {
    const spec = sampleTrend();
    const svg = renderChartSvg(spec);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('>Số người tham gia BHXH năm 2026</text>');
    for (const s of spec.series) expect(svg).toContain(`data-series="${s.name}"`);
    // The actual series has 10 known months: one move and nine line segments; the forecast three points.
    const paths = attr(svg, /<path d="([^"]*)" fill="none"[^>]*data-series=/g);
    expect(paths).toHaveLength(2);
    expect(paths[0].match(/[ML]/g)).toHaveLength(10);
    expect(paths[1].match(/[ML]/g)).toHaveLength(3);
    expect(svg).toMatch(new RegExp(`data-role="target"><line [^>]*stroke="${TARGET_COLOR}"`));
    expect(svg).toContain('Chỉ tiêu năm 2026: 311.737');
    expect(svg).toMatch(/<path d="M[^"]+Z" fill="[^"]+" data-role="band"/);
    expect(svg).toContain('>325.000</text>');
    expect(svg).toContain('>01/2026</text>');
    expect(svg).toContain('>12/2026</text>');
    expect(svg).toContain('>Khoảng dự báo</text>');
    // The target lies above every value, so its line is drawn above (smaller y than) the highest point.
    const targetY = Number(svg.match(/data-role="target"><line [^>]*y1="([\d.]+)"/)![1]);
    const pointYs = attr(svg, /<circle cx="[\d.]+" cy="([\d.]+)"/g).map(Number);
    expect(Math.min(...pointYs)).toBeGreaterThan(targetY);
  });

  it('escapes text so the SVG stays well formed', () => {
    const svg = renderChartSvg({ ...sampleTrend(), title: 'A < B & "C"', unit: 'người' });
    expect(svg).toContain('A &lt; B &amp; &quot;C&quot;');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it('draws the commune map with one shape per commune, coloured by its class, and the legend', () => {
    const spec = sampleMap();
    const svg = renderChartSvg(spec);
    const features = communeFeatures();
    const codes = attr(svg, /data-code="([^"]+)"/g);
    expect(codes.sort()).toEqual(features.map((f) => f.properties.code).sort());
    const fillOf = (code: string) => svg.match(new RegExp(`fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="0.8" data-code="${code}"`))![1];
    for (const c of spec.communes.slice(0, 8)) expect(fillOf(c.code)).toBe(c.klass === 'no_data' ? STATUS_COLORS.none : STATUS_COLORS[c.klass]);
    const missing = features.map((f) => f.properties.code).filter((code) => !spec.communes.some((c) => c.code === code));
    expect(missing.length).toBeGreaterThan(0);
    for (const code of missing) expect(fillOf(code)).toBe(NO_DATA_COLOR);
    for (const l of spec.legend) expect(svg).toContain(`>${l.label}</text>`);
    expect(svg).toContain('>Tiến độ thực hiện chỉ tiêu theo xã, phường</text>');
  });

  it('renders PNGs of the asked width that decode as PNG', async () => {
    for (const [spec, size] of [[sampleTrend(), CHART_SIZE.trend], [sampleMap(), CHART_SIZE.map]] as const) {
      const png = await renderChartPng(spec, { width: 640 });
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBe(640);
      expect(png.readUInt32BE(20)).toBe(Math.round((640 * size.height) / size.width));
      expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
      expect(png.length).toBeGreaterThan(5_000);
    }
    const wide = await renderChartPng(sampleTrend());
    expect(wide.readUInt32BE(16)).toBe(1800);
    // Text is drawn (the fonts load): another title gives another picture.
    const a = await renderChartPng({ ...sampleTrend(), title: 'Đường' }, { width: 400 });
    const b = await renderChartPng({ ...sampleTrend(), title: 'Đường ưu tiên' }, { width: 400 });
    expect(a.equals(b)).toBe(false);
  });
});
