/**
 * Owner-only files: the data directory holds the database, the raw imported files (personal data) and the locks,
 * so nothing in it may be readable or writable by other users of the machine. Processes set umask 077
 * (bin/baophu.mjs, the PGlite host), and the code also gives explicit modes, because the server also runs inside
 * other processes (tests, embedding) whose umask is not ours.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates dir (and missing parents) owner-only; an existing dir is tightened to 0700. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((fs.statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Removes group and other permissions from everything under dir (symbolic links are left alone, not followed).
 * Needed for data directories written by versions before owner-only modes, and for PGlite, whose initial
 * database files are written 0666 whatever the umask.
 */
export function tightenTree(dir: string): void {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st || st.isSymbolicLink()) return;
  if (st.mode & 0o077) fs.chmodSync(dir, st.isDirectory() ? PRIVATE_DIR_MODE : st.mode & 0o700);
  if (!st.isDirectory()) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(p);
    else if (entry.isFile()) {
      const mode = fs.lstatSync(p).mode;
      if (mode & 0o077) fs.chmodSync(p, mode & 0o700);
    }
  }
}

/**
 * Makes the data directory owner-only. A directory left with looser modes by an earlier version (the default umask
 * gave 0755 directories and 0644 raw files, PGlite 0666 database files) is tightened once, whole, on start.
 */
export function securePrivateDataDir(dataDir: string): void {
  const existing = fs.statSync(dataDir, { throwIfNoEntry: false });
  if (existing && existing.mode & 0o077) tightenTree(dataDir);
  makePrivateDir(dataDir);
}
