/**
 * Import benchmark (npm run bench:import): generates its own input files in a temp dir and imports
 * them with importFile, each scenario in a child process so that its peak memory is its own:
 *   - a 2-million-row dan-cu CSV into the PostgreSQL server (DATABASE_URL; target ≤ 30 s)
 *   - the same CSV into embedded PGlite (target ≤ 60 s)
 *   - a 1-million-row dan-cu XLSX (target ≤ 60 s) into the server (PGlite without DATABASE_URL)
 * Prints rows/s and peak RSS (importer process, and the PGlite host process) per scenario.
 * Environment: BENCH_ROWS (default 2000000), BENCH_XLSX_ROWS (default 1000000),
 * BENCH_SCENARIOS (comma list: pg-csv,pg-csv-unnest,pglite-csv,xlsx), BENCH_KEEP=1 keeps the files,
 * BENCH_GENERATE_ONLY=1 only writes them, BENCH_DIR=<dir> writes them there (kept) and reuses files
 * already there.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import ExcelJS from 'exceljs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

// ------------------------------------------------------------------ synthetic rows

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Nông', 'Lý', 'Triệu', 'Ma', 'Dương', 'Lường'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Ngọc', 'Minh', 'Thu', 'Hữu', 'Quốc', 'Thúy', 'Xuân'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hằng', 'Hiếu', 'Hòa', 'Hùng', 'Hương', 'Lan', 'Linh', 'Lường', 'Mai', 'Nga', 'Nhung', 'Phúc', 'Quyết', 'Sơn', 'Thắng', 'Thủy', 'Trang', 'Tuấn', 'Yến', 'Ước', 'Ỷ'];
const ETHNIC = ['Kinh', 'Kinh', 'Kinh', 'Tày', 'Nùng', 'Dao', 'Mông', 'Sán Dìu', 'Sán Chay', 'Hoa'];

function communeCodes(): string[] {
  const lines = fs.readFileSync(path.join(root, 'reference', 'communes.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.slice(0, 5));
}

interface Person { id: string; name: string; birth: string; birthSerial: number; sex: string; ethnic: string; commune: string; address: string; status: string }

function person(i: number, communes: string[]): Person {
  const year = 1940 + (i % 80);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  const female = i % 2 === 1;
  const g = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const id = `019${g}${String(year % 100).padStart(2, '0')}${String(i).padStart(6, '0').slice(-6)}`;
  // unique: fold the higher part of i into the province code (all registered in Thái Nguyên or Bắc Kạn)
  const province = ['019', '006', '001', '079', '024', '020', '008', '025'][Math.floor(i / 1_000_000) % 8];
  const serial = Math.floor(i / 80) % 1_000_000;
  const uid = `${province}${g}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
  void id;
  const name = `${SURNAMES[i % SURNAMES.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i >> 5) % GIVEN.length]}`;
  const birthSerial = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000);
  return {
    id: uid,
    name,
    birth: `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`,
    birthSerial,
    sex: female ? 'Nữ' : 'Nam',
    ethnic: ETHNIC[i % ETHNIC.length],
    commune: communes[i % communes.length],
    address: `Tổ ${1 + (i % 40)}, thôn Bản Chương ${i % 9}`,
    status: i % 97 === 0 ? 'Đã chết' : 'Còn sống',
  };
}

const HEADER = ['Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Mã xã', 'Địa chỉ thường trú', 'Tình trạng'];

async function writeCsv(file: string, n: number) {
  const communes = communeCodes();
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
  await write('\ufeffCÔNG AN TỈNH THÁI NGUYÊN\r\nTRÍCH XUẤT DỮ LIỆU DÂN CƯ\r\n' + HEADER.join(',') + '\r\n');
  let buf = '';
  for (let i = 0; i < n; i++) {
    const p = person(i, communes);
    buf += `${p.id},${p.name},${p.birth},${p.sex},${p.ethnic},${p.commune},"${p.address}",${p.status}\r\n`;
    if (buf.length > 1 << 20) {
      const w = write(buf);
      if (w) await w;
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('finish', r));
}

async function writeXlsx(file: string, n: number) {
  const communes = communeCodes();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Dân cư');
  ws.addRow(['CÔNG AN TỈNH THÁI NGUYÊN']).commit();
  ws.addRow(HEADER).commit();
  for (let i = 0; i < n; i++) {
    const p = person(i, communes);
    const row = ws.addRow([p.id, p.name, p.birthSerial, p.sex, p.ethnic, p.commune, p.address, p.status]);
    row.getCell(3).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  await ws.commit();
  await wb.commit();
}

// ------------------------------------------------------------------ memory

function vmHwmMb(pid: number | 'self'): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ one scenario (child process)

interface ScenarioResult {
  scenario: string; rows: number; accepted: number; seconds: number; rowsPerSecond: number; rssMb: number | null; hostRssMb: number | null;
  status: string; method?: string;
  /** CPU seconds of the importing process, and of the database side (PGlite host, or the server's backends of the bench database). */
  cpuImporter: number; cpuDatabase: number | null;
}

