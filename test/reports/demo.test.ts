/**
 * The catalogue's reports on the demo province (generate → import the 12 files → reconcile → refreshProgress), made
 * with the real command `baophu report make`:
 * - each docx opens in LibreOffice headless (converted to PDF), has a sane page count, and its text (pdftotext) holds
 *   the decree's parts: national title and motto, the number, "Kính gửi", "Nơi nhận", the signer;
 * - a signed annual report carries its number and the signer's name;
 * - the annual report's headline figures equal `baophu progress` for the same year and month, and its findings
 *   counts equal `baophu findings`;
 * - bad options are refused with Vietnamese usage errors (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { importDemoProvince } from '../helpers/demo.ts';
import { runCli } from '../helpers/cli.ts';
import { addUser } from '../helpers/app.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { reviewVersion, signVersion } from '../../server/reports/versions.ts';
import type { SessionUser } from '../../server/auth/policies.ts';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { formatInt } from '#shared/format.ts';

let database: TestDatabase;
let dir: string;
let year: string;
let month: string;
const COMMUNE = '05443';

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-reports-'));
  const { manifestPath } = await importDemoProvince(database, { scale: 0.01, seed: 7, outDir: path.join(database.config.dataDir, 'demo') });
  await runReconciliation(database, {});
  await refreshProgress(database);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { period: string };
  [year, month] = manifest.period.split('-');
}, 600_000);
afterAll(async () => {
  await database?.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** docx → PDF with LibreOffice headless (a private profile so parallel runs do not clash); returns the PDF's path. */
