/**
 * Data closes the loop: a later contribution file (a real CSV through the importer) in which some units paid;
 * after the next reconciliation exactly their cases show "đã khắc phục theo dữ liệu" with the run, the amounts paid
 * since opening are attributed to the cases (VND recovered), and the owner confirms the closing in one step.
 * An outreach contact whose person later participates counts as converted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { importFile } from '../../server/ingest/service.ts';
import { loadWorld, AS_OF, PERIOD, R, U, A } from '../reconcile/world.ts';

interface World {
  database: TestDatabase;
  app: FastifyInstance;
  bhxh: TestClient;
  xa: TestClient;
  leader: TestClient;
  /** The run after the later contribution file. */
  secondRun: number;
}

/**
 * A database with the world, its first run and cases, an outreach contact, the later contribution file and the run
 * after it. The tests share one (they only read it); a test that changes a case builds its own.
 */
async function buildWorld(): Promise<World> {
  const database = await createTestDatabase();
  let app: FastifyInstance | undefined;
  try {
    await loadWorld(database);
    await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
    app = await testApp(database);
    await addUser(database, 'bhxh1', 'social_security');
    await addUser(database, 'xa_a', 'commune', [A]);
    await addUser(database, 'lanhdao', 'leadership');
    const [bhxh, xa, leader] = await Promise.all([login(app, 'bhxh1'), login(app, 'xa_a'), login(app, 'lanhdao')]);
    // Cases for every late payer (evaders were opened automatically by the run).
    expect((await bhxh.post('/api/cases/open', { codes: ['DN_CHAM_DONG'] })).json.opened).toBe(2);
    // An outreach contact with a potential voluntary participant of commune A.
    const contact = await xa.post('/api/outreach/contacts', { subjectId: R.other, listKind: 'potential', contactDate: '2026-11-26', channel: 'zalo', outcome: 'will_register', followUpDate: '2026-12-10' });
    expect(contact.status, contact.body).toBe(200);

    // The later contribution file: U002 and U005 paid in full, U006 paid a quarter; the rest as before.
    const csv = [
      'Mã đơn vị,Kỳ,Số lao động,Quỹ lương,Phải đóng,Đã đóng,Ngày đóng,Ngày đôn đốc',
      `${U.late},09/2026,12,100.000.000,10.000.000,10.000.000,27/11/2026,`,
      `${U.notYetDue},10/2026,12,100.000.000,10.000.000,0,,20/11/2026`,
      `${U.evaded},07/2026,12,100.000.000,20.000.000,20.000.000,27/11/2026,15/09/2026`,
      `${U.lateNoReminder},07/2026,12,100.000.000,20.000.000,5.000.000,27/11/2026,`,
      `${U.paid},07/2026,12,100.000.000,20.000.000,20.000.000,10/08/2026,`,
    ].join('\r\n');
    // Named per database: two worlds may be built in this process.
    const file = path.join(TMP_ROOT, `bhxh-thu-later-${process.pid}-${path.basename(database.config.dataDir)}.csv`);
    fs.mkdirSync(TMP_ROOT, { recursive: true });
    fs.writeFileSync(file, '\uFEFF' + csv + '\r\n');
    try {
      const imported = await importFile(database, { kind: 'bhxh-thu', filePath: file, fileName: 'bhxh-thu-12-2026.csv', userName: 'test', replace: true });
      expect(imported.status).toBe('imported');
    } finally {
      fs.rmSync(file, { force: true });
    }
    // The person contacted now participates (the next participant snapshot has her active).
    await database.pool.query(`UPDATE src_bhxh_nguoi SET to_period = NULL WHERE person_id = $1`, [R.other]);
    const secondRun = (await runReconciliation(database, { asOf: '2026-11-28', period: PERIOD })).runId;
    return { database, app, bhxh, xa, leader, secondRun };
  } catch (err) {
    await app?.close();
    await database.destroy();
    throw err;
  }
}

async function destroyWorld(world: World | undefined) {
  await world?.app.close();
  await world?.database.destroy();
}

