/**
 * Hostile-workbook benchmark (npm run bench:hostile): the peak memory and time of reading zip bombs,
 * each scenario in a child process (VmHWM, /proc), printed as a table. Not a test.
 *   - bomb: shared strings inflating to 1 GB from ≈ 3,7 MB (ratio ≈ 290), refused by the inflate ratio
 *   - bomb, two at once in one process
 *   - under-ratio bomb: shared strings of ≈ 300 MB inflating ≈ 60 times, refused at the byte bound
 *     (XLSX_MAX_SHARED_STRINGS_BYTES): the most memory a workbook can take while refused
 *   - a 2 KB workbook with the cell reference ZZZZZZ2
 *   - baseline: a well-formed two-row workbook
 * BENCH_READER=<module path> reads with another module exporting openXlsx (e.g. the reader before the
 * bounds, `git show 8cd603e:server/ingest/read/xlsx.ts > server/ingest/read/xlsx-before.ts`);
 * BENCH_TIMEOUT_S (default 300) stops a scenario that runs away.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hoNgheoRows, inlineCell, repeatedPart, sharedStringsBomb, SST_HEAD, SST_TAIL, workbook } from '../test/helpers/hostile-files.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const reader = path.resolve(process.env.BENCH_READER ?? path.join(here, '..', 'server', 'ingest', 'read', 'xlsx.ts'));

interface Outcome { result: string; seconds: number; hwmMb: number }

if (process.argv[2] === '--child') {
  const { openXlsx } = await import(reader);
  const t0 = performance.now();
  const read = async (f: string) => {
    try {
      const source = await openXlsx(f);
      let rows = 0;
      for await (const batch of source.rows()) rows += batch.length;
      return `read ${rows} rows`;
    } catch (err) {
      return (err as Error).message;
    }
  };
  const results = await Promise.all(process.argv.slice(3).map(read));
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
  const out: Outcome = { result: results.join(' | '), seconds: (performance.now() - t0) / 1000, hwmMb: Math.round(hwm / 1024) };
  console.log(JSON.stringify(out));
  process.exit(0);
}

/** Shared strings that inflate about 60 times: a random part in every entry keeps deflate from doing better. */
function underRatioBomb(megabytes: number) {
  const entries: string[] = [];
  let size = 0;
  while (size < 1 << 20) {
    const e = `<si><t>${crypto.randomBytes(3).toString('hex')} Nguyễn Văn An, thôn Bản Chương, xã Phượng Tiến, tỉnh Thái Nguyên</t></si>`;
    entries.push(e);
    size += Buffer.byteLength(e);
  }
  const unit = entries.join('');
  return repeatedPart('xl/sharedStrings.xml', SST_HEAD, unit, Math.ceil((megabytes << 20) / Buffer.byteLength(unit)), SST_TAIL);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-hostile-'));
try {
  const files = {
    baseline: workbook({ sheetData: hoNgheoRows() }),
    zzzzzz2: workbook({ sheetData: `<row r="2">${inlineCell('ZZZZZZ2', 'x')}</row>` }),
    bomb: workbook({ sheetData: hoNgheoRows(), sharedStrings: sharedStringsBomb(1024) }),
    underRatio: workbook({ sheetData: hoNgheoRows(), sharedStrings: underRatioBomb(300) }),
  };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.xlsx`), bytes);
  const scenarios: Array<[string, string[]]> = [
    ['baseline (2 rows)', ['baseline']],
    ['ZZZZZZ2 (2 KB)', ['zzzzzz2']],
    ['bomb 1 GB', ['bomb']],
    ['bomb 1 GB, two at once', ['bomb', 'bomb']],
    ['under-ratio bomb 300 MB', ['underRatio']],
  ];
  console.log(`reader: ${path.relative(process.cwd(), reader)}`);
  for (const [name, size] of Object.entries(files)) console.log(`  ${name}.xlsx: ${(size.length / 1024 / 1024).toFixed(2)} MB on disk`);
  console.log('| Scenario | Result | Time | Peak RSS |\n|---|---|---|---|');
  for (const [label, names] of scenarios) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...names.map((n) => path.join(dir, `${n}.xlsx`))], {
      encoding: 'utf8', timeout: Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000, maxBuffer: 16 << 20,
    });
    if (r.status !== 0) {
      console.log(`| ${label} | process ended: ${r.signal ?? `exit ${r.status}`} ${(r.stderr ?? '').split('\n').find((l) => /heap|memory|Error/i.test(l)) ?? ''} | — | — |`);
      continue;
    }
    const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome;
    console.log(`| ${label} | ${o.result.slice(0, 140)} | ${o.seconds.toFixed(1)} s | ${o.hwmMb} MB |`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
