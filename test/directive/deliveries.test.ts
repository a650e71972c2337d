/**
 * Data-sharing compliance on a small generated province: the 12 demo files go through the real importer, a second
 * monthly delivery of participants is derived from the first, the import times are set by the test, and the
 * calendar is the test's. States come from the calendar (missing periods included); quality figures are checked
 * against counts made here from the stored rows (the personal-ID rule's TypeScript twin, the links, the row values).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { importDemoProvince } from '../helpers/demo.ts';
import { testApp, addUser, login } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { importFile } from '../../server/ingest/service.ts';
import { KINDS } from '../../server/ingest/kinds.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { deliveryRows, type DeliveryRow } from '../../server/directive/deliveries.ts';
import { personalIdProblems } from '#shared/identity/personal-id.ts';

let database: TestDatabase;
const batchOf: Record<string, number> = {};
const AS_OF = '2026-12-20';
const MODIFIED = 25;
let seeded: Array<Record<string, unknown>>;

async function setImportedAt(batchId: number, at: string) {
  await database.pool.query('UPDATE import_batch SET imported_at = $2 WHERE id = $1', [batchId, at]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  const outDir = path.join(database.config.dataDir, 'demo');
  const demo = await importDemoProvince(database, { scale: 0.002, seed: 7, outDir });
  Object.assign(batchOf, demo.batchOf);
  const files = demo.files;
  // November's participants: October's file with the period moved, some names corrected and some rows gone.
  const october = fs.readFileSync(files.find((x) => x.kind === 'bhxh-nguoi')!.path, 'utf8').split(/\r?\n/).filter(Boolean);
  const november = october.map((line, i) => {
    if (i === 0) return line;
    const cells = line.split(';');
    cells[14] = '2026-11';
    if (i <= MODIFIED) cells[2] = `${cells[2]} Thị`;
    return cells.join(';');
  }).filter((_, i) => i <= MODIFIED || i > MODIFIED + 10);
  const novPath = path.join(outDir, 'bhxh-nguoi-2026-11.csv');
  fs.writeFileSync(novPath, november.join('\r\n') + '\r\n', 'utf8');
  const nov = await importFile(database, { kind: 'bhxh-nguoi', filePath: novPath, fileName: 'bhxh-nguoi-2026-11.csv', userName: 'test' });
  expect(nov.status).toBe('imported');
  batchOf['bhxh-nguoi-nov'] = nov.batchId!;
  await runReconciliation(database, {});

  seeded = (await database.pool.query('SELECT kind, agency_code, due_day, due_month_offset, clause FROM delivery_calendar')).rows;
  // The calendar of this test.
  await database.pool.query('UPDATE delivery_calendar SET active = false');
  await database.pool.query(`UPDATE delivery_calendar SET active = true, frequency = 'monthly', due_day = 10, due_month_offset = 1 WHERE kind IN ('bhxh-nguoi', 'dan-cu')`);
  await database.pool.query(`UPDATE delivery_calendar SET active = true, frequency = 'quarterly', due_day = 15, due_month_offset = 3 WHERE kind = 'thue-tncn'`);
  // Import times: October's participants on the due day, November's after it; the population extract (no period
  // of its own) on 11 November 06:30 in Việt Nam — still 10 November in UTC, but late; the tax file of a Q4 month
  // before its quarter's due date.
  await setImportedAt(batchOf['bhxh-nguoi'], '2026-11-10T16:00:00+07:00');
  await setImportedAt(batchOf['bhxh-nguoi-nov'], '2026-12-15T09:00:00+07:00');
  await setImportedAt(batchOf['dan-cu'], '2026-11-11T06:30:00+07:00');
  await setImportedAt(batchOf['thue-tncn'], '2026-11-20T09:00:00+07:00');
}, 300_000);
afterAll(async () => {
  await database?.destroy();
});

const find = (rows: DeliveryRow[], kind: string, period: string) => rows.find((r) => r.kind === kind && r.period === period)!;

describe('deliveries against the calendar', () => {
  it('expects every period of the calendar and judges each on time, late, missing or not yet due', async () => {
    const rows = await deliveryRows(database, { year: 2026, asOf: AS_OF });
    expect(rows.filter((r) => r.kind === 'bhxh-nguoi')).toHaveLength(12);
    expect(rows.filter((r) => r.kind === 'thue-tncn').map((r) => r.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['bhxh-nguoi', 'dan-cu', 'thue-tncn']));

    const oct = find(rows, 'bhxh-nguoi', '2026-10');
    expect([oct.dueDate, oct.deliveredOn, oct.state]).toEqual(['2026-11-10', '2026-11-10', 'on_time']);
    const nov = find(rows, 'bhxh-nguoi', '2026-11');
    expect([nov.dueDate, nov.deliveredOn, nov.state]).toEqual(['2026-12-10', '2026-12-15', 'late']);
    expect(find(rows, 'bhxh-nguoi', '2026-09').state).toBe('missing');
    expect(find(rows, 'bhxh-nguoi', '2026-12')).toMatchObject({ dueDate: '2027-01-10', state: 'not_due', batchId: null });

    const extract = find(rows, 'dan-cu', '2026-10');
    expect([extract.deliveredOn, extract.state]).toEqual(['2026-11-11', 'late']);
    expect(find(rows, 'dan-cu', '2026-11').state).toBe('missing');

    // The demo's tax file spans several months, so its batch has no single period: like a snapshot, it delivers the
    // quarter that ended before it was imported (Q3, due 15/10) — late on 20/11.
    const tax = await database.pool.query('SELECT period FROM import_batch WHERE id = $1', [batchOf['thue-tncn']]);
    expect(tax.rows[0].period).toBeNull();
    expect(find(rows, 'thue-tncn', '2026-Q3')).toMatchObject({ dueDate: '2026-10-15', deliveredOn: '2026-11-20', state: 'late', batchId: batchOf['thue-tncn'] });
    expect(find(rows, 'thue-tncn', '2026-Q4')).toMatchObject({ dueDate: '2027-01-15', state: 'not_due' });
    expect(find(rows, 'thue-tncn', '2026-Q2').state).toBe('missing');

    // Judged earlier, a file imported later is not yet delivered.
    const earlier = await deliveryRows(database, { year: 2026, asOf: '2026-12-01' });
    expect(find(earlier, 'bhxh-nguoi', '2026-11')).toMatchObject({ state: 'not_due', deliveredAt: null });
  });

  it('measures what arrived: rows, rejects, valid IDs, links and changes since the previous delivery', async () => {
    const rows = await deliveryRows(database, { year: 2026, asOf: AS_OF });
    let linkedBatches = 0;
    for (const [label, period] of [['bhxh-nguoi', '2026-10'], ['bhxh-nguoi-nov', '2026-11']] as const) {
      const batchId = batchOf[label];
      const row = find(rows, 'bhxh-nguoi', period);
      expect(row.batchId).toBe(batchId);
      const batch = (await database.pool.query('SELECT rows_total, rows_rejected FROM import_batch WHERE id = $1', [batchId])).rows[0];
      const rejectedRows = (await database.pool.query(`SELECT count(DISTINCT row_no)::int AS n FROM import_issue WHERE batch_id = $1 AND severity = 'error'`, [batchId])).rows[0].n;
      expect(row.rows).toBe(batch.rows_total);
      expect(row.rejected).toBe(rejectedRows);

      const stored = (await database.pool.query('SELECT person_id, birth_date, sex FROM src_bhxh_nguoi WHERE batch_id = $1', [batchId])).rows;
      const valid = stored.filter((r) => personalIdProblems(r.person_id, Number(String(r.birth_date).slice(0, 4)), r.sex).length === 0).length;
      expect(valid).toBeGreaterThan(0);
      expect(valid).toBeLessThan(stored.length); // the demo writes some wrong IDs on purpose
      expect(row.validIdShare).toBeCloseTo(valid / stored.length, 10);

      const links = (await database.pool.query(`SELECT status FROM person_link WHERE source = 'bhxh-nguoi' AND batch_id = $1`, [batchId])).rows;
      // The reconciliation links the participants of its period P (November); October's batch was not linked.
      if (links.length === 0) expect(row.linkedShare).toBeNull();
      else {
        expect(links.length).toBe(stored.length);
        expect(row.linkedShare).toBeCloseTo(links.filter((l) => l.status === 'linked').length / links.length, 10);
        linkedBatches++;
      }
    }
    expect(linkedBatches).toBe(1);

    // Changes: November's stored rows whose values (period aside) are not among October's.
    const spec = KINDS['bhxh-nguoi'];
    const columns = spec.db.map(([c]) => c).filter((c) => c !== spec.period!.column);
    const values = async (id: number) => (await database.pool.query(`SELECT ${columns.join(', ')} FROM src_bhxh_nguoi WHERE batch_id = $1`, [id])).rows.map((r) => JSON.stringify(columns.map((c) => r[c])));
    const before = new Set(await values(batchOf['bhxh-nguoi']));
    const after = await values(batchOf['bhxh-nguoi-nov']);
    const changed = after.filter((v) => !before.has(v)).length;
    expect(changed).toBeGreaterThanOrEqual(MODIFIED - 5); // the corrected names (a few of those rows may be rejects)
    expect(changed).toBeLessThanOrEqual(MODIFIED + 10);
    const nov = find(rows, 'bhxh-nguoi', '2026-11');
    expect(nov.previousBatchId).toBe(batchOf['bhxh-nguoi']);
    expect(nov.changedShare).toBeCloseTo(changed / after.length, 10);
    expect(find(rows, 'bhxh-nguoi', '2026-10').changedShare).toBeNull(); // the first delivery has nothing to compare with
  });

  it('the seeded calendar is the reference file, clause by clause', async () => {
    const csv = fs.readFileSync('reference/delivery-calendar.csv', 'utf8').trim().split('\n').slice(1);
    const db = new Map(seeded.map((r) => [r.kind, r]));
    expect(db.size).toBe(csv.length);
    for (const line of csv) {
      const [agency, kind, , dueDay, offset, clause] = line.split(',');
      expect(db.get(kind), kind).toMatchObject({ agency_code: agency, due_day: Number(dueDay), due_month_offset: Number(offset), clause });
    }
  });

  it('the API lets a body read its own deliveries and the followers read all; only the secretariat edits the calendar', async () => {
    const app = await testApp(database);
    try {
      await addUser(database, 'bhxh1', 'social_security');
      await addUser(database, 'lanhdao1', 'leadership');
      await addUser(database, 'noivu1', 'home_affairs');
      const body = await login(app, 'bhxh1');
      const own = await body.get(`/api/directive/deliveries?year=2026&asOf=${AS_OF}`);
      expect(own.status).toBe(200);
      expect(new Set(own.json.rows.map((r: { agency: string }) => r.agency))).toEqual(new Set(['BHXH']));
      expect(own.json.rows.find((r: { period: string }) => r.period === '2026-10').stateLabel).toBe('Đúng hạn');
      const all = await (await login(app, 'lanhdao1')).get(`/api/directive/deliveries?year=2026&asOf=${AS_OF}`);
      expect(new Set(all.json.rows.map((r: { agency: string }) => r.agency))).toEqual(new Set(['BHXH', 'CONG_AN', 'THUE']));

      const entry = (await database.pool.query(`SELECT id FROM delivery_calendar WHERE kind = 'dan-cu'`)).rows[0].id;
      const change = { frequency: 'monthly', dueDay: 12, dueMonthOffset: 1 };
      expect((await body.send('PUT', `/api/directive/deliveries/calendar/${entry}`, change)).status).toBe(403);
      const bad = await (await login(app, 'noivu1')).send('PUT', `/api/directive/deliveries/calendar/${entry}`, { ...change, dueDay: 40 });
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('Ngày hạn phải từ 1 đến 31');
      const ok = await (await login(app, 'noivu1')).send('PUT', `/api/directive/deliveries/calendar/${entry}`, change);
      expect(ok.status).toBe(200);
      const after = await (await login(app, 'lanhdao1')).get(`/api/directive/deliveries?year=2026&asOf=${AS_OF}`);
      expect(after.json.rows.find((r: DeliveryRow) => r.kind === 'dan-cu' && r.period === '2026-10')).toMatchObject({ dueDate: '2026-11-12', state: 'on_time' });
      const audited = await database.pool.query(`SELECT username FROM audit_log WHERE object_type = 'delivery_calendar' AND object_id = $1`, [String(entry)]);
      expect(audited.rows.map((r) => r.username)).toEqual(['noivu1']);
      await database.pool.query(`UPDATE delivery_calendar SET due_day = 10 WHERE id = $1`, [entry]);
    } finally {
      await app.close();
    }
  });

  it('baophu deliveries writes the rows as CSV with a BOM and as JSON', () => {
    const csv = runCli(['deliveries', '--year', '2026', '--as-of', AS_OF, '--format', 'csv'], envFor(database));
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFagency,kind,period,due_date,delivered_at,state,rows,rejected,valid_id_share,linked_share')).toBe(true);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 12 + 12 + 4);
    expect(lines.find((l) => l.startsWith('THUE,thue-tncn,2026-Q3,2026-10-15,2026-11-20T09:00:00+07:00,late,'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('BHXH,bhxh-nguoi,2026-10,2026-11-10,2026-11-10T16:00:00+07:00,on_time,'))).toBeDefined();
    const json = runCli(['deliveries', '--year', '2026', '--as-of', AS_OF, '--format', 'json'], envFor(database));
    const records = JSON.parse(json.stdout);
    expect(records.find((r: { kind: string; period: string }) => r.kind === 'dan-cu' && r.period === '2026-10')).toMatchObject({ state: 'late', delivered_at: '2026-11-11T06:30:00+07:00' });
    const bad = runCli(['deliveries', '--year', '2026', '--format', 'xlsx'], envFor(database));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format phải là csv hoặc json');
  });
});
