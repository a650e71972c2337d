/**
 * Cases API on the hand-made province of the reconciliation tests: opening (one, bulk, automatic), one open case per
 * finding (a database constraint), the walk of each case type through every stage by the owning roles, refusals of
 * other roles and other communes, the append-only case log, the documents read back, attachments and the measures.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { multipartFile } from '../helpers/upload.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, R, U, A, B } from '../reconcile/world.ts';
import { docxText, WALKS, STAGES, type Step } from './helpers.ts';

let database: TestDatabase;
let app: FastifyInstance;
const clients: Record<string, TestClient> = {};
/** The case the first run opened for the evader and its log, read right after that run (later tests work that case). */
let autoOpened: { case: Record<string, unknown>; log: unknown[] };

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  {
    const c = await caseOf(await findingId('DN_TRON_DONG', U.evaded));
    autoOpened = { case: c, log: await q('SELECT action, run_id FROM case_log WHERE case_id = $1', [c.id]) };
  }
  app = await testApp(database);
  const users: Array<[string, Parameters<typeof addUser>[2], string[]?]> = [
    ['social_security', 'social_security'], ['inspectorate', 'inspectorate'], ['police', 'police'], ['home_affairs', 'home_affairs'],
    ['leadership', 'leadership'], ['admin', 'admin'], ['tax', 'tax'], ['commune_a', 'commune', [A]], ['commune_b', 'commune', [B]],
    ['commune_police', 'commune_police', [A]], ['commune_police_b', 'commune_police', [B]],
  ];
  for (const [name, role, communes] of users) await addUser(database, name, role, communes);
  for (const [name] of users) clients[name] = await login(app, name);
});
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const q = async (text: string, params: unknown[] = []) => (await database.pool.query(text, params)).rows;
const findingId = async (code: string, subject: string) => Number((await q('SELECT id FROM finding WHERE code = $1 AND subject_id = $2', [code, subject]))[0].id);
const caseOf = async (fid: number) => (await q(`SELECT * FROM work_case WHERE finding_id = $1 ORDER BY id DESC LIMIT 1`, [fid]))[0];

/** The open case of a finding, opened by `opener` (through the API) if it has none: for the tests that only need one. */
async function ensureOpen(fid: number, opener = 'social_security') {
  const open = await q(`SELECT * FROM work_case WHERE finding_id = $1 AND status = 'open'`, [fid]);
  if (open.length) return open[0];
  const r = await clients[opener].post('/api/cases/open', { findingIds: [fid] });
  expect(r.status, r.body).toBe(200);
  expect(r.json.opened).toBe(1);
  return caseOf(fid);
}

/**
 * An open identity case of commune A at the first stage (BHXH review), opened by the commune account if there is none
 * (never on the finding the walk of identity cases takes).
 */
async function identityCaseAtReview(): Promise<number> {
  const open = await q(`SELECT id FROM work_case WHERE case_type = 'identity' AND commune_code = $1 AND status = 'open' AND stage = 'ss_review' ORDER BY id DESC LIMIT 1`, [A]);
  if (open.length) return Number(open[0].id);
  const free = await q(`SELECT f.id FROM finding f WHERE f.code IN ('NTG_SAI_THONG_TIN', 'NTG_DA_CHET') AND f.commune_code = $1 AND f.resolved_run_id IS NULL
                          AND NOT (f.code = 'NTG_SAI_THONG_TIN' AND f.subject_id = $2)
                          AND NOT EXISTS (SELECT 1 FROM work_case c WHERE c.finding_id = f.id AND c.status = 'open') ORDER BY f.id LIMIT 1`, [A, R.birthDiffers]);
  return Number((await ensureOpen(Number(free[0].id), 'commune_a')).id);
}

function body(step: Step) {
  return {
    outcome: step.outcome,
    ...(step.decision ? { decisionNumber: `${Math.floor(Math.random() * 900) + 100}/QĐ-TEST`, decisionDate: '2026-01-05' } : {}),
    ...(step.amount != null ? { amountVnd: step.amount } : {}),
    ...(step.reason ? { reason: step.reason } : {}),
  };
}

