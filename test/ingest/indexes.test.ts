/**
 * Loading into an empty table builds its indexes after the rows (server/ingest/load.ts): the
 * indexes are the same afterwards, and a refused or failed import leaves them as they were.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importFile } from '../../server/ingest/service.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const indexes = async (table: string) =>
  (await database.pool.query('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table])).rows;

describe('indexes of an empty table', () => {
  it('are dropped for the first load and built again in the same transaction', async () => {
    const before = await indexes('src_dan_cu');
    expect(before.length).toBeGreaterThanOrEqual(2);
    const first = await importFile(database, { kind: 'dan-cu', filePath: path.join(FIXTURES, '01-utf8-bom-comma.csv') });
    expect([first.status, first.accepted, first.detail.indexesBuiltAfterLoad]).toEqual(['imported', 5, true]);
    expect(await indexes('src_dan_cu')).toEqual(before);
    // The rebuilt index answers (an index scan finds the rows).
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM src_dan_cu WHERE batch_id = $1`, [first.batchId]);
    expect(rows[0].n).toBe(5);

    const second = await importFile(database, { kind: 'dan-cu', filePath: path.join(FIXTURES, '02-utf8-semicolon.csv'), replace: true });
    expect([second.status, second.detail.indexesBuiltAfterLoad]).toEqual(['imported', false]);
    expect(await indexes('src_dan_cu')).toEqual(before);
  });

  it('are left as they were when the file is refused (--strict) or the load fails', async () => {
    const before = await indexes('src_bhxh_nguoi');
    const refused = await importFile(database, { kind: 'bhxh-nguoi', filePath: path.join(FIXTURES, '27-bhxh-nguoi.csv'), strict: true });
    expect(refused.status).toBe('rejected');
    expect(await indexes('src_bhxh_nguoi')).toEqual(before);

    await database.pool.query(`CREATE FUNCTION test_fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'hỏng khi nạp'; END $$`);
    await database.pool.query('CREATE TRIGGER test_fail BEFORE INSERT ON src_bhxh_nguoi FOR EACH ROW EXECUTE FUNCTION test_fail_insert()');
    await expect(importFile(database, { kind: 'bhxh-nguoi', filePath: path.join(FIXTURES, '27-bhxh-nguoi.csv') })).rejects.toThrow(/hỏng khi nạp/);
    await database.pool.query('DROP TRIGGER test_fail ON src_bhxh_nguoi');
    expect(await indexes('src_bhxh_nguoi')).toEqual(before);
    const n = (await database.pool.query('SELECT count(*)::int AS n FROM src_bhxh_nguoi')).rows[0].n;
    expect(n).toBe(0);

    const imported = await importFile(database, { kind: 'bhxh-nguoi', filePath: path.join(FIXTURES, '27-bhxh-nguoi.csv') });
    expect([imported.status, imported.accepted, imported.detail.indexesBuiltAfterLoad]).toEqual(['imported', 4, true]);
    expect(await indexes('src_bhxh_nguoi')).toEqual(before);
  });
});
