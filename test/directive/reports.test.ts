/**
 * The bodies' periodic reports through the API: the workflow (draft → submitted by the body's leader → returned
 * with a comment → corrected and resubmitted → accepted), its append-only history and audit, the figures drawn
 * from BaoPhu's tables, lateness, the board from the calendar, alerts, the secretariat's duty edits; and as a
 * property (fast-check): each body sees and edits only its own reports; leadership and Home Affairs read all.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { todayVn } from '#shared/calc/dates.ts';
import type { RoleCode } from '#shared/auth/roles.ts';

let database: TestDatabase;
let app: FastifyInstance;
const c: Record<string, TestClient> = {};

/** Bodies with a role in BaoPhu today, their reporting accounts (staff and leader) and one duty of each. */
const BODIES: Array<{ role: RoleCode; agency: string; duty: string; period: string }> = [
  { role: 'social_security', agency: 'BHXH', duty: '3.4', period: '2025-Q1' },
  { role: 'tax', agency: 'THUE', duty: '9.1', period: '2025-Q1' },
  { role: 'police', agency: 'CONG_AN', duty: '11.1', period: '2025-Q1' },
  { role: 'home_affairs', agency: 'SO_NOI_VU', duty: '2.3', period: '2025-Q1' },
];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  for (const b of BODIES) {
    await addUser(database, `${b.role}.cv`, b.role);
    await addUser(database, `${b.role}.ld`, b.role, undefined, true);
  }
  await addUser(database, 'lanhdao', 'leadership');
  await addUser(database, 'admin1', 'admin');
  await addUser(database, 'xa1', 'commune', ['05443'], true);
  for (const u of [...BODIES.flatMap((b) => [`${b.role}.cv`, `${b.role}.ld`]), 'lanhdao', 'admin1', 'xa1']) c[u] = await login(app, u);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const content = { progress: 'on_track', activities: 'Đã tổ chức 3 hội nghị tuyên truyền.', obstacles: '', proposals: '' };

