/**
 * Every role's everyday journey in Chromium, on the demo province (`baophu serve` loads it on first start, with the
 * demo accounts of README.md): every page of the role's menu and the commune page, one detail where it is cheap, one
 * export downloaded and read back (XLSX with exceljs), one form with a wrong value refused with a Vietnamese message.
 * On every page the visible text (innerText of the body) must hold no code (finding codes, file-kind codes, rule keys,
 * a commune code shown alone), no English UI word and no raw JSON (visible-text.ts).
 * One server, one browser for the whole file; each role has its own browser context.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, retype } from '../helpers/browser.ts';
import { ROLES, type Capability, type RoleCode } from '#shared/auth/roles.ts';
import { FINDINGS, FILE_KIND_LABELS } from '#shared/vocabulary.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/auth/users.ts';
import { offences, type Offence } from './visible-text.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: true, timeoutMs: 300_000 });
  browser = await launchBrowser();
}, 330_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The menu a role must see (web/src/routes.tsx), from its capabilities in shared/auth/roles.ts. */
function expectedMenu(role: RoleCode): string[] {
  const r = ROLES[role];
  const has = (c: Capability) => r.can.includes(c);
  return [
    '/', '/chi-tieu',
    ...(has('directive.report') || has('directive.follow') ? ['/chia-se-du-lieu', '/truyen-thong'] : []),
    ...(has('directive.report') || has('directive.follow') || has('directive.accept') ? ['/nhiem-vu'] : []),
    ...(has('reports.read') ? ['/bao-cao'] : []),
    ...(has('parks.read') ? ['/khu-cong-nghiep'] : []),
    ...(r.findings.length ? ['/phat-hien'] : []),
    ...(has('cases.work') || has('cases.read') ? ['/viec-cua-toi'] : []),
    ...(has('outreach.log') || has('cases.read') || (r.findings as readonly string[]).includes('TIEM_NANG_TU_NGUYEN') ? ['/van-dong'] : []),
    ...(r.imports.length ? ['/nhap-du-lieu', '/lich-su-nhap'] : []),
    '/may-tinh', '/mo-phong',
    ...(has('users.manage') ? ['/tai-khoan'] : []),
    ...(has('audit.read') ? ['/nhat-ky'] : []),
    ...(has('legal.verify') ? ['/tham-so-phap-ly'] : []),
  ];
}

/**
 * Polls `condition` until it holds (the roles run concurrently, and expect.poll belongs to one test's context).
 * Throws with `what` after `timeoutMs`.
 */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(400, delay * 2)) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Requests of the page still waiting for their answer. */
const inFlight = new WeakMap<Page, Set<unknown>>();
function trackRequests(page: Page) {
  const open = new Set<unknown>();
  inFlight.set(page, open);
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}

/** antd's motion state classes, present while a popup opens or closes (see settled() in test/helpers/browser.ts). */
const MOTION_STATE = /\bant-[\w-]+-(appear|enter|leave)\b/;

/** A popup once it is open and no longer moving. */
async function opened(popup: Locator): Promise<Locator> {
  await until('a popup to open', async () => {
    const classes = await popup.evaluateAll((found) => found.map((e) => e.className));
    return classes.length > 0 && !classes.some((c) => MOTION_STATE.test(c));
  });
  return popup;
}

/** Waits until the page shows its content: every request answered, no spinner or skeleton, the text unchanged. */
async function settledText(page: Page): Promise<string> {
  let last = '';
  await until('the page to settle', async () => {
    const busy = (inFlight.get(page)?.size ?? 0) + (await page.locator('.ant-spin-spinning, .ant-skeleton-active').count());
    const text = await page.innerText('body');
    const stable = busy === 0 && text === last && text.length > 0;
    last = text;
    return stable;
  });
  return last;
}

interface Finding extends Offence { where: string }

/** Reads the visible text and adds what breaks the rules to `found`, with the page it was on. */
async function check(page: Page, where: string, found: Finding[]): Promise<string> {
  const text = await settledText(page);
  // Account names (sonoivu.ld, congan.xa, and the example in the account form's help) are what officers sign in
  // with, not codes.
  for (const o of offences(text, [...DEMO_ACCOUNTS.map((a) => a.username), 'xa.dongquang'])) found.push({ ...o, where });
  return text;
}

const report = (found: Finding[]) => found.map((f) => `${f.where} — ${f.kind} «${f.text}»: ${f.line}`).join('\n');

async function readXlsx(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v)))));
  return rows;
}

/** The findings list as XLSX: a Vietnamese header row, and each finding's kind named by the one vocabulary. */
async function exportFindings(page: Page, role: RoleCode) {
  // A short list: the findings of the commune of the first one the role sees.
  const first = (await (await page.request.get(`${server.url}/api/findings?pageSize=1`)).json()) as { rows: Array<{ communeCode: string | null }> };
  const commune = first.rows[0]?.communeCode;
  expect(commune, 'the demo province has findings for every role that sees them').toBeTruthy();
  await page.goto(`${server.url}/phat-hien?commune=${commune}`);
  await settledText(page);
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Xuất danh sách đang lọc (XLSX)' }).click()]);
  const rows = await readXlsx((await dl.path())!);
  const headerAt = rows.findIndex((r) => r.includes('Loại phát hiện'));
  expect(headerAt, 'header row').toBeGreaterThanOrEqual(0);
  const header = rows[headerAt];
  for (const h of header) expect(offences(h), `header «${h}»`).toEqual([]);
  expect(header).toEqual(expect.arrayContaining(['Loại phát hiện', 'Xã/phường', 'Trạng thái', 'Căn cứ pháp lý']));
  const body = rows.slice(headerAt + 1);
  expect(body.length).toBeGreaterThan(0);
  const kind = header.indexOf('Loại phát hiện');
  const allowed = new Set(ROLES[role].findings.map((c) => FINDINGS[c].label));
  for (const r of body) expect(allowed.has(r[kind]), `«${r[kind]}»`).toBe(true);
}

