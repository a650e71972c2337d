import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { loadWorld, AS_OF, PERIOD, EXPECT } from './world.ts';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-cli-'));

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  env = envFor(database);
  await database.close(); // the CLI opens the database itself (PGlite: one process at a time)
});
afterAll(async () => {
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The one reconciliation run of this file, made by whichever test needs it first: each test passes alone and in
 * any order (the export and eval tests need a finished run; the run test checks its output).
 */
let reconciled: ReturnType<typeof runCli> | undefined;
function reconcile() {
  reconciled ??= runCli(['reconcile', '--as-of', AS_OF, '--period', PERIOD], env);
  expect(reconciled.code, reconciled.stderr).toBe(0);
  return reconciled;
}

describe('baophu reconcile / findings / eval', () => {
  it('rejects a malformed date in Vietnamese', () => {
    const r = runCli(['reconcile', '--as-of', '25/11/2026'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of phải là ngày dạng YYYY-MM-DD');
  });

  it('refuses a period without participant data', () => {
    const r = runCli(['reconcile', '--as-of', AS_OF, '--period', '2026-03'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Không có dữ liệu người tham gia BHXH (bhxh-nguoi) của kỳ 03/2026');
  });

  it('runs every check and prints the count and time of each', () => {
    const r = reconcile();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tính đến ngày 25/11/2026, kỳ dữ liệu 10/2026');
    for (const code of ['DN_CHUA_DANG_KY', 'TIEM_NANG_TU_NGUYEN', 'KCN_LECH_LAO_DONG', 'NTG_SAI_THONG_TIN']) {
      expect(r.stdout).toMatch(new RegExp(`${code}\\s+\\d+\\s+\\d+,\\d\\d s`));
    }
    expect(r.stdout).toMatch(/Tổng cộng\s+\d+/);
    expect(r.stdout).toContain('không phải kết luận vi phạm');
  });

  it('exports CSV with the contract columns, one row per finding', () => {
    reconcile();
    const out = path.join(dir, 'f.csv');
    const r = runCli(['findings', '--format', 'csv', '--out', out], env);
    expect(r.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(out, 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields!.slice(0, 7)).toEqual(['code', 'subject_id', 'commune_code', 'period', 'amount_vnd', 'related_id', 'detail']);
    const keys = new Set(parsed.data.map((d) => `${d.code}|${d.subject_id}`));
    expect(keys.size).toBe(parsed.data.length);
    for (const e of EXPECT) expect(keys.has(`${e.code}|${e.subject}`), `${e.code} ${e.why}`).toBe(e.raised);
    const late = parsed.data.find((d) => d.code === 'DN_CHAM_DONG' && d.subject_id === 'U002')!;
    expect(late.period).toBe('2026-10');
    expect(late.amount_vnd).toBe('1000000');
    expect(late.detail).toContain('Còn nợ 1.000.000 đ của 1 tháng đã quá hạn đóng (09/2026)');
  });

  it('filters by code and status, and writes JSON and XLSX', async () => {
    reconcile();
    const r = runCli(['findings', '--code', 'DN_TRON_DONG', '--status', 'new', '--format', 'json'], env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.note).toContain('không phải kết luận vi phạm');
    expect(json.findings.map((f: { subject_id: string }) => f.subject_id)).toEqual(['U005']);
    const xlsx = path.join(dir, 'f.xlsx');
    expect(runCli(['findings', '--commune', '05716', '--format', 'xlsx', '--out', xlsx], env).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('DANH SÁCH PHÁT HIỆN');
    expect(String(ws.getCell('A2').value)).toContain('đầu mối cần xác minh, không phải kết luận vi phạm');
    expect(ws.getCell('A3').value).toBe('Mã phát hiện');
    const communes = new Set<string>();
    ws.eachRow((row, n) => { if (n > 3) communes.add(String(row.getCell(3).value)); });
    expect([...communes]).toEqual(['05716']);
    const bad = runCli(['findings', '--code', 'KHONG_CO', '--format', 'csv'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Mã phát hiện không hợp lệ: KHONG_CO');
  });

  it('scores the latest run against a truth file and warns about a different as_of', () => {
    reconcile();
    const truthDir = path.join(dir, 'truth');
    fs.mkdirSync(truthDir);
    const truth = EXPECT.filter((e) => e.raised && e.code !== 'KCN_LECH_LAO_DONG').map((e) => `${e.code},${e.subject}`);
    truth.push('KCN_LECH_LAO_DONG,9999999999'); // one miss
    fs.writeFileSync(path.join(truthDir, 'truth.csv'), `code,subject_id\n${truth.join('\n')}\n`);
    fs.writeFileSync(path.join(truthDir, 'manifest.json'), JSON.stringify({ asOf: '2026-11-30', period: '2026-10' }));
    const r = runCli(['eval', '--truth', path.join(truthDir, 'truth.csv'), '--details', path.join(dir, 'mm.csv')], env);
    expect(r.stdout).toContain('Cảnh báo: Dữ liệu chuẩn tính theo ngày 2026-11-30 nhưng lần đối soát gần nhất dùng --as-of 2026-11-25');
    const kcn = r.stdout.split('\n').find((l) => l.startsWith('KCN_LECH_LAO_DONG'))!;
    // found 2 (both real), truth 1 (a wrong one): precision 0, recall 0
    expect(kcn.trim().split(/\s+/).slice(1)).toEqual(['1', '2', '0', '2', '1', '0.0000', '0.0000', '0.0000']);
    const dn = r.stdout.split('\n').find((l) => l.startsWith('DN_CHAM_DONG'))!;
    expect(dn.trim().split(/\s+/).slice(1, 4)).toEqual(['2', '2', '2']);
    const details = fs.readFileSync(path.join(dir, 'mm.csv'), 'utf8');
    expect(details.startsWith('\uFEFFcode,subject_id,kind\n')).toBe(true); // a BOM, the documented columns
    expect(details).toContain('KCN_LECH_LAO_DONG,9999999999,false_negative');
    expect(r.stdout).toMatch(/Bản ghi chờ xem xét \(không tự đoán, không tính vào bảng trên\): \d+/);
  });

  it('lists the review queue as CSV or JSON and refuses a decision on a record that is not in review', () => {
    reconcile();
    const list = runCli(['review', 'list', '--format', 'json'], env);
    expect(list.code, list.stderr).toBe(0);
    const json = JSON.parse(list.stdout) as { total: number; rows: Array<{ record_key: string; candidate_id: string }> };
    expect(json.total).toBeGreaterThanOrEqual(0);
    expect(new Set(json.rows.map((r) => r.record_key)).size).toBe(Math.min(json.total, 100));
    const csv = runCli(['review', 'list'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFrecord_key,source,id_as_written,name,birth_date')).toBe(true);
    const usage = runCli(['review', 'decide', 'abc'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Cách dùng: baophu review decide');
    const missing = runCli(['review', 'decide', 'khong-co', '001090000001', '--accept'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không có hồ sơ cần xem xét với mã khong-co');
  });
});
