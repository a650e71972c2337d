/**
 * In real Chromium: Social Security generates the debts list on "Báo cáo" with its parameters, watches it build,
 * downloads a format, reviews it; its leader signs it (the number is given); the versions table shows who acted.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, screenshot } from '../helpers/browser.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('bhxh1', 'social_security', { name: 'Chuyên viên BHXH' });
  await server.addUser('bhxhld', 'social_security', { name: 'Lãnh đạo BHXH', leader: true });
  await server.addUser('thue1', 'tax', { name: 'Thuế' });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await loginAs(page, server.url, username, SERVER_TEST_PASSWORD);
  return page;
}

describe('report catalogue in the browser', () => {
  it('generates, reviews and signs a report; the buttons follow what the account may do', async () => {
    const staff = await as('bhxh1');
    await staff.getByRole('link', { name: 'Báo cáo' }).first().click();
    const debts = staff.getByTestId('kind-debts');
    await debts.waitFor();
    // Social Security does not generate the annual assessment (Home Affairs does): no form for it.
    expect(await staff.getByTestId('kind-annual').getByRole('button', { name: 'Lập báo cáo' }).count()).toBe(0);
    await debts.getByLabel('Tháng').click();
    const dropdown = await settled(staff.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'));
    await dropdown.locator('.ant-select-item-option[title="Tháng 10"]').click();
    await debts.getByRole('button', { name: 'Lập báo cáo' }).click();
    const panel = staff.getByTestId('version-panel');
    await expect.poll(() => panel.getByTestId('version-state').innerText(), { timeout: 60_000 }).toBe('Dự thảo');
    expect(await panel.locator('[data-testid="version-files"] a').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Word \(\.docx\) \(\d+ KB\)$/), expect.stringMatching(/^PDF/)]));
    const [download] = await Promise.all([staff.waitForEvent('download'), panel.getByRole('link', { name: /^Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-debts-\d+-v1\.xlsx$/);
    // A reviewer who is not the leader: review, no sign.
    expect(await panel.getByRole('button', { name: 'Ký' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Duyệt' }).click();
    await expect.poll(() => panel.getByTestId('version-state').innerText()).toBe('Đã duyệt');
    await screenshot(staff, 'reports-reviewed');

    const leader = await as('bhxhld');
    await leader.goto(`${server.url}/bao-cao`);
    await leader.locator('[data-testid^="version-"]').first().click();
    const lp = leader.getByTestId('version-panel');
    await lp.getByRole('button', { name: 'Ký' }).click();
    await expect.poll(() => lp.getByTestId('version-state').innerText()).toBe('Đã ký');
    expect(await lp.innerText()).toContain('1/BC-BHXH');
    const actions = await lp.getByTestId('version-action').allInnerTexts();
    expect(actions.map((a) => a.replace(/^.* — /, ''))).toEqual(['bhxh1: Yêu cầu lập', 'bhxh1: Đã lập xong', 'bhxh1: Tải về', 'bhxh1: Duyệt', 'bhxhld: Ký']);
    // No more actions on a signed version.
    expect(await lp.getByRole('button', { name: /Duyệt|Ký|Trả lại/ }).count()).toBe(0);
    await screenshot(leader, 'reports-signed');
  }, 180_000);

  it('an account without reports.read has no "Báo cáo" page', async () => {
    const tax = await as('thue1');
    expect(await tax.getByRole('link', { name: 'Báo cáo', exact: true }).count()).toBe(0);
  }, 60_000);
});
