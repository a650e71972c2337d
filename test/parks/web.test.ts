/**
 * In real Chromium, one launch: the admin creates a park-board leader ("Lãnh đạo cơ quan") and clears the flag again,
 * then resets a park-board account's password; its user signs in with the
 * temporary password, is held to the change form, changes it, then works — reads a park's page (its employers, and
 * the cases of its employers that the board may read, linked to the case page) and links the employer of an unknown
 * park name by adding that spelling to a park.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, screenshot } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { CLI_ACTOR, openCases } from '../../server/cases/service.ts';

let server: RunningServer;
let browser: Browser;
/** The cases opened on Sông Công II's employer: the workforce gap (the board's code) and the late payment (not the board's). */
const caseIds: Record<string, number> = {};

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Quản trị' });
  await server.addUser('kcn1', 'ip_board', { name: 'Chuyên viên BQL KCN' });
  for (const kind of ['kcn-lao-dong', 'bhxh-don-vi', 'bhxh-thu']) {
    const r = runCli(['import', kind, path.resolve('test/fixtures/parks', `${kind}.csv`), '--replace'], server.env);
    expect(r.code, r.stderr).toBe(0);
  }
  // Two findings on Sông Công II's employer, as a reconciliation would raise them, and their cases.
  const database = await openDatabase(dbConfigFromEnv(server.env));
  try {
    const run = await database.pool.query(`INSERT INTO reconcile_run (as_of, period, status, finished_at) VALUES ('2026-11-20', '2026-10-01', 'done', now()) RETURNING id`);
    const runId = Number(run.rows[0].id);
    await database.pool.query(
      `INSERT INTO finding (code, subject_id, subject_name, subject_kind, commune_code, period, related_id, amount_vnd, legal_basis, first_run_id, updated_run_id) VALUES
         ('KCN_LECH_LAO_DONG', '4600100010', 'Công ty TNHH Điện tử Sông Công', 'employer', '05528', '2026-10-01', 'TV0001', 0, 'Luật BHXH 41/2024/QH15', $1, $1),
         ('DN_CHAM_DONG', 'TV0001', 'Công ty TNHH Điện tử Sông Công', 'unit', '05528', '2026-10-01', '4600100010', 100000000, 'Luật BHXH 41/2024/QH15', $1, $1)`, [runId]);
    expect(await openCases(database.pool, CLI_ACTOR, { codes: ['KCN_LECH_LAO_DONG', 'DN_CHAM_DONG'], communes: null }, 'cli')).toBe(2);
    for (const c of (await database.pool.query('SELECT id, finding_code FROM work_case')).rows) caseIds[c.finding_code] = Number(c.id);
    await database.pool.query(`UPDATE work_case SET due_date = '2026-01-05' WHERE id = $1`, [caseIds.KCN_LECH_LAO_DONG]);
  } finally {
    await database.close();
  }
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('password reset and the park page in the browser', () => {
  it('reset → forced change → the user works and reads its park', async () => {
    const adminPage = await (await newContext(browser)).newPage();
    await loginAs(adminPage, server.url, 'quantri', SERVER_TEST_PASSWORD);
    await adminPage.goto(`${server.url}/tai-khoan`);
    // The body's leader ("Lãnh đạo cơ quan", who submits its directive reports): set when creating, cleared when editing.
    await adminPage.getByRole('button', { name: 'Thêm tài khoản' }).click();
    const addDialog = await settled(adminPage.locator('.ant-modal'));
    await addDialog.getByLabel('Tên đăng nhập').fill('kcn.ld');
    await addDialog.getByLabel('Họ tên').fill('Trưởng ban BQL KCN');
    await addDialog.getByLabel('Mật khẩu').fill('MatKhau456');
    await addDialog.getByLabel('Vai trò').click();
    await (await settled(adminPage.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))).locator('.ant-select-item-option[title="Ban Quản lý các KCN"]').click();
    await addDialog.getByRole('checkbox', { name: 'Lãnh đạo cơ quan' }).check();
    await addDialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await addDialog.waitFor({ state: 'hidden' });
    const leaderRow = adminPage.locator('tr', { hasText: 'kcn.ld' });
    await expect.poll(() => leaderRow.innerText()).toContain('Lãnh đạo cơ quan');
    expect(await adminPage.locator('tr', { hasText: 'kcn1' }).innerText()).not.toContain('Lãnh đạo cơ quan');
    await leaderRow.getByRole('button', { name: 'Sửa' }).click();
    const editDialog = await settled(adminPage.locator('.ant-modal'));
    const box = editDialog.getByRole('checkbox', { name: 'Lãnh đạo cơ quan' });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await editDialog.getByRole('button', { name: 'Lưu' }).click();
    await editDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => leaderRow.innerText()).not.toContain('Lãnh đạo cơ quan');

    await adminPage.getByRole('button', { name: 'Thao tác với kcn1' }).click();
    await (await settled(adminPage.locator('.ant-dropdown'))).getByText('Đặt lại mật khẩu').click();
    await (await settled(adminPage.locator('.ant-modal'))).getByRole('button', { name: 'Đặt lại' }).click();
    const shown = adminPage.locator('.ant-modal-confirm').filter({ hasText: 'Mật khẩu tạm thời' }).locator('code');
    await shown.waitFor();
    const temporary = (await shown.innerText()).trim();
    expect(temporary).toMatch(/^[A-Za-z0-9]{14}$/);

    const page = await (await newContext(browser)).newPage();
    await loginAs(page, server.url, 'kcn1', temporary);
    await page.getByText('Đổi mật khẩu trước khi tiếp tục').waitFor();
    expect(await page.getByRole('navigation', { name: 'Chức năng' }).count()).toBe(0);
    await page.getByLabel('Mật khẩu hiện tại').fill(temporary);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('ngan');
    await page.getByRole('button', { name: 'Đổi mật khẩu và tiếp tục' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('ít nhất 8 ký tự');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('KhuCongNghiep2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('KhuCongNghiep2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu và tiếp tục' }).click();

    await page.getByRole('link', { name: 'Khu công nghiệp' }).click();
    await page.getByRole('link', { name: 'KCN Sông Công II' }).click();
    await page.getByRole('heading', { name: 'Khu công nghiệp Sông Công II' }).waitFor();
    // The employer's row (the case table names the employer too, not its tax code).
    const row = page.locator('tr', { hasText: 'Công ty TNHH Điện tử Sông Công' }).filter({ hasText: '4600100010' });
    await row.waitFor();
    // Fixture: 500 reported (10/2026), 460 insured in the latest month, 100.000.000 đ unpaid of October.
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells).toEqual(expect.arrayContaining(['4600100010', 'TV0001', '10/2026', '500', '460', '40', '100.000.000 đ', 'Báo cáo lao động KCN']));
    // The cases of the park's employers that the board reads (its code only): the workforce gap, overdue.
    const cases = page.getByRole('region', { name: 'Hồ sơ xử lý của khu' });
    const caseRow = cases.locator('tr', { hasText: 'Công ty TNHH Điện tử Sông Công' });
    await caseRow.waitFor();
    const caseCells = (await caseRow.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(caseCells).toEqual(expect.arrayContaining([`#${caseIds.KCN_LECH_LAO_DONG}`, 'Đôn đốc, thanh tra, xử lý đơn vị', '1/8 Nhắc nợ, nhắc đăng ký', 'Bảo hiểm xã hội tỉnh', '05/01/2026', 'Quá hạn', 'Đang xử lý', '0 đ']));
    expect(caseCells.some((t) => /^\d{2}\/\d{2}\/\d{4}$/.test(t) && t !== '05/01/2026')).toBe(true); // opened on
    expect(await cases.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await cases.getByText(`#${caseIds.DN_CHAM_DONG}`, { exact: true }).count()).toBe(0);
    const statistic = (title: string) => cases.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content').innerText();
    expect([await statistic('Đang xử lý'), await statistic('Đã đóng'), await statistic('Quá hạn'), await statistic('Đã thu hồi')]).toEqual(['1', '0', '1', '0 đ']);
    await screenshot(page, 'park-song-cong-2');
    await cases.getByRole('link', { name: `#${caseIds.KCN_LECH_LAO_DONG}` }).click();
    await page.waitForURL(`**/ho-so/${caseIds.KCN_LECH_LAO_DONG}`);
    await page.goBack();
    await page.getByRole('heading', { name: 'Khu công nghiệp Sông Công II' }).waitFor();

    // The board links the employer of an unknown park name by adding that spelling to Quyết Thắng.
    await page.getByRole('link', { name: 'Khu, cụm công nghiệp' }).click();
    await page.getByText('1 tên khu công nghiệp trong tệp nhập chưa khớp danh mục').waitFor();
    await page.getByRole('link', { name: 'KCN Quyết Thắng' }).click();
    await page.getByRole('button', { name: 'Sửa thông tin' }).click();
    const dialog = await settled(page.locator('.ant-modal'));
    const spellings = dialog.getByLabel('Tên gọi khác trong tệp');
    await spellings.fill('KCN Không Có Thật');
    await spellings.press('Enter');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('tr', { hasText: 'Công ty TNHH Cơ khí Ngoài Danh Mục' }).waitFor();
    await page.getByRole('link', { name: 'Khu, cụm công nghiệp' }).click();
    await page.getByRole('link', { name: 'KCN Quyết Thắng' }).waitFor();
    expect(await page.getByText('chưa khớp danh mục').count()).toBe(0);

    // The old temporary password no longer works; the new one does (through the API, as the browser would).
    const login = (password: string) => fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kcn1', password }) }).then((r) => r.status);
    expect(await login(temporary)).toBe(401);
    expect(await login('KhuCongNghiep2026')).toBe(200);
  }, 240_000);
});
