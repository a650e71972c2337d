/**
 * The one vocabulary (shared/vocabulary.ts) covers every code the server can put before a person: each audit action
 * and object type written anywhere in server/, each legal rule in the database; audit details and validation errors
 * read as Vietnamese sentences, never as JSON or field paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { AUDIT_ACTION_LABELS, AUDIT_OBJECT_LABELS, describeAuditDetail } from '#shared/vocabulary.ts';
import { describeIssue } from '#shared/zod-vi.ts';
import { simulateBody } from '../../server/calc/schema.ts';
import { newUserBody } from '../../server/auth/schema.ts';
import { loadRuleBook } from '../../server/calc/rules.ts';
import { offences } from '../journey/visible-text.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

function serverSources(dir = 'server'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? serverSources(p) : p.endsWith('.ts') ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

describe('the one vocabulary', () => {
  it('names every audit action and object type the server writes', () => {
    const code = serverSources().join('\n');
    const objects = new Set([...code.matchAll(/objectType: '(\w+)'/g)].map((m) => m[1]));
    const actions = new Set([...code.matchAll(/action: '(\w+)', objectType/g)].map((m) => m[1]));
    expect(objects.size).toBeGreaterThan(15);
    expect([...objects].filter((o) => !AUDIT_OBJECT_LABELS[o])).toEqual([]);
    expect([...actions].filter((a) => !AUDIT_ACTION_LABELS[a])).toEqual([]);
  });

  it('names every legal rule in Vietnamese', async () => {
    const unnamed = await database.pool.query(`SELECT DISTINCT key FROM legal_param WHERE label IS NULL OR label = '' ORDER BY key`);
    expect(unnamed.rows).toEqual([]);
    const book = await loadRuleBook(database.db);
    expect(book.at('rate.employer.retirement', '2026-03-01').label).toBe('Tỷ lệ đóng quỹ hưu trí và tử tuất của người sử dụng lao động');
  });

  it('writes audit details as a Vietnamese line', () => {
    const line = describeAuditDetail({ page: 1, rows: 50, codes: ['BHTN_TRUC_LOI'], search: null, status: 'new', channel: 'cli', kinds: ['bhxh-thu'], asOf: '2026-10-31' });
    expect(line).toBe('Trang: 1; Số dòng: 50; Loại phát hiện: Nghi trục lợi trợ cấp thất nghiệp; Trạng thái: Mới; Kênh: dòng lệnh; Loại tệp: Số phải đóng, đã đóng theo đơn vị và tháng (BHXH tỉnh); Tính đến ngày: 31/10/2026');
    expect(offences(line)).toEqual([]);
  });

  it('names the field of a validation error by its label, not its path', () => {
    const sim = simulateBody.safeParse({ scenarios: [{ name: 'A' }, { name: 'B', year_from: 2028, year_to: 2027 }] });
    expect(sim.success).toBe(false);
    expect(sim.error!.issues.map((i) => describeIssue(simulateBody, i))).toEqual(['Kịch bản 2: Năm kết thúc phải không nhỏ hơn năm bắt đầu']);
    const user = newUserBody.safeParse({ username: 'Nguyen Van A', fullName: 'A', password: 'x', role: 'boss' });
    const lines = user.error!.issues.map((i) => describeIssue(newUserBody, i));
    expect(lines).toEqual(['Tên đăng nhập: Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch', 'Vai trò: Chọn một vai trò trong danh sách']);
    for (const l of lines) expect(offences(l)).toEqual([]);
  });
});
