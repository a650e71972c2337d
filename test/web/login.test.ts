import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot } from '../helpers/browser.ts';
import { routes, MENU_GROUPS } from '../../web/src/routes.tsx';
import type { Me } from '../../web/src/auth.tsx';
import { ROLES, type RoleCode } from '#shared/auth/roles.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Nguyễn Văn Quản' });
  await server.addUser('xa1', 'commune', { name: 'Cán bộ UBND phường Phan Đình Phùng', communes: ['05443'] });
  await server.addUser('lanhdao', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
  await server.addUser('thongke', 'statistics', { name: 'Chuyên viên Thống kê tỉnh' });
  await server.addUser('khoa', 'tax', { name: 'Chuyên viên Thuế' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function freshPage(): Promise<Page> {
  const context = await newContext(browser);
  return context.newPage();
}

/** The side menu the route table promises a role: its entries allowed for the role, in group order. */
function expectedMenu(role: RoleCode): string[] {
  const me: Me = {
    id: 1, username: role, fullName: role, role, roleLabel: ROLES[role].label, agency: ROLES[role].agency, isLeader: false,
    communes: ROLES[role].communeScoped ? ['05443'] : null, seesPersonalData: ROLES[role].seesPersonalData,
    imports: [...ROLES[role].imports], findings: [...ROLES[role].findings], can: [...ROLES[role].can], parks: null, mustChangePassword: false,
  };
  const mine = routes.filter((r) => r.menu && (!r.allowed || r.allowed(me)));
  return MENU_GROUPS.flatMap((g) => mine.filter((r) => r.menu!.group === g).map((r) => r.menu!.label));
}

/** The labels of the side menu's entries, in order. */
async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator('nav[aria-label="Chức năng"] a');
  return (await items.allInnerTexts()).map((t) => t.trim());
}

describe('web app: login, layout and logout', () => {
  it('serves the Vietnamese app shell for any page address', async () => {
    const res = await fetch(`${server.url}/xa/05443`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<title>BaoPhu — Phát triển đối tượng tham gia BHXH</title>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const js = await fetch(`${server.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    // Hashed assets are cached for good, the page itself is revalidated, a missing chunk is a 404.
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const missing = await fetch(`${server.url}/assets/khong-co-XYZ.js`);
    expect(missing.status).toBe(404);
    // API addresses are never answered with the app: without a session, a JSON 401 in Vietnamese.
    const api = await fetch(`${server.url}/api/khong-co`);
    expect(api.status).toBe(401);
    expect((await api.json()).error.message).toBe('Vui lòng đăng nhập.');
  });

  it('sends an anonymous visitor to the Vietnamese login page', async () => {
    const page = await freshPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    const meCalls: number[] = [];
    page.on('response', (r) => r.url().endsWith('/api/auth/me') && meCalls.push(r.status()));
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/dang-nhap$/);
    await expect(page.title()).resolves.toBe('BaoPhu — Phát triển đối tượng tham gia BHXH');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByText('Đăng nhập', { exact: true }).first().waitFor();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.getByLabel('Mật khẩu').waitFor();
    await screenshot(page, 'login');

    // Empty form: client-side Vietnamese validation.
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Vui lòng nhập tên đăng nhập.').waitFor();
    await page.getByText('Vui lòng nhập mật khẩu.').waitFor();

    // A production build (React's development build announces DevTools and runs effects twice),
    // one session check, and no errors other than that expected 401.
    expect(consoleLines.filter((l) => l.includes('React DevTools'))).toEqual([]);
    expect(meCalls).toEqual([401]);
    expect(consoleLines.filter((l) => l.startsWith('error') && !l.includes('401'))).toEqual([]);
    await page.context().close();
  });

  it('shows the server’s Vietnamese error for a wrong password, and the rate-limit message', async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('khoa');
    await page.getByLabel('Mật khẩu').fill('SaiMatKhau1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(page.url()).toContain('/dang-nhap');

    // Four more failures, then the sixth attempt is refused with 429 and its message.
    for (let i = 0; i < 5; i++) {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      const res = await answer;
      expect(res.status()).toBe(i < 4 ? 401 : 429);
    }
    await page.getByText(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./).waitFor();
    await screenshot(page, 'login-locked');
    await page.context().close();
  });

  it('logs a commune account in: its name, role, scope and the menu it may use; then logs out', async () => {
    const page = await freshPage();
    await loginAs(page, server.url, 'xa1', SERVER_TEST_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    const userBox = page.getByTestId('user-box');
    await expect(userBox.innerText()).resolves.toContain('Cán bộ UBND phường Phan Đình Phùng');
    await expect(userBox.innerText()).resolves.toContain('UBND xã/phường');
    // The scope tag names the commune (from /api/communes).
    await page.locator('.bp-user-scope').getByText('Phường Phan Đình Phùng', { exact: true }).waitFor();
    // The menu is the route table filtered by role: a commune imports poor-household lists and works
    // its findings, but manages no accounts.
    const menu = await menuLabels(page);
    expect(menu).toEqual(expectedMenu('commune'));
    for (const label of ['Tổng quan', 'Chỉ tiêu', 'Phát hiện', 'Nhập dữ liệu', 'Lịch sử nhập']) expect(menu).toContain(label);
    expect(menu).not.toContain('Tài khoản');
    expect(await page.locator('nav[aria-label="Chức năng"] a[aria-current="page"]').innerText()).toBe('Tổng quan');
    await screenshot(page, 'app-commune');

    // Client-side navigation through the menu, with the entry highlighted.
    await page.locator('nav[aria-label="Chức năng"]').getByText('Chỉ tiêu').click();
    await page.waitForURL(`${server.url}/chi-tieu`);
    await page.locator('nav[aria-label="Chức năng"] a[aria-current="page"]', { hasText: 'Chỉ tiêu' }).waitFor();
    // Back button works with the history router.
    await page.goBack();
    await page.waitForURL(`${server.url}/`);
    await page.locator('nav[aria-label="Chức năng"] a[aria-current="page"]', { hasText: 'Tổng quan' }).waitFor();

    // The session cookie is httpOnly: the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('bp_session');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/dang-nhap$/);
    await page.getByLabel('Tên đăng nhập').waitFor();
    const me = await page.request.get(`${server.url}/api/auth/me`);
    expect(me.status()).toBe(401);
    // Reloading after logout stays on the login page.
    await page.goto(`${server.url}/chi-tieu`);
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fchi-tieu$/);
    await page.context().close();
  });

  it('hides what a role may not use and refuses it when typed in', async () => {
    const page = await freshPage();
    await loginAs(page, server.url, 'lanhdao', SERVER_TEST_PASSWORD);
    const leadership = await menuLabels(page);
    expect(leadership).toEqual(expectedMenu('leadership'));
    expect(leadership).toContain('Phát hiện');
    expect(leadership).not.toContain('Nhập dữ liệu');
    expect(leadership).not.toContain('Lịch sử nhập');
    expect(await page.locator('.bp-user-scope').innerText()).toBe('Toàn tỉnh');
    await page.goto(`${server.url}/nhap-du-lieu`);
    await page.getByText('Không có quyền truy cập').waitFor();
    await page.getByText('Tài khoản của bạn không được dùng trang này.').waitFor();
    await page.context().close();

    const stats = await freshPage();
    await loginAs(stats, server.url, 'thongke', SERVER_TEST_PASSWORD);
    const statsMenu = await menuLabels(stats);
    expect(statsMenu).toEqual(expectedMenu('statistics'));
    expect(statsMenu).toContain('Nhập dữ liệu');
    expect(statsMenu).not.toContain('Phát hiện');
    await stats.context().close();

    const admin = await freshPage();
    await loginAs(admin, server.url, 'quantri', SERVER_TEST_PASSWORD);
    expect(await menuLabels(admin)).toEqual(expectedMenu('admin'));
    // The admin sees every entry of the table.
    expect(expectedMenu('admin')).toEqual(MENU_GROUPS.flatMap((g) => routes.filter((r) => r.menu?.group === g).map((r) => r.menu!.label)));
    await expect(admin.getByTestId('user-box').innerText()).resolves.toContain('Nguyễn Văn Quản');
    await expect(admin.getByTestId('user-box').innerText()).resolves.toContain('Quản trị hệ thống');
    await admin.context().close();
  });

  it('returns to the requested page after login and answers unknown pages', async () => {
    const page = await freshPage();
    await page.goto(`${server.url}/xa/05443`);
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fxa%2F05443$/);
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu').fill(SERVER_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${server.url}/xa/05443`);
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    expect(await page.getByText('Không tìm thấy trang').count()).toBe(0);
    expect(await page.getByText('Không có quyền truy cập').count()).toBe(0);

    await page.goto(`${server.url}/khong-ton-tai`);
    await page.getByText('Không tìm thấy trang').waitFor();

    // Without a session (cookie gone), opening a page sends the user to the login page.
    await page.context().clearCookies();
    await page.goto(`${server.url}/chi-tieu`);
    await page.waitForURL(/\/dang-nhap\?tiep=%2Fchi-tieu$/);
    await page.context().close();
  });
});
