/**
 * `baophu import` as a real child process: exit codes, the one JSON object of --json, --rejects,
 * and a kill -9 in the middle of a large import that leaves no trace, after which the same
 * import completes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbLockPath, rawFilesPath } from '../../server/db/config.ts';
import { readLiveLock } from '../../server/db/lock.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  env = envFor(database);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-cli-'));
});
afterAll(async () => {
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fixture = (name: string) => path.join(FIXTURES, name);
const count = async (db: Database, sql: string) => Number((await db.pool.query(sql)).rows[0].n);

describe('baophu import', () => {
  /** `baophu import dan-cu 12-impossible-dates.csv --json --rejects …`: run once, by the first test that needs it. */
  let impossibleDates: { r: ReturnType<typeof runCli>; rejects: string } | undefined;
  const importImpossibleDates = () => {
    if (!impossibleDates) {
      const rejects = path.join(dir, 'loai.csv');
      impossibleDates = { r: runCli(['import', 'dan-cu', fixture('12-impossible-dates.csv'), '--json', '--rejects', rejects], env), rejects };
    }
    return impossibleDates;
  };

  it('imports, prints exactly one JSON object, exits 0, writes the reject report', async () => {
    const { r, rejects } = importImpossibleDates();
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['status', 'kind', 'rows', 'accepted', 'rejected', 'warnings', 'errors']);
    expect(out).toMatchObject({ status: 'imported', kind: 'dan-cu', rows: 7, accepted: 1, rejected: 6, warnings: 0 });
    expect(out.errors[0]).toEqual({ row: 2, column: 'Ngày sinh', message: '"31/02/1985" không phải ngày có thật (tháng 2/1985 có 28 ngày)' });
    const text = fs.readFileSync(rejects, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const report = text.slice(1).trim().split('\r\n');
    // The issue, then the original row as the file had it (officers resubmit corrected rows).
    expect(report[0]).toBe('Dòng,Cột,Giá trị,Loại,Lý do,Gốc: Số định danh cá nhân,Gốc: Họ và tên,Gốc: Ngày sinh,Gốc: Giới tính,Gốc: Dân tộc,Gốc: Mã xã,Gốc: Địa chỉ thường trú,Gốc: Tình trạng,Gốc: Ngày mất');
    expect(report[1]).toMatch(/^2,Ngày sinh,31\/02\/1985,Bị loại,.*,019185001234,Nguyễn Thị Hồng Nhung,31\/02\/1985,Nữ,/);
    expect(report.length).toBe(7);
  });

  it('answers unchanged (exit 0) for the same content, in Vietnamese without --json', async () => {
    expect(importImpossibleDates().r.code).toBe(0);
    const r = runCli(['import', 'dan-cu', fixture('12-impossible-dates.csv')], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/đã được nhập trước đây \(lô #\d+, cùng nội dung\): không thay đổi gì/);
  });

  it('exits 1 for a refused file, with the reasons in the JSON and in the report', async () => {
    const rejects = path.join(dir, 'tu-choi.xlsx');
    const r = runCli(['import', 'dan-cu', fixture('18-missing-column.csv'), '--json', '--rejects', rejects], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'rejected', kind: 'dan-cu', rows: 0, accepted: 0, rejected: 0, warnings: 0, errors: [{ row: 1, column: 'Giới tính', message: 'Thiếu cột bắt buộc "Giới tính".' }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(rejects);
    expect(wb.worksheets[0].getRow(2).getCell(5).value).toBe('Thiếu cột bắt buộc "Giới tính".');
    const human = runCli(['import', 'dan-cu', fixture('15-empty.csv')], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('Tệp trống (0 byte).');
  });

  it('--strict exits 1 and imports nothing when a row fails', async () => {
    const before = await count(database, 'SELECT count(*) AS n FROM import_batch WHERE NOT refused');
    const r = runCli(['import', 'dan-cu', fixture('14-communes.csv'), '--strict', '--json'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'rejected', rows: 7, rejected: 4 });
    // Nothing imported: the refused file is only recorded in the history (refused, never current, no rows).
    expect(await count(database, 'SELECT count(*) AS n FROM import_batch WHERE NOT refused')).toBe(before);
    expect(await count(database, "SELECT count(*) AS n FROM import_batch WHERE refused AND file_name = '14-communes.csv' AND NOT is_current AND rows_accepted = 0 AND rows_rejected = 4")).toBe(1);
  });

  it('--period fills the snapshot period', async () => {
    const r = runCli(['import', 'bhxh-nguoi', fixture('36-bhxh-nguoi-no-period.csv'), '--period', '2026-10', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'imported', accepted: 2 });
  });

  it('exits 2 for usage errors, in Vietnamese', () => {
    const cases: Array<[string[], RegExp]> = [
      [['import'], /Cần đúng hai tham số/],
      [['import', 'khong-co', fixture('01-utf8-bom-comma.csv')], /Loại tệp "khong-co" không hợp lệ/],
      [['import', 'dan-cu', fixture('01-utf8-bom-comma.csv'), '--period', '10/2026'], /--period phải có dạng YYYY-MM/],
      [['import', 'dan-cu', path.join(dir, 'khong-co.csv')], /Không tìm thấy tệp/],
      [['import', 'dan-cu', fixture('01-utf8-bom-comma.csv'), '--bogus'], /Tùy chọn không hợp lệ: --bogus/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('kill -9 in the middle of a large import', () => {
  const ROWS = 300_000;
  let big: string;

  beforeAll(() => {
    big = path.join(dir, 'dan-cu-lon.csv');
    const out = fs.openSync(big, 'w');
    fs.writeSync(out, '\ufeffSố định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã xã,Địa chỉ thường trú\r\n');
    let buf = '';
    for (let i = 0; i < ROWS; i++) {
      buf += `0190${String(90 + (i % 10)).padStart(2, '0')}${String(i).padStart(6, '0')},Nguyễn Văn Thứ ${i},199${i % 10},Nam,05443,Tổ ${i % 50} phường Phan Đình Phùng\r\n`;
      if (buf.length > 1 << 20) {
        fs.writeSync(out, buf);
        buf = '';
      }
    }
    fs.writeSync(out, buf);
    fs.closeSync(out);
  });

  /** Starts the import and SIGKILLs it once it reports having read `after` rows. */
  function importAndKill(after: number, env: NodeJS.ProcessEnv): Promise<{ signal: string | null; seen: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.resolve('bin/baophu.mjs'), 'import', 'dan-cu', big, '--json', '--replace'], {
        env: { ...env, BAOPHU_PROGRESS: 'lines' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let seen = 0;
      let killed = false;
      let err = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        err += chunk;
        for (const m of chunk.matchAll(/Đang nhập: ([\d.]+) dòng/g)) seen = Math.max(seen, Number(m[1].replace(/\./g, '')));
        if (!killed && seen >= after) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => (killed ? resolve({ signal, seen }) : reject(new Error(`finished before the kill (code ${code}): ${err.slice(-500)}`))));
    });
  }

  it('leaves no trace of the half-loaded batch, then the same import completes', async () => {
    // Its own database, which the CLI owns for this test (no other process holds it open), like a cron job would: the
    // other tests' dan-cu imports stay out of its counts, and its batch replaces none of theirs.
    const own = await createTestDatabase();
    const ownEnv = envFor(own);
    const config = own.config;
    const pglite = config.engine === 'pglite';
    let closed = false;
    try {
      if (pglite) {
        await own.close();
        closed = true;
      }
      const open = async () => (pglite ? openDatabase(config) : own);
      const state = async (db: Database) => ({
        batches: await count(db, 'SELECT count(*) AS n FROM import_batch'),
        rows: await count(db, 'SELECT count(*) AS n FROM src_dan_cu'),
        issues: await count(db, 'SELECT count(*) AS n FROM import_issue'),
        current: (await db.pool.query("SELECT id FROM import_batch WHERE kind = 'dan-cu' AND is_current ORDER BY id")).rows,
      });
      let db = await open();
      const before = await state(db);
      if (pglite) await db.close();

      const killed = await importAndKill(60_000, ownEnv);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.seen).toBeGreaterThanOrEqual(60_000);
      expect(killed.seen).toBeLessThan(ROWS);
      if (pglite) {
        // The embedded database process notices its parent is gone and shuts down.
        for (let i = 0; i < 200 && readLiveLock(dbLockPath(config.dataDir)); i++) await new Promise((r) => setTimeout(r, 100));
        expect(readLiveLock(dbLockPath(config.dataDir))).toBeNull();
      }

      db = await open();
      expect(await state(db)).toEqual(before);
      const sha = (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(big)).digest('hex');
      expect(fs.existsSync(path.join(rawFilesPath(config.dataDir), sha))).toBe(false);
      if (pglite) await db.close();

      const r = runCli(['import', 'dan-cu', big, '--json', '--replace'], ownEnv);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'imported', rows: ROWS, accepted: ROWS, rejected: 0 });

      db = await open();
      expect(await count(db, 'SELECT count(*) AS n FROM cur_dan_cu')).toBe(ROWS);
      expect(await count(db, 'SELECT count(*) AS n FROM import_batch')).toBe(before.batches + 1);
      expect(fs.existsSync(path.join(rawFilesPath(config.dataDir), sha))).toBe(true);
      if (pglite) {
        await db.close();
        Object.assign(own, await openDatabase(config)); // reopened for destroy()
        closed = false;
      }
    } finally {
      if (closed) fs.rmSync(config.dataDir, { recursive: true, force: true });
      else await own.destroy();
    }
  }, 600_000);
});
