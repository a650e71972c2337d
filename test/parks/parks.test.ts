/**
 * Industrial parks: the reference file loaded by the migration, employers linked from kcn-lao-dong and
 * bhxh-don-vi (a small fixture imported for real), and the API scoped by policy over roles × parks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { addUser, login, testApp, TEST_PASSWORD } from '../helpers/app.ts';
import { importFile } from '../../server/ingest/service.ts';
import { createUser } from '../../server/auth/users.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';

const fixture = (name: string) => path.resolve('test/fixtures/parks', name);
/** The fixture and reference CSV files hold no quoted commas: a plain split reads them. */
const readCsv = (file: string) => {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
};
const reference = readCsv(path.resolve('reference/industrial-parks.csv'));

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'admin', 'admin');
  for (const kind of ['kcn-lao-dong', 'bhxh-don-vi', 'bhxh-thu'] as const) {
    const r = await importFile(database, { kind, filePath: fixture(`${kind}.csv`), userName: 'test', replace: true });
    expect(r.status, `${kind}: ${r.message} ${JSON.stringify(r.errors)}`).toBe('imported');
    expect(r.rejected, `${kind}: ${JSON.stringify(r.errors)}`).toBe(0);
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

describe('industrial parks as reference data', () => {
  it('loads every park of reference/industrial-parks.csv with its kind and communes', async () => {
    const { rows } = await database.pool.query(
      `SELECT p.code, p.name, p.kind, coalesce(string_agg(c.commune_code, ';' ORDER BY c.commune_code), '') AS communes
         FROM industrial_park p LEFT JOIN industrial_park_commune c ON c.park_code = p.code GROUP BY p.code ORDER BY p.code`);
    expect(rows.length).toBe(reference.length);
    for (const r of reference) {
      const loaded = rows.find((x) => x.code === r.code);
      expect(loaded, r.code).toMatchObject({ name: r.name, kind: r.kind, communes: r.communes.split(';').filter(Boolean).sort().join(';') });
    }
  });
});

describe('employers linked to their parks', () => {
  it('places employers by the park name of kcn-lao-dong, else bhxh-don-vi, with reported and insured workers and arrears', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/api/parks');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.json.parks.map((p: { code: string }) => [p.code, p]));
    const kcn = readCsv(fixture('kcn-lao-dong.csv'));
    const units = readCsv(fixture('bhxh-don-vi.csv'));
    const thu = readCsv(fixture('bhxh-thu.csv'));
    const unitOf = (tax: string) => units.find((u) => u.MST === tax)!['Mã đơn vị'];
    const latestWorkers = (unit: string) => Number(thu.filter((t) => t['Mã đơn vị'] === unit).sort((a, b) => (a['Kỳ'] < b['Kỳ'] ? 1 : -1))[0]['Số lao động']);
    const arrears = (unit: string) => thu.filter((t) => t['Mã đơn vị'] === unit).reduce((s, t) => s + Math.max(0, Number(t['Phải đóng']) - Number(t['Đã đóng'])), 0);

    // "Khu công nghiệp Sông Công II" (report) → Sông Công II; "KCN Yên Bình I" → Yên Bình (alias); the register's
    // "Khu công nghiệp Quyết Thắng" for an employer without a report.
    const songCong = kcn[0], yenBinh = kcn[1];
    expect(byCode.KCN_SONG_CONG_2).toMatchObject({ employers: 1, reportedWorkers: Number(songCong['Số lao động báo cáo']), insuredWorkers: latestWorkers(unitOf(songCong['Mã số thuế'])), arrearsVnd: arrears(unitOf(songCong['Mã số thuế'])) });
    expect(byCode.KCN_YEN_BINH).toMatchObject({ employers: 1, reportedWorkers: Number(yenBinh['Số lao động báo cáo']), insuredWorkers: latestWorkers(unitOf(yenBinh['Mã số thuế'])) });
    expect(byCode.KCN_QUYET_THANG).toMatchObject({ employers: 1, reportedWorkers: 0, insuredWorkers: latestWorkers('TV0004'), arrearsVnd: arrears('TV0004') });
    const placed = res.json.parks.reduce((s: number, p: { employers: number }) => s + p.employers, 0);
    expect(placed).toBe(3); // the employer outside any park and the one in an unknown park are not placed
    expect(res.json.unmatched).toEqual([{ name: kcn[2]['Khu công nghiệp'], employers: 1 }]);

    const detail = await admin.get('/api/parks/KCN_SONG_CONG_2');
    expect(detail.status).toBe(200);
    expect(detail.json.employers).toEqual([expect.objectContaining({ taxCode: songCong['Mã số thuế'], unitCode: unitOf(songCong['Mã số thuế']), linkedBy: 'kcn-lao-dong' })]);
    expect(detail.json.employers[0].gap).toBe(Number(songCong['Số lao động báo cáo']) - latestWorkers(unitOf(songCong['Mã số thuế'])));
    expect((await admin.get('/api/parks/KCN_KHONG_CO')).status).toBe(404);
  });
});

