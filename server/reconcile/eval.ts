/**
 * Precision, recall and F1 per finding code against a generator's ground truth (truth.csv with at least the
 * columns code and subject_id), comparing the findings raised by the latest run.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { FINDING_CODES } from '#shared/auth/roles.ts';
import { CliError } from '../cli/args.ts';

export interface CodeScore { code: string; truth: number; found: number; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }

export interface EvalResult {
  runId: number;
  asOf: string;
  period: string;
  warnings: string[];
  perCode: CodeScore[];
  /** Records of the run sent to the review queue (never guessed), by source; and how many subjects were left out. */
  review: { records: number; bySource: Record<string, number> };
  /** Subjects the generator lists as namesakes (manifest faults.namesakeSubjects): left out of scoring. */
  excludedSubjects: number;
  mismatches: Array<{ code: string; subject_id: string; kind: 'false_positive' | 'false_negative' }>;
}

export function readTruth(file: string): Array<{ code: string; subject_id: string }> {
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp dữ liệu chuẩn: ${file}`);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  for (const need of ['code', 'subject_id']) {
    if (!fields.includes(need)) throw new CliError(`Tệp ${path.basename(file)} thiếu cột "${need}" (cần ít nhất các cột code, subject_id).`);
  }
  return parsed.data.map((r) => ({ code: String(r.code).trim(), subject_id: String(r.subject_id).trim() })).filter((r) => r.code);
}

export async function evaluate(db: Kysely<DB>, truthFile: string): Promise<EvalResult> {
  let truth = readTruth(truthFile);
  const run = await sql<{ id: number; as_of: string; period: string }>`
    SELECT id, as_of::text AS as_of, period::text AS period FROM reconcile_run WHERE status = 'done' ORDER BY id DESC LIMIT 1`.execute(db);
  if (!run.rows[0]) throw new CliError('Chưa có lần đối soát nào. Hãy chạy "baophu reconcile" trước.');
  const { id, as_of, period } = run.rows[0];
  const warnings: string[] = [];
  const manifestFile = path.join(path.dirname(truthFile), 'manifest.json');
  let excluded = new Set<string>();
  if (fs.existsSync(manifestFile)) {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { asOf?: string; period?: string; faults?: { namesakeSubjects?: string[] } };
    excluded = new Set(m.faults?.namesakeSubjects ?? []);
    if (m.asOf && m.asOf !== as_of) warnings.push(`Dữ liệu chuẩn tính theo ngày ${m.asOf} nhưng lần đối soát gần nhất dùng --as-of ${as_of}.`);
    if (m.period && m.period.slice(0, 7) !== period.slice(0, 7)) warnings.push(`Dữ liệu chuẩn tính theo kỳ ${m.period.slice(0, 7)} nhưng lần đối soát gần nhất dùng --period ${period.slice(0, 7)}.`);
  }
  // In batches: one huge result is slow to pass through the embedded database's socket.
  const found = { rows: [] as Array<{ code: string; subject_id: string }> };
  for (let after = 0; ;) {
    const r = await sql<{ id: number; code: string; subject_id: string }>`
      SELECT id, code, subject_id FROM finding WHERE resolved_run_id IS NULL AND id > ${after} ORDER BY id LIMIT 5000`.execute(db);
    found.rows.push(...r.rows);
    if (r.rows.length < 5000) break;
    after = Number(r.rows[r.rows.length - 1].id);
  }
  const truthSet = new Map<string, Set<string>>();
  const foundSet = new Map<string, Set<string>>();
  const reviewRows = await sql<{ source: string; n: number }>`
    SELECT source, count(*)::int AS n FROM person_link WHERE status = 'review' GROUP BY source ORDER BY source`.execute(db);
  const review = { records: 0, bySource: {} as Record<string, number> };
  for (const r of reviewRows.rows) {
    review.bySource[r.source] = Number(r.n);
    review.records += Number(r.n);
  }
  // Namesakes are never guessed: whatever the run says about them waits for a reviewer, so they are not scored.
  truth = truth.filter((t) => !excluded.has(t.subject_id));
  found.rows = found.rows.filter((f) => !excluded.has(f.subject_id));
  for (const t of truth) (truthSet.get(t.code) ?? truthSet.set(t.code, new Set()).get(t.code)!).add(t.subject_id);
  for (const f of found.rows) (foundSet.get(f.code) ?? foundSet.set(f.code, new Set()).get(f.code)!).add(f.subject_id);
  const codes = [...new Set([...FINDING_CODES, ...truthSet.keys()])];
  const perCode: CodeScore[] = [];
  const mismatches: EvalResult['mismatches'] = [];
  for (const code of codes) {
    const t = truthSet.get(code) ?? new Set();
    const f = foundSet.get(code) ?? new Set();
    let tp = 0;
    for (const s of f) {
      if (t.has(s)) tp++;
      else mismatches.push({ code, subject_id: s, kind: 'false_positive' });
    }
    for (const s of t) if (!f.has(s)) mismatches.push({ code, subject_id: s, kind: 'false_negative' });
    const fp = f.size - tp;
    const fn = t.size - tp;
    const precision = f.size ? tp / f.size : t.size ? 0 : 1;
    const recall = t.size ? tp / t.size : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perCode.push({ code, truth: t.size, found: f.size, tp, fp, fn, precision, recall, f1 });
  }
  return { runId: Number(id), asOf: as_of, period: period.slice(0, 7), warnings, perCode, review, excludedSubjects: excluded.size, mismatches };
}
