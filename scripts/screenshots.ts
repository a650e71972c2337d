/**
 * Screenshots of every page for review notes: starts BaoPhu on the demo province (a fresh temporary data directory),
 * signs in as the administrator (and as the leadership for the read-only targets view) and saves a full-page PNG
 * of each page at 1366 and 1920 px width.
 *
 *   npx tsx scripts/screenshots.ts [OUT_DIR]        (default /work/screens; keep PNGs out of the repository)
 *
 * Not a test: it prints the files it wrote.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { freePort } from '../server/http/free-port.ts';

const OUT = path.resolve(process.argv[2] ?? '/work/screens');
const WIDTHS = [1366, 1920];
const PASSWORD = 'BaoPhu@2026';
const CHROMIUM = process.env.BAOPHU_CHROMIUM || '/usr/bin/chromium';

/** Who sees which pages: the administrator sees every menu page; the leadership the read-only targets. */
const VISITS: Array<{ username: string; pages: Array<{ name: string; path: string; open?: (page: Page) => Promise<void> }> }> = [
  {
    username: 'admin',
    pages: [
      { name: 'tong-quan', path: '/' },
      { name: 'chi-tieu', path: '/chi-tieu' },
      { name: 'phat-hien', path: '/phat-hien' },
      {
        name: 'phat-hien-chi-tiet', path: '/phat-hien',
        open: async (page) => {
          await page.getByTestId('findings-table').locator('tr[data-row-key]').first().click();
          await page.locator('.ant-drawer-content-wrapper').waitFor();
        },
      },
      { name: 'nhap-du-lieu', path: '/nhap-du-lieu' },
      { name: 'lich-su-nhap', path: '/lich-su-nhap' },
      { name: 'may-tinh', path: '/may-tinh' },
      { name: 'mo-phong', path: '/mo-phong' },
      { name: 'tai-khoan', path: '/tai-khoan' },
      { name: 'nhat-ky', path: '/nhat-ky' },
      { name: 'xa-05443', path: '/xa/05443' },
      { name: 'viec-cua-toi', path: '/viec-cua-toi' },
      { name: 'van-dong', path: '/van-dong' },
      { name: 'nhiem-vu', path: '/nhiem-vu' },
      { name: 'chia-se-du-lieu', path: '/chia-se-du-lieu' },
      { name: 'truyen-thong', path: '/truyen-thong' },
      { name: 'khu-cong-nghiep', path: '/khu-cong-nghiep' },
      { name: 'tham-so-phap-ly', path: '/tham-so-phap-ly' },
    ],
  },
  { username: 'lanhdao', pages: [{ name: 'chi-tieu-lanh-dao', path: '/chi-tieu' }] },
];


async function waitForHealth(url: string, exited: () => boolean) {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the server stopped before it was ready');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server was not ready after 10 minutes');
}

/** Waits until every request of the page is answered and no spinner shows. */
async function settle(page: Page, open: Set<unknown>) {
  const deadline = Date.now() + 60_000;
  let last = '';
  for (let delay = 100; Date.now() < deadline; delay = Math.min(400, delay * 2)) {
    const busy = open.size + (await page.locator('.ant-spin-spinning, .ant-skeleton-active').count());
    const text = await page.innerText('body');
    if (busy === 0 && text === last) return;
    last = text;
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function main() {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs', '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('web build failed');
  fs.mkdirSync(OUT, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-screens-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['bin/baophu.mjs', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, BAOPHU_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    console.log('Đang khởi động BaoPhu với tỉnh mẫu…');
    await waitForHealth(url, () => child.exitCode !== null);
    for (const visit of VISITS) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width, height: 900 } });
        const page = await context.newPage();
        const open = new Set<unknown>();
        page.on('request', (r) => open.add(r));
        page.on('requestfinished', (r) => open.delete(r));
        page.on('requestfailed', (r) => open.delete(r));
        await page.goto(`${url}/dang-nhap`);
        await page.getByLabel('Tên đăng nhập').fill(visit.username);
        await page.getByLabel('Mật khẩu').fill(PASSWORD);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByRole('button', { name: 'Đăng xuất' }).waitFor({ timeout: 120_000 });
        for (const p of visit.pages) {
          await page.goto(`${url}${p.path}`);
          await settle(page, open);
          if (p.open) {
            await p.open(page);
            await settle(page, open);
          }
          const file = path.join(OUT, `${p.name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          console.log(file);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
