/**
 * A tiny synthetic province for reconciliation tests: source rows inserted straight into the src_* tables
 * (one import batch per call), the way the importer leaves them. Real database, real SQL.
 */
import crypto from 'node:crypto';
import type { Database } from '../../server/db/connect.ts';

const TABLE: Record<string, string> = {
  'dan-cu': 'src_dan_cu', 'ho-ngheo': 'src_ho_ngheo', 'lao-dong': 'src_lao_dong', 'dn-thue': 'src_dn_thue',
  'thue-tncn': 'src_thue_tncn', 'bhxh-don-vi': 'src_bhxh_don_vi', 'bhxh-thu': 'src_bhxh_thu', 'bhxh-nguoi': 'src_bhxh_nguoi',
  'bhxh-huong': 'src_bhxh_huong', 'bhtn-huong': 'src_bhtn_huong', 'kcn-lao-dong': 'src_kcn_lao_dong', 'chi-tieu': 'src_chi_tieu',
};

export type Row = Record<string, unknown>;

/** Inserts one batch of rows of a kind; returns the batch id. A later batch of the same (kind, period) replaces the earlier. */
export async function insertSource(database: Database, kind: string, rows: Row[], period: string | null = null): Promise<number> {
  const table = TABLE[kind];
  if (!table) throw new Error(`unknown kind ${kind}`);
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN');
    const b = await client.query(
      `INSERT INTO import_batch (kind, period, file_name, content_sha256, file_size, rows_total, rows_accepted)
       VALUES ($1, $2, $3, $4, 0, $5, $5) RETURNING id`,
      [kind, period, `${kind}.csv`, crypto.randomBytes(16).toString('hex'), rows.length],
    );
    const batchId = Number(b.rows[0].id);
    await client.query(
      `UPDATE import_batch SET is_current = false, replaced_by = $1
        WHERE kind = $2 AND period IS NOT DISTINCT FROM $3::date AND id <> $1 AND is_current`,
      [batchId, kind, period],
    );
    // Rows with the same set of columns go in one statement; a column a row leaves out takes its default.
    const groups = new Map<string, Row[]>();
    rows.forEach((r, i) => {
      const row = { ...r, batch_id: batchId, row_no: i + 2 };
      const key = Object.keys(row).sort().join(',');
      groups.set(key, [...(groups.get(key) ?? []), row]);
    });
    for (const [key, group] of groups) {
      const cols = key.split(',');
      await client.query(
        `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`,
        [JSON.stringify(group)],
      );
    }
    await client.query('COMMIT');
    return batchId;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** A 12-digit personal ID: province 019, century/sex digit from birth year and sex, a serial. */
export function pid(birthYear: number, sex: 'M' | 'F', serial: number, province = '019'): string {
  const g = (birthYear >= 2000 ? 2 : 0) + (sex === 'F' ? 1 : 0);
  return `${province}${g}${String(birthYear % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}

/** A resident row of dan-cu. */
export function resident(id: string, name: string, birth: string, sex: 'M' | 'F', commune = '05443', extra: Row = {}): Row {
  return { person_id: id, full_name: name, birth_date: birth, birth_precision: 'D', sex, commune_code: commune, ethnicity: 'Kinh', ...extra };
}

/** A participant row of bhxh-nguoi (mandatory by default). */
export function participant(id: string | null, name: string, birth: string, sex: 'M' | 'F', extra: Row = {}): Row {
  return {
    person_id: id, person_id_valid: !!id && /^\d{12}$/.test(id), full_name: name, birth_date: birth, birth_precision: 'D', sex,
    commune_code: '05443', scheme: 'BB', unit_code: 'U001', contribution_base: 6_000_000, from_period: '2025-01-01',
    to_period: null, snapshot_period: '2026-10-01', ...extra,
  };
}