/** The finding each walk takes, and who opens its case when none is open. */
const walkSubjects: Record<string, [() => Promise<number>, string]> = {
  enforcement: [() => findingId('DN_TRON_DONG', U.evaded), 'social_security'],
  identity: [() => findingId('NTG_SAI_THONG_TIN', R.birthDiffers), 'commune_a'],
  benefit_recovery: [() => findingId('BHTN_TRUC_LOI', R.bhtnNewJob), 'social_security'],
};
const walks: Record<string, Promise<number>> = {};
/**
 * Walks a case of the type through every stage with the owning roles, checking each step (once per file: the walk
 * test and the tests that read a walked case share it). Returns the id of the walked case.
 */
function walk(type: string): Promise<number> {
  walks[type] ??= (async () => {
    const [subject, opener] = walkSubjects[type];
    const c = await ensureOpen(await subject(), opener);
    expect(c.stage).toBe(STAGES[type][0]);
    const id = Number(c.id);
    for (const [i, step] of WALKS[type].entries()) {
      expect((await q('SELECT stage FROM work_case WHERE id = $1', [id]))[0].stage).toBe(STAGES[type][i]);
      // Every other role is refused (403 if it may read the case, 404 if not); leadership reads but cannot act.
      for (const other of ['social_security', 'inspectorate', 'police', 'home_affairs', 'leadership', 'admin', 'tax', 'commune_police', 'commune_police_b'].filter((r) => r !== step.role)) {
        const refused = await clients[other].post(`/api/cases/${id}/advance`, body(step));
        expect([403, 404], `${other} at ${STAGES[type][i]}`).toContain(refused.status);
      }
      const lead = await clients.leadership.get(`/api/cases/${id}`);
      expect(lead.status).toBe(200);
      expect(lead.json.canAct).toBe(false);
      if (step.decision) {
        const missing = await clients[step.role].post(`/api/cases/${id}/advance`, { outcome: step.outcome, amountVnd: step.amount, reason: step.reason });
        expect(missing.status).toBe(400);
        expect(missing.json.error.message).toContain('số quyết định');
      }
      const r = await clients[step.role].post(`/api/cases/${id}/advance`, body(step));
      expect(r.status, `${step.role} ${step.outcome}: ${r.body}`).toBe(200);
    }
    const done = (await q('SELECT * FROM work_case WHERE id = $1', [id]))[0];
    expect(done.status).toBe('closed');
    const log = await q(`SELECT action, stage, role, before, after FROM case_log WHERE case_id = $1 AND action IN ('advance', 'close') ORDER BY id`, [id]);
    expect(log.map((l) => l.stage)).toEqual(STAGES[type]);
    expect(log.map((l) => l.role)).toEqual(WALKS[type].map((s) => s.role));
    expect(log.at(-1)!.action).toBe('close');
    expect(log[0].before.stage).toBe(STAGES[type][0]);
    const audited = await q(`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'case' AND object_id = $1 AND action = 'change'`, [String(id)]);
    expect(audited[0].n).toBe(WALKS[type].length);
    // Closed: nobody acts any more.
    const last = WALKS[type].at(-1)!;
    expect((await clients[last.role].post(`/api/cases/${id}/advance`, body(last))).status).toBe(409);
    return id;
  })();
  return walks[type];
}

