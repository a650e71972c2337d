/**
 * The import pages in real Chromium against the real server: choose a file, see the detected kind,
 * the header mapping and the first rows, import it, read the result, find it in the history.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot } from '../helpers/browser.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('congan', 'police', { name: 'Cán bộ Công an tỉnh' });
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await loginAs(page, server.url, 'congan', SERVER_TEST_PASSWORD);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The first import of this file's server, through the pages: 12-impossible-dates.csv into an empty population kind
 * (no replacement to confirm), with what the pages show checked on the way. Done once, by whichever test needs it
 * first (its checks fail that test, and the first test, which awaits the same promise); the history and the
 * replacement tests start from it. Their timeouts include it (up to 180 s of waits).
 */
let firstImport: Promise<void> | undefined;
function ensureFirstImport(): Promise<void> {
  firstImport ??= (async () => {
    await page.goto(`${server.url}/nhap-du-lieu`);
    await page.getByText('Kéo thả tệp vào đây hoặc bấm để chọn tệp').waitFor();
    await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, '12-impossible-dates.csv'));
    await page.getByText('Ánh xạ cột').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByText('CSV, bảng mã UTF-8, phân cách bằng dấu phẩy').count()).toBe(1);
    expect(await page.getByText('Dân cư (trích xuất Cơ sở dữ liệu quốc gia về dân cư)').count()).toBeGreaterThan(0);
    expect(await page.getByText('Các dòng đầu (7)').count()).toBe(1);
    await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
    await page.getByText('Đã nhập', { exact: true }).waitFor({ timeout: 120_000 });
    expect(await page.getByText(/Đã nhập 1\/7 dòng của tệp 12-impossible-dates\.csv/).count()).toBe(1);
    expect(await page.getByText('"31/02/1985" không phải ngày có thật (tháng 2/1985 có 28 ngày)').count()).toBe(1);
    await screenshot(page, 'ingest-result');
  })();
  return firstImport;
}

describe('import pages', () => {
  it('uploads a file, shows what was detected, imports it and shows the result', async () => {
    await ensureFirstImport();
  }, 180_000);

  it('lists the import in the history with its lineage', async () => {
    await ensureFirstImport();
    await page.goto(`${server.url}/lich-su-nhap`);
    await page.getByText('12-impossible-dates.csv').waitFor({ timeout: 60_000 });
    const row = page.locator('tr', { hasText: '12-impossible-dates.csv' });
    expect(await row.getByText('congan').count()).toBe(1);
    expect(await row.getByText('Hiện hành').count()).toBe(1);
    expect(await row.getByRole('button', { name: /Tệp gốc/ }).count()).toBe(1);
    await screenshot(page, 'ingest-history');
  }, 300_000);

  it('asks before a file replaces current data, showing what it replaces; the old batch can be restored', async () => {
    await ensureFirstImport();
    await page.goto(`${server.url}/nhap-du-lieu`);
    await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, '01-utf8-bom-comma.csv'));
    await page.getByText('Ánh xạ cột').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Nhập dữ liệu' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tệp này sẽ thay thế dữ liệu hiện hành' });
    await dialog.waitFor({ timeout: 120_000 });
    expect(await dialog.getByText(/lô #\d+ \(12-impossible-dates\.csv, 1 dòng/).count()).toBe(1);
    expect(await dialog.getByRole('row', { name: /Đang hiện hành 1/ }).count()).toBe(1);
    expect(await dialog.getByRole('row', { name: /Tệp 01-utf8-bom-comma\.csv/ }).count()).toBe(1);
    await screenshot(page, 'ingest-replace-dialog');
    await dialog.getByRole('button', { name: 'Thay thế' }).click();
    await page.getByText('Đã nhập', { exact: true }).waitFor({ timeout: 120_000 });
    expect(await page.getByText(/Thay thế lô #\d+ \(12-impossible-dates\.csv\)/).count()).toBe(1);

    await page.goto(`${server.url}/lich-su-nhap`);
    const old = page.locator('tr', { hasText: '12-impossible-dates.csv' });
    await old.getByText(/Thay bởi #\d+/).waitFor({ timeout: 60_000 });
    await old.getByRole('button', { name: /Khôi phục/ }).click();
    const restore = page.getByRole('dialog', { name: /Khôi phục lô #\d+ thành dữ liệu hiện hành\?/ });
    await restore.waitFor();
    expect(await restore.getByRole('row', { name: /Lô #\d+ \(12-impossible-dates\.csv\) 1/ }).count()).toBe(1);
    // Wait on the answer itself, so a failure says whether the server refused, hung or the page did not update.
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/imports\/\d+\/restore$/.test(r.url()), { timeout: 150_000 });
    await restore.getByRole('button', { name: 'Khôi phục' }).click();
    const answer = await answered.catch((err: Error) => {
      throw new Error(`no answer to the restore request: ${err.message}\n--- server output ---\n${server.output().slice(-4000)}`);
    });
    expect(answer.status(), await answer.text()).toBe(200);
    await old.getByText('Hiện hành').waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
      const shown = await page.locator('.ant-alert, .ant-result').allInnerTexts();
      throw new Error(`restored, but the history did not show it: ${err.message}\nshown: ${shown.join(' | ')}`);
    });
    expect(await page.locator('tr', { hasText: '01-utf8-bom-comma.csv' }).getByText(/Thay bởi #\d+/).count()).toBe(1);
  }, 540_000);
});
