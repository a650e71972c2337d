/**
 * Issue 18, items 5, 8 and 9 in a real browser on the real server with the demo province (scale 0.01, seed 7):
 * at 1366 and 1920 px the action buttons of the review queue, the findings list, the commune targets and the import
 * history are inside the window; expanding a history row keeps every column; the findings list sorts by its columns
 * on the server; a bad filter in the address says what is wrong; the import button says why it cannot run; and after
 * an import the findings page says the data changed since run #N, re-runs the reconciliation with its progress, and
 * the notice goes once the new run's findings are shown.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot, settled } from '../helpers/browser.ts';
import { importDemoProvince } from '../helpers/demo.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { openSource } from '../../server/ingest/source.ts';
import { cellText } from '../../server/ingest/fields.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { csvHeader, csvLine } from '#shared/csv.ts';
import { formatInt } from '#shared/format.ts';

let server: RunningServer;
let browser: Browser;
let database: Database;
let bhxhNguoiFile: string;
/** The newest batch the demo import made: the history row this file expands (the import test adds newer ones). */
let lastDemoBatch: number;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('quantri', 'admin', { name: 'Quản trị' });
  database = await openDatabase(dbConfigFromEnv(server.env));
  const { files, manifestPath, batchOf } = await importDemoProvince(database, { scale: 0.01, seed: 7, outDir: path.join(server.dataDir, 'demo') });
  bhxhNguoiFile = files.find((x) => x.kind === 'bhxh-nguoi')!.path;
  lastDemoBatch = Math.max(...Object.values(batchOf));
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { asOf: string; period: string };
  await runReconciliation(database, { asOf: manifest.asOf, period: manifest.period });
  await refreshProgress(database);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await server?.stop();
});

const q = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> => (await database.pool.query(text, params)).rows as T[];

async function signedIn(width: number): Promise<Page> {
  const p = await (await newContext(browser, { width, height: 900 })).newPage();
  await loginAs(p, server.url, 'quantri', SERVER_TEST_PASSWORD);
  return p;
}

