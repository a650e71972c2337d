/**
 * In real Chromium: a commune records a campaign on "Truyền thông" (channel, audience, commune, reach and cost typed
 * the Vietnamese way) and it shows on the commune page, beside the enrolment curve.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, retype } from '../helpers/browser.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const COMMUNE = '05443';

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('xa05443', 'commune', { name: 'Cán bộ UBND phường', communes: [COMMUNE] });
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await loginAs(page, server.url, 'xa05443', SERVER_TEST_PASSWORD);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function choose(label: string, option: string, multiple = false) {
  await page.getByLabel(label, { exact: true }).click();
  const dropdown = await settled(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'));
  await dropdown.locator(`.ant-select-item-option[title="${option}"]`).click();
  if (multiple) await page.keyboard.press('Escape'); // a multiple select stays open for the next choice
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

describe('communication campaigns in the browser', () => {
  it('a campaign recorded on "Truyền thông" shows on the commune page', async () => {
    const title = 'Hội nghị đối thoại về BHXH tự nguyện tại tổ dân phố 5';
    await page.getByRole('link', { name: 'Truyền thông' }).click();
    await page.getByTestId('campaign-form').waitFor();
    await choose('Hình thức', 'Hội nghị, tọa đàm');
    await choose('Nhóm đối tượng', 'Lao động tự do, khu vực phi chính thức');
    await page.getByLabel('Nội dung hoạt động').fill(title);
    await choose('Xã, phường', 'Phường Phan Đình Phùng', true);
    await retype(page.getByLabel('Số người tham dự'), '1.250');
    await retype(page.getByLabel('Kinh phí'), '2.500.000');
    await page.getByRole('button', { name: 'Ghi hoạt động' }).click();
    const row = page.getByTestId('campaigns-table').locator('tr', { hasText: title });
    await row.waitFor();
    expect(await row.innerText()).toContain('1.250 người');
    expect(await row.innerText()).toContain('2.500.000 đ');

    await page.goto(`${server.url}/xa/${COMMUNE}`);
    const panel = page.getByTestId('commune-campaigns');
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toContain(title);
    const text = await panel.innerText();
    expect(text).toContain('Hội nghị, tọa đàm');
    expect(text).toContain('1.250 người');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  }, 120_000);
});
