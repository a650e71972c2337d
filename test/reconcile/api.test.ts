import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, R, U, E, A, B } from './world.ts';

let database: TestDatabase;
let app: FastifyInstance;
let bhxh: TestClient, tax: TestClient, xaB: TestClient, leader: TestClient, admin: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  app = await testApp(database);
  await addUser(database, 'bhxh1', 'social_security');
  await addUser(database, 'thue1', 'tax');
  await addUser(database, 'xa_b', 'commune', [B]);
  await addUser(database, 'lanhdao', 'leadership');
  await addUser(database, 'quantri', 'admin');
  [bhxh, tax, xaB, leader, admin] = await Promise.all(['bhxh1', 'thue1', 'xa_b', 'lanhdao', 'quantri'].map((u) => login(app, u)));
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

const audits = async (action: string, type: string) =>
  (await database.pool.query('SELECT * FROM audit_log WHERE action = $1 AND object_type = $2 ORDER BY id', [action, type])).rows;

describe('findings API', () => {
  it('shows each role only its codes', async () => {
    const t = await tax.get('/api/findings?pageSize=500');
    expect(t.status).toBe(200);
    const codes = new Set(t.json.rows.map((r: { code: string }) => r.code));
    expect(codes.has('TIEM_NANG_TU_NGUYEN')).toBe(false);
    expect(codes.has('DN_CHAM_DONG')).toBe(true);
    const asked = await tax.get('/api/findings?code=TIEM_NANG_TU_NGUYEN');
    expect(asked.json.total).toBe(0);
  });

  it('scopes a commune account to its communes on the server', async () => {
    const r = await xaB.get('/api/findings?pageSize=500');
    expect(r.json.rows.length).toBeGreaterThan(0);
    expect(new Set(r.json.rows.map((x: { communeCode: string }) => x.communeCode))).toEqual(new Set([B]));
    const other = await xaB.get(`/api/findings?commune=${A}`);
    expect(other.json.total).toBe(0);
    const summary = await xaB.get('/api/findings/summary');
    expect(summary.json.byCommune.map((c: { communeCode: string }) => c.communeCode)).toEqual([B]);
    // A finding of commune A is not there for this account.
    const a = (await bhxh.get(`/api/findings?code=TIEM_NANG_TU_NGUYEN&commune=${A}&pageSize=1`)).json.rows[0];
    expect((await xaB.get(`/api/findings/${a.id}`)).status).toBe(404);
  });

  it('masks personal data for roles that do not see it, and audits reads of personal data', async () => {
    const masked = await leader.get(`/api/findings?code=TIEM_NANG_TU_NGUYEN&search=${R.other}`);
    expect(masked.json.rows[0].subjectId).toMatch(/^019\*+\d{3}$/);
    expect(masked.json.rows[0].subjectName).toBe('Trần T. B.');
    const before = (await audits('read', 'finding_list')).length;
    const full = await bhxh.get(`/api/findings?code=TIEM_NANG_TU_NGUYEN&search=${R.other}`);
    expect(full.json.rows[0].subjectId).toBe(R.other);
    expect(full.json.rows[0].subjectName).toBe('Trần Thị Bình');
    expect((await audits('read', 'finding_list')).length).toBe(before + 1);
  });

  it('explains a finding in Vietnamese with the compared records side by side and the legal basis', async () => {
    const row = (await bhxh.get('/api/findings?code=NTG_SAI_THONG_TIN&pageSize=50')).json.rows.find((r: { subjectId: string }) => r.subjectId === R.birthDiffers);
    const d = await bhxh.get(`/api/findings/${row.id}`);
    expect(d.status).toBe(200);
    expect(d.json.explanation.join(' ')).toContain('ngày sinh khác CSDL dân cư');
    expect(d.json.explanation.at(-1)).toContain('không phải kết luận vi phạm');
    const birth = d.json.comparison.find((c: { label: string }) => c.label === 'Ngày sinh');
    expect(birth).toMatchObject({ record: '22/01/1982', resident: '22/10/1982', differs: true });
    expect(d.json.legalBasis).toContain('Luật');
    const late = (await tax.get(`/api/findings?code=DN_CHAM_DONG&search=${U.late}`)).json.rows[0];
    const ld = await tax.get(`/api/findings/${late.id}`);
    expect(ld.json.detail).toContain('Còn nợ 1.000.000 đ');
    expect(ld.json.explanation.join(' ')).toContain('0,03 %/ngày');
  });

  it('changes status with a reason, keeps notes, and audits the change', async () => {
    const row = (await bhxh.get(`/api/findings?code=DN_TRON_DONG&search=${U.evaded}`)).json.rows[0];
    const noReason = await bhxh.send('PATCH', `/api/findings/${row.id}`, { status: 'dismissed' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toContain('Bỏ qua một phát hiện cần ghi lý do');
    const ok = await bhxh.send('PATCH', `/api/findings/${row.id}`, { status: 'open', note: 'Đã gửi công văn đôn đốc lần 2' });
    expect(ok.status).toBe(200);
    expect(ok.json.statusLabel).toBe('Đang xử lý');
    const d = await bhxh.get(`/api/findings/${row.id}`);
    expect(d.json.actions.at(-1)).toMatchObject({ by: 'bhxh1', toStatus: 'open', note: 'Đã gửi công văn đôn đốc lần 2' });
    expect((await audits('change', 'finding')).some((a) => a.object_id === String(row.id))).toBe(true);
    expect((await leader.send('PATCH', `/api/findings/${row.id}`, { note: 'x' })).status).toBe(403);
  });

  it('exports XLSX lists: enforcement per agency and outreach per commune, audited', async () => {
    // Other tests export these lists too: count this test's exports from what is there at its start.
    const enforcementBefore = (await audits('export', 'enforcement_list')).length;
    const outreachBefore = (await audits('export', 'outreach_list')).length;
    const res = await tax.get('/api/findings/export/enforcement');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const out = await xaB.get('/api/findings/export/outreach');
    expect(out.status).toBe(200);
    const raw = await app.inject({ method: 'GET', url: '/api/findings/export/outreach' });
    expect(raw.statusCode).toBe(401);
    expect((await audits('export', 'enforcement_list')).length).toBe(enforcementBefore + 1);
    expect((await audits('export', 'outreach_list')).length).toBe(outreachBefore + 1);
    expect((await tax.get('/api/findings/export/outreach')).status).toBe(403);
  });

  it('outreach XLSX lists the commune’s potential voluntary participants with group and net payment', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/findings/export/outreach', headers: { cookie: await cookieOf('xa_b') } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('VẬN ĐỘNG THAM GIA BHXH TỰ NGUYỆN');
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => { if (n > 3) rows.push((row.values as unknown[]).slice(1)); });
    const poor = rows.find((x) => x[2] === R.poor)!;
    expect(poor).toBeDefined();
    expect(poor[6]).toBe('Hộ nghèo');
    expect(poor[7]).toBe(165_000);
    expect(rows.every((x) => x[8] === 'Xã Võ Nhai')).toBe(true);
    expect(ws.getRow(4).getCell(8).numFmt).toBe('#,##0'); // the amount shows 165.000 in Excel
  });

  it('findings and enforcement XLSX for people: Vietnamese headers and labels, months mm/yyyy, amounts as numbers with a thousands format', async () => {
    for (const url of ['/api/findings/export?format=xlsx', '/api/findings/export/enforcement']) {
      const r = await app.inject({ method: 'GET', url, headers: { cookie: await cookieOf('thue1') } });
      expect(r.statusCode, url).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const headers = (ws.getRow(3).values as unknown[]).slice(1);
      expect(headers.slice(0, 5)).toEqual(['Mã phát hiện', 'Đối tượng (số định danh / MST / mã đơn vị)', 'Mã xã', 'Kỳ', 'Số tiền (đồng)']);
      const col = (h: string) => headers.indexOf(h) + 1;
      let rows = 0;
      ws.eachRow((row, n) => {
        if (n <= 3) return;
        rows++;
        expect(String(row.getCell(col('Kỳ')).value), url).toMatch(/^\d{2}\/\d{4}$/);
        expect(typeof row.getCell(col('Số tiền (đồng)')).value).toBe('number');
        expect(row.getCell(col('Số tiền (đồng)')).numFmt).toBe('#,##0');
        expect(String(row.getCell(col('Trạng thái')).value)).not.toMatch(/^(new|open|resolved|dismissed|confirmed)$/);
      });
      expect(rows, url).toBeGreaterThan(0);
    }
  });

  it('a run reports its steps in order: the linkage, each of the 12 checks, the merge', async () => {
    const steps: Array<[number, number, string | null]> = [];
    // full: an earlier test's run on the same inputs would otherwise be reused (one step, done).
    await runReconciliation(database, { asOf: AS_OF, period: PERIOD, full: true, onStep: (done, total, code) => steps.push([done, total, code]) });
    expect(steps.map(([done]) => done)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(steps.every(([, total]) => total === 14)).toBe(true);
    expect(steps.slice(1, 13).map(([, , code]) => code)).toHaveLength(12);
    expect(steps[1][2]).toMatch(/^[A-Z_]+$/);
    // On unchanged inputs the run reuses the one just made and reports itself done in one step.
    const reused: Array<[number, number]> = [];
    const r = await runReconciliation(database, { asOf: AS_OF, period: PERIOD, onStep: (done, total) => reused.push([done, total]) });
    expect(r.reusedRunId).not.toBeNull();
    expect(reused).toEqual([[14, 14]]);
  });

  it('review queue: only reviewers, decisions audited', async () => {
    expect((await tax.get('/api/findings/review')).status).toBe(403);
    const q = await admin.get('/api/findings/review');
    expect(q.status).toBe(200);
    const bad = await admin.post('/api/findings/review', { recordKey: 'x', residentId: '1', decision: 'accepted' });
    expect(bad.status).toBe(400);
  });

  it('runs a reconciliation on request (admin, BHXH only), in the background with its progress', async () => {
    expect((await tax.post('/api/findings/runs', { asOf: AS_OF })).status).toBe(403);
    const r = await admin.post('/api/findings/runs', { asOf: AS_OF, period: PERIOD });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ status: 'running', steps: 14 });
    // One run at a time: a second request while it runs is refused with the reason.
    const second = await bhxh.post('/api/findings/runs', { asOf: AS_OF, period: PERIOD });
    expect([409, 202]).toContain(second.status);
    if (second.status === 409) expect(second.json.error.message).toMatch(/Đang có một lần đối soát chạy/);
    expect((await tax.get(`/api/findings/runs/${r.json.id}`)).status).toBe(403);
    let job = r.json;
    while (job.status === 'running') {
      await new Promise((resolve) => setImmediate(resolve));
      job = (await admin.get(`/api/findings/runs/${r.json.id}`)).json;
    }
    expect(job).toMatchObject({ status: 'done', step: 14, steps: 14, error: null });
    expect(job.result.total).toBeGreaterThan(0);
    if (second.status === 202) {
      while ((await bhxh.get(`/api/findings/runs/${second.json.id}`)).json.status === 'running') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const bad = await admin.post('/api/findings/runs', { asOf: AS_OF, period: '2020-01' });
    expect(bad.status).toBe(409); // well-formed, but the data has no such period
    expect(bad.json.error.message).toContain('Không có dữ liệu người tham gia BHXH');
    const meta = await tax.get('/api/findings/meta');
    expect(meta.json.latestRun.asOfLabel).toBe('25/11/2026');
    expect(meta.json.codes.map((c: { code: string }) => c.code)).not.toContain('TIEM_NANG_TU_NGUYEN');
    void E;
  });
});

async function cookieOf(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'MatKhau123' } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