/** The element lies inside the window horizontally (nothing to scroll to reach it). */
async function expectInView(p: Page, element: Locator, what: string) {
  await element.waitFor();
  const box = (await element.boundingBox())!;
  const width = p.viewportSize()!.width;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge at ${width} px`).toBeLessThanOrEqual(width);
}

/** The amounts of the list's rows as shown ("1.234.567" or "—"), as numbers. */
async function shownAmounts(p: Page): Promise<number[]> {
  const table = p.getByTestId('findings-table');
  // Secondary columns are hidden on narrower screens: find the amount column by its header.
  const column = (await table.locator('thead th').allInnerTexts()).findIndex((t) => t.includes('Số tiền')) + 1;
  const cells = table.locator(`tbody tr.ant-table-row td:nth-child(${column})`);
  return (await cells.allInnerTexts()).map((t) => Number(t.replace(/\D/g, '') || 0));
}

describe.each([1366, 1920])('wide tables at %i px', (width) => {
  it('keeps every action in the window, expands history rows with all columns, sorts on the server, names a bad filter', async () => {
    const p = await signedIn(width);

    // Findings list: the last column (the finding's text) and the status are in view.
    await p.goto(`${server.url}/phat-hien`);
    const table = p.getByTestId('findings-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await expectInView(p, table.locator('th', { hasText: 'Nội dung' }), 'findings: "Nội dung"');
    await expectInView(p, table.locator('tbody tr.ant-table-row').first().locator('.ant-tag'), 'findings: status');

    // Sorted by amount on the server: ascending, then descending, as the database orders the whole list.
    const [{ min, max }] = await q<{ min: string; max: string }>('SELECT min(amount_vnd) AS min, max(amount_vnd) AS max FROM finding WHERE resolved_run_id IS NULL');
    await table.locator('th', { hasText: 'Số tiền' }).click();
    await expect.poll(() => new URL(p.url()).searchParams.get('sx')).toBe('amount');
    await expect.poll(async () => (await shownAmounts(p))[0]).toBe(Number(min));
    let amounts = await shownAmounts(p);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    await table.locator('th', { hasText: 'Số tiền' }).click();
    await expect.poll(() => new URL(p.url()).searchParams.get('thu')).toBe('desc');
    await expect.poll(async () => (await shownAmounts(p))[0]).toBe(Number(max));
    amounts = await shownAmounts(p);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    if (width === 1366) await screenshot(p, `tables-findings-${width}`);

    // Review queue: the decision buttons of the first candidate are in view.
    const [{ n: reviews }] = await q<{ n: number }>("SELECT count(*)::int AS n FROM person_link WHERE status = 'review'");
    expect(reviews).toBeGreaterThan(0);
    await p.getByRole('tab', { name: 'Liên kết cần xem xét' }).click();
    const review = p.getByTestId('review-table');
    await expectInView(p, review.getByRole('button', { name: 'Cùng người' }).first(), 'review: "Cùng người"');
    await expectInView(p, review.getByRole('button', { name: 'Khác người' }).first(), 'review: "Khác người"');
    await screenshot(p, `tables-review-${width}`);

    // A bad filter in the address names the filter instead of an empty table.
    for (const [query, filterName] of [['code=XYZ', 'Loại phát hiện'], ['status=bogus', 'Trạng thái'], ['commune=abc', 'Xã, phường']]) {
      await p.goto(`${server.url}/phat-hien?${query}`);
      const problem = p.getByTestId('filter-problem');
      await problem.waitFor();
      expect(await problem.innerText()).toContain(`Bộ lọc "${filterName}" (${query})`);
      expect(await p.getByTestId('findings-table').count()).toBe(0);
    }

    // Commune targets: the last editable cell of the first commune is in view (no inner scroll box).
    await p.goto(`${server.url}/chi-tieu?nam=2026`);
    const targets = p.getByTestId('commune-targets-table');
    await expectInView(p, targets.getByLabel(/^Chỉ tiêu tự nguyện /).first(), 'commune targets: voluntary target input');
    expect(await targets.locator('.ant-table-body[style*="overflow-y"]').count()).toBe(0);

    // Import history: the download buttons are in view; expanding a row keeps every column.
    await p.goto(`${server.url}/lich-su-nhap`);
    const history = p.getByTestId('import-history-table');
    // The demo's newest batch, whichever batches the import test (any order) put above it; its detail lists no row issues.
    const demoRow = history.locator(`tbody tr.ant-table-row[data-row-key="${lastDemoBatch}"]`);
    await expectInView(p, demoRow.getByRole('button', { name: /Tệp gốc/ }), 'history: "Tệp gốc"');
    const headers = async () => (await history.locator('thead th').allInnerTexts()).filter((t) => t.trim() !== '');
    const before = await headers();
    const tableWidth = async () => (await history.locator('table').first().boundingBox())!.width;
    const widthBefore = await tableWidth();
    await demoRow.locator('.ant-table-row-expand-icon').click();
    await history.getByTestId('batch-detail').waitFor();
    expect(await headers()).toEqual(before);
    expect(before).toEqual(expect.arrayContaining(['Lô', 'Loại tệp', 'Kỳ', 'Tệp', 'Thời điểm, người nhập', 'Dòng', 'Trạng thái', 'Tải về']));
    expect(Math.abs((await tableWidth()) - widthBefore)).toBeLessThan(2);
    await expectInView(p, demoRow.getByRole('button', { name: /Tệp gốc/ }), 'history after expanding: "Tệp gốc"');
    await screenshot(p, `tables-history-${width}`);
    await p.context().close();
  }, 300_000);
});

/** The demo's bhxh-nguoi rows with the last third left out, as a UTF-8 CSV: a newer snapshot with fewer participants. */
async function fewerParticipants(file: string): Promise<string> {
  const source = await openSource(file, path.basename(file));
  const rows: string[][] = [];
  for await (const batch of source.rows()) for (const r of batch) rows.push(r.cells.map((c) => cellText(c)));
  const out = path.join(server.dataDir, 'bhxh-nguoi-moi.csv');
  fs.writeFileSync(out, csvHeader(rows[0], { bom: true }) + rows.slice(1, Math.ceil(rows.length * 2 / 3)).map((r) => csvLine(r)).join(''));
  return out;
}

describe('after an import the findings say they are stale, and a re-run from the web refreshes them', () => {
  it('import → stale notice → re-run with progress → notice gone, findings of the new run', async () => {
    const p = await signedIn(1366);
    const [{ id: runBefore }] = await q<{ id: string }>("SELECT max(id) AS id FROM reconcile_run WHERE status = 'done'");

    // A file missing a required column: the import button is disabled and says why.
    await p.goto(`${server.url}/nhap-du-lieu`);
    await p.locator('input[type="file"]').setInputFiles(path.resolve('test/fixtures/ingest/18-missing-column.csv'));
    const kindSelect = p.locator('.ant-descriptions .ant-select').first();
    await kindSelect.click();
    await (await settled(p.locator('.ant-select-dropdown'))).locator('.ant-select-item-option', { hasText: /^Dân cư/ }).click();
    await expect.poll(() => p.getByTestId('import-blocked').innerText()).toContain('Thiếu cột bắt buộc: Giới tính');
    expect(await p.getByRole('button', { name: 'Nhập dữ liệu' }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: 'Chọn tệp khác' }).click();

    // The newer bhxh-nguoi snapshot, imported through the page (it replaces the current one: confirmed).
    await p.locator('input[type="file"]').setInputFiles(await fewerParticipants(bhxhNguoiFile));
    await p.getByRole('button', { name: 'Nhập dữ liệu' }).click();
    const dialog = await settled(p.locator('.ant-modal'));
    await dialog.getByRole('button', { name: 'Thay thế' }).click();
    const afterImport = p.getByTestId('stale-findings');
    await afterImport.waitFor({ timeout: 120_000 });
    expect(await afterImport.innerText()).toContain(`Dữ liệu đã thay đổi từ lần đối soát #${runBefore}`);

    // The findings page says so too, and re-runs the reconciliation with its progress.
    await p.goto(`${server.url}/phat-hien`);
    const stale = p.getByTestId('stale-findings');
    await stale.waitFor();
    expect(await stale.getAttribute('data-since-run')).toBe(String(runBefore));
    await screenshot(p, 'tables-stale-findings');
    await stale.getByRole('button', { name: 'Chạy lại đối soát' }).click();
    await p.getByTestId('reconcile-progress').waitFor();
    expect(await p.getByTestId('reconcile-progress').innerText()).toMatch(/Đang đối soát: .+ \(bước \d+\/14\)/);
    await p.getByText(`Lần đối soát #${Number(runBefore) + 1}`, { exact: false }).first().waitFor({ timeout: 300_000 });
    await expect.poll(() => p.getByTestId('stale-findings').count()).toBe(0);
    expect(await p.getByTestId('reconcile-progress').count()).toBe(0);

    // The list shows the new run's findings: the tags count what the database holds now.
    const [{ id: runAfter, total }] = await q<{ id: string; total: number }>("SELECT id, total FROM reconcile_run WHERE status = 'done' ORDER BY id DESC LIMIT 1");
    expect(Number(runAfter)).toBe(Number(runBefore) + 1);
    const counts = await q<{ code: string; n: number }>('SELECT code, count(*)::int AS n FROM finding WHERE resolved_run_id IS NULL GROUP BY code');
    expect(counts.reduce((s, c) => s + c.n, 0)).toBe(total);
    for (const c of counts) {
      await expect.poll(() => p.getByTestId('code-counts').locator(`[data-code="${c.code}"] b`).innerText()).toBe(formatInt(c.n));
    }
    await p.context().close();
  }, 600_000);
});
