/**
 * In real Chromium: Social Security generates the debts list on "Báo cáo" with its parameters, watches it build,
 * downloads a format, reviews it; its leader signs it (the number is given) and previews its first page (the frame's
 * URL answers the PDF inline); the versions table shows who acted. Home Affairs switches a schedule off in "Lịch tự
 * động" and changes a rule (a wrong one is refused in Vietnamese); the leadership reads the schedules only.
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
  await server.addUser('noivu1', 'home_affairs', { name: 'Chuyên viên Sở Nội vụ' });
  await server.addUser('lanhdao1', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
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
    // The first page's preview: a frame of the PDF, answered inline.
    expect(await lp.getByTestId('version-preview').count()).toBe(0);
    await lp.getByRole('button', { name: 'Xem trước trang đầu' }).click();
    const frame = lp.getByTestId('version-preview');
    await frame.waitFor();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(/^\/api\/reports\/versions\/\d+\/file\/pdf\?inline=1#page=1$/);
    const answer = await leader.request.get(`${server.url}${src.replace(/#.*$/, '')}`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toBe('application/pdf');
    expect(answer.headers()['content-disposition']).toMatch(/^inline;/);
    expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
    expect((await answer.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(leader, 'reports-signed');
  }, 180_000);

  it('shows the schedules; Home Affairs switches one off and changes a rule, the leadership only reads them', async () => {
    const staff = await as('noivu1');
    await staff.goto(`${server.url}/bao-cao`);
    const card = staff.getByTestId('report-schedules');
    await card.waitFor();
    const monthly = card.locator('tr', { hasText: 'Báo cáo tiến độ thực hiện chỉ tiêu hằng tháng (toàn tỉnh)' });
    await monthly.waitFor();
    expect(await monthly.innerText()).toContain('06:00 ngày 05 hằng tháng');
    const toggle = monthly.getByRole('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await staff.getByText('Đã tắt lịch.').waitFor();
    // Saved: after a reload the switch is off, and the API says so.
    await staff.reload();
    const again = staff.getByTestId('report-schedules').locator('tr', { hasText: 'Báo cáo tiến độ thực hiện chỉ tiêu hằng tháng (toàn tỉnh)' });
    await expect.poll(() => again.getByRole('switch').getAttribute('aria-checked')).toBe('false');
    const api = await (await staff.request.get(`${server.url}/api/jobs/schedules`)).json();
    const saved = api.schedules.find((x: { label: string }) => x.label === 'Báo cáo tiến độ thực hiện chỉ tiêu hằng tháng (toàn tỉnh)');
    expect(saved.enabled).toBe(false);
    // A wrong rule is refused in Vietnamese; a right one is saved with its Vietnamese label.
    const rule = again.getByRole('textbox');
    await rule.fill('0 6 32 * *');
    await again.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => staff.locator('.ant-message').innerText()).toContain('Lịch không hợp lệ — Quy tắc lịch "0 6 32 * *" không hợp lệ: giá trị của trường ngày sai');
    expect((await (await staff.request.get(`${server.url}/api/jobs/schedules`)).json()).schedules.find((x: { id: number }) => x.id === saved.id).rule).toBe('0 6 5 * *');
    await rule.fill('0 7 10 * *');
    await again.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => again.getByTestId('schedule-rule-label').innerText()).toBe('07:00 ngày 10 hằng tháng');
    await screenshot(staff, 'reports-schedules');

    const leadership = await as('lanhdao1');
    await leadership.goto(`${server.url}/bao-cao`);
    const read = leadership.getByTestId('report-schedules');
    await read.locator('tr', { hasText: 'Báo cáo tiến độ thực hiện chỉ tiêu hằng tháng (toàn tỉnh)' }).waitFor();
    expect(await read.getByRole('switch').count()).toBe(0);
    expect(await read.innerText()).toContain('Đã tắt');
    // Social Security does not follow the directive: no card.
    const bhxh = await as('bhxh1');
    await bhxh.goto(`${server.url}/bao-cao`);
    await bhxh.getByTestId('kind-debts').waitFor();
    expect(await bhxh.getByTestId('report-schedules').count()).toBe(0);
  }, 180_000);

  it('an account without reports.read has no "Báo cáo" page', async () => {
    const tax = await as('thue1');
    expect(await tax.getByRole('link', { name: 'Báo cáo', exact: true }).count()).toBe(0);
  }, 60_000);
});
