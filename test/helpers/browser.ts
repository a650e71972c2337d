/**
 * Browser tests: Debian's Chromium driven by playwright-core (no downloaded browsers), and a
 * helper that signs in through the real login page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TMP_ROOT } from './paths.ts';

export const CHROMIUM_PATH = process.env.BAOPHU_CHROMIUM || '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/** A fresh context (own cookies) in Vietnamese, at a typical office-screen size. */
export async function newContext(browser: Browser, options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: options.width ?? 1366, height: options.height ?? 800 },
  });
}

/**
 * Signs in through the login page and waits for the app frame (the "Đăng xuất" button).
 * Throws with the page's error message when the login is refused.
 */
export async function loginAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const logout = page.getByRole('button', { name: 'Đăng xuất' });
  const alert = page.getByRole('alert');
  await Promise.race([logout.waitFor({ timeout: 30_000 }), alert.waitFor({ timeout: 30_000 })]);
  if (!(await logout.isVisible())) throw new Error(`login as ${username} refused: ${await alert.innerText()}`);
}

/** Saves a full-page screenshot under test/.tmp/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(TMP_ROOT, 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** antd's motion state classes (zoom-appear, slide-up-enter-active, …), present while a popup opens or closes. */
const MOTION_STATE = /\bant-[\w-]+-(appear|enter|leave)\b/;

/**
 * The popups (`.ant-modal`, `.ant-select-dropdown`, …) once they are open and none is moving. A click during antd's
 * zoom or slide-in can be lost: the popup is laid out at full size for a frame (where Playwright finds the target
 * stable), then scaled from 0, so the mouse-up lands elsewhere and no click reaches the target.
 */
export async function settled(popup: Locator): Promise<Locator> {
  const moving = async () => {
    const classes = await popup.evaluateAll((found) => found.map((e) => e.className));
    return classes.length === 0 ? 'not open yet' : classes.filter((c) => MOTION_STATE.test(c)).join(' | ');
  };
  await expect.poll(moving).toBe('');
  return popup;
}

/** Types into a field as a user does: click, select all, delete, then key by key. */
export async function retype(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Delete');
  if (text) await field.pressSequentially(text);
}
