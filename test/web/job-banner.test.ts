/**
 * The job banner of the web layout (issue 16): absent while the server runs nothing (the real server's answer),
 * shown with the job, its step and a progress bar on every signed-in page while /api/jobs/current lists one (the
 * answer is substituted here: the server side is tested in test/targets/responsive.test.ts), and gone again once
 * the job has ended.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs } from '../helpers/browser.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('lanhdao', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('job banner', () => {
  it('shows a running job with its step and progress on every page, and goes when it ends', async () => {
    const page = await (await newContext(browser)).newPage();
    await loginAs(page, server.url, 'lanhdao', SERVER_TEST_PASSWORD);
    const engine = ((await (await page.request.get(`${server.url}/api/jobs/current`)).json()) as { engine: string }).engine;
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(await page.getByTestId('job-banner').count()).toBe(0);

    const job = { id: 'j1', kind: 'reconcile', label: 'Đối soát dữ liệu', stepLabel: 'Liên kết danh tính', fraction: 0.4, startedAt: new Date().toISOString() };
    await page.route('**/api/jobs/current', (route) => route.fulfill({ json: { engine, jobs: [job] } }));
    for (const path of ['/', '/chi-tieu']) {
      await page.goto(`${server.url}${path}`);
      const banner = page.getByTestId('job-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('Đang chạy: Đối soát dữ liệu — Liên kết danh tính (40 %)');
      expect(await page.getByRole('progressbar', { name: 'Đối soát dữ liệu' }).getAttribute('aria-valuenow')).toBe('40');
      if (engine === 'pglite') expect(await banner.innerText()).toContain('các trang cần dữ liệu đang được cập nhật');
    }
    // Polled every second while a job runs: the next step shows without reloading, then the end.
    job.fraction = 0.75;
    job.stepLabel = 'Gộp phát hiện';
    await page.getByText('Gộp phát hiện (75 %)').waitFor({ timeout: 5000 });
    await page.unroute('**/api/jobs/current');
    await page.getByTestId('job-banner').waitFor({ state: 'detached', timeout: 5000 });
  });
});
