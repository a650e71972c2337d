/**
 * Owner-only data: the embedded database's files, the lock, raw imported files and uploads are readable by this
 * user only, loose modes left by older versions are tightened on start, and the database socket sits in the data
 * directory — or, when that path is too long for a socket, in a private directory, never in one another user made.
 */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbLockPath, rawFilesPath } from '../../server/db/config.ts';
import { readLiveLock } from '../../server/db/lock.ts';
import { importFile } from '../../server/ingest/service.ts';
import { MAX_SOCKET_PATH_BYTES, SOCKET_FILE, predictableSocketDir } from '../../server/db/socket-dir.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { createTestDatabase } from '../helpers/db.ts';

const NOBODY = 65534;
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function freshDir(name: string) {
  const d = path.join(TMP_ROOT, `${name}-${process.pid}-${cleanup.length}`);
  fs.rmSync(d, { recursive: true, force: true });
  cleanup.push(d);
  return d;
}

/** Every file and directory under dir whose mode gives anything to group or others. */
function looseEntries(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o077) out.push(`${(st.mode & 0o777).toString(8)} ${p}`);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
  return out;
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
const socketDirOf = (dataDir: string) => readLiveLock(dbLockPath(dataDir))!.socketDir as string;
const answers = async (d: Database) => expect((await d.pool.query('SELECT 41 + 1 AS n')).rows[0].n).toBe(42);

describe('owner-only files of the embedded database', () => {
  it('creates the data directory, database files and lock owner-only, with the socket inside the data directory', async () => {
    const dataDir = freshDir('private');
    const d = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await answers(d);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(dbLockPath(dataDir))).toBe(0o600);
      expect(fs.readdirSync(path.join(dataDir, 'pgdata')).length).toBeGreaterThan(5);
      expect(looseEntries(dataDir)).toEqual([]);
      expect(socketDirOf(dataDir)).toBe(dataDir);
      expect(fs.lstatSync(path.join(dataDir, SOCKET_FILE)).isSocket()).toBe(true);
    } finally {
      await d.close();
    }
    expect(fs.existsSync(path.join(dataDir, SOCKET_FILE))).toBe(false);

    // A data directory left loose by an older version (0755 dirs, 0666 database files, 0644 raw files) is tightened.
    const loosen = (p: string) => {
      const st = fs.lstatSync(p);
      fs.chmodSync(p, st.isDirectory() ? 0o777 : 0o666);
      if (st.isDirectory()) for (const e of fs.readdirSync(p)) loosen(path.join(p, e));
    };
    fs.mkdirSync(rawFilesPath(dataDir));
    fs.writeFileSync(path.join(rawFilesPath(dataDir), 'ab'.repeat(32)), 'Số định danh cá nhân\n');
    loosen(dataDir);
    const again = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await answers(again);
      expect(looseEntries(dataDir)).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('keeps raw imported files owner-only (engine under test)', async () => {
    const d = await createTestDatabase();
    try {
      const src = path.join(d.config.dataDir, '..', `dan-cu-${process.pid}.csv`);
      cleanup.push(src);
      fs.writeFileSync(src, 'Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Mã xã\n019185001234,Nguyễn Thị Hồng,12/02/1985,Nữ,Kinh,05443\n', { mode: 0o644 });
      const r = await importFile(d, { kind: 'dan-cu', filePath: src, fileName: 'dan-cu.csv', userName: 'test' });
      expect(r.status).toBe('imported');
      const raw = path.join(rawFilesPath(d.config.dataDir), r.sha256!);
      expect(modeOf(raw)).toBe(0o600);
      expect(modeOf(rawFilesPath(d.config.dataDir))).toBe(0o700);
      expect(looseEntries(d.config.dataDir)).toEqual([]);
    } finally {
      await d.destroy();
    }
  });

  it('does not use a predictable socket directory that another user created; uses its own private one', async () => {
    // A data directory whose socket path would not fit a Unix socket address.
    const dataDir = path.join(freshDir('long'), 'd'.repeat(Math.max(1, MAX_SOCKET_PATH_BYTES - TMP_ROOT.length)));
    expect(Buffer.byteLength(path.join(dataDir, SOCKET_FILE))).toBeGreaterThan(MAX_SOCKET_PATH_BYTES);
    const predictable = predictableSocketDir(dataDir);
    fs.rmSync(predictable, { recursive: true, force: true });
    cleanup.push(predictable);
    fs.mkdirSync(predictable);
    fs.chmodSync(predictable, 0o777);
    fs.chownSync(predictable, NOBODY, NOBODY);

    const d = await openDatabase({ engine: 'pglite', dataDir });
    let socketDir: string;
    try {
      await answers(d);
      socketDir = socketDirOf(dataDir);
      expect(socketDir).not.toBe(predictable);
      expect(fs.readdirSync(predictable)).toEqual([]);
      const st = fs.lstatSync(socketDir);
      expect(st.isDirectory()).toBe(true);
      expect(st.uid).toBe(process.getuid!());
      expect(st.mode & 0o777).toBe(0o700);
      expect(fs.lstatSync(path.join(socketDir, SOCKET_FILE)).isSocket()).toBe(true);
      // A second opener (a command beside the server) goes through the same private socket.
      const other = await openDatabase({ engine: 'pglite', dataDir });
      await answers(other);
      await other.close();
    } finally {
      await d.close();
    }
    expect(fs.existsSync(socketDir)).toBe(false);

    // A symbolic link at the predictable name is not followed either, even to a private directory of ours.
    fs.rmSync(predictable, { recursive: true, force: true });
    const target = freshDir('link-target');
    fs.mkdirSync(target, { mode: 0o700 });
    fs.symlinkSync(target, predictable);
    const viaLink = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await answers(viaLink);
      expect(socketDirOf(dataDir)).not.toBe(predictable);
      expect(fs.readdirSync(target)).toEqual([]);
    } finally {
      await viaLink.close();
    }

    // With nothing at the predictable name, it is created owner-only and used.
    fs.rmSync(predictable, { force: true });
    const own = await openDatabase({ engine: 'pglite', dataDir });
    try {
      await answers(own);
      expect(socketDirOf(dataDir)).toBe(predictable);
      expect(fs.lstatSync(predictable).mode & 0o777).toBe(0o700);
    } finally {
      await own.close();
    }
  });
});
