/**
 * The built web app under its Content-Security-Policy in a real browser: every page of the menu renders (antd's
 * inline styles, the inline boot script of index.html, charts and the map) with no CSP violation reported, and a
 * page of another origin cannot frame it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs } from '../helpers/browser.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Nguyễn Văn Quản' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records CSP violations (the DOM event and the console's report) from its first script on. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const context = await newContext(browser);
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const fromConsole: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  const violations = async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
  return { page, violations };
}

describe('web app under its Content-Security-Policy', () => {
  it('renders the login page and every menu page without a CSP violation', async () => {
    const { page, violations } = await watchedPage();
    const first = await page.goto(`${server.url}/`);
    expect(first?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForURL(/\/dang-nhap$/);
    await expect.poll(() => page.getByRole('button', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    await loginAs(page, server.url, 'quantri', SERVER_TEST_PASSWORD);
    const links = page.locator('nav[aria-label="Chức năng"] a');
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) {
      await page.goto(`${server.url}${href}`);
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      await page.locator('main').first().waitFor();
      await expect.poll(() => page.locator('.ant-spin-spinning').count(), { message: href }).toBe(0);
      expect(await page.getByText('Trang gặp lỗi khi hiển thị').count(), href).toBe(0);
      // antd's CSS-in-JS is in effect (its <style> elements were allowed): the menu has its layout.
      const styled = await page.locator('style').count();
      expect(styled, href).toBeGreaterThan(0);
    }
    // The home page ran its inline boot script (allowed by hash): it started the early requests.
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(await page.evaluate(() => typeof (window as unknown as { __bpEarly?: unknown }).__bpEarly)).toBe('object');
    expect(await violations()).toEqual([]);
  });

  it('cannot be framed by another page', async () => {
    const { page } = await watchedPage();
    const blocked: string[] = [];
    page.on('console', (m) => blocked.push(m.text()));
    await page.setContent(`<iframe id="f" src="${server.url}/dang-nhap"></iframe>`);
    await expect.poll(() => blocked.some((t) => /frame-ancestors|X-Frame-Options|refused to display/i.test(t))).toBe(true);
    const frame = page.frames().find((f) => f.url().includes('/dang-nhap'));
    const loginVisible = frame ? await frame.getByRole('button', { name: 'Đăng nhập' }).isVisible().catch(() => false) : false;
    expect(loginVisible).toBe(false);
  });
});