/** The original file of one of the role's imports, from the import history, read back. */
async function exportRawImport(page: Page, role: RoleCode) {
  const kind = ROLES[role].imports[0];
  const row = page.locator('tr[data-row-key]', { hasText: FILE_KIND_LABELS[kind] }).first();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), row.getByRole('button', { name: 'Tệp gốc' }).click()]);
  const name = dl.suggestedFilename();
  expect(name).toMatch(/\.(xlsx|csv)$/);
  expect(name.endsWith('.xlsx'), 'the demo province sends this kind as XLSX').toBe(true);
  const rows = await readXlsx((await dl.path())!);
  const header = rows.find((r) => r.includes('Năm') || r.includes('Mã xã')) ?? [];
  expect(header.length).toBeGreaterThan(2);
  for (const h of header) expect(offences(h), `header «${h}»`).toEqual([]);
}

/** Accounts: a user name with a space and capitals is refused under its field (the server refuses it too: test/auth/admin.test.ts). */
async function refuseBadAccount(page: Page, found: Finding[]) {
  await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
  const dialog = await opened(page.locator('.ant-modal:visible'));
  await dialog.getByLabel('Tên đăng nhập').fill('Nguyen Van A');
  await dialog.getByLabel('Họ tên').fill('Nguyễn Văn A');
  await dialog.getByLabel('Mật khẩu').fill('MatKhau123');
  await dialog.getByLabel('Vai trò').click();
  await (await opened(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))).locator('.ant-select-item-option', { hasText: ROLES.tax.label }).click();
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  // Refused where it was typed, under the field, before anything is sent.
  const error = dialog.locator('.ant-form-item-explain-error').first();
  await error.waitFor({ timeout: 30_000 });
  expect(await error.innerText()).toContain('Chỉ dùng chữ thường không dấu');
  await check(page, '/tai-khoan (thêm tài khoản)', found);
  await dialog.getByRole('button', { name: 'Hủy' }).click();
}

/** The voluntary calculator: an income under the floor is refused on its field; a right one gives the result and its rules. */
async function refuseLowIncome(page: Page, found: Finding[]) {
  await page.locator('#voluntary_group').click();
  await (await opened(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))).locator('.ant-select-item-option').first().click();
  await page.locator('#voluntary_date').fill('01/03/2026');
  await retype(page.locator('#voluntary_income'), '1.000.000');
  await page.getByTestId('calc-submit-voluntary').click();
  const help = page.locator('#voluntary_income_help');
  await until('the income to be refused', async () => (await help.count()) > 0 && (await help.innerText()).includes('Thu nhập lựa chọn phải từ'));
  await check(page, '/may-tinh (thu nhập quá thấp)', found);
  await retype(page.locator('#voluntary_income'), '2.000.000');
  await page.getByTestId('calc-submit-voluntary').click();
  const card = page.getByTestId('calc-result-voluntary');
  await card.waitFor({ timeout: 30_000 });
  expect(await card.innerText()).toContain('Tỷ lệ đóng BHXH tự nguyện');
  await check(page, '/may-tinh (kết quả)', found);
}

// The roles walk side by side (each in its own context): the server and the browser are shared, the wall time is not.
describe.concurrent('everyday journeys of every role (Chromium, demo province)', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.role, a.username, a.communes?.[0] ?? '05443'] as const))('%s (%s): every page in plain Vietnamese, an export read back, a wrong value refused', async (role, username, commune) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    trackRequests(page);
    const found: Finding[] = [];
    const seesFindings = ROLES[role].findings.length > 0;
    try {
      await loginAs(page, server.url, username, DEMO_PASSWORD);
      const menu = await page.locator('nav.bp-nav a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
      expect(menu).toEqual(expectedMenu(role));

      for (const path of [...menu, `/xa/${commune}`]) {
        if (path !== '/') await page.goto(`${server.url}${path}`); // the login lands on the overview
        const text = await check(page, path, found);
        expect(text, `${path} answered`).not.toMatch(/Không tìm thấy trang|Đã có lỗi/);
        if (path === '/phat-hien') {
          // One detail: the first finding's panel.
          await page.getByTestId('findings-table').locator('tr[data-row-key]').first().click();
          await opened(page.locator('.ant-drawer-content-wrapper'));
          await check(page, '/phat-hien (chi tiết)', found);
        }
        if (path === '/lich-su-nhap' && !seesFindings) await exportRawImport(page, role);
        if (path === '/tai-khoan') await refuseBadAccount(page, found);
        if (path === '/may-tinh' && role !== 'admin') await refuseLowIncome(page, found);
      }
      if (seesFindings) await exportFindings(page, role);

      expect(report(found)).toBe('');
    } finally {
      await context.close();
    }
  }, 240_000);
});
