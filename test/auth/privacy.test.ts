/**
 * Personal data per role, as a sweep over the route table: every GET route of the API (and the answers of the
 * uploads, status changes and exports reachable by the roles that import or work cases) is fetched by every role
 * that does not see personal data, on the reconciliation world plus a household business whose tax code is its
 * owner's personal ID. No seeded person's ID, full name or full birth date may appear in any body — JSON, CSV, or
 * XLSX read back with exceljs. The roles that need the data still get it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, TEST_PASSWORD } from '../helpers/app.ts';
import { multipartFile } from '../helpers/upload.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';
import { loadWorld, AS_OF, PERIOD, A, R } from '../reconcile/world.ts';
import { pid, resident, type Row } from '../reconcile/fixture.ts';
import { waitFor } from '../helpers/wait.ts';

/** A household business registered with BHXH, paying late, employing an uninsured worker; its tax code is its owner's ID. */
const HOUSEHOLD = { owner: pid(1975, 'M', 990), ownerName: 'Lương Văn Hộ', business: 'Hộ kinh doanh Lương Văn Hộ', unit: 'U010' };
const WORKER = { id: pid(1999, 'F', 991), name: 'Trương Thị Hương' };

let database: TestDatabase;
let app: FastifyInstance;

interface Answer { url: string; status: number; type: string; text: string }
interface Client { role: RoleCode; fetch(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>; get(url: string): Promise<Answer> }
const clients = new Map<RoleCode, Client>();

/** Every seeded person, from the source tables themselves. */
const people = { ids: new Set<string>(), names: new Set<string>(), births: new Set<string>() };

/** Appends rows to the current batch of a source (the world's loader would replace the batch). */
async function appendRows(kind: string, table: string, rows: Row[]) {
  const batch = (await database.pool.query('SELECT max(id) AS id FROM import_batch WHERE kind = $1 AND is_current', [kind])).rows[0].id;
  const full = rows.map((r, i) => ({ ...r, batch_id: batch, row_no: 1000 + i }));
  const cols = Object.keys(full[0]);
  await database.pool.query(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(full)]);
}

async function seedHousehold() {
  await appendRows('dan-cu', 'src_dan_cu', [
    resident(HOUSEHOLD.owner, HOUSEHOLD.ownerName, '1975-04-04', 'M', A),
    resident(WORKER.id, WORKER.name, '1999-02-03', 'F', A),
  ]);
  await appendRows('bhxh-don-vi', 'src_bhxh_don_vi', [{ unit_code: HOUSEHOLD.unit, tax_code: HOUSEHOLD.owner, name: HOUSEHOLD.business, commune_code: A, status: 'active' }]);
  await appendRows('bhxh-thu', 'src_bhxh_thu', [{ unit_code: HOUSEHOLD.unit, period: '2026-09-01', workers: 2, wage_fund: 10_000_000, amount_due: 5_000_000, amount_paid: 0, reminded_on: null }]);
  await appendRows('dn-thue', 'src_dn_thue', [{ tax_code: HOUSEHOLD.owner, name: HOUSEHOLD.business, taxpayer_type: 'household', commune_code: A, status: 'active', tax_method: 'declaration', owner_person_id: HOUSEHOLD.owner }]);
  await appendRows('thue-tncn', 'src_thue_tncn', [{ payer_tax_code: HOUSEHOLD.owner, person_id: WORKER.id, full_name: WORKER.name, period: '2026-10-01', taxable_income: 7_000_000, contract_type: '3m_plus' }]);
}

async function collectPeople() {
  const rows = (await database.pool.query(`
    SELECT person_id AS id, full_name AS name, birth_date::text AS birth, birth_precision AS p FROM src_dan_cu
    UNION ALL SELECT coalesce(person_id, bhxh_code), full_name, birth_date::text, birth_precision FROM src_bhxh_nguoi
    UNION ALL SELECT person_id, full_name, birth_date::text, birth_precision FROM src_ho_ngheo
    UNION ALL SELECT person_id, full_name, birth_date::text, birth_precision FROM src_bhxh_huong
    UNION ALL SELECT person_id, full_name, NULL, NULL FROM src_bhtn_huong
    UNION ALL SELECT person_id, full_name, NULL, NULL FROM src_thue_tncn
    UNION ALL SELECT owner_person_id, NULL, NULL, NULL FROM src_dn_thue WHERE owner_person_id IS NOT NULL`)).rows;
  for (const r of rows) {
    if (r.id) people.ids.add(r.id);
    if (r.name?.trim().includes(' ')) people.names.add(r.name.normalize('NFC'));
    if (r.birth && r.p === 'D') {
      const [y, m, d] = r.birth.split('-');
      people.births.add(r.birth).add(`${d}/${m}/${y}`);
    }
  }
}