async function runScenario(scenario: string, file: string, workDir: string): Promise<ScenarioResult> {
  const { openMigratedDatabase } = await import('../server/db/open.ts');
  const { importFile } = await import('../server/ingest/service.ts');
  const { dbLockPath } = await import('../server/db/config.ts');
  const { readLiveLock } = await import('../server/db/lock.ts');
  const usePg = scenario.startsWith('pg-') || (scenario === 'xlsx' && !!process.env.DATABASE_URL);
  const dataDir = path.join(workDir, `data-${scenario}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  let dbName: string | null = null;
  let config: import('../server/db/config.ts').DbConfig;
  if (usePg) {
    dbName = `baophu_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${dbName}`;
    config = { engine: 'postgres', url: url.toString(), dataDir };
  } else config = { engine: 'pglite', dataDir };
  const database = await openMigratedDatabase(config);
  const hostPid = usePg ? null : (readLiveLock(dbLockPath(dataDir))?.pid ?? null);
  /** Database processes and their CPU time before the import (the server's backends are found by database name). */
  const dbPids = async (): Promise<number[]> => {
    if (hostPid) return [hostPid];
    const { rows } = await database.pool.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    return rows.map((r) => Number(r.pid));
  };
  const cpuOf = (pids: number[]) => pids.reduce<number | null>((sum, pid) => {
    const c = cpuSeconds(pid);
    return c === null || sum === null ? null : sum + c;
  }, 0);
  try {
    const before = new Map((await dbPids()).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await importFile(database, {
      kind: 'dan-cu',
      filePath: file,
      userName: 'bench',
      replace: true,
      loadMethod: scenario === 'pg-csv-unnest' ? 'unnest' : undefined,
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const after = await dbPids();
    const dbCpu = cpuOf(after);
    return {
      cpuImporter: (cpu.user + cpu.system) / 1e6,
      cpuDatabase: dbCpu === null ? null : dbCpu - after.reduce((sum, pid) => sum + (before.get(pid) ?? 0), 0),
      scenario,
      rows: result.rows,
      accepted: result.accepted,
      seconds,
      rowsPerSecond: Math.round(result.rows / seconds),
      rssMb: vmHwmMb('self'),
      hostRssMb: hostPid ? vmHwmMb(hostPid) : null,
      status: result.status,
      method: result.detail.loadMethod,
    };
  } finally {
    await database.close();
    if (dbName) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ main

const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

async function main() {
  const [mode, scenario, file, scenarioDir] = process.argv.slice(2);
  if (mode === '--scenario') {
    const result = await runScenario(scenario, file, scenarioDir);
    process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
    return;
  }
  const rows = Number(process.env.BENCH_ROWS || 2_000_000);
  const xlsxRows = Number(process.env.BENCH_XLSX_ROWS || 1_000_000);
  const hasServer = !!process.env.DATABASE_URL;
  const wanted = (process.env.BENCH_SCENARIOS || (hasServer ? 'pg-csv,pglite-csv,xlsx' : 'pglite-csv,xlsx')).split(',');
  const reuseDir = process.env.BENCH_DIR ? path.resolve(process.env.BENCH_DIR) : null;
  if (reuseDir) fs.mkdirSync(reuseDir, { recursive: true });
  const workDir = reuseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-bench-'));
  const csvFile = path.join(workDir, `dan-cu-${rows}.csv`);
  const xlsxFile = path.join(workDir, `dan-cu-${xlsxRows}.xlsx`);
  console.log(`Thư mục tạm: ${workDir}`);
  try {
    const have = (f: string) => !!reuseDir && fs.existsSync(f);
    if (wanted.some((s) => s.includes('csv')) && !have(csvFile)) {
      const t = performance.now();
      await writeCsv(csvFile, rows);
      console.log(`Đã sinh CSV ${fmt(rows)} dòng (${fmt(Math.round(fs.statSync(csvFile).size / 1e6))} MB) trong ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (wanted.includes('xlsx') && !have(xlsxFile)) {
      const t = performance.now();
      await writeXlsx(xlsxFile, xlsxRows);
      console.log(`Đã sinh XLSX ${fmt(xlsxRows)} dòng (${fmt(Math.round(fs.statSync(xlsxFile).size / 1e6))} MB) trong ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (process.env.BENCH_GENERATE_ONLY) return;
    const targets: Record<string, number> = { 'pg-csv': 30, 'pg-csv-unnest': 30, 'pglite-csv': 60, xlsx: 60 };
    for (const scenario of wanted) {
      if (scenario.startsWith('pg-') && !hasServer) {
        console.log(`${scenario}: bỏ qua (không có DATABASE_URL)`);
        continue;
      }
      const file = scenario === 'xlsx' ? xlsxFile : csvFile;
      const loadBefore = os.loadavg()[0];
      const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--scenario', scenario, file, workDir], {
        cwd: root, env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        console.log(`${scenario}: LỖI\n${child.stderr}`);
        process.exitCode = 1;
        continue;
      }
      const r = JSON.parse(line.slice(7)) as ScenarioResult;
      const engine = scenario === 'pglite-csv' || (scenario === 'xlsx' && !hasServer) ? 'PGlite' : 'PostgreSQL';
      const ok = r.seconds <= targets[scenario] && (r.rssMb ?? 0) <= 1024 && (r.hostRssMb ?? 0) <= 1024;
      console.log(
        `${scenario.padEnd(14)} ${engine.padEnd(10)} ${r.method ?? ''}: ${fmt(r.rows)} dòng (${fmt(r.accepted)} nhận) trong ${r.seconds.toFixed(1)} s = ${fmt(r.rowsPerSecond)} dòng/s; ` +
          `RSS đỉnh tiến trình nhập ${r.rssMb ?? '?'} MB${r.hostRssMb ? `, tiến trình PGlite ${r.hostRssMb} MB` : ''}; ` +
          `CPU: nhập ${r.cpuImporter.toFixed(1)} s, CSDL ${r.cpuDatabase === null ? '?' : r.cpuDatabase.toFixed(1)} s; ` +
          `tải máy (load average 1 phút) trước ${loadBefore.toFixed(2)}, sau ${os.loadavg()[0].toFixed(2)}; mục tiêu ≤ ${targets[scenario]} s, ≤ 1024 MB: ${ok ? 'ĐẠT' : 'CHƯA ĐẠT'}`,
      );
    }
  } finally {
    if (!process.env.BENCH_KEEP && !reuseDir) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
