/**
 * The reconciliation scored against the demo generator's own ground truth: a small synthetic province
 * (`generateDemo`, every kind of file in its mixed CSV/XLSX rendering) is imported through the importer,
 * reconciled at the manifest's as_of and period, and `evaluate` compares the findings with truth.csv.
 * On the generator's own data every finding code must be found exactly: precision and recall 1.0.
 *
 * Scale 0.002 (about 3.600 residents) is the smallest that was checked to plant every one of the 12 codes
 * (the rarest, DN_TRON_DONG, 3 times at seed 7); the test asserts that each code is in the truth, so a
 * generator change that drops one fails here instead of passing vacuously.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { generateDemo } from '../../server/demo/generate.ts';
import { importFile } from '../../server/ingest/service.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { evaluate, readTruth, type EvalResult } from '../../server/reconcile/eval.ts';
import { FILE_KINDS, FINDING_CODES } from '#shared/auth/roles.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TMP_ROOT } from '../helpers/paths.ts';

const SCALE = 0.002;
const SEED = 7;
const dir = path.join(TMP_ROOT, `truth-${process.pid}-${Date.now()}`);
let database: TestDatabase;
let manifest: { asOf: string; period: string };
let truth: Array<{ code: string; subject_id: string }>;
let score: EvalResult;
const imported: Array<{ kind: string; status: string; accepted: number; rejected: number }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const generated = await generateDemo({ scale: SCALE, seed: SEED, outDir: dir });
  manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  truth = readTruth(generated.truthPath);
  for (const f of generated.files) {
    const r = await importFile(database, { kind: f.kind, filePath: f.path, userName: 'test' });
    imported.push({ kind: f.kind, status: r.status, accepted: (r as { accepted?: number }).accepted ?? 0, rejected: (r as { rejected?: number }).rejected ?? 0 });
  }
  await runReconciliation(database, { asOf: manifest.asOf, period: manifest.period, startedBy: 'test' });
  score = await evaluate(database.db, generated.truthPath);
}, 300_000);
afterAll(async () => {
  await database?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`reconciliation against the demo's truth.csv (scale ${SCALE}, seed ${SEED})`, () => {
  it('imports every kind of file the generator writes', () => {
    expect(imported.map((r) => r.kind)).toEqual([...FILE_KINDS]);
    for (const r of imported) {
      expect(r.status, r.kind).toBe('imported');
      expect(r.accepted, r.kind).toBeGreaterThan(0);
    }
  });

  it('has every finding code in the truth, so the score below is not vacuous', () => {
    const counts = new Map<string, number>();
    for (const t of truth) counts.set(t.code, (counts.get(t.code) ?? 0) + 1);
    for (const code of FINDING_CODES) expect(counts.get(code) ?? 0, code).toBeGreaterThan(0);
    expect([...counts.keys()].filter((c) => !(FINDING_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it('scores the run made at the truth\'s as_of and period, without warnings', () => {
    expect(score.asOf).toBe(manifest.asOf);
    expect(score.period).toBe(manifest.period.slice(0, 7));
    expect(score.warnings).toEqual([]);
  });

  it('finds exactly what the truth lists: precision and recall 1.0 for every code', () => {
    // The mismatches first: on failure they say which subjects were missed or raised wrongly.
    expect(score.mismatches.slice(0, 20)).toEqual([]);
    for (const code of FINDING_CODES) {
      const c = score.perCode.find((p) => p.code === code)!;
      expect(c, code).toBeDefined();
      expect(c.truth, code).toBeGreaterThan(0);
      expect({ code, found: c.found, tp: c.tp, precision: c.precision, recall: c.recall }).toEqual({ code, found: c.truth, tp: c.truth, precision: 1, recall: 1 });
    }
    expect(score.perCode.reduce((n, c) => n + c.tp, 0)).toBe(new Set(truth.map((t) => `${t.code}|${t.subject_id}`)).size);
  });

  it('holds the same findings as the truth when read from the table directly (not only through evaluate)', async () => {
    const { rows } = await database.pool.query(`SELECT code, subject_id FROM finding WHERE resolved_run_id IS NULL`);
    const found = new Set(rows.map((r) => `${r.code}|${r.subject_id}`));
    const expected = new Set(truth.map((t) => `${t.code}|${t.subject_id}`));
    expect([...found].filter((k) => !expected.has(k)).slice(0, 20)).toEqual([]);
    expect([...expected].filter((k) => !found.has(k)).slice(0, 20)).toEqual([]);
    expect(found.size).toBe(expected.size);
  });
});
