import fs from 'node:fs';
import { PRIVATE_FILE_MODE } from './private-files.ts';

/** Contents of a lock file: who holds it and how to reach it. */
export interface LockInfo {
  pid: number;
  startedAt: string;
  [key: string]: unknown;
}

export class LockHeldError extends Error {
  constructor(public readonly holder: LockInfo, message: string) {
    super(message);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's holder if it is a live process; a lock left by a killed process counts as free. */
export function readLiveLock(lockPath: string): LockInfo | null {
  let info: LockInfo;
  try {
    info = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  } catch {
    return null;
  }
  return info && typeof info.pid === 'number' && isAlive(info.pid) ? info : null;
}

/**
 * Takes an exclusive lock file (O_EXCL create). A stale lock from a dead process is replaced.
 * Throws LockHeldError when a live process holds it.
 */
export function acquireLock(lockPath: string, extra: Record<string, unknown>, heldMessage: (h: LockInfo) => string) {
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...extra };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', PRIVATE_FILE_MODE);
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      return {
        info,
        release() {
          const current = readLiveLockRaw(lockPath);
          if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLiveLock(lockPath);
      if (holder && holder.pid !== process.pid) throw new LockHeldError(holder, heldMessage(holder));
      // Stale (holder died, e.g. kill -9) or half-written: remove and retry.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Không lấy được khóa ${lockPath}`);
}

function readLiveLockRaw(lockPath: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  } catch {
    return null;
  }
}
