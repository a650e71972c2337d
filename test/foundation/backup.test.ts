/**
 * `baophu db backup` / `baophu db restore` as real commands: a small reconciled world with real imports
 * (raw files), backed up and restored into an empty database; the restored one holds the same rows in
 * every table, the same raw files, and answers the CLI and the API byte for byte as the original.
 * Then: backup while `baophu serve` runs (and an import is under way), restore refused on a running
 * server's data directory, refused into a non-empty target without --force, broken and foreign archives,
 * and — on the server engine — cross-engine restores.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { TMP_ROOT, serverUrl } from '../helpers/paths.ts';
import { addUser, login, testApp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { loadWorld, AS_OF, PERIOD } from '../reconcile/world.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { rawFilesPath } from '../../server/db/config.ts';
import { readTar, TarWriter } from '../../server/db/tar.ts';
import { CREATE_SCHEMA_MIGRATIONS, applyMigration, migrationNames } from '../../server/db/migrate.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
const bin = path.resolve('bin/baophu.mjs');
const run = crypto.randomBytes(4).toString('hex');
const dir = path.join(TMP_ROOT, `backup-${process.pid}-${run}`);
const cleanups: Array<() => Promise<void>> = [];
let source: TestDatabase;
let sourceEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  source = await createTestDatabase();
  await loadWorld(source);
  sourceEnv = envFor(source);
  // Real imports, so raw files exist (a CSV and an XLSX), then a reconciliation and an account.
  for (const [kind, file] of [['lao-dong', '28-lao-dong.csv'], ['chi-tieu', '29-chi-tieu.xlsx']]) {
    const r = runCli(['import', kind, path.join(FIXTURES, file)], sourceEnv);
    expect(r.code, r.stderr).toBe(0);
  }
  const rc = runCli(['reconcile', '--as-of', AS_OF, '--period', PERIOD], sourceEnv);
  expect(rc.code, rc.stderr).toBe(0);
  await addUser(source, 'quantri', 'admin');
}, 300_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await source?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An empty target of the engine under test: a new data directory, and on the server engine a new empty database. */
async function emptyTarget(engine: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite'): Promise<NodeJS.ProcessEnv> {
  const id = crypto.randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = { ...process.env, BAOPHU_DATA_DIR: path.join(dir, `target-${id}`) };
  delete env.DATABASE_URL;
  if (engine === 'postgres') {
    const name = `baophu_restore_${id}`;
    const admin = new pg.Client({ connectionString: serverUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`); // from template0's copy: no tables, no extensions
    await admin.end();
    env.DATABASE_URL = serverUrl(name);
    cleanups.push(async () => {
      const a = new pg.Client({ connectionString: serverUrl('postgres') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    });
  }
  return env;
}

async function withDb<T>(env: NodeJS.ProcessEnv, fn: (d: Database) => Promise<T>): Promise<T> {
  const dataDir = env.BAOPHU_DATA_DIR!;
  const d = await openDatabase(env.DATABASE_URL ? { engine: 'postgres', url: env.DATABASE_URL, dataDir } : { engine: 'pglite', dataDir });
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

/**
 * Every table's row count and an order-independent digest of its rows (read with plain SQL, not with the
 * backup's own code). Sessions are not backed up; the audit log is compared separately.
 */
async function tableDigests(d: Database, exclude = ['user_session', 'audit_log']): Promise<Record<string, string>> {
  const client = await d.pool.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    const tables = (await client.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    )).rows.map((r) => r.name as string);
    const out: Record<string, string> = {};
    for (const t of tables) {
      if (exclude.includes(t)) continue;
      const { rows } = await client.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${t} x`);
      out[t] = `${rows[0].n} ${rows[0].h}`;
    }
    return out;
  } finally {
    client.release();
  }
}

async function auditRows(d: Database) {
  return (await d.pool.query("SELECT id, action, object_type, detail::text AS detail FROM audit_log ORDER BY id")).rows;
}

/** name → sha256 of every raw file of a data directory. */
function rawFiles(dataDir: string): Record<string, string> {
  const filesDir = rawFilesPath(dataDir);
  const out: Record<string, string> = {};
  for (const name of fs.existsSync(filesDir) ? fs.readdirSync(filesDir) : []) {
    if (name.startsWith('.')) continue;
    out[name] = crypto.createHash('sha256').update(fs.readFileSync(path.join(filesDir, name))).digest('hex');
  }
  return out;
}

