/**
 * Incremental reconciliation (issue 16): a run whose inputs did not change since the latest run reuses that run's
 * findings instead of redoing the work; any change of an input (a new import, a setting) makes it redo the work; and
 * after a sequence of imports the findings equal those of a forced full run (`full: true`, `baophu reconcile --full`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { generateDemo } from '../../server/demo/generate.ts';
import { importFile } from '../../server/ingest/service.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TMP_ROOT } from '../helpers/paths.ts';

const dir = path.join(TMP_ROOT, `incremental-${process.pid}-${Date.now()}`);
let database: TestDatabase;
let manifest: { asOf: string; period: string };
let files: Array<{ kind: string; path: string }>;

/** The findings as the users see them: every column a run writes, in a stable order. */
async function findings() {
  const { rows } = await database.pool.query(`
    SELECT code, subject_id, commune_code, amount_vnd::text, content_hash, status, resolved_run_id IS NULL AS current
      FROM finding ORDER BY code, subject_id`);
  return rows;
}

const run = (full = false) => runReconciliation(database, { asOf: manifest.asOf, period: manifest.period, startedBy: 'test', full });

beforeAll(async () => {
  database = await createTestDatabase();
  const generated = await generateDemo({ scale: 0.002, seed: 11, outDir: dir, format: 'csv' });
  manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  files = generated.files;
  for (const f of files) await importFile(database, { kind: f.kind as never, filePath: f.path, userName: 'test' });
}, 300_000);
afterAll(async () => {
  await database?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a reconciliation on unchanged inputs', () => {
  it('reuses the latest run: same counts, the run it reused named, no finding touched', async () => {
    const first = await run();
    expect(first.reusedRunId).toBeNull();
    expect(first.total).toBeGreaterThan(0);
    const before = await findings();
    const again = await run();
    expect(again.reusedRunId).toBe(first.runId);
    expect(again.runId).toBeGreaterThan(first.runId);
    expect({ total: again.total, perCode: again.perCode.map((c) => [c.code, c.count]) })
      .toEqual({ total: first.total, perCode: first.perCode.map((c) => [c.code, c.count]) });
    expect(await findings()).toEqual(before);
    const { rows } = await database.pool.query('SELECT status, reused_run_id, inputs_hash FROM reconcile_run WHERE id = ANY($1::bigint[]) ORDER BY id', [[first.runId, again.runId]]);
    expect(rows.map((r) => [r.status, r.reused_run_id === null ? null : Number(r.reused_run_id)])).toEqual([['done', null], ['done', first.runId]]);
    expect(rows[0].inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[1].inputs_hash).toBe(rows[0].inputs_hash);
  }, 300_000);

  it('redoes the work when forced, and when a setting or an import changed', async () => {
    expect((await run(true)).reusedRunId).toBeNull();
    const { rows } = await database.pool.query(`SELECT value FROM reconcile_setting WHERE key = 'wage.min_income_ratio'`);
    await database.pool.query(`UPDATE reconcile_setting SET value = 0.4 WHERE key = 'wage.min_income_ratio'`);
    try {
      expect((await run()).reusedRunId).toBeNull();
    } finally {
      await database.pool.query(`UPDATE reconcile_setting SET value = $1 WHERE key = 'wage.min_income_ratio'`, [rows[0].value]);
    }
    // The setting back: the inputs differ from the run just made, so this one redoes the work as well.
    expect((await run()).reusedRunId).toBeNull();
    expect((await run()).reusedRunId).not.toBeNull();
  }, 300_000);

  it('after a sequence of imports, finds what a full run finds', async () => {
    // Each file is rewritten without the rows of one subject that has a finding, so the import changes findings.
    // Bytes are kept as they are (latin1 in, latin1 out): the generator writes some files in legacy encodings.
    const withoutRowsOf = async (kind: string, code: string) => {
      const { rows } = await database.pool.query(`SELECT subject_id FROM finding WHERE code = $1 AND resolved_run_id IS NULL ORDER BY subject_id LIMIT 1`, [code]);
      expect(rows.length, code).toBe(1);
      const source = files.find((f) => f.kind === kind)!;
      const lines = fs.readFileSync(source.path, 'latin1').split(/\r?\n/);
      const kept = lines.filter((l, i) => i === 0 || !l.includes(rows[0].subject_id));
      expect(kept.length, kind).toBeLessThan(lines.length);
      const changed = path.join(dir, `${kind}-without-${code}.csv`);
      fs.writeFileSync(changed, kept.join('\n'), 'latin1');
      const r = await importFile(database, { kind: kind as never, filePath: changed, userName: 'test', replace: true });
      expect(r.status, kind).toBe('imported');
      return rows[0].subject_id as string;
    };
    const isCurrent = async (code: string, subject: string) =>
      (await database.pool.query('SELECT resolved_run_id IS NULL AS current FROM finding WHERE code = $1 AND subject_id = $2', [code, subject])).rows[0]?.current;

    // A new contributions file: only the arrears checks are redone, the other findings are kept from the latest run.
    const unit = await withoutRowsOf('bhxh-thu', 'DN_CHAM_DONG');
    const alone = await run();
    expect(alone.reusedRunId).toBeNull();
    expect([...((alone.stats?.redone ?? []) as string[])].sort()).toEqual(['DN_CHAM_DONG', 'DN_TRON_DONG']);
    expect(await isCurrent('DN_CHAM_DONG', unit)).toBe(false);
    const afterAlone = await findings();
    const fullAfterAlone = await run(true);
    expect(fullAfterAlone.stats?.redone).toBeUndefined();
    expect(fullAfterAlone.total).toBe(alone.total);
    expect(await findings()).toEqual(afterAlone);

    // A new participants file feeds the linkage: everything is redone.
    const person = await withoutRowsOf('bhxh-nguoi', 'NTG_SAI_THONG_TIN');
    const incremental = await run();
    expect(incremental.reusedRunId).toBeNull();
    expect(incremental.stats?.redone).toBeUndefined();
    expect(incremental.linkage?.counts.length).toBeGreaterThan(0);
    expect(await isCurrent('NTG_SAI_THONG_TIN', person)).toBe(false);
    const afterIncremental = await findings();
    const full = await run(true);
    expect(full.total).toBe(incremental.total);
    expect(await findings()).toEqual(afterIncremental);
    expect((await run()).reusedRunId).toBe(full.runId);
  }, 600_000);
});
