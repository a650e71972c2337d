import { spawnSync } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/baophu.mjs');

/** Runs `baophu …` as a real child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', input, timeout: 300_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
