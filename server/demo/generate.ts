/**
 * `generateDemo`: writes the synthetic Thái Nguyên — the 12 agency files, `truth.csv` (the findings the rules of
 * docs/spec/findings.md give on this world) and `manifest.json` — into a directory. See docs/demo-data.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { FILE_KINDS, FINDING_CODES, type FileKind, type FindingCode } from '#shared/auth/roles.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { isoDay, isoMonth, parseIsoDay } from './calendar.ts';
import { buildWorld } from './world.ts';
import { anyFaults, applyWorldFaults, type FaultRates } from './faults.ts';
import { computeTruth } from './truth.ts';
import { fileStyles, labourStats, styleThatFits, targetInputs, writeKind } from './files.ts';

export const DEFAULT_AS_OF = '2026-11-15';
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  scale: number;
  seed: number;
  outDir: string;
  format?: 'csv' | 'xlsx' | 'mixed';
  asOf?: string;
  /** Data-entry faults (off by default). */
  faults?: FaultRates;
  onProgress?: (msg: string) => void;
}

export interface GenerateResult {
  files: Array<{ kind: FileKind; path: string; rows: number }>;
  truthPath: string;
  manifestPath: string;
}

export async function generateDemo(opts: GenerateOptions): Promise<GenerateResult> {
  const { scale, seed, outDir } = opts;
  const format = opts.format ?? 'mixed';
  const progress = opts.onProgress ?? (() => {});
  if (!(scale > 0) || scale > 5) throw new Error(`Quy mô phải lớn hơn 0 và không quá 5, nhận được ${scale}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`Seed phải là số nguyên không âm, nhận được ${seed}`);
  if (!['csv', 'xlsx', 'mixed'].includes(format)) throw new Error(`Định dạng không hợp lệ: ${format}`);
  const asOf = parseIsoDay(opts.asOf ?? DEFAULT_AS_OF);
  fs.mkdirSync(outDir, { recursive: true });

  const started = Date.now();
  progress('Đang dựng tỉnh mẫu…');
  const world = buildWorld({ seed, scale, asOf, log: (m) => progress(`  ${m}`) });
  const faultsOn = anyFaults(opts.faults);
  let namesakes: string[] = [];
  if (faultsOn) {
    progress('Đang cài lỗi nhập liệu…');
    world.faults = opts.faults;
    namesakes = applyWorldFaults(world, opts.faults!);
  }
  progress('Đang tính kết quả đối soát chuẩn (truth)…');
  const truth = computeTruth(world);
  targetInputs.set(world, { byCommune: truth.activeByCommune, outside: truth.activeOutside });

  const styles = fileStyles(FILE_KINDS, format, seed);
  const files: GenerateResult['files'] = [];
  const fileInfo: Record<string, unknown> = {};
  for (const kind of FILE_KINDS) {
    const style = styleThatFits(world, kind, styles.get(kind)!);
    for (const ext of ['csv', 'xlsx']) fs.rmSync(path.join(outDir, `${kind}.${ext}`), { force: true });
    const t0 = Date.now();
    const written = await writeKind(world, kind, style, outDir);
    files.push({ kind, path: written.path, rows: written.rows });
    fileInfo[kind] = style.format === 'csv'
      ? { file: path.basename(written.path), format: 'csv', encoding: style.encoding, separator: style.separator === '\t' ? 'tab' : style.separator, rows: written.rows }
      : { file: path.basename(written.path), format: 'xlsx', titleRows: style.titleRows, numberingRow: style.numberingRow, totalRow: style.totalRow, rows: written.rows };
    progress(`  ${kind}: ${written.rows} dòng (${((Date.now() - t0) / 1000).toFixed(1)} giây)`);
  }

  const truthPath = path.join(outDir, 'truth.csv');
  const out = fs.createWriteStream(truthPath);
  // Generator output read back by `baophu eval`: the same writer as the source files, values verbatim.
  const truthCsv = { newline: '\n', neutraliseFormulas: false };
  out.write(csvHeader(['code', 'subject_id'], truthCsv));
  const findingCounts: Record<string, number> = {};
  for (const code of FINDING_CODES) {
    const subjects = [...(truth.findings.get(code as FindingCode) ?? [])].sort();
    findingCounts[code] = subjects.length;
    let chunk = '';
    for (const s of subjects) {
      chunk += csvLine([code, s], truthCsv);
      if (chunk.length > 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    if (chunk) out.write(chunk);
  }
  out.end();
  await once(out, 'finish');

  const byCommune: Record<string, unknown> = {};
  const totals = { mandatory: 0, voluntary: 0, unemployment: 0, total: 0 };
  for (const [code, c] of truth.activeByCommune) {
    byCommune[code] = c;
    totals.mandatory += c.mandatory; totals.voluntary += c.voluntary; totals.unemployment += c.unemployment; totals.total += c.total;
  }
  const manifest = {
    generator: 'baophu demo', version: GENERATOR_VERSION, seed, scale, format, asOf: isoDay(asOf), period: isoMonth(world.period),
    counts: Object.fromEntries(files.map((f) => [f.kind, f.rows])),
    findings: findingCounts,
    activeParticipants: {
      definition: 'distinct persons with a bhxh-nguoi record active in P (Từ tháng ≤ P, Đến tháng blank or ≥ P), by the residence commune of the linked dan-cu record',
      byCommune, residents: totals, notLinkedToResident: truth.activeOutside,
    },
    population: { residents: world.persons.residents, otherProvinceWorkers: world.persons.count - world.persons.residents },
    labour: (() => {
      let walf = 0;
      for (const s of labourStats(world).values()) walf += s.workingAgeLabourForce;
      return { workingAgeLabourForce: walf, coverage: Math.round((totals.total / walf) * 1000) / 1000 };
    })(),
    validIdsNotInDanCu: truth.idNotInDanCu,
    planted: Object.fromEntries(Object.entries(world.planted).sort()),
    // Only with faults (so a faultless manifest is the one of before): the rates, and the namesake residents that
    // `baophu eval` leaves out of scoring (their records go to review, never guessed).
    ...(faultsOn ? { faults: { rates: opts.faults, namesakeSubjects: [...namesakes].sort() } } : {}),
    files: fileInfo,
    elapsedSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const manifestPath = path.join(outDir, 'manifest.json');
  // elapsedSeconds varies between runs; keep it out of the file so identical seeds give identical bytes.
  const { elapsedSeconds, ...stable } = manifest;
  fs.writeFileSync(manifestPath, `${JSON.stringify(stable, null, 2)}\n`);
  progress(`Xong trong ${elapsedSeconds} giây.`);
  return { files, truthPath, manifestPath };
}
