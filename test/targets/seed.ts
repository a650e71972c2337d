/**
 * Test data for targets/progress: rows inserted straight into src_* tables (as the importer would
 * leave them), and a small seeded random province for cross-checking against brute-force SQL.
 */
import crypto from 'node:crypto';
import type { Database } from '../../server/db/connect.ts';

let batchSeq = 0;

export async function addBatch(database: Database, kind: string, period: string | null = null): Promise<number> {
  const sha = crypto.createHash('sha256').update(`${kind}-${period}-${Date.now()}-${batchSeq++}-${Math.random()}`).digest('hex');
  const r = await database.pool.query(
    `INSERT INTO import_batch (kind, period, file_name, content_sha256, file_size, imported_by_name) VALUES ($1, $2, $3, $4, 0, 'test') RETURNING id`,
    [kind, period, `${kind}.csv`, sha],
  );
  return Number(r.rows[0].id);
}

export interface NguoiRow {
  person_id?: string | null;
  person_id_valid?: boolean;
  bhxh_code?: string | null;
  commune_code?: string | null;
  scheme: 'BB' | 'TN';
  ui?: boolean;
  from: string;
  to?: string | null;
}

/** Inserts bhxh-nguoi rows of one snapshot in one statement. */
export async function addNguoi(database: Database, snapshot: string, rows: NguoiRow[]): Promise<number> {
  const batch = await addBatch(database, 'bhxh-nguoi', snapshot);
  if (rows.length === 0) return batch;
  const cols = ['batch_id', 'row_no', 'person_id', 'person_id_valid', 'bhxh_code', 'full_name', 'birth_date', 'sex', 'commune_code', 'scheme', 'unemployment_insured', 'unit_code', 'contribution_base', 'from_period', 'to_period', 'snapshot_period'];
  const rowValues = rows.map((r, i) => [
    batch, i + 2, r.person_id ?? null, r.person_id_valid ?? !!(r.person_id && /^\d{12}$/.test(r.person_id)), r.bhxh_code ?? null,
    'Nguyễn Văn Thử', '1990-01-01', 'M', r.commune_code ?? null, r.scheme, r.ui ?? false, r.scheme === 'BB' ? 'DV001' : null,
    5_000_000, r.from, r.to ?? null, snapshot,
  ]);
  // Chunked to stay below the bind-parameter limit.
  const per = Math.floor(30000 / cols.length);
  for (let i = 0; i < rowValues.length; i += per) {
    const chunk = rowValues.slice(i, i + per);
    const tuples = chunk.map((_, j) => `(${cols.map((__, k) => `$${j * cols.length + k + 1}`).join(',')})`);
    await database.pool.query(`INSERT INTO src_bhxh_nguoi (${cols.join(',')}) VALUES ${tuples.join(',')}`, chunk.flat());
  }
  return batch;
}

export async function addDanCu(database: Database, rows: Array<{ person_id: string; commune_code: string }>): Promise<number> {
  const batch = await addBatch(database, 'dan-cu');
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const values: unknown[] = [];
    const tuples = chunk.map((r, j) => {
      values.push(batch, i + j + 2, r.person_id, r.commune_code);
      const b = j * 4;
      return `($${b + 1}, $${b + 2}, $${b + 3}, 'Nguyễn Văn Thử', '1990-01-01', 'M', $${b + 4})`;
    });
    await database.pool.query(`INSERT INTO src_dan_cu (batch_id, row_no, person_id, full_name, birth_date, sex, commune_code) VALUES ${tuples.join(',')}`, values);
  }
  return batch;
}

export async function addLaoDong(database: Database, rows: Array<{ commune_code: string; year: number; lf: number }>): Promise<number> {
  const batch = await addBatch(database, 'lao-dong');
  const values: unknown[] = [];
  const tuples = rows.map((r, j) => {
    values.push(batch, j + 2, r.commune_code, r.year, Math.round(r.lf * 1.2), r.lf);
    const b = j * 6;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
  });
  await database.pool.query(`INSERT INTO src_lao_dong (batch_id, row_no, commune_code, year, labour_force, labour_force_working_age) VALUES ${tuples.join(',')}`, values);
  return batch;
}

