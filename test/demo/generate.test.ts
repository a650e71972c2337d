import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { generateDemo } from '../../server/demo/generate.ts';
import { FILE_KINDS, FINDING_CODES } from '#shared/auth/roles.ts';
import { runCli } from '../helpers/cli.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { getter, readTable, specColumns, type Table } from './reader.ts';
import { fold, parseDate, readTruth, recomputeFindings, repair } from './recompute.ts';

const root = path.join(TMP_ROOT, `demo-${process.pid}`);
const dirA = path.join(root, 'a');
const dirB = path.join(root, 'b');
const dirC = path.join(root, 'c');
let resultA: Awaited<ReturnType<typeof generateDemo>>;
const tables = new Map<string, Table>();
const P_2026_10 = 2026 * 12 + 9;

beforeAll(async () => {
  fs.rmSync(root, { recursive: true, force: true });
  resultA = await generateDemo({ scale: 0.01, seed: 7, outDir: dirA });
  await generateDemo({ scale: 0.01, seed: 7, outDir: dirB });
  await generateDemo({ scale: 0.01, seed: 8, outDir: dirC });
  const spec = specColumns();
  for (const kind of FILE_KINDS) tables.set(kind, await readTable(dirA, kind, spec));
}, 300_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

describe('baophu demo at --scale 0.01', () => {
  it('writes the 12 kinds, truth.csv and manifest.json, with the row counts the manifest states', () => {
    expect(resultA.files.map((f) => f.kind)).toEqual([...FILE_KINDS]);
    for (const f of resultA.files) {
      expect(fs.existsSync(f.path)).toBe(true);
      expect(path.basename(f.path)).toMatch(new RegExp(`^${f.kind}\\.(csv|xlsx)$`));
      expect(tables.get(f.kind)!.rows.length).toBe(f.rows);
      expect(f.rows).toBeGreaterThan(0);
    }
    const m = manifestOf(dirA);
    expect(m).toMatchObject({ seed: 7, scale: 0.01, asOf: '2026-11-15', period: '2026-10' });
    for (const f of resultA.files) expect(m.counts[f.kind]).toBe(f.rows);
    expect(Object.keys(m.activeParticipants.byCommune)).toHaveLength(92);
    expect(m.population.residents).toBeGreaterThan(15_000);
    expect(m.population.residents).toBeLessThan(21_000);
    expect(m.labour.coverage).toBeGreaterThan(0.25);
    expect(m.labour.coverage).toBeLessThan(0.4);
  });

  it('is deterministic: the same seed gives identical bytes, another seed different files', () => {
    const names = fs.readdirSync(dirA).sort();
    expect(fs.readdirSync(dirB).sort()).toEqual(names);
    for (const n of names) expect(sha(path.join(dirB, n)), n).toBe(sha(path.join(dirA, n)));
    expect(sha(path.join(dirC, 'truth.csv'))).not.toBe(sha(path.join(dirA, 'truth.csv')));
    const fileOf = (dir: string, kind: string) => fs.readdirSync(dir).find((f) => f.startsWith(`${kind}.`))!;
    const differing = FILE_KINDS.filter((k) => sha(path.join(dirC, fileOf(dirC, k))) !== sha(path.join(dirA, fileOf(dirA, k))));
    expect(differing).toEqual([...FILE_KINDS]);
  });

  it('follows the spec headers: every column is a spec column or alias, required columns are present, aliases are used', () => {
    const spec = specColumns();
    let aliasUsed = 0;
    for (const kind of FILE_KINDS) {
      const t = tables.get(kind)!;
      expect(t.unknownHeaders.filter((h) => h !== 'STT'), kind).toEqual([]);
      for (const col of spec.get(kind)!) if (col.required) expect(t.index.has(col.name), `${kind}: ${col.name}`).toBe(true);
      for (const [name, k] of t.index) if (t.headers[k] !== name) aliasUsed++;
    }
    expect(aliasUsed).toBeGreaterThan(5);
  });

  it('varies formats and encodings as agency files do', () => {
    const csv = [...tables.values()].filter((t) => t.format === 'csv');
    const xlsx = [...tables.values()].filter((t) => t.format === 'xlsx');
    expect(csv.length).toBeGreaterThan(0);
    expect(xlsx.length).toBeGreaterThan(0);
    const encodings = new Set(csv.map((t) => t.encoding));
    expect(encodings.has('utf16le')).toBe(true);
    expect(encodings.has('cp1258')).toBe(true);
    expect([...encodings].some((e) => e === 'utf8' || e === 'utf8bom')).toBe(true);
    expect(new Set(csv.map((t) => t.separator)).size).toBeGreaterThanOrEqual(2);
    // A Windows-1258 file decodes to real Vietnamese, not mojibake.
    const cp = csv.find((t) => t.encoding === 'cp1258')!;
    expect(cp.rows.flat().join(' ')).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    // Some spreadsheets have title rows, a numbering row or a total row.
    const raw = xlsx.map((t) => fs.readFileSync(t.file));
    expect(raw.length).toBeGreaterThan(0);
    const styles = manifestOf(dirA).files;
    expect(Object.values(styles).some((s) => (s as { titleRows?: boolean }).titleRows)).toBe(true);
    expect(Object.values(styles).some((s) => (s as { totalRow?: boolean }).totalRow)).toBe(true);
  });

  it('truth.csv has every finding code, the counts the manifest states, and nothing the rules do not give', async () => {
    const truth = readTruth(resultA.truthPath);
    const m = manifestOf(dirA);
    for (const code of FINDING_CODES) {
      expect(truth.get(code)?.size ?? 0, code).toBeGreaterThan(0);
      expect(m.findings[code], code).toBe(truth.get(code)!.size);
    }
    // The findings recomputed from the files alone (independent reader and rules) equal the truth.
    const recomputed = await recomputeFindings(dirA, '2026-11-15', P_2026_10);
    for (const code of FINDING_CODES) expect([...(recomputed.get(code) ?? [])].sort(), code).toEqual([...truth.get(code)!].sort());
  }, 120_000);

  it('personal IDs agree with birth dates and sex, except the planted ones', () => {
    const t = tables.get('dan-cu')!;
    const g = getter(t);
    let bad = 0;
    const ids = new Set<string>();
    for (const r of t.rows) {
      const id = repair(g(r, 'Số định danh cá nhân'))!;
      ids.add(id);
      expect(id).toMatch(/^\d{12}$/);
      const y = Number(parseDate(g(r, 'Ngày sinh'))!.iso.slice(0, 4));
      const female = g(r, 'Giới tính') === 'Nữ';
      const gd = Number(id[3]);
      const ok = gd === (y >= 2000 ? 2 : 0) + (female ? 1 : 0) && Number(id.slice(4, 6)) === y % 100;
      if (!ok) bad++;
    }
    const m = manifestOf(dirA);
    expect(bad).toBe(m.planted.dan_cu_id_contradicts_birth);
    expect(t.rows.length - ids.size).toBe(m.planted.dan_cu_duplicate_lines);
    // Mostly province 019, 006 for old Bắc Kạn births, some others.
    const prefixes = [...ids].map((id) => id.slice(0, 3));
    const share = (p: string) => prefixes.filter((x) => x === p).length / prefixes.length;
    expect(share('019')).toBeGreaterThan(0.5);
    expect(share('006')).toBeGreaterThan(0.05);
    expect(share('019') + share('006')).toBeLessThan(0.99);
  });

  it('plants realistic noise: lost leading zeros, names without diacritics, old tone marks, year-only births, legacy IDs, twins', () => {
    const n = tables.get('bhxh-nguoi')!;
    const gn = getter(n);
    const ids = n.rows.map((r) => gn(r, 'Số định danh cá nhân'));
    expect(ids.some((v) => /^\d{11}$/.test(v))).toBe(true);
    expect(ids.some((v) => v === '')).toBe(true);
    const names = n.rows.map((r) => gn(r, 'Họ và tên'));
    expect(names.some((v) => /^[A-Za-z ]+$/.test(v) && v === v.toUpperCase())).toBe(true);
    expect(names.some((v) => v !== v.normalize('NFC'))).toBe(true);
    expect(names.some((v) => /(oà|oá|oả|oã|oạ|uỳ|uý|uỷ|uỹ|uỵ|oè|oé|oẻ|oẽ|oẹ)$/i.test(v.normalize('NFC')))).toBe(true);
    const h = tables.get('ho-ngheo')!;
    const gh = getter(h);
    expect(h.rows.some((r) => /^\d{4}$/.test(gh(r, 'Ngày sinh')))).toBe(true);
    expect(h.rows.some((r) => /^\d{9}$/.test(gh(r, 'Số định danh cá nhân')))).toBe(true);
    const b = tables.get('bhtn-huong')!;
    expect(b.rows.some((r) => /^\d{4}$/.test(getter(b)(r, 'Ngày sinh')))).toBe(true);
    // Same-name, same-birth-date namesakes in one commune, with different IDs.
    const d = tables.get('dan-cu')!;
    const gd = getter(d);
    const seen = new Map<string, string>();
    let twins = 0;
    for (const r of d.rows) {
      const key = `${fold(gd(r, 'Họ và tên'))}|${gd(r, 'Ngày sinh')}|${gd(r, 'Giới tính')}|${gd(r, 'Mã xã')}`;
      const id = repair(gd(r, 'Số định danh cá nhân'))!;
      if (seen.has(key) && seen.get(key) !== id) twins++;
      seen.set(key, id);
    }
    expect(twins).toBeGreaterThanOrEqual(1);
  });

  it('writes commune targets for the year that sum to the province line, and a 2026–2030 province path', () => {
    const t = tables.get('chi-tieu')!;
    const g = getter(t);
    const province = t.rows.filter((r) => g(r, 'Mã xã') === '19');
    expect(province.map((r) => Number(g(r, 'Năm')))).toEqual([2026, 2027, 2028, 2029, 2030]);
    const communes = t.rows.filter((r) => g(r, 'Mã xã') !== '19');
    expect(communes).toHaveLength(92);
    for (const col of ['Chỉ tiêu BHXH', 'Chỉ tiêu BHXH tự nguyện', 'Chỉ tiêu BHXH bắt buộc', 'Chỉ tiêu BHTN']) {
      const sum = communes.reduce((a, r) => a + Number(g(r, col)), 0);
      expect(sum, col).toBe(Number(g(province[0], col)));
    }
  });
});

describe('baophu demo command line and forced formats', () => {
  it('writes every kind as CSV with --format csv through the real CLI', () => {
    const out = path.join(root, 'cli-csv');
    const r = runCli(['demo', '--scale', '0.005', '--seed', '3', '--out', out, '--format', 'csv'], process.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Đã ghi 12 tệp');
    for (const kind of FILE_KINDS) expect(fs.existsSync(path.join(out, `${kind}.csv`)), kind).toBe(true);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
  });

  it('rejects a bad scale with a Vietnamese usage error (exit 2)', () => {
    const r = runCli(['demo', '--scale', 'abc', '--out', path.join(root, 'bad')], process.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scale phải là một số');
  });

  it('writes every kind as XLSX with --format xlsx, and --as-of moves the period; the truth still follows the files', async () => {
    const out = path.join(root, 'xlsx');
    const res = await generateDemo({ scale: 0.005, seed: 11, outDir: out, format: 'xlsx', asOf: '2026-08-20' });
    for (const f of res.files) expect(f.path.endsWith('.xlsx'), f.kind).toBe(true);
    const m = manifestOf(out);
    expect(m.asOf).toBe('2026-08-20');
    expect(m.period).toBe('2026-07');
    const truth = readTruth(res.truthPath);
    const recomputed = await recomputeFindings(out, '2026-08-20', 2026 * 12 + 6);
    for (const code of FINDING_CODES) expect([...(recomputed.get(code) ?? [])].sort(), code).toEqual([...(truth.get(code) ?? [])].sort());
    const t = await readTable(out, 'bhxh-nguoi');
    expect(new Set(t.rows.map((r) => getter(t)(r, 'Kỳ')))).toEqual(new Set(['07/2026']));
  }, 120_000);
});