/** The seeded personal values found in a text. */
function leaksIn(text: string): string[] {
  const t = text.normalize('NFC');
  return [
    ...[...people.ids].filter((v) => t.includes(v)).map((v) => `ID ${v}`),
    ...[...people.names].filter((v) => t.includes(v)).map((v) => `name ${v}`),
    ...[...people.births].filter((v) => t.includes(v)).map((v) => `birth ${v}`),
  ];
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The text of an answer: JSON and CSV as sent, an XLSX workbook as the text of every cell. */
async function textOf(type: string, raw: Buffer): Promise<string> {
  if (!type.startsWith(XLSX_TYPE) || raw.length === 0) return raw.toString('utf8');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    cells.push(cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text);
  })));
  return cells.join('\n');
}

async function signIn(role: RoleCode): Promise<Client> {
  const username = `p_${role}`;
  await addUser(database, username, role, ROLES[role].communeScoped ? [A] : undefined);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  const fetch: Client['fetch'] = async (method, url, body, headers = {}) => {
    const r = await app.inject({ method: method as 'GET', url, payload: body as string, headers: { cookie, 'x-csrf-token': csrf, ...headers } });
    const type = String(r.headers['content-type'] ?? '');
    return { url, status: r.statusCode, type, text: await textOf(type, r.rawPayload) };
  };
  return { role, fetch, get: (url) => fetch('GET', url) };
}

/** Values for the path parameters of the route table, drawn from the seeded world. */
async function parameterPool(): Promise<Record<string, string[]>> {
  const findings = (await database.pool.query('SELECT id FROM finding ORDER BY id')).rows.map((r) => String(r.id));
  const batches = (await database.pool.query('SELECT id FROM import_batch ORDER BY id')).rows.map((r) => String(r.id));
  return { id: [...new Set([...findings, ...batches])], code: [A, '05716', '19'], level: ['province', 'commune'], year: ['2026'] };
}

/** Every URL to fetch for a GET route: each parameter value, and for files every format. */
function urlsOf(route: string, pool: Record<string, string[]>): string[] {
  let urls = [route];
  for (const [, name] of route.matchAll(/:(\w+)/g)) urls = urls.flatMap((u) => (pool[name] ?? ['1']).map((v) => u.replace(`:${name}`, v)));
  const queries = /export|report|raw/.test(route)
    ? ['', '?format=csv', '?format=xlsx', '?format=json']
    : route.includes(':') ? [''] : ['', '?pageSize=500&all=true', `?year=2026`];
  return urls.flatMap((u) => queries.map((q) => u + q));
}

