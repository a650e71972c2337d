/**
 * Forms that refuse nonsense where it is typed (Chromium): a calculator refuses a negative amount and an impossible
 * date under the field, in Vietnamese, and sends nothing; the account form refuses a bad user name and shows the
 * server's reason under the password; the administrator records the document of a legal parameter.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, retype, screenshot } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Quản trị viên' });
  browser = await launchBrowser();
  page = await (await newContext(browser, { width: 1440 })).newPage();
  await loginAs(page, server.url, 'quantri', SERVER_TEST_PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('forms refuse nonsense where it is typed', () => {
  it('a calculator refuses a negative amount and an impossible date under the field, and computes nothing', async () => {
    let calcRequests = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/calc/')) calcRequests++; });
    await page.goto(`${server.url}/may-tinh`);
    await page.getByRole('tab', { name: 'Bắt buộc', exact: true }).click();
    await expect.poll(() => page.locator('#mandatory_wage').isVisible()).toBe(true);
    // Each field says what it accepts.
    await expect.poll(() => page.locator('#mandatory_date_extra').innerText()).toContain('dd/mm/yyyy');
    await retype(page.locator('#mandatory_wage'), '-3.000.000');
    await retype(page.locator('#mandatory_date'), '30/02/2026');
    await page.getByTestId('calc-submit-mandatory').click();
    await expect.poll(() => page.locator('#mandatory_wage_help').innerText()).toContain('Không nhận số âm');
    await expect.poll(() => page.locator('#mandatory_date_help').innerText()).toBe('Tháng tính đóng (ngày) phải có dạng dd/mm/yyyy và là ngày có thật');
    expect(await page.getByTestId('calc-result-mandatory').count()).toBe(0);
    expect(calcRequests).toBe(0);
    // Corrected, it computes.
    await retype(page.locator('#mandatory_wage'), '10.000.000');
    await retype(page.locator('#mandatory_date'), '01/07/2026');
    await page.getByTestId('calc-submit-mandatory').click();
    await page.getByTestId('calc-result-mandatory').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('calc-result-mandatory').locator('[data-field="base"]').innerText()).toBe('10.000.000 đ');
  });

  it('the account form refuses a bad user name where typed and puts the server reason under the password', async () => {
    await page.goto(`${server.url}/tai-khoan`);
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    const modal = await settled(page.locator('.ant-modal'));
    await modal.getByLabel('Tên đăng nhập').fill('Cán Bộ');
    await modal.getByLabel('Họ tên').fill('Cán bộ thử');
    await modal.getByLabel('Mật khẩu').fill('ngan');
    await modal.getByLabel('Vai trò').click();
    await (await settled(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))).locator('.ant-select-item-option[title="Thuế tỉnh"]').click();
    await modal.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(() => modal.innerText()).toContain('Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch');
    await modal.getByLabel('Tên đăng nhập').fill('canbo.thu');
    await modal.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect.poll(async () => (await modal.locator('.ant-form-item').filter({ has: page.getByLabel('Mật khẩu') }).innerText())).toMatch(/ít nhất 8 ký tự/i);
    const list = runCli(['users', 'list'], server.env);
    expect(list.stdout).not.toContain('canbo.thu');
  });

  it('the administrator records the document of a legal parameter, and it shows as law', async () => {
    await page.goto(`${server.url}/tham-so-phap-ly`);
    const row = page.locator('tr').filter({ hasText: 'Hệ số phạt đối với tổ chức' });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('Chưa kiểm chứng');
    await row.getByRole('button', { name: 'Ghi văn bản' }).click();
    const modal = await settled(page.locator('.ant-modal'));
    await modal.getByLabel('Số hiệu văn bản').fill('Nghị định 12/2022/NĐ-CP');
    const date = modal.getByLabel('Ngày ban hành');
    await date.click();
    await date.fill('17/01/2022');
    await date.press('Enter');
    await modal.getByLabel('Điều, khoản').fill('Điều 6 khoản 2');
    await modal.getByRole('button', { name: 'Xác nhận đã kiểm chứng' }).click();
    await page.locator('.ant-segmented-item', { hasText: 'Tất cả' }).click();
    const verified = page.locator('tr').filter({ hasText: 'Hệ số phạt đối với tổ chức' });
    await expect.poll(() => verified.innerText(), { timeout: 30_000 }).toContain('Nghị định 12/2022/NĐ-CP ngày 17/01/2022, Điều 6 khoản 2');
    expect(await verified.innerText()).toContain('Văn bản pháp luật');
    await screenshot(page, 'legal-params-verified');
    // The command line's calculator now uses it as law.
    const fine = runCli(['calc', 'phat', '--amount-due', '100.000.000', '--workers', '10', '--months', '3', '--kind', 'late', '--organisation', '--date', '30/06/2026', '--json'], server.env);
    expect(fine.code, fine.stderr).toBe(0);
    expect(JSON.parse(fine.stdout).unverified_rules).not.toContain('fine.organisation_multiplier');
  });
});
