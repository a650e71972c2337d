#!/usr/bin/env node
// `npm run lint`: Biome's linter over the code (biome.jsonc), failing on any diagnostic. Biome itself fails on
// errors, and on warnings with --error-on-warnings, but exits 0 on the info-level ones (a useless fragment,
// `Math.pow`, …): their count is read from its JSON report. Extra arguments go to `biome lint` (e.g. --write).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-lint-'));
const report = path.join(dir, 'report.json');

function lint() {
  const run = spawnSync(
    process.execPath,
    [biome, 'lint', '--error-on-warnings', '--max-diagnostics=none', '--reporter=default', '--reporter=json', `--reporter-file=${report}`, ...process.argv.slice(2), '.'],
    { stdio: 'inherit', cwd: root },
  );
  if (run.status !== 0) return run.status ?? 1;
  let infos;
  try {
    infos = JSON.parse(fs.readFileSync(report, 'utf8')).summary?.infos;
  } catch (err) {
    console.error(`lint: cannot read Biome's report (${err.message})`);
    return 1;
  }
  if (typeof infos !== 'number') {
    console.error("lint: Biome's report has no count of infos");
    return 1;
  }
  if (infos > 0) {
    console.error(`lint: ${infos} info diagnostic(s) above; they fail the lint too`);
    return 1;
  }
  return 0;
}

let code;
try {
  code = lint();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
