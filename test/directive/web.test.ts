/**
 * Browser test of the directive's report workflow on the real server: BHXH's staff files a quarterly report, its
 * leader submits it (from the bell), Home Affairs returns it with a comment, the staff corrects it, the leader
 * resubmits, Home Affairs accepts; the board shows it on time or late as its first submission and due date say.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled, screenshot } from '../helpers/browser.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { todayVn } from '#shared/calc/dates.ts';

let server: RunningServer;
let browser: Browser;
let database: Database;
const YEAR = Number(todayVn().slice(0, 4));
const PERIOD = `${YEAR}-Q4`;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('bhxh.cv', 'social_security', { name: 'Chuyên viên BHXH tỉnh' });
  await server.addUser('bhxh.ld', 'social_security', { name: 'Lãnh đạo BHXH tỉnh', leader: true });
  await server.addUser('sonoivu', 'home_affairs', { name: 'Chuyên viên Sở Nội vụ' });
  await server.addUser('lanhdao', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
  database = await openDatabase(dbConfigFromEnv(server.env));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await server?.stop();
});

async function as(username: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await loginAs(page, server.url, username, SERVER_TEST_PASSWORD);
  return page;
}

async function pick(page: Page, field: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: field }).click();
  await (await settled(page.locator('.ant-select-dropdown:visible'))).locator('.ant-select-item-option', { hasText: option }).first().click();
}

const stateOf = (page: Page) => page.getByTestId('report-state').innerText();

/** Opens the first alert of the bell that mentions `text`. */
async function openAlert(page: Page, text: string) {
  await expect.poll(() => page.getByTestId('alerts-count').innerText().catch(() => '0')).not.toBe('0');
  await page.getByTestId('alerts-bell').click();
  await page.getByRole('dialog', { name: 'Việc cần xử lý' }).getByRole('link', { name: new RegExp(text) }).first().click();
}

describe('a body reports on its duty', () => {
  it('files, submits, is returned, corrects, is accepted; the board shows it on time or late', async () => {
    // BHXH's staff files the quarterly report on duty 3.4.
    const staff = await as('bhxh.cv');
    await staff.goto(`${server.url}/nhiem-vu/bao-cao`);
    await staff.getByRole('button', { name: 'Lập báo cáo' }).click();
    const dialog = await settled(staff.locator('.ant-modal'));
    await pick(staff, 'Nhiệm vụ', /^3\.4 — /);
    await pick(staff, 'Kỳ báo cáo', `Quý 4/${YEAR}`);
    await pick(staff, 'Tình trạng thực hiện', 'Đang thực hiện, đúng tiến độ');
    await dialog.getByLabel('Kết quả thực hiện').fill('Đã tổ chức 12 hội nghị tuyên truyền.');
    await dialog.getByLabel('Đề xuất, kiến nghị').fill('Đề nghị hỗ trợ kinh phí in tài liệu.');
    await dialog.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await staff.waitForURL(/\/nhiem-vu\/bao-cao\/\d+$/);
    const reportUrl = staff.url();
    await expect.poll(() => stateOf(staff)).toBe('Đang soạn');
    expect(await staff.getByRole('button', { name: 'Gửi báo cáo' }).count()).toBe(0);

    // Its leader sees it in the bell and submits it.
    const leader = await as('bhxh.ld');
    await openAlert(leader, `nhiệm vụ 3.4, quý 4/${YEAR} chờ lãnh đạo gửi`);
    await leader.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => stateOf(leader)).toBe('Đã gửi, chờ tiếp nhận');

    // Home Affairs returns it with a comment.
    const ha = await as('sonoivu');
    await openAlert(ha, 'chờ tiếp nhận');
    await ha.getByRole('button', { name: 'Trả lại' }).click();
    const back = await settled(ha.locator('.ant-modal'));
    await back.getByLabel('Lý do trả lại').fill('Đề nghị ghi rõ số hội nghị theo từng xã.');
    await back.getByRole('button', { name: 'Trả lại' }).click();
    await expect.poll(() => stateOf(ha)).toBe('Bị trả lại');

    // The staff sees the return in the bell, corrects the report; the leader resubmits.
    await staff.goto(`${server.url}/`);
    await openAlert(staff, 'bị trả lại');
    expect(staff.url()).toBe(reportUrl);
    expect(await staff.getByTestId('return-comment').innerText()).toBe('Đề nghị ghi rõ số hội nghị theo từng xã.');
    await staff.getByRole('button', { name: 'Sửa báo cáo' }).click();
    await staff.getByLabel('Kết quả thực hiện').fill('Đã tổ chức 12 hội nghị: Phan Đình Phùng 5, Đồng Hỷ 7.');
    await staff.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => staff.getByTestId('report-activities').innerText()).toBe('Đã tổ chức 12 hội nghị: Phan Đình Phùng 5, Đồng Hỷ 7.');
    await leader.goto(reportUrl);
    await leader.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => stateOf(leader)).toBe('Đã gửi, chờ tiếp nhận');

    // Home Affairs accepts it and answers the proposal.
    await ha.goto(reportUrl);
    await ha.getByRole('button', { name: 'Tiếp nhận' }).click();
    await expect.poll(() => stateOf(ha)).toBe('Đã tiếp nhận');
    await ha.getByRole('button', { name: 'Trả lời kiến nghị' }).click();
    const answer = await settled(ha.locator('.ant-modal:visible'));
    await answer.getByLabel('Nội dung trả lời').fill('Sở Tài chính bố trí trong dự toán năm sau.');
    await answer.getByRole('button', { name: 'Lưu trả lời' }).click();
    await expect.poll(() => ha.getByTestId('history-item').count()).toBe(7);

    // The board, read by leadership: the expected report with its state and whether it came on time.
    const row = (await database.pool.query(
      `SELECT id, due_date::text AS due, to_char(first_submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS first FROM directive_report WHERE duty_id = '3.4' AND period = $1`, [PERIOD],
    )).rows[0];
    expect(row.due).toBe(`${YEAR + 1}-01-15`);
    const lead = await as('lanhdao');
    await lead.goto(`${server.url}/nhiem-vu/theo-doi`);
    const line = lead.getByTestId(`followup-3.4-${PERIOD}`);
    await expect.poll(() => line.locator('.ant-tag').innerText()).toBe('Đã tiếp nhận');
    expect(await line.locator('.bp-on-time').innerText()).toBe(row.first <= row.due ? 'Đúng hạn' : 'Trễ hạn');
    // Expected reports with nothing filed are on the board too (from the calendar): BHXH's monthly duty 3.9.
    await expect.poll(() => lead.getByTestId(`followup-3.9-${YEAR}-01`).locator('.ant-tag').innerText()).toBe('Quá hạn, chưa gửi');
    expect(await lead.getByText('Sở Tài chính bố trí trong dự toán năm sau.').count()).toBe(1);
    // The annual assessment (duty 2.7) of the year shown: due before 25/12, and no report of the catalogue yet.
    const shown = new Date().getFullYear();
    const assessment = lead.getByTestId('assessment-deadline');
    await expect.poll(() => assessment.innerText()).toContain(`hạn: trước ngày 25/12/${shown}`);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect(await assessment.getByTestId('assessment-state').innerText()).toBe(today > `${shown}-12-25` ? 'Quá hạn, chưa ký' : 'Chưa có dự thảo');
    await screenshot(lead, 'directive-board');
  });
});
