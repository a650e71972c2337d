/**
 * bhxh-nguoi, where the personal ID is optional: a wrong ID is kept exactly as written (with a
 * warning), so that the cross-check NTG_SAI_THONG_TIN reports it; an ID merely grouped by a number
 * format is normalised. Real file: test/fixtures/ingest/37-bhxh-nguoi-ids-as-written.csv.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importFile, type ImportResult } from '../../server/ingest/service.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';

const FILE = path.resolve('test/fixtures/ingest/37-bhxh-nguoi-ids-as-written.csv');

let database: TestDatabase;
let result: ImportResult;

beforeAll(async () => {
  database = await createTestDatabase();
  result = await importFile(database, { kind: 'bhxh-nguoi', filePath: FILE });
});
afterAll(async () => {
  await database.destroy();
});

describe('bhxh-nguoi: personal IDs as written', () => {
  it('imports every row, warning about each wrong ID', () => {
    expect(result.status).toBe('imported');
    expect([result.rows, result.accepted, result.rejected, result.warnings]).toEqual([5, 5, 0, 3]);
    expect(result.warningList.map((w) => [w.row, w.column, w.value, w.message])).toEqual([
      [2, 'Số định danh cá nhân', '0191886.6054', 'Số định danh cá nhân chỉ được gồm chữ số (dấu chấm, khoảng trắng chỉ được dùng để phân nhóm chữ số) — giữ nguyên để đối soát'],
      [5, 'Số định danh cá nhân', '01908800 1236', 'Số định danh cá nhân chỉ được gồm chữ số (dấu chấm, khoảng trắng chỉ được dùng để phân nhóm chữ số) — giữ nguyên để đối soát'],
      [6, 'Số định danh cá nhân', '0190880012', 'Số định danh cá nhân phải gồm 12 chữ số (có 10) — giữ nguyên để đối soát'],
    ]);
  });

  it('stores a wrong ID as written and a digit-grouped ID as its 12 digits', async () => {
    const rows = (await database.pool.query('SELECT row_no, person_id, person_id_valid FROM src_bhxh_nguoi WHERE batch_id = $1 ORDER BY row_no', [result.batchId])).rows;
    expect(rows).toEqual([
      { row_no: 2, person_id: '0191886.6054', person_id_valid: false },
      { row_no: 3, person_id: '019088001234', person_id_valid: true },
      { row_no: 4, person_id: '019088001235', person_id_valid: true },
      { row_no: 5, person_id: '01908800 1236', person_id_valid: false },
      { row_no: 6, person_id: '0190880012', person_id_valid: false },
    ]);
    const issues = (await database.pool.query("SELECT row_no, value FROM import_issue WHERE batch_id = $1 AND severity = 'warning' ORDER BY row_no", [result.batchId])).rows;
    expect(issues).toEqual([{ row_no: 2, value: '0191886.6054' }, { row_no: 5, value: '01908800 1236' }, { row_no: 6, value: '0190880012' }]);
  });

  it('the cross-check NTG_SAI_THONG_TIN reports each wrong ID as written, and not the grouped ones', async () => {
    await runReconciliation(database, { asOf: '2026-11-25', period: '2026-10' });
    const findings = (await database.pool.query(
      `SELECT subject_id, evidence->>'idAsWritten' AS id_as_written, evidence->'idProblems' AS problems
         FROM finding WHERE code = 'NTG_SAI_THONG_TIN' AND resolved_run_id IS NULL ORDER BY subject_id`,
    )).rows;
    expect(findings).toEqual([
      { subject_id: '1912300001', id_as_written: '0191886.6054', problems: ['not_digits'] },
      { subject_id: '1912300004', id_as_written: '01908800 1236', problems: ['not_digits'] },
      { subject_id: '1912300005', id_as_written: '0190880012', problems: ['length'] },
    ]);
  });
});