/** The answers of an upload, its import and its reject reports, for a role that imports some kind. */
async function importAnswers(client: Client): Promise<Answer[]> {
  const kind = ROLES[client.role].imports[0];
  if (!kind) return [];
  // A file of the wrong kind, full of personal data: the preview shows its first rows.
  const people = multipartFile('dan-cu.csv', `Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã xã\n${R.control},Nguyễn Văn An,02/03/1985,Nam,${A}\n${R.other},Trần Thị Bình,10/05/1990,Nữ,${A}\n`, 'text/csv');
  const answers = [await client.fetch('POST', '/api/imports/uploads', people.body, people.headers)];
  // A file of its own kind naming the household business (its tax code is the owner's ID), with a bad row.
  const own = kind === 'kcn-lao-dong'
    ? `Mã số thuế,Tên doanh nghiệp,Khu công nghiệp,Kỳ,Số lao động báo cáo\n${HOUSEHOLD.owner},${HOUSEHOLD.business},KCN Yên Bình,10/2026,3\n0300000009,Công ty KCN Chín,KCN Yên Bình,10/2026,-4\n`
    : `Mã xã,Năm,Dân số,Lực lượng lao động,Lực lượng lao động trong độ tuổi\n${A},2026,1000,600,500\n`;
  const file = multipartFile(`${kind}.csv`, own, 'text/csv');
  const uploaded = await client.fetch('POST', `/api/imports/uploads?kind=${kind}`, file.body, file.headers);
  answers.push(uploaded);
  expect(uploaded.status).toBe(200);
  const confirmed = await client.fetch('POST', `/api/imports/uploads/${JSON.parse(uploaded.text).uploadId}/confirm`, { kind });
  expect(confirmed.status).toBe(200);
  answers.push(confirmed);
  const jobId = JSON.parse(confirmed.text).jobId;
  // Polled as a page does, with a pause: a loop of in-process requests that the server answers from memory (the job
  // registry, the session cache) would never yield to the import it is waiting for.
  const job = await waitFor(`the import job of ${client.role}`, async () => {
    const answer = await client.get(`/api/imports/jobs/${jobId}`);
    return JSON.parse(answer.text).status === 'running' ? null : answer;
  }, 120_000);
  answers.push(job!);
  for (const format of ['csv', 'xlsx']) answers.push(await client.get(`/api/imports/jobs/${jobId}/report?format=${format}`));
  return answers;
}

/** The answers of a status change, for a role that works cases. */
async function caseAnswers(client: Client): Promise<Answer[]> {
  if (!ROLES[client.role].can.includes('cases.work')) return [];
  const codes = ROLES[client.role].findings as readonly string[];
  const ids = (await database.pool.query('SELECT id FROM finding WHERE code = ANY($1::text[]) ORDER BY id', [codes])).rows;
  const answers: Answer[] = [];
  for (const { id } of ids) answers.push(await client.fetch('PATCH', `/api/findings/${id}`, { note: 'Đã liên hệ' }));
  return answers;
}

/** Everything a role can fetch: every GET route of the table, then its uploads and status changes. */
async function sweep(client: Client): Promise<Answer[]> {
  const pool = await parameterPool();
  const routes = app.routeList.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.public);
  const answers: Answer[] = [];
  for (const route of routes) for (const url of urlsOf(route.url, pool)) answers.push(await client.get(url));
  return [...answers, ...await importAnswers(client), ...await caseAnswers(client)];
}

/** Audit rows carrying personal data, written through the routes: searches, a review decision, a failed login. */
async function writeAuditTrail() {
  const bhxh = clients.get('social_security')!;
  expect((await bhxh.get(`/api/findings?search=${encodeURIComponent('Trần Thị Bình')}`)).status).toBe(200);
  expect((await bhxh.get(`/api/findings?search=${R.other}`)).status).toBe(200);
  expect((await bhxh.get(`/api/findings/export?format=csv&search=${HOUSEHOLD.owner}`)).status).toBe(200);
  const queue = JSON.parse((await bhxh.get('/api/findings/review')).text);
  if (queue.rows.length) {
    const item = queue.rows[0];
    const decided = await bhxh.fetch('POST', '/api/findings/review', { recordKey: item.recordKey, residentId: item.candidates[0].residentId, decision: 'rejected', note: 'Không phải Trần Thị Bình' });
    expect(decided.status).toBe(200);
  } else {
    // No uncertain link in this world: the same row the review route writes.
    const { audit } = await import('../../server/auth/audit.ts');
    await audit(database.db, { id: 1, username: 'p_social_security' }, { action: 'review', objectType: 'person_link', objectId: 'x', detail: { decision: 'rejected', residentId: R.other, note: 'Không phải Trần Thị Bình' } });
  }
  await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: R.control, password: 'sai-mat-khau' } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await loadWorld(database);
  await seedHousehold();
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  await refreshProgress(database);
  await collectPeople();
  app = await testApp(database);
  for (const role of Object.keys(ROLES) as RoleCode[]) clients.set(role, await signIn(role));
  await writeAuditTrail();
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database?.destroy();
});

const BLIND = (Object.keys(ROLES) as RoleCode[]).filter((r) => !ROLES[r].seesPersonalData);

