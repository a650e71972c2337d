/**
 * Browser test of the findings page (/phat-hien) on the real server, with the demo province's real files
 * (scale 0.01, seed 7) imported and reconciled: findings per role (Thuế and BHXH see employer findings, a commune
 * account only its own commune's people, the leadership masked), filters by code, commune and status, counts per
 * commune, the detail panel (why, the compared records side by side, the legal basis, the action log), the review
 * queue of uncertain person links (accept and reject, audited) and the XLSX exports (outreach list per commune,
 * enforcement list per agency), read back and checked. Every number shown is compared with figures computed here
 * by SQL from the database (findings) and from the imported rows (arrears, compared records, support groups).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot, settled } from '../helpers/browser.ts';
import { importDemoProvince } from '../helpers/demo.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { ROLES } from '#shared/auth/roles.ts';
import { formatDate, formatInt } from '#shared/format.ts';

/** The findings list's cells, without the choice column that offices which open cases have (checkboxes). */
const DATA_CELLS = 'td:not(.ant-table-selection-column)';
const dataCell = (n: number) => `td:nth-child(${n} of :not(.ant-table-selection-column))`;

const MINE = '05443'; // Phường Phan Đình Phùng
const MINE_NAME = 'Phường Phan Đình Phùng';
let server: RunningServer;
let browser: Browser;
let database: Database;
let asOf: string;
let period: string; // YYYY-MM-01

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('bhxh1', 'social_security', { name: 'Chuyên viên BHXH tỉnh' });
  await server.addUser('thue1', 'tax', { name: 'Chuyên viên Thuế tỉnh' });
  await server.addUser('xa1', 'commune', { name: 'Cán bộ UBND phường Phan Đình Phùng', communes: [MINE] });
  await server.addUser('lanhdao', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
  database = await openDatabase(dbConfigFromEnv(server.env));
  const outDir = path.join(server.dataDir, 'demo');
  const { manifestPath } = await importDemoProvince(database, { scale: 0.01, seed: 7, outDir });
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { asOf: string; period: string };
  asOf = manifest.asOf;
  period = `${manifest.period}-01`;
  await runReconciliation(database, { asOf, period: manifest.period });
  // As `baophu import` / `baophu reconcile` do after their work: otherwise the first visit of the overview (where
  // every login lands) rebuilds the dashboards, a long transaction on the embedded database that the pages of
  // these tests would wait behind.
  await refreshProgress(database);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await server?.stop();
});

const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> => (await database.pool.query(text, params)).rows as T[];

/** Present findings (raised by the latest run) per code, optionally in some communes. */
async function countsByCode(codes: readonly string[], communes?: string[], statuses?: string[]): Promise<Map<string, number>> {
  const rows = await q<{ code: string; n: number }>(
    `SELECT code, count(*)::int AS n FROM finding
      WHERE resolved_run_id IS NULL AND code = ANY($1::text[])
        AND ($2::text[] IS NULL OR commune_code = ANY($2::text[])) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
      GROUP BY code`,
    [codes, communes ?? null, statuses ?? null],
  );
  return new Map(codes.map((c) => [c, rows.find((r) => r.code === c)?.n ?? 0]));
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function page(): Promise<Page> {
  const p = await (await newContext(browser)).newPage();
  return p;
}

/** The table's "1–50 / 1.234 dòng" (or "0 dòng" when empty). */
async function totalText(p: Page): Promise<string> {
  const table = p.getByTestId('findings-table');
  if (await table.locator('.ant-table-placeholder').isVisible()) return '0 dòng';
  const t = table.locator('.ant-pagination-total-text');
  return (await t.count()) ? t.innerText() : '';
}
const totalOf = (n: number, pageSize = 50) => (n === 0 ? '0 dòng' : `1–${formatInt(Math.min(n, pageSize))} / ${formatInt(n)} dòng`);

async function openFindings(p: Page, query = '') {
  await p.goto(`${server.url}/phat-hien${query ? `?${query}` : ''}`);
  await p.getByTestId('code-counts').waitFor();
  await p.getByTestId('findings-table').waitFor();
}

/** The number shown on each code tag. */
async function tagCounts(p: Page): Promise<Map<string, string>> {
  const tags = p.getByTestId('code-counts').locator('[data-code]');
  const out = new Map<string, string>();
  for (let i = 0; i < (await tags.count()); i++) {
    const t = tags.nth(i);
    out.set((await t.getAttribute('data-code'))!, await t.locator('b').innerText());
  }
  return out;
}
const expectTags = async (p: Page, counts: Map<string, number>) =>
  expect.poll(async () => Object.fromEntries(await tagCounts(p))).toEqual(Object.fromEntries([...counts].map(([c, n]) => [c, formatInt(n)])));

/** Picks an option of the n-th filter select (0 code, 1 commune, 2 status), typing to search when asked. */
async function pickFilter(p: Page, n: number, label: string, type?: string) {
  const select = p.getByTestId('finding-filters').locator('.ant-select').nth(n);
  await select.click();
  if (type) await p.keyboard.type(type);
  await (await settled(p.locator('.ant-select-dropdown:visible'))).locator('.ant-select-item-option', { hasText: label }).first().click();
}

async function downloadXlsx(p: Page, button: string): Promise<{ name: string; rows: unknown[][]; title: string }> {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: button }).click()]);
  const file = await dl.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 3) rows.push((row.values as unknown[]).slice(1));
  });
  return { name: dl.suggestedFilename(), rows, title: String(ws.getCell('A1').value) };
}