describe('the report workflow', () => {
  it('goes draft → submitted (leader) → returned with a comment → corrected → accepted, with history and audit', async () => {
    const staff = c['social_security.cv'];
    const leader = c['social_security.ld'];
    const ha = c['home_affairs.cv'];
    // Figures: a bhxh-don-vi file delivered in 2030-Q4 counts for BHXH (its kind), a tax file does not.
    await database.db.insertInto('import_batch').values([
      { kind: 'bhxh-don-vi', file_name: 'a.csv', content_sha256: 'fig-a', file_size: 1, rows_accepted: 120, imported_at: new Date('2030-11-03T09:00:00+07:00'), header_mapping: '{}', rejects: '[]' },
      { kind: 'dn-thue', file_name: 'b.csv', content_sha256: 'fig-b', file_size: 1, rows_accepted: 7, imported_at: new Date('2030-11-03T09:00:00+07:00'), header_mapping: '{}', rejects: '[]' },
      { kind: 'bhxh-thu', file_name: 'c.csv', content_sha256: 'fig-c', file_size: 1, rows_accepted: 5, imported_at: new Date('2030-12-31T23:30:00+07:00'), header_mapping: '{}', rejects: '[]' },
      { kind: 'bhxh-thu', file_name: 'd.csv', content_sha256: 'fig-d', file_size: 1, rows_accepted: 9, imported_at: new Date('2031-01-01T00:30:00+07:00'), header_mapping: '{}', rejects: '[]' },
    ]).execute();

    const created = await staff.post('/api/directive/reports', { dutyId: '3.4', period: '2030-Q4', ...content, obstacles: 'Thiếu kinh phí in tờ rơi.', proposals: 'Đề nghị bổ sung kinh phí.' });
    expect(created.status, created.body).toBe(200);
    const id = created.json.id;
    let detail = (await staff.get(`/api/directive/reports/${id}`)).json;
    expect(detail.report).toMatchObject({ state: 'draft', dueDate: '2031-01-15', agency: 'BHXH', progressLabel: 'Đang thực hiện, đúng tiến độ' });
    expect(detail.report.figures.find((f: { key: string }) => f.key === 'imports').value).toBe(2);
    expect(detail.report.figures.find((f: { key: string }) => f.key === 'import_rows').value).toBe(125);
    expect(detail.may).toMatchObject({ edit: true, submit: false, accept: false });

    // Staff may not submit; the leader does.
    expect((await staff.post(`/api/directive/reports/${id}/submit`)).status).toBe(403);
    expect((await ha.post(`/api/directive/reports/${id}/accept`)).status).toBe(409);
    expect((await leader.post(`/api/directive/reports/${id}/submit`)).json.state).toBe('submitted');
    expect((await staff.post(`/api/directive/reports/${id}`, content)).status).toBe(409);
    // Only the secretariat returns; a return needs its reason.
    expect((await leader.post(`/api/directive/reports/${id}/return`, { comment: 'Thiếu số liệu' })).status).toBe(403);
    const noReason = await ha.post(`/api/directive/reports/${id}/return`, { comment: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toContain('lý do trả lại');
    expect((await ha.post(`/api/directive/reports/${id}/return`, { comment: 'Bổ sung số hội nghị theo từng xã.' })).json.state).toBe('returned');
    detail = (await staff.get(`/api/directive/reports/${id}`)).json;
    expect(detail.report.returnComment).toBe('Bổ sung số hội nghị theo từng xã.');
    const saved = await staff.post(`/api/directive/reports/${id}`, { ...content, obstacles: 'Thiếu kinh phí in tờ rơi.', proposals: 'Đề nghị bổ sung kinh phí.', activities: 'Đã tổ chức 3 hội nghị: Phan Đình Phùng 1, Đồng Hỷ 2.', expectedVersion: detail.report.version });
    expect(saved.status, saved.body).toBe(200);
    expect((await staff.post(`/api/directive/reports/${id}`, { ...content, expectedVersion: detail.report.version })).status).toBe(409);
    expect((await leader.post(`/api/directive/reports/${id}/submit`)).json.state).toBe('submitted');
    expect((await ha.post(`/api/directive/reports/${id}/accept`, {})).json.state).toBe('accepted');
    expect((await ha.post(`/api/directive/reports/${id}/answer`, { answer: 'Sở Tài chính bố trí trong dự toán 2031.' })).status).toBe(200);

    detail = (await c.lanhdao.get(`/api/directive/reports/${id}`)).json;
    expect(detail.history.map((e: { action: string; toState: string }) => `${e.action}:${e.toState}`)).toEqual([
      'create:draft', 'submit:submitted', 'return:returned', 'save:returned', 'submit:submitted', 'accept:accepted', 'answer:accepted',
    ]);
    expect(detail.report.onTime).toBe(todayVn() <= '2031-01-15');
    const audited = await database.db.selectFrom('audit_log').select(['username', 'detail']).where('object_type', '=', 'directive_report').where('object_id', '=', String(id)).orderBy('id').execute();
    expect(audited.map((a) => `${a.username}:${(a.detail as { what: string }).what}`)).toEqual([
      'social_security.cv:create', 'social_security.ld:submit', 'home_affairs.cv:return', 'social_security.cv:save', 'social_security.ld:submit', 'home_affairs.cv:accept', 'home_affairs.cv:answer',
    ]);
    await expect(database.db.deleteFrom('directive_report_event').where('report_id', '=', id).execute()).rejects.toThrow(/append-only/);
  });

  it('marks a report submitted after its due date as late on the board, and the expected reports from the calendar', async () => {
    const staff = c['tax.cv'];
    const { id } = (await staff.post('/api/directive/reports', { dutyId: '9.1', period: '2025-Q2', ...content })).json;
    expect((await c['tax.ld'].post(`/api/directive/reports/${id}/submit`)).status).toBe(200);
    const board = (await c.lanhdao.get('/api/directive/board?year=2025&asOf=2025-12-31')).json;
    const row = board.rows.find((r: { dutyId: string; period: string }) => r.dutyId === '9.1' && r.period === '2025-Q2');
    expect(row).toMatchObject({ dueDate: '2025-07-15', state: 'submitted', onTime: false, reportId: id });
    // Expected reports come from the calendar: 9.1's other quarters are there with nothing filed, overdue.
    expect(board.rows.filter((r: { dutyId: string }) => r.dutyId === '9.1').map((r: { period: string; state: string }) => `${r.period}:${r.state}`))
      .toEqual(['2025-Q1:overdue', '2025-Q2:submitted', '2025-Q3:overdue', '2025-Q4:not_due']);
    const thue = board.bodies.find((b: { agency: string }) => b.agency === 'THUE');
    // THUE's 2025 calendar: 9.1 quarterly (3 due by 31/12) and 9.2, 9.3 monthly (+10: 11 due each) — none on time.
    expect(thue).toMatchObject({ due: 3 + 11 + 11, onTime: 0, late: 1, onTimeRate: 0 });
    // A body that filed nothing: as of 31/12 its three past quarters are overdue; as of 1/1 nothing is due yet.
    expect(board.bodies.find((b: { agency: string }) => b.agency === 'BAO_PTTH')).toMatchObject({ expected: 4, due: 3, overdue: 3, onTimeRate: 0 });
    const early = (await c.lanhdao.get('/api/directive/board?year=2025&asOf=2025-01-01')).json;
    expect(early.bodies.find((b: { agency: string }) => b.agency === 'BAO_PTTH')).toMatchObject({ due: 0, overdue: 0, onTimeRate: null });
  });

  it('refuses bad input with a Vietnamese message naming the field', async () => {
    const staff = c['social_security.cv'];
    const wrongPeriod = await staff.post('/api/directive/reports', { dutyId: '3.4', period: '2026-05', ...content });
    expect(wrongPeriod.status).toBe(400);
    expect(wrongPeriod.json.error.message).toContain('period');
    const otherBody = await staff.post('/api/directive/reports', { dutyId: '9.1', period: '2026-Q1', ...content });
    expect(otherBody.status).toBe(403);
    const noDuty = await staff.post('/api/directive/reports', { dutyId: '99.1', period: '2026-Q1', ...content });
    expect(noDuty.status).toBe(400);
    const badStatus = await staff.post('/api/directive/reports', { dutyId: '3.4', period: '2026-Q1', ...content, progress: 'xong' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.json.error.message).toContain('progress');
    expect((await c.lanhdao.post('/api/directive/reports', { dutyId: '3.4', period: '2026-Q1', ...content })).status).toBe(403);
  });
});

describe('alerts', () => {
  it('tell each user what needs their action', async () => {
    const ha = c['home_affairs.cv'];
    const { id } = (await c['police.cv'].post('/api/directive/reports', { dutyId: '11.1', period: '2029-Q1', ...content, proposals: 'Đề nghị kết nối dữ liệu dân cư hằng tháng.' })).json;
    const leaderAlerts = (await c['police.ld'].get('/api/alerts?asOf=2029-04-05')).json.alerts;
    expect(leaderAlerts).toContainEqual(expect.objectContaining({ kind: 'to_submit', reportId: id }));
    expect(leaderAlerts).toContainEqual(expect.objectContaining({ kind: 'due', text: expect.stringContaining('nhiệm vụ 11.1, quý 1/2029 (hạn 15/04/2029)') }));
    expect((await c['police.cv'].get('/api/alerts?asOf=2029-04-05')).json.alerts.some((a: { kind: string }) => a.kind === 'to_submit')).toBe(false);
    await c['police.ld'].post(`/api/directive/reports/${id}/submit`);
    const haAlerts = (await ha.get('/api/alerts?asOf=2029-04-05')).json.alerts;
    expect(haAlerts).toContainEqual(expect.objectContaining({ kind: 'to_accept', reportId: id }));
    expect(haAlerts).toContainEqual(expect.objectContaining({ kind: 'to_answer', reportId: id }));
    await ha.post(`/api/directive/reports/${id}/return`, { comment: 'Ghi rõ số xã đã kết nối.' });
    expect((await c['police.cv'].get('/api/alerts?asOf=2029-04-05')).json.alerts).toContainEqual(expect.objectContaining({ kind: 'returned', reportId: id }));
    // Past the due date, an unfiled expected report of the body is overdue.
    expect((await c['police.cv'].get('/api/alerts?asOf=2029-08-01')).json.alerts).toContainEqual(expect.objectContaining({ kind: 'overdue', text: expect.stringContaining('nhiệm vụ 11.1, quý 2/2029') }));
    expect((await c.lanhdao.get('/api/alerts?asOf=2029-04-05')).json.count).toBe(0);
  });
});

describe('the duties, edited by the secretariat', () => {
  it('lets Home Affairs change a due rule and add a duty; no one else', async () => {
    const ha = c['home_affairs.cv'];
    const duty = (await ha.get('/api/directive/duties')).json.duties.find((d: { id: string }) => d.id === '10.1');
    const body = { clause: 10, item: 1, agency: 'THONG_KE', lead: true, dueRule: 'yearly:03-31', text: duty.text, active: true };
    expect((await c['tax.cv'].post('/api/directive/duties/10.1', body)).status).toBe(403);
    const bad = await ha.post('/api/directive/duties/10.1', { ...body, dueRule: 'hằng quý' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('dueRule');
    expect((await ha.post('/api/directive/duties/10.1', { ...body, agency: 'KHONG_CO' })).status).toBe(400);
    expect((await ha.post('/api/directive/duties/10.1', body)).status).toBe(200);
    const after = (await c.lanhdao.get('/api/directive/duties')).json.duties.find((d: { id: string }) => d.id === '10.1');
    expect(after).toMatchObject({ dueRule: 'yearly:03-31', dueRuleLabel: 'Hằng năm, trước ngày 31/03', updatedBy: 'home_affairs.cv' });
    const created = await ha.post('/api/directive/duties', { ...body, clause: 16, item: 1, text: 'Nhiệm vụ của chỉ thị tiếp theo.' });
    expect(created.json.id).toBe('16.1');
    expect((await ha.post('/api/directive/duties', { ...body, clause: 16, item: 1, text: 'Trùng.' })).status).toBe(409);
    const board = (await c.lanhdao.get('/api/directive/board?year=2027&asOf=2027-01-01')).json;
    expect(board.rows.filter((r: { dutyId: string }) => r.dutyId === '10.1').map((r: { dueDate: string }) => r.dueDate)).toEqual(['2027-03-31']);
    // Put it back for the other tests' calendars.
    await ha.post('/api/directive/duties/16.1', { ...body, clause: 16, item: 1, text: 'Nhiệm vụ của chỉ thị tiếp theo.', active: false });
  });
});

describe('who sees and edits which reports (property)', () => {
  it('each body sees and edits only its own reports; leadership and Home Affairs read all', async () => {
    // One report per body to look for.
    const ids = new Map<string, number>();
    for (const b of BODIES) {
      const r = await c[`${b.role}.cv`].post('/api/directive/reports', { dutyId: b.duty, period: b.period, ...content });
      expect(r.status, r.body).toBe(200);
      ids.set(b.agency, r.json.id);
    }
    const readers = [...BODIES.map((b) => ({ user: `${b.role}.cv`, agency: b.agency, all: b.role === 'home_affairs' })), { user: 'lanhdao', agency: null, all: true }, { user: 'admin1', agency: null, all: true }, { user: 'xa1', agency: 'UBND_XA', all: false }];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...readers), fc.constantFrom(...BODIES), fc.constantFrom('list', 'detail', 'edit', 'board'), async (reader, body, what) => {
      const client = c[reader.user];
      const id = ids.get(body.agency)!;
      const own = reader.agency === body.agency;
      if (what === 'list') {
        const listed = (await client.get('/api/directive/reports?year=2025')).json.reports.map((r: { agency: string; id: number }) => r);
        expect(listed.some((r: { id: number }) => r.id === id)).toBe(own || reader.all);
        if (!reader.all) expect(listed.every((r: { agency: string }) => r.agency === reader.agency)).toBe(true);
      } else if (what === 'detail') {
        expect((await client.get(`/api/directive/reports/${id}`)).status).toBe(own || reader.all ? 200 : 404);
      } else if (what === 'edit') {
        const res = await client.post(`/api/directive/reports/${id}`, { ...content, activities: `Sửa bởi ${reader.user}` });
        expect(res.status, `${reader.user} → ${body.agency}`).toBe(own ? 200 : reader.all ? 403 : 404);
      } else {
        const rows = (await client.get('/api/directive/board?year=2025&asOf=2025-12-31')).json.rows as Array<{ agency: string; reportId: number | null }>;
        expect(rows.some((r) => r.reportId === id)).toBe(own || reader.all);
        if (!reader.all) expect(new Set(rows.map((r) => r.agency))).toEqual(new Set([reader.agency]));
      }
    }), { numRuns: 60 });
    // Edits landed only on the editor's own body's report.
    const edited = await database.db.selectFrom('directive_report').select(['agency_code', 'activities']).where('id', 'in', [...ids.values()]).execute();
    for (const r of edited) if (r.activities.startsWith('Sửa bởi ')) expect(BODIES.find((b) => b.agency === r.agency_code)!.role).toBe(r.activities.slice(8).replace(/\.cv$/, ''));
  });
});
