/**
 * In real Chromium, one launch: the admin resets a park-board account's password; its user signs in with the
 * temporary password, is held to the change form, changes it, then works — reads a park's page and links the
 * employer of an unknown park name by adding that spelling to a park.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, screenshot } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Quản trị' });
  await server.addUser('kcn1', 'ip_board', { name: 'Chuyên viên BQL KCN' });
  for (const kind of ['kcn-lao-dong', 'bhxh-don-vi', 'bhxh-thu']) {
    const r = runCli(['import', kind, path.resolve('test/fixtures/parks', `${kind}.csv`), '--replace'], server.env);
    expect(r.code, r.stderr).toBe(0);
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
    const row = page.locator('tr', { hasText: 'Công ty TNHH Điện tử Sông Công' });
    await row.waitFor();
    // Fixture: 500 reported (10/2026), 460 insured in the latest month, 100.000.000 đ unpaid of October.
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells).toEqual(expect.arrayContaining(['4600100010', 'TV0001', '10/2026', '500', '460', '40', '100.000.000 đ', 'Báo cáo lao động KCN']));
    await screenshot(page, 'park-song-cong-2');

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