describe('the parks API is scoped by policy', () => {
  const roles = Object.keys(ROLES) as RoleCode[];
  const parkCodes = reference.map((r) => r.code);
  const communesOf = (code: string) => reference.find((r) => r.code === code)!.communes.split(';').filter(Boolean);
  const scopeCommunes = ['05941', '05528', '05443'];
  let n = 0;

  it('only roles with parks.read, within their parks and communes, read a park', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...roles), fc.subarray(parkCodes, { maxLength: 3 }), fc.constantFrom(...scopeCommunes), fc.constantFrom(...parkCodes),
        async (role, assigned, commune, park) => {
          const spec = ROLES[role];
          const username = `u${++n}`;
          await createUser(database.db, { username, fullName: username, password: TEST_PASSWORD, role, communes: spec.communeScoped ? [commune] : [], parks: assigned });
          const client = await login(app, username);
          const expectedVisible = (code: string) =>
            spec.can.includes('parks.read')
            && (!spec.parkScoped || assigned.length === 0 || assigned.includes(code))
            && (!spec.communeScoped || communesOf(code).includes(commune));
          const one = await client.get(`/api/parks/${park}`);
          expect(one.status, `${role} ${park}`).toBe(!spec.can.includes('parks.read') ? 403 : expectedVisible(park) ? 200 : 404);
          const list = await client.get('/api/parks');
          if (!spec.can.includes('parks.read')) {
            expect(list.status).toBe(403);
          } else {
            expect(list.json.parks.map((p: { code: string }) => p.code).sort()).toEqual(parkCodes.filter(expectedVisible).sort());
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe("a park's cases", () => {
  /** Findings as a reconciliation would raise them (the fixture has no participant file to run one). */
  async function raise(rows: Array<{ code: string; subject: string; kind: 'unit' | 'employer' | 'person'; name: string; commune: string; related: string | null; amount: number }>) {
    const run = await database.pool.query(`INSERT INTO reconcile_run (as_of, period, status, finished_at) VALUES ('2026-11-20', '2026-10-01', 'done', now()) RETURNING id`);
    const runId = Number(run.rows[0].id);
    const ids: Record<string, number> = {};
    for (const r of rows) {
      const f = await database.pool.query(
        `INSERT INTO finding (code, subject_id, subject_name, subject_kind, commune_code, period, related_id, amount_vnd, legal_basis, first_run_id, updated_run_id)
         VALUES ($1, $2, $3, $4, $5, '2026-10-01', $6, $7, 'Luật BHXH 41/2024/QH15', $8, $8) RETURNING id`,
        [r.code, r.subject, r.name, r.kind, r.commune, r.related, r.amount, runId]);
      ids[`${r.code}:${r.subject}`] = Number(f.rows[0].id);
    }
    return ids;
  }

  it("lists the enforcement cases of the park's employers with a summary, to the roles that read cases only", async () => {
    const f = await raise([
      // Sông Công II's employer (TV0001 / 4600100010): late payment (by unit) and a workforce gap (by tax code).
      { code: 'DN_CHAM_DONG', subject: 'TV0001', kind: 'unit', name: 'Công ty TNHH Điện tử Sông Công', commune: '05528', related: '4600100010', amount: 100_000_000 },
      { code: 'KCN_LECH_LAO_DONG', subject: '4600100010', kind: 'employer', name: 'Công ty TNHH Điện tử Sông Công', commune: '05528', related: 'TV0001', amount: 0 },
      // A worker of the same employer declared on a low wage: a person's case, never on the park page.
      { code: 'DN_KHAI_THAP_LUONG', subject: '019090001234', kind: 'person', name: 'Nguyễn Văn A', commune: '05528', related: 'TV0001', amount: 2_000_000 },
      // Quyết Thắng's employer: another park.
      { code: 'DN_CHAM_DONG', subject: 'TV0004', kind: 'unit', name: 'Công ty TNHH Thép Quyết Thắng', commune: '05455', related: '4600100042', amount: 157_500_000 },
    ]);
    await addUser(database, 'bhxh.kcn', 'social_security');
    const bhxh = await login(app, 'bhxh.kcn');
    const opened = await bhxh.post('/api/cases/open', { findingIds: Object.values(f) });
    expect(opened.status, opened.body).toBe(200);
    expect(opened.json.opened).toBe(4);
    const caseOf = async (key: string) => Number((await database.pool.query('SELECT id FROM work_case WHERE finding_id = $1', [f[key]])).rows[0].id);
    const late = await caseOf('DN_CHAM_DONG:TV0001');
    const gap = await caseOf('KCN_LECH_LAO_DONG:4600100010');
    // The late payer's case is past its due date and has had 40.000.000 đ paid since; the gap case is closed.
    await database.pool.query(`UPDATE work_case SET due_date = '2026-01-05', recovered_vnd = 40000000 WHERE id = $1`, [late]);
    const closed = await bhxh.post(`/api/cases/${gap}/advance`, { outcome: 'registered' });
    expect(closed.status, closed.body).toBe(200);

    const admin = await login(app, 'admin');
    const res = await admin.get('/api/parks/KCN_SONG_CONG_2');
    expect(res.status).toBe(200);
    expect(res.json.cases.summary).toMatchObject({ total: 2, open: 1, closed: 1, overdue: 1, recoveredVnd: 40_000_000, recoveredLabel: '40.000.000 đ' });
    expect(res.json.cases.rows.map((r: { id: number }) => r.id)).toEqual([late, gap]); // open first
    const [lateRow, gapRow] = res.json.cases.rows;
    expect(lateRow).toMatchObject({
      typeLabel: 'Đôn đốc, thanh tra, xử lý đơn vị', findingCode: 'DN_CHAM_DONG', employerName: 'Công ty TNHH Điện tử Sông Công',
      employerTaxCode: '4600100010', unitCode: 'TV0001', stageLabel: 'Nhắc nợ, nhắc đăng ký', ownerLabel: 'Bảo hiểm xã hội tỉnh',
      dueLabel: '05/01/2026', overdue: true, status: 'open', statusLabel: 'Đang xử lý', amountLabel: '100.000.000 đ', recoveredLabel: '40.000.000 đ',
    });
    expect(lateRow.findingLabel).toMatch(/chậm đóng/i);
    expect(lateRow.openedOn).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(gapRow).toMatchObject({ findingCode: 'KCN_LECH_LAO_DONG', status: 'closed', statusLabel: 'Đã đóng', overdue: false });
    expect(JSON.stringify(res.json.cases)).not.toContain('019090001234');

    // The other park shows its own employer's case only.
    const other = await admin.get('/api/parks/KCN_QUYET_THANG');
    expect(other.json.cases.rows.map((r: { findingCode: string; unitCode: string }) => `${r.findingCode}:${r.unitCode}`)).toEqual(['DN_CHAM_DONG:TV0004']);

    // The leadership reads every case (cases.read); the park board only those of its finding code (cases.work, KCN_LECH_LAO_DONG).
    await addUser(database, 'lanhdao.kcn', 'leadership');
    expect((await (await login(app, 'lanhdao.kcn')).get('/api/parks/KCN_SONG_CONG_2')).json.cases.summary.total).toBe(2);
    await addUser(database, 'bql.kcn', 'ip_board');
    const board = await (await login(app, 'bql.kcn')).get('/api/parks/KCN_SONG_CONG_2');
    expect(board.json.cases.rows.map((r: { id: number }) => r.id)).toEqual([gap]);
    // Roles that read parks but no cases see the park without a cases section.
    for (const role of ['statistics', 'industry_trade'] as const) {
      await addUser(database, `${role}.kcn`, role);
      const r = await (await login(app, `${role}.kcn`)).get('/api/parks/KCN_SONG_CONG_2');
      expect(r.status).toBe(200);
      expect(r.json.employers.length).toBe(1);
      expect(r.json.cases, role).toBeNull();
    }
  });
});