const audits = (username: string, action: string, objectType: string) =>
  q(`SELECT * FROM audit_log WHERE username = $1 AND action = $2 AND object_type = $3 ORDER BY id`, [username, action, objectType]);

// Generous per-test time: the machine running the suite may be busy (each step waits on the real server and browser).
describe('findings page per role', { timeout: 300_000 }, () => {
  it('Thuế: employer findings only, counts, filter by code, detail of a late payer with its months, enforcement list', async () => {
    const codes = ROLES.tax.findings;
    const counts = await countsByCode(codes);
    const p = await page();
    await loginAs(p, server.url, 'thue1', SERVER_TEST_PASSWORD);
    const errors: string[] = [];
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openFindings(p);
    await expectTags(p, counts);
    expect([...(await tagCounts(p)).keys()]).not.toContain('TIEM_NANG_TU_NGUYEN');
    await expect.poll(() => totalText(p)).toBe(totalOf(sum(counts)));
    // No review queue for Thuế.
    expect(await p.getByRole('tab', { name: 'Liên kết cần xem xét' }).count()).toBe(0);

    // Filter by code: the address keeps it and the list has exactly that code's findings.
    await pickFilter(p, 0, 'Đơn vị chậm đóng BHXH');
    await p.waitForURL(/code=DN_CHAM_DONG/);
    await expect.poll(() => totalText(p)).toBe(totalOf(counts.get('DN_CHAM_DONG')!));
    const kinds = await p.getByTestId('findings-table').locator(`tbody tr[data-row-key] ${dataCell(1)}`).allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(['Đơn vị chậm đóng BHXH']));

    // The first row (largest amount) explained: arrears recomputed from the imported contribution rows.
    const first = (await q(`SELECT id, subject_id, amount_vnd, legal_basis FROM finding WHERE code = 'DN_CHAM_DONG' AND resolved_run_id IS NULL ORDER BY amount_vnd DESC, id LIMIT 1`))[0];
    const months = await q<{ period: string; due: string; paid: string }>(
      `SELECT to_char(period, 'MM/YYYY') AS period, amount_due AS due, amount_paid AS paid FROM cur_bhxh_thu
        WHERE unit_code = $1 AND amount_paid < amount_due AND (period + interval '2 months' - interval '1 day')::date < $2::date ORDER BY period`,
      [first.subject_id, asOf],
    );
    const arrears = months.reduce((a, m) => a + Number(m.due) - Number(m.paid), 0);
    expect(arrears).toBe(Number(first.amount_vnd));
    await p.getByTestId('findings-table').locator(`tr[data-row-key="${first.id}"]`).click();
    const detail = p.getByTestId('finding-detail');
    await detail.waitFor();
    const why = await detail.getByTestId('finding-explanation').innerText();
    expect(why).toContain(`Còn nợ ${formatInt(arrears)} đ của ${months.length} tháng đã quá hạn đóng`);
    expect(why).toContain('0,03 %/ngày');
    expect(why).toContain('không phải kết luận vi phạm');
    // Side by side: due and paid of every overdue month.
    const cmp = detail.getByTestId('finding-comparison');
    expect(await cmp.locator('thead th').allInnerTexts()).toEqual(['Thông tin', 'Số phải đóng', 'Số đã đóng']);
    const cmpRows = cmp.locator('tbody tr.ant-table-row');
    expect(await cmpRows.count()).toBe(months.length);
    for (let i = 0; i < months.length; i++) {
      const cells = await cmpRows.nth(i).locator('td').allInnerTexts();
      expect(cells[0]).toContain(`Tháng ${months[i].period}`);
      expect(cells[1]).toBe(`${formatInt(Number(months[i].due))} đ`);
      expect(cells[2]).toContain(`${formatInt(Number(months[i].paid))} đ — còn nợ ${formatInt(Number(months[i].due) - Number(months[i].paid))} đ`);
    }
    expect(await detail.getByTestId('finding-legal-basis').innerText()).toBe(first.legal_basis);
    expect(first.legal_basis).toContain('Luật BHXH 41/2024/QH15 Điều 34');
    await screenshot(p, 'findings-tax-detail');
    await p.keyboard.press('Escape');

    // Enforcement list of the agency: exactly its open employer-level findings, with their amounts.
    const enforcementCodes = codes.filter((c) => ['DN_CHUA_DANG_KY', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHAM_DONG', 'DN_TRON_DONG', 'KCN_LECH_LAO_DONG', 'NLD_CHUA_THAM_GIA', 'HKD_CHUA_THAM_GIA', 'BHTN_TRUC_LOI', 'NTG_DA_CHET'].includes(c));
    const expected = await q<{ code: string; subject_id: string; amount_vnd: string }>(
      `SELECT code, subject_id, amount_vnd FROM finding WHERE resolved_run_id IS NULL AND status IN ('new', 'open') AND code = ANY($1::text[])`, [enforcementCodes]);
    const before = (await audits('thue1', 'export', 'enforcement_list')).length;
    const x = await downloadXlsx(p, 'Danh sách kiểm tra, đôn đốc');
    expect(x.name).toBe('danh-sách-kiểm-tra.xlsx');
    expect(x.title).toBe('DANH SÁCH KIỂM TRA, ĐÔN ĐỐC — THUẾ TỈNH');
    expect(x.rows.map((r) => `${r[0]}|${r[1]}|${r[4]}`).sort()).toEqual(expected.map((r) => `${r.code}|${r.subject_id}|${Number(r.amount_vnd)}`).sort());
    expect(new Set(x.rows.map((r) => r[0]))).toEqual(new Set(expected.map((r) => r.code)));
    expect((await audits('thue1', 'export', 'enforcement_list')).length).toBe(before + 1);
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('BHXH: every code, filters by commune and status, the compared records of a wrong birth date, status change logged', async () => {
    const codes = ROLES.social_security.findings;
    const p = await page();
    await loginAs(p, server.url, 'bhxh1', SERVER_TEST_PASSWORD);
    await openFindings(p);
    await expectTags(p, await countsByCode(codes));
    await expect.poll(() => totalText(p)).toBe(totalOf(sum(await countsByCode(codes))));

    // Commune filter (searched without diacritics): list and the per-code counts follow it.
    const inMine = await countsByCode(codes, [MINE]);
    await pickFilter(p, 1, MINE_NAME, 'phan dinh phung');
    await p.waitForURL(new RegExp(`commune=${MINE}`));
    await expect.poll(() => totalText(p)).toBe(totalOf(sum(inMine)));
    await expectTags(p, inMine);
    const communesShown = await p.getByTestId('findings-table').locator(`tbody tr[data-row-key] ${dataCell(3)}`).allInnerTexts();
    expect(new Set(communesShown)).toEqual(new Set([MINE_NAME]));
    // BHXH sees personal data: the largest potential voluntary participant's full ID and name.
    await pickFilter(p, 0, 'Người có thể vận động tham gia BHXH tự nguyện', 'van dong');
    await p.waitForURL(/code=TIEM_NANG_TU_NGUYEN/);
    await expect.poll(() => totalText(p)).toBe(totalOf(inMine.get('TIEM_NANG_TU_NGUYEN')!));
    const top = (await q(`SELECT id, subject_id, subject_name FROM finding WHERE code = 'TIEM_NANG_TU_NGUYEN' AND commune_code = $1 AND resolved_run_id IS NULL ORDER BY amount_vnd DESC, id LIMIT 1`, [MINE]))[0];
    const topCells = await p.getByTestId('findings-table').locator(`tr[data-row-key="${top.id}"] ${DATA_CELLS}`).allInnerTexts();
    expect(topCells[1]).toContain(top.subject_id);
    expect(topCells[1]).toContain(top.subject_name);

    // A record whose birth date differs from the population extract: compared side by side with the imported rows.
    const f = (await q(`SELECT id, subject_id, legal_basis FROM finding WHERE code = 'NTG_SAI_THONG_TIN' AND resolved_run_id IS NULL
                         AND (evidence->>'birthDiffers')::boolean AND link_method = 'id' ORDER BY id LIMIT 1`))[0];
    expect(f).toBeDefined();
    const rec = (await q(`SELECT full_name, birth_date::text AS b FROM cur_bhxh_nguoi WHERE person_id = $1 AND from_period <= $2::date AND (to_period IS NULL OR to_period >= $2::date) ORDER BY batch_id, row_no LIMIT 1`, [f.subject_id, period]))[0];
    const res = (await q(`SELECT full_name, birth_date::text AS b FROM cur_dan_cu WHERE person_id = $1 LIMIT 1`, [f.subject_id]))[0];
    expect(rec.b).not.toBe(res.b);
    await openFindings(p, `code=NTG_SAI_THONG_TIN&tim=${f.subject_id}`);
    await expect.poll(() => totalText(p)).toBe(totalOf(1));
    const readsBefore = (await audits('bhxh1', 'read', 'finding')).length;
    await p.getByTestId('findings-table').locator(`tr[data-row-key="${f.id}"]`).click();
    const detail = p.getByTestId('finding-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('finding-explanation').innerText()).toContain('ngày sinh khác CSDL dân cư');
    const cmp = detail.getByTestId('finding-comparison');
    expect(await cmp.locator('thead th').allInnerTexts()).toEqual(['Thông tin', 'Hồ sơ BHXH', 'CSDL dân cư']);
    const row = async (label: string) => cmp.locator('tbody tr.ant-table-row', { hasText: label }).locator('td').allInnerTexts();
    expect(await row('Ngày sinh')).toEqual(['Ngày sinh', formatDate(rec.b), formatDate(res.b)]);
    expect(await row('Số định danh cá nhân')).toEqual(['Số định danh cá nhân', f.subject_id, f.subject_id]);
    expect((await row('Họ và tên'))[2]).toBe(res.full_name);
    expect(await detail.getByTestId('finding-legal-basis').innerText()).toBe(f.legal_basis);
    // Reading a person's finding is audited.
    await expect.poll(async () => (await audits('bhxh1', 'read', 'finding')).length).toBe(readsBefore + 1);
    expect((await audits('bhxh1', 'read', 'finding')).at(-1).object_id).toBe(String(f.id));

    // Status change with a note: shown in the action log, stored, and the status filter finds it.
    await detail.locator('.ant-select').click();
    await (await settled(p.locator('.ant-select-dropdown:visible'))).locator('.ant-select-item-option', { hasText: 'Đang xử lý' }).click();
    await detail.getByLabel('Ghi chú').fill('Đã đề nghị đơn vị điều chỉnh ngày sinh');
    await detail.getByRole('button', { name: 'Lưu' }).click();
    await p.getByText('Đã cập nhật phát hiện.').first().waitFor();
    await detail.getByText('bhxh1: Mới → Đang xử lý — Đã đề nghị đơn vị điều chỉnh ngày sinh').first().waitFor();
    expect((await q(`SELECT status FROM finding WHERE id = $1`, [f.id]))[0].status).toBe('open');
    await screenshot(p, 'findings-bhxh-detail');
    await p.keyboard.press('Escape');
    await openFindings(p);
    await pickFilter(p, 2, 'Đang xử lý');
    await p.waitForURL(/status=open/);
    const open = await countsByCode(codes, undefined, ['open']);
    expect(sum(open)).toBe(1);
    await expect.poll(() => totalText(p)).toBe(totalOf(1));
    await expectTags(p, open);
    expect(await p.getByTestId('findings-table').locator('tbody tr[data-row-key]').getAttribute('data-row-key')).toBe(String(f.id));
    // The filtered list as XLSX: the contract's columns first, that one finding, audited.
    const exportsBefore = (await audits('bhxh1', 'export', 'finding')).length;
    const x = await downloadXlsx(p, 'Xuất danh sách đang lọc (XLSX)');
    expect(x.name).toBe('phát-hiện.xlsx');
    expect(x.rows.length).toBe(1);
    expect(x.rows[0].slice(0, 3)).toEqual(['NTG_SAI_THONG_TIN', f.subject_id, (await q(`SELECT commune_code FROM finding WHERE id = $1`, [f.id]))[0].commune_code]);
    expect(x.rows[0][10]).toBe('Đang xử lý');
    expect((await audits('bhxh1', 'export', 'finding')).length).toBe(exportsBefore + 1);
    await p.context().close();
  });

  it('BHXH: counts per commune, and a commune opens the list filtered by it', async () => {
    const codes = ROLES.social_security.findings;
    const perCommune = await q<{ commune_code: string; name: string; total: number; by_code: Record<string, number> }>(
      `SELECT f.commune_code, c.name, sum(f.n)::int AS total, jsonb_object_agg(f.code, f.n) AS by_code
         FROM (SELECT commune_code, code, count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL GROUP BY 1, 2) f
         JOIN commune c ON c.code = f.commune_code GROUP BY 1, 2`);
    expect((await q(`SELECT count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL AND commune_code IS NULL`))[0].n).toBe(0);
    const p = await page();
    await loginAs(p, server.url, 'bhxh1', SERVER_TEST_PASSWORD);
    await openFindings(p);
    await p.getByRole('tab', { name: 'Theo xã, phường' }).click();
    const table = p.getByTestId('by-commune-table');
    await table.locator('tbody tr[data-row-key]').first().waitFor();
    expect(await table.locator('.ant-pagination-total-text').innerText()).toBe(`1–50 / ${formatInt(perCommune.length)} dòng`);
    const headers = await table.locator('thead th').allInnerTexts();
    const rows = table.locator('tbody tr[data-row-key]');
    const shown = await rows.count();
    expect(shown).toBe(Math.min(50, perCommune.length));
    for (let i = 0; i < shown; i++) {
      const code = (await rows.nth(i).getAttribute('data-row-key'))!;
      const exp = perCommune.find((c) => c.commune_code === code)!;
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells[0]).toBe(exp.name);
      expect(cells[1]).toBe(formatInt(exp.total));
      for (const c of codes) {
        const col = headers.indexOf(LABELS[c]);
        expect(col, c).toBeGreaterThan(1);
        expect(cells[col], `${code} ${c}`).toBe(formatInt(exp.by_code[c] ?? 0));
      }
    }
    // Sorted by total, largest first.
    const totals = (await rows.locator('td:nth-child(2)').allInnerTexts()).map((t) => Number(t.replace(/\./g, '')));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    await screenshot(p, 'findings-by-commune');
    await table.locator(`tr[data-row-key="${MINE}"]`).click();
    await p.waitForURL(new RegExp(`commune=${MINE}`));
    await expect.poll(() => totalText(p)).toBe(totalOf(perCommune.find((c) => c.commune_code === MINE)!.total));
    await p.context().close();
  });

  it('BHXH: review queue of uncertain links — accept one, reject one, each decision stored and audited', async () => {
    const queue = await q<{ record_key: string; candidates: Array<{ residentId: string; score: number; components: Record<string, number> }> }>(
      `SELECT record_key, candidates FROM person_link WHERE status = 'review' ORDER BY score DESC NULLS LAST, source, batch_id, row_no`);
    expect(queue.length).toBeGreaterThanOrEqual(2);
    const p = await page();
    await loginAs(p, server.url, 'bhxh1', SERVER_TEST_PASSWORD);
    await openFindings(p);
    await p.getByRole('tab', { name: 'Liên kết cần xem xét' }).click();
    await expect.poll(() => p.getByTestId('review-total').innerText()).toBe(formatInt(queue.length));
    const table = p.getByTestId('review-table');
    expect(await table.locator('tbody tr[data-row-key]').count()).toBe(Math.min(20, queue.length));
    // Each candidate with its score and the score's parts, as stored by the linkage.
    const signed = (v: number) => `${v > 0 ? '+' : ''}${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}`;
    for (const item of queue.slice(0, 20)) {
      const text = await table.locator(`tr[data-row-key="${item.record_key}"]`).innerText();
      for (const c of item.candidates) {
        expect(text).toContain(`Số định danh: ${c.residentId} — Điểm giống: ${String(c.score).replace(".", ",")}`);
        expect(text).toContain(`ngày sinh ${signed(c.components.birth)}; giới tính ${signed(c.components.sex)}; xã ${signed(c.components.commune)}`);
        expect(text).toContain(`tên ${signed(c.components.given)}`);
      }
    }
    await screenshot(p, 'findings-review');

    const decide = async (item: (typeof queue)[number], button: 'Cùng người' | 'Khác người') => {
      const candidate = item.candidates[0].residentId;
      const row = table.locator(`tr[data-row-key="${item.record_key}"]`);
      await row.locator('.ant-space', { hasText: candidate }).last().getByRole('button', { name: button }).click();
      const dialog = await settled(p.locator('.ant-modal-confirm:visible'));
      const posted = p.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/findings/review', { timeout: 60_000 });
      await dialog.getByRole('button', { name: 'Xác nhận' }).click();
      const response = await posted;
      // The decision sent is the one clicked, and the server took it.
      expect(response.request().postDataJSON()).toMatchObject({ recordKey: item.record_key, residentId: candidate });
      expect({ status: response.status(), body: await response.json() }).toMatchObject({ status: 200, body: { ok: true } });
      expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM person_link_review WHERE record_key = $1`, [item.record_key]))[0].n).toBe(1);
      await expect.poll(() => p.locator('.ant-modal-confirm:visible').count(), { timeout: 30_000 }).toBe(0);
      return candidate;
    };
    const accepted = await decide(queue[0], 'Cùng người');
    await p.getByText('Đã xác nhận liên kết. Lần đối soát sau sẽ dùng liên kết này.').first().waitFor();
    await expect.poll(() => p.getByTestId('review-total').innerText()).toBe(formatInt(queue.length - 1));
    const rejected = await decide(queue[1], 'Khác người');
    await p.getByText('Đã loại ứng viên này. Lần đối soát sau sẽ không đề xuất lại.').first().waitFor();

    const decisions = await q(`SELECT record_key, resident_id, decision, decided_by_name FROM person_link_review ORDER BY decided_at`);
    expect(decisions).toEqual([
      { record_key: queue[0].record_key, resident_id: accepted, decision: 'accepted', decided_by_name: 'bhxh1' },
      { record_key: queue[1].record_key, resident_id: rejected, decision: 'rejected', decided_by_name: 'bhxh1' },
    ]);
    expect((await q(`SELECT status, method, resident_id FROM person_link WHERE record_key = $1`, [queue[0].record_key]))[0])
      .toEqual({ status: 'linked', method: 'review_accepted', resident_id: accepted });
    const afterReject = (await q(`SELECT status, candidates FROM person_link WHERE record_key = $1`, [queue[1].record_key]))[0];
    expect(afterReject.candidates.map((c: { residentId: string }) => c.residentId)).not.toContain(rejected);
    expect(afterReject.status).toBe(queue[1].candidates.length > 1 ? 'review' : 'unlinked');
    const logged = await audits('bhxh1', 'review', 'person_link');
    expect(logged.map((a) => [a.object_id, a.detail.decision, a.detail.residentId])).toEqual([
      [queue[0].record_key, 'accepted', accepted],
      [queue[1].record_key, 'rejected', rejected],
    ]);
    const left = (await q(`SELECT count(*)::int AS n FROM person_link WHERE status = 'review'`))[0].n;
    await expect.poll(() => p.getByTestId('review-total').innerText()).toBe(formatInt(left));
    await p.context().close();
  });

  it('a commune account sees only its own commune’s people, and its outreach list matches the database', async () => {
    const codes = ROLES.commune.findings;
    const mine = await countsByCode(codes, [MINE]);
    const p = await page();
    await loginAs(p, server.url, 'xa1', SERVER_TEST_PASSWORD);
    await openFindings(p, 'so=200');
    await expectTags(p, mine);
    await expect.poll(() => totalText(p)).toBe(totalOf(sum(mine), 200));
    const communesShown = await p.getByTestId('findings-table').locator(`tbody tr[data-row-key] ${dataCell(3)}`).allInnerTexts();
    expect(communesShown.length).toBe(Math.min(200, sum(mine)));
    expect(new Set(communesShown)).toEqual(new Set([MINE_NAME]));
    // Employer findings are not for communes.
    expect([...(await tagCounts(p)).keys()].sort()).toEqual([...codes].sort());
    // Another commune in the address: the server returns nothing; a finding of another commune is not found.
    const other = (await q(`SELECT id, commune_code FROM finding WHERE code = 'TIEM_NANG_TU_NGUYEN' AND commune_code <> $1 AND resolved_run_id IS NULL ORDER BY id LIMIT 1`, [MINE]))[0];
    await openFindings(p, `commune=${other.commune_code}`);
    await expect.poll(() => totalText(p)).toBe('0 dòng');
    expect(await p.evaluate(async (id) => (await fetch(`/api/findings/${id}`)).status, other.id)).toBe(404);
    await p.getByRole('tab', { name: 'Theo xã, phường' }).click();
    await p.getByTestId('by-commune-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await p.getByTestId('by-commune-table').locator('tbody tr[data-row-key]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-row-key')))).toEqual([MINE]);

    // Outreach list: the commune's potential voluntary participants; support group and net payment recomputed from
    // the poverty list, the population extract and the legal parameters.
    const param = async (key: string) => Number((await q(`SELECT value FROM legal_param WHERE key = $1 AND effective_from <= $2::date ORDER BY effective_from DESC LIMIT 1`, [key, asOf]))[0].value);
    const gross = (await param('rate.voluntary')) * (await param('rural_poverty_line'));
    const rate = { poor: await param('voluntary.support_rate.poor'), near_poor: await param('voluntary.support_rate.near_poor'), ethnic_minority: await param('voluntary.support_rate.ethnic_minority'), other: await param('voluntary.support_rate.other') };
    const label = { poor: 'Hộ nghèo', near_poor: 'Hộ cận nghèo', ethnic_minority: 'Người dân tộc thiểu số', other: 'Đối tượng khác' };
    const people = await q<{ subject_id: string; subject_name: string; poor: boolean | null; ethnicity: string | null }>(
      `WITH hn AS (
         SELECT l.resident_id, bool_or(h.household_type = 'poor') AS poor
           FROM person_link l JOIN cur_ho_ngheo h ON h.batch_id = l.batch_id AND h.row_no = l.row_no
          WHERE l.source = 'ho-ngheo' AND l.status = 'linked'
            AND h.year = (SELECT max(year) FROM cur_ho_ngheo WHERE year <= extract(year FROM $2::date))
          GROUP BY l.resident_id),
       dc AS (SELECT DISTINCT ON (person_id) person_id, ethnicity FROM cur_dan_cu ORDER BY person_id, batch_id DESC, row_no)
       SELECT f.subject_id, f.subject_name, hn.poor, dc.ethnicity
         FROM finding f LEFT JOIN hn ON hn.resident_id = f.subject_id LEFT JOIN dc ON dc.person_id = f.subject_id
        WHERE f.code = 'TIEM_NANG_TU_NGUYEN' AND f.resolved_run_id IS NULL AND f.status IN ('new', 'open') AND f.commune_code = $1`,
      [MINE, asOf]);
    expect(people.length).toBe(mine.get('TIEM_NANG_TU_NGUYEN'));
    const groupOf = (x: (typeof people)[number]) => {
      // The highest support rate wins; on equal rates poor > near-poor > ethnic minority > other.
      const candidates: Array<keyof typeof rate> = [];
      if (x.poor === true) candidates.push('poor');
      if (x.poor === false) candidates.push('near_poor');
      if (x.ethnicity && x.ethnicity.trim().toLowerCase() !== 'kinh') candidates.push('ethnic_minority');
      candidates.push('other');
      return [...candidates].sort((a, b) => rate[b] - rate[a])[0];
    };
    const before = (await audits('xa1', 'export', 'outreach_list')).length;
    await openFindings(p);
    const x = await downloadXlsx(p, 'Danh sách vận động tham gia');
    expect(x.name).toBe('danh-sách-vận-động.xlsx');
    expect(x.title).toBe('DANH SÁCH NGƯỜI CÓ THỂ VẬN ĐỘNG THAM GIA BHXH TỰ NGUYỆN');
    expect(x.rows.length).toBe(people.length);
    const byId = new Map(people.map((r) => [r.subject_id, r]));
    const groups = new Set<string>();
    x.rows.forEach((r, i) => {
      expect(r[0]).toBe(i + 1);
      const who = byId.get(String(r[2]))!;
      expect(who, String(r[2])).toBeDefined();
      expect(r[1]).toBe(who.subject_name);
      const g = groupOf(who);
      groups.add(g);
      expect(r[6], String(r[2])).toBe(label[g]);
      expect(r[7], String(r[2])).toBe(Math.round(gross * (1 - rate[g])));
      expect(r[8]).toBe(MINE_NAME);
    });
    expect(new Set(x.rows.map((r) => r[2])).size).toBe(people.length);
    expect(groups.size).toBeGreaterThan(1);
    const logged = await audits('xa1', 'export', 'outreach_list');
    expect(logged.length).toBe(before + 1);
    expect(logged.at(-1).detail.communes).toEqual([MINE]);
    await p.context().close();
  });

  it('the leadership sees every code but personal IDs and names masked, also in the detail', async () => {
    const p = await page();
    await loginAs(p, server.url, 'lanhdao', SERVER_TEST_PASSWORD);
    await openFindings(p, `code=TIEM_NANG_TU_NGUYEN&commune=${MINE}`);
    await p.getByText('Dữ liệu cá nhân đã được che').first().waitFor();
    const top = (await q(`SELECT id, subject_id, subject_name FROM finding WHERE code = 'TIEM_NANG_TU_NGUYEN' AND commune_code = $1 AND resolved_run_id IS NULL ORDER BY amount_vnd DESC, id LIMIT 50`, [MINE]));
    await expect.poll(() => totalText(p)).toBe(totalOf((await countsByCode(['TIEM_NANG_TU_NGUYEN'], [MINE])).get('TIEM_NANG_TU_NGUYEN')!));
    const tableText = await p.getByTestId('findings-table').innerText();
    for (const r of top) {
      expect(tableText).not.toContain(r.subject_id);
      expect(tableText).toContain(`${r.subject_id.slice(0, 3)}******${r.subject_id.slice(-3)}`);
    }
    const first = await p.getByTestId('findings-table').locator(`tr[data-row-key="${top[0].id}"] ${DATA_CELLS}`).nth(1).innerText();
    const parts = top[0].subject_name.split(/\s+/);
    expect(first).toContain([parts[0], ...parts.slice(1).map((w: string) => `${w.charAt(0).toUpperCase()}.`)].join(' '));
    expect(first).not.toContain(top[0].subject_name);

    // A household business whose tax code is the owner's personal ID: the code is masked in the row and the detail.
    const hkd = (await q(`SELECT id, subject_id, related_id FROM finding WHERE code = 'HKD_CHUA_THAM_GIA' AND related_id ~ '^[0-9]{12}$' AND resolved_run_id IS NULL ORDER BY id LIMIT 1`))[0];
    expect(hkd).toBeDefined();
    await openFindings(p, `code=HKD_CHUA_THAM_GIA&tim=${hkd.subject_id}`);
    await expect.poll(() => totalText(p)).toBe(totalOf(1));
    await p.getByTestId('findings-table').locator(`tr[data-row-key="${hkd.id}"]`).click();
    const detail = p.getByTestId('finding-detail');
    await detail.waitFor();
    const all = (await p.getByTestId('findings-table').innerText()) + (await detail.innerText());
    expect(all).not.toContain(hkd.related_id);
    expect(all).not.toContain(hkd.subject_id);
    expect(await detail.getByTestId('finding-explanation').innerText()).toContain(`MST ${hkd.related_id.slice(0, 3)}******${hkd.related_id.slice(-3)}`);
    // No updates for a read-only role.
    expect(await detail.getByText('Cập nhật', { exact: true }).count()).toBe(0);
    // The same in the exported list (filtered by the search): ID, name and the ID-shaped tax code masked.
    await p.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    const x = await downloadXlsx(p, 'Xuất danh sách đang lọc (XLSX)');
    expect(x.rows.length).toBe(1);
    const line = x.rows[0].map((v) => String(v ?? '')).join('|');
    expect(line).not.toContain(hkd.related_id);
    expect(line).not.toContain(hkd.subject_id);
    expect(x.rows[0][5]).toBe(`${hkd.related_id.slice(0, 3)}******${hkd.related_id.slice(-3)}`);
    // No review queue for a read-only role.
    expect(await p.getByRole('tab', { name: 'Liên kết cần xem xét' }).count()).toBe(0);
    await screenshot(p, 'findings-leadership-masked');
    await p.context().close();
  });
});

const LABELS: Record<string, string> = {
  DN_CHUA_DANG_KY: 'Doanh nghiệp có trả lương nhưng chưa đăng ký tham gia BHXH',
  HKD_CHUA_THAM_GIA: 'Chủ hộ kinh doanh (kê khai) chưa tham gia BHXH',
  NLD_CHUA_THAM_GIA: 'Người lao động có thu nhập nhưng chưa tham gia BHXH bắt buộc',
  DN_KHAI_THIEU_LAO_DONG: 'Đơn vị khai thiếu người lao động',
  DN_KHAI_THAP_LUONG: 'Khai mức đóng thấp hơn quy định',
  DN_CHAM_DONG: 'Đơn vị chậm đóng BHXH',
  DN_TRON_DONG: 'Đơn vị trốn đóng BHXH',
  NTG_SAI_THONG_TIN: 'Thông tin người tham gia sai lệch với CSDL dân cư',
  NTG_DA_CHET: 'Người đã chết vẫn tham gia hoặc hưởng trợ cấp',
  BHTN_TRUC_LOI: 'Có việc làm mới trong thời gian hưởng trợ cấp thất nghiệp',
  TIEM_NANG_TU_NGUYEN: 'Người có thể vận động tham gia BHXH tự nguyện',
  KCN_LECH_LAO_DONG: 'Doanh nghiệp KCN báo cáo nhiều lao động hơn số tham gia BHXH',
};