function toPdf(docx: string): string {
  const profile = path.join(os.tmpdir(), `lo-${crypto.randomBytes(6).toString('hex')}`);
  try {
    const r = spawnSync('/usr/bin/soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { encoding: 'utf8', timeout: 120_000 });
    const pdf = path.join(dir, path.basename(docx).replace(/\.docx$/, '.pdf'));
    expect(fs.existsSync(pdf), `${r.stdout}\n${r.stderr}`).toBe(true);
    return pdf;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
/** The PDF's text with line breaks and runs of spaces as one space. */
const text = (pdf: string) => spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');

function make(args: string[]) {
  const r = runCli(['report', 'make', ...args, '--json'], envFor(database));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { id: number; version: number; out: string; sha256: string; dataIds: Record<string, any>; sizes: Record<string, number> };
}

function expectDecreeParts(t: string) {
  expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(t).toContain('Độc lập - Tự do - Hạnh phúc');
  expect(t).toContain('Kính gửi');
  expect(t).toContain('Nơi nhận');
  expect(t).toContain('NGUỒN SỐ LIỆU');
}

async function sheet(file: string, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name);
  expect(ws, `sheet ${name}`).toBeTruthy();
  const rows: unknown[][] = [];
  ws!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('reports on the demo province', () => {
  it('the annual report: docx opens in LibreOffice with the decree’s parts, signed with its number and signer', async () => {
    const out = path.join(dir, 'annual.docx');
    const made = make(['annual', '--year', year, '--month', month, '--format', 'docx', '--out', out]);
    expect(made.dataIds.reconcileRun.id).toBeGreaterThan(0);
    expect(made.dataIds.progressRun.id).toBeGreaterThan(0);
    expect(made.dataIds.importBatches.length).toBe(FILE_KINDS.length);
    expect(crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex')).toBe(made.sha256);
    const draft = toPdf(out);
    expect(pages(draft)).toBeGreaterThanOrEqual(3);
    expect(pages(draft)).toBeLessThan(40);
    const t = text(draft);
    expectDecreeParts(t);
    expect(t).toContain('/BC-SNV');
    expect(t).toContain('Bộ Nội vụ');
    expect(t).toContain('PHÓ GIÁM ĐỐC');

    // Review and sign as Home Affairs: the signed docx has the number and the signer's name.
    const reviewerId = await addUser(database, 'noivu.cv', 'home_affairs');
    const leaderId = await addUser(database, 'noivu.ld', 'home_affairs', undefined, true);
    const user = (id: number, username: string, isLeader: boolean): SessionUser => ({ id, username, fullName: username === 'noivu.ld' ? 'Nguyễn Văn Giám' : username, role: 'home_affairs', agency: 'SO_NOI_VU', communes: null, isLeader });
    await reviewVersion(database, user(reviewerId, 'noivu.cv', false), made.id, null);
    await signVersion(database, user(leaderId, 'noivu.ld', true), made.id, 'Ký ban hành');
    const stored = await database.pool.query(`SELECT bytes FROM report_file WHERE version_id = $1 AND format = 'docx'`, [made.id]);
    const signedPath = path.join(dir, 'annual-signed.docx');
    fs.writeFileSync(signedPath, stored.rows[0].bytes);
    const st = text(toPdf(signedPath));
    expectDecreeParts(st);
    expect(st).toContain('Số: 1/BC-SNV');
    expect(st).toContain('Nguyễn Văn Giám');
  }, 300_000);

  it('the annual report’s headline figures equal `baophu progress` and its findings counts equal `baophu findings`', async () => {
    const out = path.join(dir, 'annual.xlsx');
    const made = make(['annual', '--year', year, '--month', month, '--format', 'xlsx', '--out', out]);
    const p = runCli(['progress', '--year', year, '--month', month, '--format', 'json'], envFor(database));
    expect(p.code, p.stderr).toBe(0);
    const province = (JSON.parse(p.stdout) as Array<Record<string, number | string | null>>).find((r) => r.commune_code === '19')!;
    expect(Number(province.active_total)).toBeGreaterThan(0);
    const schemes = await sheet(out, 'Theo loại hình');
    const line = (label: string) => schemes.find((r) => r[0] === label)!;
    expect(line('Tổng số người tham gia BHXH')[2]).toBe(province.active_total);
    expect(line('Tổng số người tham gia BHXH')[1]).toBe(province.target_total);
    expect(line('Tổng số người tham gia BHXH')[5]).toBe(province.forecast_total);
    expect(line('BHXH bắt buộc')[2]).toBe(province.active_mandatory);
    expect(line('BHXH tự nguyện')[2]).toBe(province.active_voluntary);
    expect(line('Bảo hiểm thất nghiệp')[2]).toBe(province.active_unemployment);
    const ranking = await sheet(out, 'Xếp hạng xã, phường');
    expect(ranking.filter((r) => typeof r[2] === 'string' && /^\d{5}$/.test(r[2] as string))).toHaveLength(92);

    const f = runCli(['findings', '--format', 'json'], envFor(database));
    expect(f.code, f.stderr).toBe(0);
    const counts = new Map<string, number>();
    for (const x of (JSON.parse(f.stdout) as { findings: Array<{ code: string }> }).findings) counts.set(x.code, (counts.get(x.code) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(3);
    const found = await sheet(out, 'Phát hiện');
    const inReport = new Map(found.filter((r) => typeof r[0] === 'string' && /^[A-Z_]+$/.test(r[0] as string)).map((r) => [r[0] as string, r[2] as number]));
    expect(inReport).toEqual(counts);
    const sources = await sheet(out, 'Nguồn số liệu');
    expect(sources.map((r) => r[2])).toContain(`reconcile_run:${made.dataIds.reconcileRun.id}`);
    expect(sources.some((r) => String(r[2]).startsWith('import_batch:'))).toBe(true);
    expect(sources.some((r) => String(r[2]).startsWith('progress_run:'))).toBe(true);
  }, 300_000);

  it('the commune progress, debts and outreach reports open in LibreOffice with the decree’s parts', async () => {
    const progress = path.join(dir, 'progress.docx');
    const debts = path.join(dir, 'debts.docx');
    const outreach = path.join(dir, 'outreach.docx');
    make(['progress', '--year', year, '--month', month, '--commune', COMMUNE, '--format', 'docx', '--out', progress]);
    make(['debts', '--year', year, '--format', 'docx', '--out', debts]);
    make(['outreach', '--year', year, '--commune', COMMUNE, '--format', 'docx', '--out', outreach]);
    const p = runCli(['progress', '--year', year, '--month', month, '--format', 'json'], envFor(database));
    const row = (JSON.parse(p.stdout) as Array<Record<string, number | string | null>>).find((r) => r.commune_code === COMMUNE)!;
    for (const [file, must] of [[progress, ['của Phường Phan Đình Phùng', formatInt(Number(row.active_total))]], [debts, ['BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', 'đơn vị còn nợ quá hạn']], [outreach, ['người có thể vận động']]] as const) {
      const pdf = toPdf(file);
      expect(pages(pdf)).toBeGreaterThanOrEqual(1);
      expect(pages(pdf)).toBeLessThan(200);
      const t = text(pdf);
      expectDecreeParts(t);
      for (const m of must) expect(t).toContain(m);
    }
  }, 300_000);

  it('refuses bad options with Vietnamese usage errors (exit 2)', () => {
    const env = envFor(database);
    const cases: Array<[string[], RegExp]> = [
      [['report', 'make', '--year', '2026', '--format', 'docx', '--out', 'x.docx'], /Thiếu loại báo cáo/],
      [['report', 'make', 'annual', '--format', 'docx', '--out', 'x.docx'], /Thiếu tùy chọn --year/],
      [['report', 'make', 'annual', '--year', '2026', '--month', '13', '--format', 'docx', '--out', 'x.docx'], /--month phải từ 1 đến 12/],
      [['report', 'make', 'progress', '--year', '2026', '--month', '1', '--quarter', '1', '--format', 'docx', '--out', 'x.docx'], /--month hoặc --quarter/],
      [['report', 'make', 'annual', '--year', '2026', '--format', 'odt', '--out', 'x.docx'], /--format phải là docx, xlsx hoặc pdf/],
      [['report', 'make', 'annual', '--year', '2026', '--format', 'docx'], /Thiếu --out/],
      [['report', 'make', 'annual', '--year', '2026', '--commune', '05443', '--format', 'docx', '--out', path.join(dir, 'x.docx')], /báo cáo của tỉnh, không chọn xã/],
      [['report', 'make', 'khong_co', '--year', '2026', '--format', 'docx', '--out', path.join(dir, 'x.docx')], /Không có loại báo cáo "khong_co"/],
      [['report', 'make', 'progress', '--year', '2026', '--format', 'docx', '--out', path.join(dir, 'x.docx')], /cần tháng hoặc quý/],
      [['report', 'make', 'annual', '--year', '2026', '--bogus', '--format', 'docx', '--out', 'x.docx'], /Tùy chọn không hợp lệ: --bogus/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const kinds = runCli(['report', 'kinds', '--format', 'json'], env);
    expect(kinds.code).toBe(0);
    expect(JSON.parse(kinds.stdout).map((k: { id: string }) => k.id)).toEqual(['annual', 'progress', 'debts', 'outreach']);
  }, 300_000);
});