/** What the CLI and the API answer about the data: findings, progress, import history. */
async function answers(env: NodeJS.ProcessEnv) {
  const findings = runCli(['findings', '--format', 'csv'], env);
  const findingsJson = runCli(['findings', '--format', 'json'], env);
  const progress = runCli(['progress', '--year', '2026', '--format', 'csv'], env);
  for (const r of [findings, findingsJson, progress]) expect(r.code, r.stderr).toBe(0);
  const api = await withDb(env, async (d) => {
    const app = await testApp(d);
    try {
      const client = await login(app, 'quantri');
      const urls = ['/api/imports', '/api/findings?page=1', '/api/findings/summary', '/api/progress/overview?year=2026'];
      const bodies: Record<string, string> = {};
      for (const url of urls) {
        const res = await client.get(url);
        expect(res.status, url).toBe(200);
        bodies[url] = res.body;
      }
      return bodies;
    } finally {
      await app.close();
    }
  });
  return { findings: findings.stdout, findingsJson: findingsJson.stdout, progress: progress.stdout, api };
}

describe('baophu db backup and restore', () => {
  let archive: string;
  let digestsAtBackup: Record<string, string>;
  let auditAtBackup: Array<Record<string, unknown>>;
  let restoredEnv: NodeJS.ProcessEnv;

  it('backs up every table and raw file into an owner-only archive, and audits the export', async () => {
    digestsAtBackup = await tableDigests(source);
    auditAtBackup = await auditRows(source);
    archive = path.join(dir, 'baophu.tar.gz');
    const r = runCli(['db', 'backup', '--out', archive], sourceEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Đã sao lưu \d+ bảng \([\d.]+ dòng\) và 2 tệp gốc vào/);
    expect(r.stdout).toContain('dữ liệu cá nhân');
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);

    const after = await auditRows(source);
    expect(after.length).toBe(auditAtBackup.length + 1);
    expect(after.at(-1)).toMatchObject({ action: 'export', object_type: 'database_backup' });

    // A standard tar.gz: the manifest names every table with its rows; the raw files are there by hash.
    const entries: Record<string, Buffer> = {};
    for await (const e of readTar(fs.createReadStream(archive).pipe(zlib.createGunzip()))) {
      const chunks: Buffer[] = [];
      for await (const c of e.body) chunks.push(c);
      entries[e.name] = Buffer.concat(chunks);
    }
    const manifest = JSON.parse(entries['manifest.json'].toString('utf8'));
    expect(manifest).toMatchObject({ format: 'baophu-backup', formatVersion: 1, engine: source.engine });
    expect(manifest.migrations).toEqual((await source.pool.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name));
    const tables = Object.fromEntries(manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]));
    for (const [t, digest] of Object.entries(digestsAtBackup)) expect(tables[t], t).toBe(Number(digest.split(' ')[0]));
    expect(tables.audit_log).toBe(auditAtBackup.length);
    expect(tables.user_session).toBeUndefined();
    const files = rawFiles(source.config.dataDir);
    expect(Object.keys(files)).toHaveLength(2);
    for (const [name, sha] of Object.entries(files)) {
      expect(sha).toBe(name);
      expect(crypto.createHash('sha256').update(entries[`files/${name}`]).digest('hex')).toBe(sha);
    }
  });

  it('restores into an empty database: same rows in every table, same raw files, same answers', async () => {
    restoredEnv = await emptyTarget();
    const r = runCli(['db', 'restore', archive], restoredEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Đã khôi phục');

    await withDb(restoredEnv, async (d) => {
      expect(await tableDigests(d)).toEqual(digestsAtBackup);
      const audit = await auditRows(d);
      expect(audit.slice(0, auditAtBackup.length)).toEqual(auditAtBackup);
      expect(audit.slice(auditAtBackup.length).map((a) => [a.action, a.object_type])).toEqual([['change', 'database_restore']]);
      // Sequences continue after the restored ids.
      const next = await d.pool.query("SELECT nextval('import_batch_id_seq') AS n, (SELECT max(id) FROM import_batch) AS m");
      expect(next.rows[0].n).toBeGreaterThan(next.rows[0].m);
    });
    expect(rawFiles(restoredEnv.BAOPHU_DATA_DIR!)).toEqual(rawFiles(source.config.dataDir));
    for (const name of fs.readdirSync(rawFilesPath(restoredEnv.BAOPHU_DATA_DIR!))) {
      expect(fs.statSync(path.join(rawFilesPath(restoredEnv.BAOPHU_DATA_DIR!), name)).mode & 0o777).toBe(0o600);
    }

    const [original, restored] = [await answers(sourceEnv), await answers(restoredEnv)];
    expect(restored.findings).toBe(original.findings);
    expect(restored.findingsJson).toBe(original.findingsJson);
    expect(restored.progress).toBe(original.progress);
    expect(restored.api).toEqual(original.api);
    expect(original.findings.split('\n').length).toBeGreaterThan(10);

    // The raw file of an import is served from the restored data directory.
    await withDb(restoredEnv, async (d) => {
      const batch = (await d.pool.query("SELECT id FROM import_batch WHERE kind = 'lao-dong' AND raw_path IS NOT NULL")).rows[0];
      const app = await testApp(d);
      try {
        const res = await (await login(app, 'quantri')).get(`/api/imports/${batch.id}/raw`);
        expect(res.status).toBe(200);
        expect(res.body).toBe(fs.readFileSync(path.join(FIXTURES, '28-lao-dong.csv'), 'utf8'));
      } finally {
        await app.close();
      }
    });
  }, 300_000);

  it('refuses a non-empty target without --force, naming what is there, and replaces it with --force', async () => {
    const before = await withDb(restoredEnv, async (d) => ({ digests: await tableDigests(d), audit: (await auditRows(d)).length }));
    const refused = runCli(['db', 'restore', archive], restoredEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CSDL đích không trống');
    expect(refused.stderr).toMatch(/import_batch \(\d+ dòng\)/);
    expect(refused.stderr).toContain('--force');
    await withDb(restoredEnv, async (d) => {
      expect(await tableDigests(d)).toEqual(before.digests);
      expect((await auditRows(d)).length).toBe(before.audit);
    });

    // An archive consistent with its manifest whose rows break a constraint: the one transaction is undone.
    let duplicated = Buffer.alloc(0);
    const violating = await rewritten(
      archive,
      (m) => ({ ...m, tables: m.tables.map((t: any) => (t.name === 'app_user' ? { ...t, rows: t.rows + 1, sha256: crypto.createHash('sha256').update(duplicated).digest('hex') } : t)) }),
      (name, data) => (name === 'tables/app_user/000001.copy' ? (duplicated = Buffer.concat([data, data.subarray(0, data.indexOf(10) + 1)])) : data),
    );
    const failed = runCli(['db', 'restore', violating, '--force'], restoredEnv);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Khôi phục không thành công; CSDL giữ nguyên như trước');
    await withDb(restoredEnv, async (d) => {
      expect(await tableDigests(d)).toEqual(before.digests);
      expect((await auditRows(d)).length).toBe(before.audit);
    });

    const forced = runCli(['db', 'restore', archive, '--force'], restoredEnv);
    expect(forced.code, forced.stderr).toBe(0);
    await withDb(restoredEnv, async (d) => expect(await tableDigests(d)).toEqual(digestsAtBackup));
  }, 300_000);

  it('refuses broken, foreign and newer archives in Vietnamese, changing nothing', async () => {
    const target = await emptyTarget();
    const bytes = fs.readFileSync(archive);
    const cut = path.join(dir, 'cut.tar.gz');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const flipped = path.join(dir, 'flipped.tar.gz');
    const copy = Buffer.from(bytes);
    copy[Math.floor(copy.length / 2)] ^= 0xff;
    fs.writeFileSync(flipped, copy);

    const cases: Array<[string[], number, RegExp]> = [
      [['db', 'restore', cut], 1, /bị hỏng hoặc không phải bản sao lưu BaoPhu: tệp bị cắt cụt/],
      [['db', 'restore', flipped], 1, /bị hỏng hoặc không phải bản sao lưu BaoPhu/],
      [['db', 'restore', path.join(FIXTURES, '28-lao-dong.csv')], 1, /không phải bản sao lưu BaoPhu: dữ liệu nén không đọc được/],
      [['db', 'restore', path.join(dir, 'khong-co.tar.gz')], 1, /Không tìm thấy tệp sao lưu/],
      [['db', 'restore', await rewritten(archive, (m) => ({ ...m, formatVersion: 99 }))], 1, /định dạng phiên bản 99.*cập nhật BaoPhu/],
      [['db', 'restore', await rewritten(archive, (m) => ({ ...m, migrations: [...m.migrations, '9999_future.sql'] }))], 1, /phiên bản BaoPhu mới hơn.*9999_future\.sql/],
      [['db', 'restore', await rewritten(archive, (m) => m, (name, data) => (name.startsWith('tables/app_user/') ? Buffer.from(data.toString().replace('quantri', 'quantrx')) : data))], 1, /dữ liệu bảng app_user không khớp manifest/],
      [['db', 'restore'], 2, /Cần đúng một tham số: tệp sao lưu/],
      [['db', 'backup'], 2, /Thiếu tùy chọn --out/],
      [['db', 'backup', '--out', archive], 1, /đã tồn tại/],
    ];
    for (const [args, code, message] of cases) {
      const r = runCli(args, args[1] === 'backup' ? sourceEnv : target);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    // Nothing was created in the empty target.
    await withDb(target, async (d) => {
      const { rows } = await d.pool.query("SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'");
      expect(rows[0].n).toBe(0);
    });
  }, 300_000);

  it('restores a backup of an older schema and then brings it up to date with the newer migrations', async () => {
    const older = await emptyTarget();
    const all = migrationNames();
    const known = all.filter((name) => name < '0040'); // as if made before the calculators (0040, 0041, …) existed
    await withDb(older, async (d) => {
      const client = await d.pool.connect();
      try {
        await client.query(CREATE_SCHEMA_MIGRATIONS);
        await client.query('BEGIN');
        for (const name of known) await applyMigration(client, name);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      // The account as that older schema held it (today's account code writes columns it did not have yet).
      await d.pool.query(
        "INSERT INTO app_user (username, full_name, password_hash, role, agency_code, scope_all) VALUES ('nguoicu', 'Người cũ', 'scrypt$1$1$1$00$00', 'admin', 'ADMIN', true)",
      );
    });
    const oldArchive = path.join(dir, 'older.tar.gz');
    expect(runCli(['db', 'backup', '--out', oldArchive], older).code).toBe(0);

    // The target was migrated to this version (reference data only, so still "empty"): restore goes back to the
    // backup's schema, loads, then migrates forward.
    const target = await emptyTarget();
    expect(runCli(['db', 'migrate'], target).code).toBe(0);
    const r = runCli(['db', 'restore', oldArchive], target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Đã cập nhật cấu trúc sau khi khôi phục: ${all.filter((name) => !known.includes(name)).join(', ')}`);
    await withDb(target, async (d) => {
      expect((await d.pool.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((m) => m.name)).toEqual(all);
      expect((await d.pool.query('SELECT username FROM app_user')).rows.map((u) => u.username)).toEqual(['nguoicu']);
      expect((await d.pool.query("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'person_link_review_key_idx'")).rows[0].n).toBe(1);
      expect((await d.pool.query('SELECT count(*)::int AS n FROM calc_scenario')).rows[0].n).toBe(2);
    });
  }, 300_000);

  it.runIf(!!process.env.DATABASE_URL)('restores across engines: server → embedded and embedded → server', async () => {
    const embedded = await emptyTarget('pglite');
    expect(runCli(['db', 'restore', archive], embedded).code).toBe(0);
    const embeddedDigests = await withDb(embedded, tableDigests);
    expect(embeddedDigests).toEqual(digestsAtBackup);
    expect(rawFiles(embedded.BAOPHU_DATA_DIR!)).toEqual(rawFiles(source.config.dataDir));

    const fromEmbedded = path.join(dir, 'embedded.tar.gz');
    const b = runCli(['db', 'backup', '--out', fromEmbedded], embedded);
    expect(b.code, b.stderr).toBe(0);
    const server = await emptyTarget('postgres');
    const r = runCli(['db', 'restore', fromEmbedded], server);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CSDL nhúng PGlite');
    expect(await withDb(server, tableDigests)).toEqual(digestsAtBackup);
    expect((await answers(server)).findings).toBe((await answers(sourceEnv)).findings);
  }, 300_000);
});

describe('backup while the server runs', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ demo: false });
    cleanups.push(() => server.stop());
  }, 300_000);

  it('backs up one consistent snapshot while the server serves and an import runs, and refuses a restore onto it', async () => {
    await server.addUser('quantri', 'admin');
    expect(runCli(['import', 'lao-dong', path.join(FIXTURES, '28-lao-dong.csv')], server.env).code).toBe(0);
    // A bigger import started at the same time as the backup.
    const residents = path.join(dir, 'dan-cu-lon.csv');
    const lines = ['Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã xã'];
    for (let i = 0; i < 20_000; i++) lines.push(`0190${String(85000000 + i).padStart(8, '0')},Nguyễn Văn An ${i},02/03/1985,Nam,05443`);
    fs.writeFileSync(residents, lines.join('\n') + '\n');
    const importing = new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [bin, 'import', 'dan-cu', residents], { env: server.env, stdio: 'ignore' });
      c.on('exit', resolve);
    });
    const archive = path.join(dir, 'live.tar.gz');
    const backingUp = new Promise<{ code: number | null; err: string }>((resolve) => {
      const c = spawn(process.execPath, [bin, 'db', 'backup', '--out', archive], { env: server.env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      c.stderr!.on('data', (d) => (err += d));
      c.on('exit', (code) => resolve({ code, err }));
    });
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const backup = await backingUp;
    expect(backup.code, backup.err).toBe(0);
    expect(await importing).toBe(0);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    const onServer = runCli(['db', 'restore', archive, '--force'], server.env);
    expect(onServer.code).toBe(1);
    expect(onServer.stderr).toContain('Máy chủ BaoPhu đang chạy trên thư mục dữ liệu');

    const target = await emptyTarget();
    const r = runCli(['db', 'restore', archive], target);
    expect(r.code, r.stderr).toBe(0);
    await withDb(target, async (d) => {
      // One snapshot: every batch in the backup has exactly the rows it says it accepted.
      const batches = (await d.pool.query(
        `SELECT b.kind, b.rows_accepted AS accepted,
                (SELECT count(*) FROM src_lao_dong s WHERE s.batch_id = b.id) + (SELECT count(*) FROM src_dan_cu s WHERE s.batch_id = b.id) AS stored
           FROM import_batch b ORDER BY b.id`,
      )).rows;
      expect(batches.length).toBeGreaterThanOrEqual(1);
      for (const b of batches) expect(b.stored, b.kind).toBe(b.accepted);
      const users = (await d.pool.query("SELECT username FROM app_user")).rows.map((u) => u.username);
      expect(users).toContain('quantri');
      // The raw files are exactly those of the batches in the snapshot, as they are on the server.
      const referenced = (await d.pool.query('SELECT DISTINCT content_sha256 AS sha FROM import_batch WHERE raw_path IS NOT NULL ORDER BY 1')).rows.map((b) => b.sha);
      const restoredFiles = rawFiles(target.BAOPHU_DATA_DIR!);
      expect(Object.keys(restoredFiles).sort()).toEqual(referenced);
      const onServerFiles = rawFiles(server.dataDir);
      for (const sha of referenced) expect(restoredFiles[sha]).toBe(onServerFiles[sha]);
    });
  }, 600_000);
});

/** A copy of `file` with its manifest (and optionally entries) changed, written with the project's tar writer. */
async function rewritten(file: string, changeManifest: (m: any) => any, changeEntry: (name: string, data: Buffer) => Buffer = (_n, d) => d): Promise<string> {
  const out = path.join(dir, `rewritten-${crypto.randomBytes(4).toString('hex')}.tar.gz`);
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, fs.createWriteStream(out));
  const tar = new TarWriter(gzip);
  for await (const e of readTar(fs.createReadStream(file).pipe(zlib.createGunzip()))) {
    const chunks: Buffer[] = [];
    for await (const c of e.body) chunks.push(c);
    const data = Buffer.concat(chunks);
    await tar.add(e.name, e.name === 'manifest.json' ? Buffer.from(JSON.stringify(changeManifest(JSON.parse(data.toString())))) : changeEntry(e.name, data));
  }
  await tar.end();
  await done;
  return out;
}