describe('personal data per field kind, for every role and route', () => {
  it('has roles that do not see personal data, and the household case raised the findings it is about', async () => {
    expect(BLIND).toEqual(expect.arrayContaining(['leadership', 'inspectorate']));
    const raised = (await database.pool.query('SELECT code, subject_id, related_id FROM finding WHERE $1 IN (subject_id, related_id)', [HOUSEHOLD.owner])).rows;
    expect(raised.map((r) => r.code).sort()).toEqual(['DN_CHAM_DONG', 'DN_KHAI_THIEU_LAO_DONG', 'HKD_CHUA_THAM_GIA', 'NLD_CHUA_THAM_GIA']);
  });

  it.each(BLIND)('%s receives no ID, full name or birth date of anyone from any route or export', async (role) => {
    const answers = await sweep(clients.get(role)!);
    const leaks = answers.flatMap((a) => leaksIn(a.text).map((l) => `${a.url}: ${l}`));
    expect(leaks).toEqual([]);
    // Not vacuous: the role got data answers, and files where it may export.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(20);
    if (ROLES[role].findings.length) expect(answers.some((a) => a.status === 200 && a.type.startsWith(XLSX_TYPE))).toBe(true);
  }, 600_000);

  it('masks the household business, the outreach list and the audit log for leadership', async () => {
    const leader = clients.get('leadership')!;
    const list = JSON.parse((await leader.get('/api/findings?pageSize=500&code=DN_CHAM_DONG,HKD_CHUA_THAM_GIA')).text);
    const late = list.rows.find((r: { code: string; subjectId: string }) => r.code === 'DN_CHAM_DONG' && r.subjectId === HOUSEHOLD.unit);
    expect(late.relatedId).toBe(`${HOUSEHOLD.owner.slice(0, 3)}******${HOUSEHOLD.owner.slice(-3)}`);
    expect(late.subjectName).toBe('Hộ kinh doanh Lương V. H.');
    const hkd = list.rows.find((r: { code: string; subjectId: string }) => r.code === 'HKD_CHUA_THAM_GIA' && r.subjectId.endsWith(HOUSEHOLD.owner.slice(-3)));
    const detail = JSON.parse((await leader.get(`/api/findings/${hkd.id}`)).text);
    expect(detail.evidence.businessName).toBe('Hộ kinh doanh Lương V. H.');
    expect(detail.comparison[0].record).toContain('Hộ kinh doanh Lương V. H. (MST 019******');

    const outreach = await leader.get('/api/findings/export/outreach');
    const lines = outreach.text.split('\n');
    // Birth date, sex and ethnicity would give back digits 4–6 of the masked ID: hidden.
    expect(lines).toEqual(expect.arrayContaining(['••/••/••••', '(ẩn)', 'Trần T. B.']));

    const log = JSON.parse((await leader.get('/api/admin/audit?pageSize=500')).text);
    const searches = log.entries.filter((e: { objectType: string; detail: { search?: string } }) => e.objectType === 'finding_list' && e.detail.search);
    expect(searches.map((e: { detail: { search: string } }) => e.detail.search)).toEqual(expect.arrayContaining(['Trần T. B.', `019******${R.other.slice(-3)}`]));
    const review = log.entries.find((e: { action: string }) => e.action === 'review');
    expect(review.detail.residentId).toMatch(/^019\*{6}\d{3}$/);
  });

  it('still shows personal data to the roles that need it', async () => {
    const bhxh = clients.get('social_security')!;
    const list = await bhxh.get('/api/findings?pageSize=500');
    expect(list.text).toContain(HOUSEHOLD.owner);
    expect(list.text).toContain(HOUSEHOLD.business);
    const csv = await bhxh.get('/api/findings/export?format=csv');
    expect(csv.text).toContain(WORKER.name);
    const commune = clients.get('commune')!;
    const outreach = await commune.get('/api/findings/export/outreach');
    expect(outreach.text).toContain('10/05/1990');
    expect(outreach.text).toContain('Trần Thị Bình');
    const admin = clients.get('admin')!;
    const log = await admin.get('/api/admin/audit?pageSize=500');
    expect(log.text).toContain('Trần Thị Bình');
    expect(log.text).toContain(R.other);
  });
});
