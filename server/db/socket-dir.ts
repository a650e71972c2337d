/**
 * Where the embedded database's Unix socket lives, and which directories a client may trust to hold it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { PRIVATE_DIR_MODE } from './private-files.ts';

export const SOCKET_FILE = '.s.PGSQL.5432';
/** sun_path holds 108 bytes on Linux and 104 on macOS, with the terminating NUL: stay within both. */
export const MAX_SOCKET_PATH_BYTES = 103;

/** The fallback socket directory's predictable name (one per data directory), used only if it is safely ours. */
export function predictableSocketDir(dataDir: string) {
  const hash = crypto.createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `baophu-${hash}`);
}

/** A directory only this user can enter: ours, mode 0700, not a symbolic link (lstat: a link is not followed). */
export function isPrivateDir(dir: string): boolean {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  return !!st && st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o777) === PRIVATE_DIR_MODE;
}

/**
 * Where the database socket goes: inside the (owner-only) data directory when the path fits a Unix socket address;
 * otherwise a private directory under the system temp directory. A directory at the predictable name that someone
 * else created (another owner, a looser mode, a symbolic link) is never used — its owner could reach or replace
 * the socket — and a fresh unique one is made instead (`unique`: removed again when the host stops).
 */
export function chooseSocketDir(dataDir: string): { dir: string; unique: boolean } {
  if (Buffer.byteLength(path.join(dataDir, SOCKET_FILE)) <= MAX_SOCKET_PATH_BYTES) return { dir: dataDir, unique: false };
  const preferred = predictableSocketDir(dataDir);
  try {
    fs.mkdirSync(preferred, { mode: PRIVATE_DIR_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (isPrivateDir(preferred)) return { dir: preferred, unique: false };
  const fresh = fs.mkdtempSync(`${preferred}-`); // created 0700 by us, atomically
  if (!isPrivateDir(fresh)) throw new Error(`Thư mục chứa socket của CSDL nhúng ${fresh} không an toàn (phải thuộc người dùng này, quyền 0700).`);
  return { dir: fresh, unique: true };
}

/** A socket directory named by the lock file is used only if it is the data directory or a private one of ours. */
export function isTrustedSocketDir(socketDir: string, dataDir: string): boolean {
  return path.resolve(socketDir) === path.resolve(dataDir) || isPrivateDir(socketDir);
}