const rowsOf = async (database: TestDatabase, text: string, params: unknown[] = []) => (await database.pool.query(text, params)).rows;
const enforcementCaseOf = async (database: TestDatabase, unit: string) =>
  (await rowsOf(database, `SELECT * FROM work_case WHERE subject_id = $1 AND case_type = 'enforcement'`, [unit]))[0];

let world: World;
let database: TestDatabase;
let bhxh: TestClient, xa: TestClient, leader: TestClient;
let secondRun: number;

const q = async (text: string, params: unknown[] = []) => rowsOf(database, text, params);
const caseOfUnit = async (unit: string) => enforcementCaseOf(database, unit);

beforeAll(async () => {
  world = await buildWorld();
  ({ database, bhxh, xa, leader, secondRun } = world);
});
afterAll(async () => {
  await destroyWorld(world);
});

describe('cases follow the data', () => {
  it('marks exactly the cases of the units that paid as resolved by the data, with the run', async () => {
    const resolved = await q(`SELECT subject_id FROM work_case WHERE data_resolved_run_id = $1 ORDER BY subject_id`, [secondRun]);
    expect(resolved.map((r) => r.subject_id)).toEqual([U.late, U.evaded].sort());
    expect((await caseOfUnit(U.lateNoReminder)).data_resolved_run_id).toBeNull();
    const late = await caseOfUnit(U.late);
    const shown = await bhxh.get(`/api/cases/${late.id}`);
    expect(shown.json.statusLabel).toBe('Đã khắc phục theo dữ liệu');
    expect(shown.json.dataResolved).toMatchObject({ runId: secondRun, asOf: '28/11/2026' });
    const queue = await bhxh.get('/api/cases?mine=true');
    expect(queue.json.counts.data_resolved).toBe(2);
  });

  it('attributes the amounts paid since opening to each case (VND recovered)', async () => {
    expect(Number((await caseOfUnit(U.late)).recovered_vnd)).toBe(1_000_000);
    expect(Number((await caseOfUnit(U.evaded)).recovered_vnd)).toBe(20_000_000);
    expect(Number((await caseOfUnit(U.lateNoReminder)).recovered_vnd)).toBe(5_000_000);
    const m = await leader.get('/api/cases/measures');
    const enforcement = m.json.recovered.find((r: { type: string }) => r.type === 'enforcement');
    expect(enforcement.recoveredVnd).toBe(26_000_000);
    expect(enforcement.recoveredLabel).toBe('26.000.000 đ');
  });

  it('lets the owner confirm the closing in one step; not before the data shows it', async () => {
    // Closing a case changes what the other tests read (the status shown, the data-resolved count): its own world.
    const own = await buildWorld();
    try {
      const { database, bhxh, leader } = own;
      const late = await enforcementCaseOf(database, U.late);
      const r = await bhxh.post(`/api/cases/${late.id}/confirm-close`);
      expect(r.status, r.body).toBe(200);
      const closed = await enforcementCaseOf(database, U.late);
      expect(closed).toMatchObject({ status: 'closed', close_result: 'paid' });
      const log = await rowsOf(database, `SELECT action, timeliness FROM case_log WHERE case_id = $1 ORDER BY id`, [late.id]);
      expect(log.map((l) => l.action)).toEqual(['open', 'data_resolved', 'confirm_close']);
      const still = await enforcementCaseOf(database, U.lateNoReminder);
      const refused = await bhxh.post(`/api/cases/${still.id}/confirm-close`);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toContain('chưa cho thấy');
      // Another role cannot confirm.
      const evaded = await enforcementCaseOf(database, U.evaded);
      expect((await leader.post(`/api/cases/${evaded.id}/confirm-close`)).status).toBe(403);
    } finally {
      await destroyWorld(own);
    }
  });

  it('counts an outreach contact whose person later participates as converted', async () => {
    const m = await xa.get('/api/cases/measures');
    expect(m.json.outreachByCommune).toEqual([{ communeCode: A, contacts: 1, people: 1, converted: 1 }]);
    expect(m.json.outreachByOfficer).toEqual([{ communeCode: A, officer: 'xa_a', contacts: 1, people: 1, converted: 1 }]);
  });
});