describe('opening cases', () => {
  it('opens DN_TRON_DONG cases automatically after a run, with the finding frozen', async () => {
    const fid = await findingId('DN_TRON_DONG', U.evaded);
    const c = autoOpened.case;
    expect(Number(c.finding_id)).toBe(fid);
    expect(c).toMatchObject({ case_type: 'enforcement', stage: 'reminder', status: 'open', opened_via: 'auto', commune_code: B });
    const f = (await q('SELECT amount_vnd, evidence FROM finding WHERE id = $1', [fid]))[0];
    expect(Number(c.frozen_amount_vnd)).toBe(Number(f.amount_vnd));
    expect(c.frozen_evidence).toEqual(f.evidence);
    // Due in 10 working days (public holidays are data).
    const due = (await q(`SELECT case_add_working_days($1::date, 10) AS d`, [String(c.stage_started_on)]))[0].d;
    expect(c.due_date).toBe(due);
    expect(autoOpened.log).toEqual([{ action: 'open', run_id: expect.any(Number) }]);
  });

  it('opens one case from one finding, refuses nothing twice, and the database keeps one open case per finding', async () => {
    // A finding no other test opens a case for.
    const fid = await findingId('DN_KHAI_THAP_LUONG', R.belowMinWage);
    const r = await clients.social_security.post('/api/cases/open', { findingIds: [fid] });
    expect(r.status).toBe(200);
    expect(r.json.opened).toBe(1);
    const again = await clients.social_security.post('/api/cases/open', { findingIds: [fid] });
    expect(again.json.opened).toBe(0);
    const c = await caseOf(fid);
    await expect(database.pool.query(
      `INSERT INTO work_case (case_type, finding_id, finding_code, subject_id, subject_kind, stage, stage_started_on, opened_via, frozen_period, frozen_amount_vnd, frozen_amounts, frozen_evidence, frozen_legal_basis)
       SELECT case_type, finding_id, finding_code, subject_id, subject_kind, stage, stage_started_on, 'single', frozen_period, 0, '{}', '{}', '' FROM work_case WHERE id = $1`, [c.id]),
    ).rejects.toThrow(/work_case_one_open_idx/);
  });

  it('opens a filtered selection in bulk, within the role’s codes and the account’s communes', async () => {
    const before = Number((await q(`SELECT count(*) AS n FROM work_case WHERE case_type = 'identity'`))[0].n);
    // Every finding of the selection that has no open case yet (other tests may have opened some).
    const expected = Number((await q(`SELECT count(*) AS n FROM finding f WHERE code IN ('NTG_SAI_THONG_TIN', 'NTG_DA_CHET') AND commune_code = $1 AND resolved_run_id IS NULL
                                        AND NOT EXISTS (SELECT 1 FROM work_case c WHERE c.finding_id = f.id AND c.status = 'open')`, [A]))[0].n);
    expect(expected).toBeGreaterThan(0);
    const r = await clients.commune_a.post('/api/cases/open', { codes: ['NTG_SAI_THONG_TIN', 'NTG_DA_CHET'] });
    expect(r.status).toBe(200);
    expect(r.json.opened).toBe(expected);
    expect(new Set((await q(`SELECT commune_code FROM work_case WHERE case_type = 'identity'`)).map((x) => x.commune_code))).toEqual(new Set([A]));
    expect(Number((await q(`SELECT count(*) AS n FROM work_case WHERE case_type = 'identity'`))[0].n)).toBe(before + expected);
    // A role may not open cases for codes it does not see; bad input is a 400 naming the field.
    expect((await clients.police.post('/api/cases/open', { codes: ['DN_CHAM_DONG'] })).status).toBe(403);
    const bad = await clients.social_security.post('/api/cases/open', { codes: ['XYZ'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/codes/);
    // (The walk of benefit recovery cases, if it came first, closed its case: the finding has no open case.)
    expect((await clients.social_security.post('/api/cases/open', { findingIds: [await findingId('BHTN_TRUC_LOI', R.bhtnNewJob)] })).json.opened).toBe(1);
  });
});

describe('working a case through every stage', () => {
  for (const type of Object.keys(WALKS)) {
    it(`walks a ${type} case with the owning roles; others cannot act`, async () => {
      await walk(type);
    });
  }


  it('keeps the case log append-only', async () => {
    await expect(database.pool.query(`UPDATE case_log SET note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(database.pool.query(`DELETE FROM case_log`)).rejects.toThrow(/append-only/);
  });

  it('refuses a commune account outside the case’s commune, and lists only its commune’s cases', async () => {
    const identity = [{ id: await identityCaseAtReview() }];
    expect((await clients.commune_b.get(`/api/cases/${identity[0].id}`)).status).toBe(404);
    expect((await clients.commune_b.post(`/api/cases/${identity[0].id}/advance`, { outcome: 'to_police' })).status).toBe(404);
    expect((await clients.commune_a.get(`/api/cases/${identity[0].id}`)).status).toBe(200);
    // A commune account reads its commune's cases but owns none of these stages.
    expect((await clients.commune_a.post(`/api/cases/${identity[0].id}/advance`, { outcome: 'to_police' })).status).toBe(403);
    const listed = await clients.commune_a.get('/api/cases?pageSize=500');
    expect(listed.json.rows.length).toBeGreaterThan(0);
    expect(new Set(listed.json.rows.map((r: { communeCode: string }) => r.communeCode))).toEqual(new Set([A]));
    const r = await clients.social_security.post(`/api/cases/${identity[0].id}/advance`, { outcome: 'bogus' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('BHXH rà soát hồ sơ');
  });

  it('leaves identity verification to the commune police of the case’s commune; the provincial police only read', async () => {
    const id = await identityCaseAtReview();
    expect((await clients.social_security.post(`/api/cases/${id}/advance`, { outcome: 'to_police' })).status).toBe(200);
    // "Việc của tôi" of the commune police of A holds it; the commune police of B neither list nor read it.
    const mine = await clients.commune_police.get('/api/cases?mine=true&pageSize=500');
    expect(mine.status).toBe(200);
    expect(mine.json.rows.map((r: { id: number }) => r.id)).toContain(id);
    for (const r of mine.json.rows) expect(r).toMatchObject({ communeCode: A, stage: 'police_verify', ownerLabel: 'Công an xã/phường', canAct: true });
    expect(mine.json.counts.open).toBe(Number((await q(`SELECT count(*) AS n FROM work_case WHERE stage = 'police_verify' AND status = 'open' AND commune_code = $1`, [A]))[0].n));
    expect((await clients.commune_police_b.get('/api/cases?mine=true&pageSize=500')).json.rows.map((r: { id: number }) => r.id)).not.toContain(id);
    expect((await clients.commune_police_b.get(`/api/cases/${id}`)).status).toBe(404);
    // The provincial police read the case (they see identity findings) but the stage is no longer theirs.
    const province = await clients.police.get(`/api/cases/${id}`);
    expect(province.status).toBe(200);
    expect(province.json.canAct).toBe(false);
    expect((await clients.police.get('/api/cases?mine=true&type=identity')).json.total).toBe(0);
    const reason = { outcome: 'dismissed', reason: 'Thông tin khớp với CSDL dân cư' };
    expect((await clients.police.post(`/api/cases/${id}/advance`, reason)).status).toBe(403);
    expect((await clients.commune_police_b.post(`/api/cases/${id}/advance`, reason)).status).toBe(404);
    expect((await clients.commune_police.post(`/api/cases/${id}/advance`, reason)).status).toBe(200);
    const log = await q(`SELECT role, agency, stage, outcome FROM case_log WHERE case_id = $1 AND action = 'close'`, [id]);
    expect(log).toEqual([{ role: 'commune_police', agency: 'CONG_AN', stage: 'police_verify', outcome: 'dismissed' }]);
  });
});

describe('assignment, notes, attachments, documents', () => {
  it('assigns to a person of the same office, adds a note and a hashed attachment', async () => {
    const c = await ensureOpen(await findingId('DN_CHAM_DONG', U.late));
    const ssUser = (await q(`SELECT id FROM app_user WHERE username = 'social_security'`))[0].id;
    const policeUser = (await q(`SELECT id FROM app_user WHERE username = 'police'`))[0].id;
    expect((await clients.social_security.post('/api/cases/assign', { ids: [Number(c.id)], assigneeId: Number(policeUser) })).status).toBe(400);
    expect((await clients.social_security.post('/api/cases/assign', { ids: [Number(c.id)], assigneeId: Number(ssUser) })).status).toBe(200);
    expect((await clients.social_security.post(`/api/cases/${c.id}/notes`, { note: 'Đã gọi điện cho kế toán đơn vị' })).status).toBe(200);
    const content = Buffer.from('Biên bản làm việc với đơn vị — nội dung thử');
    const m = multipartFile('bien-ban.txt', content, 'text/plain');
    const r = await clients.social_security.send('POST', `/api/cases/${c.id}/attachments`, m.body, m.headers);
    expect(r.status, r.body).toBe(200);
    const sha = crypto.createHash('sha256').update(content).digest('hex');
    expect(r.json.sha256).toBe(sha);
    expect(fs.readFileSync(path.join(database.config.dataDir, 'files', sha))).toEqual(content);
    const d = await clients.social_security.get(`/api/cases/${c.id}`);
    expect(d.json.assignee).toBe('social_security');
    expect(d.json.attachments[0]).toMatchObject({ fileName: 'bien-ban.txt', sha256: sha });
    expect(d.json.log.map((l: { action: string }) => l.action)).toEqual(expect.arrayContaining(['Giao việc', 'Ghi chú', 'Đính kèm tệp']));
    // Another office cannot attach to it.
    expect((await clients.inspectorate.post(`/api/cases/${c.id}/notes`, { note: 'x' })).status).toBe(403);
  });

  it('writes the written reminder in the Decree 30/2020 format with the frozen arrears table', async () => {
    // The only test that moves this case on (the inspection list takes another unit).
    const c = await ensureOpen(await findingId('DN_CHAM_DONG', U.late));
    expect((await clients.social_security.get(`/api/cases/${c.id}/documents/written_reminder`)).status).toBe(409); // not yet at that stage
    expect((await clients.social_security.post(`/api/cases/${c.id}/advance`, { outcome: 'escalate' })).status).toBe(200);
    const r = await app.inject({ method: 'GET', url: `/api/cases/${c.id}/documents/written_reminder`, headers: await headersOf('social_security') });
    expect(r.statusCode).toBe(200);
    const { text, xml } = docxText(r.rawPayload);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN');
    expect(text).toMatch(/Số: +\/BHXH-QLT/);
    expect(text).toMatch(/Thái Nguyên, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(text).toContain('Kính gửi: Công ty Chậm Đóng');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('GIÁM ĐỐC');
    // The frozen figures: month 09/2026, due 10.000.000, paid 9.000.000, owed 1.000.000.
    expect(text).toContain('09/2026');
    expect(text).toContain('10.000.000');
    expect(text).toContain('1.000.000');
    expect(xml).toContain('Times New Roman');
    expect(xml).toMatch(/<w:pgSz w:w="11907" w:h="16840"|<w:pgSz w:w="1190\d" w:h="168\d\d"/);
    expect(xml).toMatch(/w:left="1701"/);
    expect(xml).toMatch(/w:top="1134"/);
    expect(xml).toMatch(/w:right="851"|w:right="850"/);
  });

  it('writes the inspection list and the referral dossier (letter + evidence workbook)', async () => {
    const evaded = { id: await walk('enforcement') };
    const letter = await app.inject({ method: 'GET', url: `/api/cases/${evaded.id}/documents/referral_letter`, headers: await headersOf('social_security') });
    expect(letter.statusCode).toBe(200);
    const { text } = docxText(letter.rawPayload);
    expect(text).toContain('Cơ quan Cảnh sát điều tra Công an tỉnh Thái Nguyên');
    expect(text).toContain('Công ty Trốn Đóng');
    expect(text).toContain('cần xác minh');
    expect(text).toMatch(/quyết định số \d+\/QĐ-TEST ngày 05\/01\/2026 \(mức phạt 100\.000\.000 đồng\)/);
    const wbRes = await app.inject({ method: 'GET', url: `/api/cases/${evaded.id}/documents/referral_workbook`, headers: await headersOf('social_security') });
    expect(wbRes.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(wbRes.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hồ sơ', 'Bảng nợ', 'Quyết định', 'Nhật ký']);
    const debt = wb.getWorksheet('Bảng nợ')!;
    expect(debt.getRow(2).getCell(2).value).toBe('07/2026');
    expect(debt.getRow(2).getCell(5).value).toBe('20.000.000');
    expect(wb.getWorksheet('Quyết định')!.rowCount).toBeGreaterThanOrEqual(6);

    // The inspection list: the open enforcement cases at that stage (a late unit of its own, brought to that stage here).
    const late = await ensureOpen(await findingId('DN_CHAM_DONG', U.lateNoReminder));
    if (late.stage === 'reminder') expect((await clients.social_security.post(`/api/cases/${late.id}/advance`, { outcome: 'escalate' })).status).toBe(200);
    expect((await clients.social_security.post(`/api/cases/${late.id}/advance`, { outcome: 'escalate', decisionNumber: '15/BHXH-QLT', decisionDate: '2026-01-02' })).status).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/cases/inspection-list.docx', headers: await headersOf('social_security') });
    expect(list.statusCode).toBe(200);
    const l = docxText(list.rawPayload).text;
    expect(l).toContain('Thanh tra tỉnh Thái Nguyên');
    expect(l).toContain('Công ty Chưa Đôn Đốc');
    expect(l).toContain(U.lateNoReminder);
    expect(l).not.toContain('Công ty Trốn Đóng'); // closed (referred), no longer on the list
  });
});

describe('Việc của tôi', () => {
  it('counts the office’s open cases by urgency (overdue, due in 3 working days) and filters by it', async () => {
    const today = (await q(`SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS d`))[0].d as string;
    const soon = (await q(`SELECT case_add_working_days($1::date, 3)::text AS d`, [today]))[0].d as string;
    // At least three open cases at a stage of the office (whatever the tests before opened, walked or closed).
    for (const [code, subject] of [['DN_CHAM_DONG', U.late], ['DN_CHAM_DONG', U.lateNoReminder], ['DN_KHAI_THAP_LUONG', R.belowHalfIncome]]) await ensureOpen(await findingId(code, subject));
    const mineOpen = await q(`SELECT c.id FROM work_case c JOIN case_stage s ON s.case_type = c.case_type AND s.code = c.stage
                               WHERE c.status = 'open' AND s.owner_role = 'social_security' ORDER BY c.id`);
    expect(mineOpen.length).toBeGreaterThanOrEqual(3);
    const [overdue, dueSoon] = mineOpen;
    await database.pool.query(`UPDATE work_case SET due_date = $2::date - 1 WHERE id = $1`, [overdue.id, today]);
    await database.pool.query(`UPDATE work_case SET due_date = $2::date WHERE id = $1`, [dueSoon.id, soon]);
    await database.pool.query(`UPDATE work_case SET due_date = $2::date + 1 WHERE id <> ALL($1::bigint[]) AND status = 'open'`, [[overdue.id, dueSoon.id], soon]);
    const all = await clients.social_security.get('/api/cases?mine=true');
    expect(all.json.counts).toMatchObject({ open: mineOpen.length, overdue: 1, due_soon: 1 });
    expect(all.json.rows.map((r: { id: number }) => r.id)).toEqual([Number(overdue.id), Number(dueSoon.id), ...mineOpen.slice(2).map((r) => Number(r.id))].slice(0, 50));
    const od = await clients.social_security.get('/api/cases?mine=true&urgency=overdue');
    expect(od.json.total).toBe(1);
    expect(od.json.rows[0]).toMatchObject({ id: Number(overdue.id), overdue: true, urgencyLabel: 'Quá hạn' });
    const ds = await clients.social_security.get('/api/cases?mine=true&urgency=due_soon');
    expect(ds.json.rows.map((r: { id: number }) => r.id)).toEqual([Number(dueSoon.id)]);
    // The inspectorate's queue holds none of these (not its stage).
    const insp = await clients.inspectorate.get('/api/cases?mine=true');
    expect(insp.json.rows.every((r: { ownerRole: string }) => r.ownerRole === 'inspectorate')).toBe(true);
    // Counts follow a change at once.
    await database.pool.query(`UPDATE work_case SET due_date = $2::date WHERE id = $1`, [overdue.id, soon]);
    expect((await clients.social_security.get('/api/cases?mine=true')).json.counts).toMatchObject({ overdue: 0, due_soon: 2 });
    const bad = await clients.social_security.get('/api/cases?urgency=soon');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('urgency');
  });
});

/**
 * Switches automatic opening on for DN_CHUA_DANG_KY, runs, checks the cases it opened, and switches it off again
 * (once per file: the listing of the setting reads who changed it).
 */
let autoOpenRun: Promise<void> | undefined;
function autoOpenOnce(): Promise<void> {
  autoOpenRun ??= (async () => {
    expect((await clients.social_security.send('PUT', '/api/cases/auto-open', { code: 'DN_CHUA_DANG_KY', enabled: true })).status).toBe(403);
    expect((await clients.admin.send('PUT', '/api/cases/auto-open', { code: 'DN_CHUA_DANG_KY', enabled: true })).status).toBe(200);
    const findings = await q(`SELECT id FROM finding WHERE code = 'DN_CHUA_DANG_KY' AND resolved_run_id IS NULL`);
    expect(await q(`SELECT id FROM work_case WHERE finding_code = 'DN_CHUA_DANG_KY'`)).toEqual([]);
    const run = await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
    const opened = await q(`SELECT finding_id, opened_via FROM work_case WHERE finding_code = 'DN_CHUA_DANG_KY' ORDER BY finding_id`);
    expect(opened.map((o) => Number(o.finding_id))).toEqual(findings.map((f) => Number(f.id)).sort((a, b) => a - b));
    expect(new Set(opened.map((o) => o.opened_via))).toEqual(new Set(['auto']));
    const log = await q(`SELECT DISTINCT run_id FROM case_log l JOIN work_case c ON c.id = l.case_id WHERE c.finding_code = 'DN_CHUA_DANG_KY' AND l.action = 'open'`);
    expect(log).toEqual([{ run_id: run.runId }]);
    await clients.admin.send('PUT', '/api/cases/auto-open', { code: 'DN_CHUA_DANG_KY', enabled: false });
  })();
  return autoOpenRun;
}

describe('automatic opening', () => {
  it('opens cases after each run for the codes the administrator marks (only the administrator)', async () => {
    await autoOpenOnce();
  });

  it('lists the setting for the administrator: every code a case type takes, labelled, with who changed it last', async () => {
    await autoOpenOnce();
    expect((await clients.social_security.get('/api/cases/auto-open')).status).toBe(403);
    expect((await clients.leadership.get('/api/cases/auto-open')).status).toBe(403);
    const r = await clients.admin.get('/api/cases/auto-open');
    expect(r.status).toBe(200);
    const typeCodes = (await q(`SELECT unnest(finding_codes) AS code FROM case_type ORDER BY position`)).map((x) => x.code);
    expect(r.json.rows.map((x: { code: string }) => x.code)).toEqual(typeCodes);
    const byCode = Object.fromEntries(r.json.rows.map((x: { code: string }) => [x.code, x]));
    // The installation's default, never changed; the code switched on and off again (autoOpenOnce).
    expect(byCode.DN_TRON_DONG).toMatchObject({ label: 'Đơn vị trốn đóng BHXH', caseTypeLabel: 'Đôn đốc, thanh tra, xử lý đơn vị', enabled: true, changedBy: null });
    expect(byCode.DN_CHUA_DANG_KY).toMatchObject({ enabled: false, changedBy: 'admin (admin)' });
    expect(byCode.DN_CHUA_DANG_KY.changedAt).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(byCode.NTG_DA_CHET).toMatchObject({ label: 'Người đã chết vẫn tham gia hoặc hưởng trợ cấp', enabled: false });
    // A code that no case type takes cannot be set; the change is audited with its code.
    const bad = await clients.admin.send('PUT', '/api/cases/auto-open', { code: 'TIEM_NANG_TU_NGUYEN', enabled: true });
    expect(bad.status).toBe(400);
    expect(await q(`SELECT 1 FROM case_auto_open WHERE finding_code = 'TIEM_NANG_TU_NGUYEN'`)).toEqual([]);
    const audited = await q(`SELECT detail FROM audit_log WHERE object_type = 'case_auto_open' AND object_id = 'DN_CHUA_DANG_KY' ORDER BY id`);
    expect(audited.map((a) => a.detail)).toEqual([{ code: 'DN_CHUA_DANG_KY', enabled: true }, { code: 'DN_CHUA_DANG_KY', enabled: false }]);
  });
});

describe('measures and export', () => {
  it('counts cases by stage, timeliness per office and exports CSV with a BOM', async () => {
    // Closed cases, acts of each office and an identity case to export.
    await walk('identity');
    const m = await clients.leadership.get('/api/cases/measures');
    expect(m.status).toBe(200);
    const closed = m.json.byStage.filter((r: { status: string }) => r.status === 'closed').reduce((s: number, r: { count: number }) => s + r.count, 0);
    expect(closed).toBe(Number((await q(`SELECT count(*) AS n FROM work_case WHERE status = 'closed'`))[0].n));
    const ss = m.json.timeliness.find((r: { agency: string }) => r.agency === 'BHXH');
    expect(ss.total).toBe(ss.early + ss.onTime + ss.late);
    expect(ss.total).toBe(Number((await q(`SELECT count(*) AS n FROM case_log WHERE role = 'social_security' AND timeliness IS NOT NULL`))[0].n));
    const csv = await app.inject({ method: 'GET', url: '/api/cases/export?format=csv', headers: await headersOf('leadership') });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('case_id,type,finding_code,subject_id,commune_code,stage,owner_role,due_date,overdue,status,opened_at,closed_at,amount_vnd,recovered_vnd');
    expect(lines.length - 1).toBe(Number((await q('SELECT count(*) AS n FROM work_case'))[0].n));
    // Leadership sees personal IDs masked.
    const person = lines.find((l) => l.includes('NTG_SAI_THONG_TIN'))!;
    expect(person.split(',')[3]).toMatch(/\*{3,}/);
  });
});

const cookieJar = new Map<string, Record<string, string>>();
async function headersOf(username: string): Promise<Record<string, string>> {
  if (!cookieJar.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'MatKhau123' } });
    cookieJar.set(username, { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': res.json().csrfToken });
  }
  return cookieJar.get(username)!;
}