export async function addChiTieu(database: Database, rows: Array<{ year: number; commune_code: string; total: number; voluntary: number; mandatory?: number | null; ui?: number | null; basis?: string | null }>): Promise<number> {
  const batch = await addBatch(database, 'chi-tieu');
  const values: unknown[] = [];
  const tuples = rows.map((r, j) => {
    values.push(batch, j + 2, r.year, r.commune_code, r.total, r.voluntary, r.mandatory ?? null, r.ui ?? null, r.basis ?? null);
    const b = j * 9;
    return `(${Array.from({ length: 9 }, (_, k) => `$${b + k + 1}`).join(',')})`;
  });
  await database.pool.query(`INSERT INTO src_chi_tieu (batch_id, row_no, year, commune_code, target_total, target_voluntary, target_mandatory, target_unemployment, basis) VALUES ${tuples.join(',')}`, values);
  return batch;
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const addMonths = (period: string, n: number) => {
  const idx = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
};

/**
 * A random province slice: `persons` people over the given communes, each with 1–3 records
 * (mandatory, voluntary, overlapping or not), some still open, some ended in the window.
 */
export function randomParticipants(seed: number, persons: number, communes: string[], snapshot: string) {
  const r = rng(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const dan: Array<{ person_id: string; commune_code: string }> = [];
  const rows: NguoiRow[] = [];
  for (let p = 0; p < persons; p++) {
    const id = `019${String(90000000 + p).padStart(9, '0')}`;
    const home = pick(communes);
    const inDanCu = r() < 0.9;
    if (inDanCu) dan.push({ person_id: id, commune_code: home });
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const from = addMonths(snapshot, -Math.floor(r() * 40));
      const ended = r() < 0.4;
      let to: string | null = ended ? addMonths(from, Math.floor(r() * 20)) : null;
      if (to && to > snapshot) to = null;
      // Records that ended more than 24 months before the snapshot are not in it.
      if (to && to < addMonths(snapshot, -24)) continue;
      const scheme: 'BB' | 'TN' = r() < 0.7 ? 'BB' : 'TN';
      rows.push({ person_id: id, commune_code: r() < 0.8 ? home : pick(communes), scheme, ui: scheme === 'BB' && r() < 0.8, from, to });
    }
  }
  return { dan, rows };
}

/**
 * The tests' own count, from the imported rows, of distinct persons active at the end of `period` (YYYY-MM-01) per
 * commune of residence — the population extract's commune, else that of the person's latest participation record —
 * with the province under '19'. `mandatory`: persons with a mandatory record; `voluntary`: persons with only
 * voluntary ones.
 */
export async function activeByHomeCommune(database: Database, period: string): Promise<Map<string, { total: number; mandatory: number; voluntary: number }>> {
  const r = await database.pool.query(
    `WITH home AS (
       SELECT DISTINCT ON (n.person_id) n.person_id, COALESCE(d.commune_code, n.commune_code) AS commune
       FROM src_bhxh_nguoi n LEFT JOIN src_dan_cu d ON d.person_id = n.person_id
       ORDER BY n.person_id, (d.commune_code IS NULL), n.from_period DESC, n.to_period DESC NULLS FIRST),
     persons AS (
       SELECT n.person_id, bool_or(n.scheme = 'BB') AS bb, bool_or(n.scheme = 'TN') AS tn
       FROM src_bhxh_nguoi n WHERE n.from_period <= $1 AND (n.to_period IS NULL OR n.to_period >= $1) GROUP BY n.person_id)
     SELECT COALESCE(h.commune, '19') AS commune, count(*)::int AS total,
            count(*) FILTER (WHERE bb)::int AS mandatory, count(*) FILTER (WHERE tn AND NOT bb)::int AS voluntary
     FROM persons p JOIN home h ON h.person_id = p.person_id GROUP BY ROLLUP (h.commune)`,
    [period],
  );
  return new Map(r.rows.map((x) => [x.commune as string, { total: x.total as number, mandatory: x.mandatory as number, voluntary: x.voluntary as number }]));
}
