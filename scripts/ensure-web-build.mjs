#!/usr/bin/env node
// Builds the web app (vite) into dist/web when dist/web/index.html is missing or older than any
// file under web/, shared/ or vite.config.ts. Runs before `npm start` and before browser tests.
// Builds into a temporary folder and swaps it in, so a running server never sees half a build;
// a lock folder keeps two concurrent callers from building at once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'web');
const indexFile = path.join(outDir, 'index.html');
const lockDir = path.join(root, 'dist', '.web-build.lock');
const sources = [path.join(root, 'web'), path.join(root, 'shared'), path.join(root, 'vite.config.ts')];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function isStale() {
  let built;
  try {
    built = fs.statSync(indexFile).mtimeMs;
  } catch {
    return 'dist/web/index.html chưa có';
  }
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'mã nguồn giao diện mới hơn bản dựng' : null;
}

/**
 * Pages opened before a rebuild still load their (hashed, immutable) chunks lazily: keep the previous
 * build's assets for a while (hard links keep their age), dropping those older than two hours.
 */
function carryOverAssets(fromDir, toDir) {
  let entries;
  try {
    entries = fs.readdirSync(fromDir);
  } catch {
    return;
  }
  const cutoff = Date.now() - 2 * 3600_000;
  fs.mkdirSync(toDir, { recursive: true });
  for (const name of entries) {
    const from = path.join(fromDir, name);
    const to = path.join(toDir, name);
    try {
      if (fs.existsSync(to) || fs.statSync(from).mtimeMs < cutoff) continue;
      fs.linkSync(from, to);
    } catch {
      /* best effort */
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function acquireLock() {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    // A lock left by a build that died (its process is gone, or older than 10 minutes) is taken over.
    let holder = 0;
    try {
      holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    } catch {
      /* being written */
    }
    let alive = true;
    if (holder) {
      try {
        process.kill(holder, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive || Date.now() - started > 10 * 60_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    await sleep(250);
  }
}

export async function ensureWebBuild({ force = false, quiet = false } = {}) {
  const reason = force ? 'yêu cầu dựng lại' : isStale();
  if (!reason) return false;
  await acquireLock();
  try {
    // Someone else may have built it while we waited.
    const still = force ? reason : isStale();
    if (!still) return false;
    if (!quiet) console.log(`Đang dựng giao diện web (${still})…`);
    const started = Date.now();
    const tmpDir = path.join(root, 'dist', `.web-${process.pid}`);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    // A production build even when called from a test runner (vitest sets NODE_ENV=test, which would
    // make Vite bundle React's development build).
    process.env.NODE_ENV = 'production';
    const { build } = await import('vite');
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: quiet ? 'error' : 'warn',
      build: { outDir: tmpDir, emptyOutDir: true },
    });
    carryOverAssets(path.join(outDir, 'assets'), path.join(tmpDir, 'assets'));
    const oldDir = path.join(root, 'dist', `.web-old-${process.pid}`);
    if (fs.existsSync(outDir)) fs.renameSync(outDir, oldDir);
    fs.renameSync(tmpDir, outDir);
    fs.rmSync(oldDir, { recursive: true, force: true });
    if (!quiet) console.log(`Đã dựng giao diện web vào dist/web (${((Date.now() - started) / 1000).toFixed(1)} giây).`);
    return true;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureWebBuild({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') }).catch((err) => {
    console.error(`Lỗi khi dựng giao diện web: ${err.message}`);
    process.exit(1);
  });
}
