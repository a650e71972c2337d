import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, type TestClient } from '../helpers/app.ts';

let database: TestDatabase;
let app: FastifyInstance;
let admin: TestClient;
const others: Record<string, TestClient> = {};
let findingId: number;

const MULTIPLIER = 'fine.organisation_multiplier';
const document = { documentNumber: 'Nghị định 12/2022/NĐ-CP', documentDate: '2022-01-17', article: 'Điều 6 khoản 2' };

async function multiplierRow() {
  const list = await admin.get('/api/admin/legal-params');
  expect(list.status).toBe(200);
  return list.json.params.find((p: { key: string }) => p.key === MULTIPLIER);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'quantri', 'admin');
  admin = await login(app, 'quantri');
  for (const role of ['leadership', 'social_security', 'inspectorate', 'commune'] as const) {
    await addUser(database, `u.${role}`, role, role === 'commune' ? ['05443'] : undefined);
    others[role] = await login(app, `u.${role}`);
  }
  // One enforcement finding with a fine range: its explanation cites the organisation multiplier.
  const run = await sql<{ id: number }>`INSERT INTO reconcile_run (as_of, period, status) VALUES ('2026-06-30', '2026-06-01', 'done') RETURNING id`.execute(database.db);
  const runId = run.rows[0].id;
  const f = await sql<{ id: number }>`
    INSERT INTO finding (code, subject_id, subject_name, subject_kind, commune_code, period, amount_vnd, amounts, legal_basis, first_run_id, updated_run_id)
    VALUES ('DN_TRON_DONG', '4600000001', 'Công ty TNHH Mẫu', 'employer', '05443', '2026-06-01', 90000000,
            '{"fineMin": 100000000, "fineMax": 150000000}'::jsonb, 'Luật BHXH 41/2024/QH15 Điều 39', ${runId}, ${runId})
    RETURNING id`.execute(database.db);
  findingId = Number(f.rows[0].id);
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('verifying a legal parameter with its document', () => {
  it('refuses every role but the administrator (403), and changes nothing', async () => {
    for (const client of Object.values(others)) {
      expect((await client.get('/api/admin/legal-params')).status).toBe(403);
      const row = await multiplierRow();
      const answer = await client.post(`/api/admin/legal-params/${row.id}/verify`, document);
      expect(answer.status).toBe(403);
      expect(answer.json.error.message).toContain('không có quyền');
    }
    expect((await multiplierRow()).status).toBe('unverified');
  });

  it('refuses a missing document or an impossible date in Vietnamese, naming the field', async () => {
    const row = await multiplierRow();
    const noNumber = await admin.post(`/api/admin/legal-params/${row.id}/verify`, { ...document, documentNumber: '  ' });
    expect(noNumber.status).toBe(400);
    expect(noNumber.json.error.message).toContain('số hiệu văn bản');
    const badDate = await admin.post(`/api/admin/legal-params/${row.id}/verify`, { ...document, documentDate: '30/02/2022' });
    expect(badDate.status).toBe(400);
    expect(badDate.json.error.message).toContain('Ngày ban hành');
    expect(badDate.json.error.message).toContain('dd/mm/yyyy');
    expect(badDate.json.error.message).not.toContain('YYYY-MM-DD');
    expect((await admin.post('/api/admin/legal-params/999999/verify', document)).status).toBe(404);
    expect((await multiplierRow()).status).toBe('unverified');
  });

  it('before verification, the calculator and the finding say the multiplier is unverified', async () => {
    const calc = await admin.post('/api/calc/fine', { amount_due: 100000000, workers: 10, months: 3, kind: 'late', organisation: true, date: '2026-06-30' });
    expect(calc.status).toBe(200);
    expect(calc.json.result.unverified_rules).toContain(MULTIPLIER);
    const finding = await admin.get(`/api/findings/${findingId}`);
    const fineLine = finding.json.explanation.find((l: string) => l.startsWith('Mức phạt hành chính'));
    expect(fineLine).toContain('chưa kiểm chứng');
  });

  it('lets the administrator record the document: the rule becomes law, audited, and calculators and findings follow', async () => {
    const row = await multiplierRow();
    const answer = await admin.post(`/api/admin/legal-params/${row.id}/verify`, document);
    expect(answer.status).toBe(200);
    expect(answer.json.param).toMatchObject({
      status: 'law', source: 'Nghị định 12/2022/NĐ-CP ngày 17/01/2022, Điều 6 khoản 2',
      document_number: 'Nghị định 12/2022/NĐ-CP', document_date: '2022-01-17', document_article: 'Điều 6 khoản 2', verified_by_name: expect.any(String),
    });
    expect(answer.json.param.verified_at).toBeTruthy();

    const audited = await sql<{ username: string; action: string; detail: any }>`
      SELECT username, action, detail FROM audit_log WHERE object_type = 'legal_param' AND object_id = ${String(row.id)}`.execute(database.db);
    expect(audited.rows).toHaveLength(1);
    expect(audited.rows[0]).toMatchObject({ username: 'quantri', action: 'change' });
    expect(audited.rows[0].detail).toMatchObject({ key: MULTIPLIER, from: { status: 'unverified', source: row.source }, to: { status: 'law' } });

    const calc = await admin.post('/api/calc/fine', { amount_due: 100000000, workers: 10, months: 3, kind: 'late', organisation: true, date: '2026-06-30' });
    expect(calc.json.result.unverified_rules).not.toContain(MULTIPLIER);
    const used = calc.json.result.rules.find((r: { key: string }) => r.key === MULTIPLIER);
    expect(used).toMatchObject({ status: 'law', source: 'Nghị định 12/2022/NĐ-CP ngày 17/01/2022, Điều 6 khoản 2' });

    const finding = await admin.get(`/api/findings/${findingId}`);
    const fineLine = finding.json.explanation.find((l: string) => l.startsWith('Mức phạt hành chính'));
    expect(fineLine).not.toContain('chưa kiểm chứng');
    expect(fineLine).toContain('Nghị định 12/2022/NĐ-CP ngày 17/01/2022, Điều 6 khoản 2');
  });
});
