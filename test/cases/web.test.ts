/**
 * Browser test of the work capability on the real server: one case of each type walked through every stage in the
 * browser by the owning offices (each signed in as itself), with another office shown read-only and another commune
 * refused; the documents downloaded from the case page and read back (docx: word/document.xml via unzip; the
 * evidence workbook with exceljs); "Việc của tôi" showing the office's queue; an outreach contact recorded by the
 * commune officer. Identity verification is the commune police's (their queue, in their menu); the provincial police read.
 */
import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, settled } from '../helpers/browser.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { runReconciliation } from '../../server/reconcile/service.ts';
import { loadWorld, AS_OF, PERIOD, R, U, A, B } from '../reconcile/world.ts';
import { docxText, WALKS, STAGES } from './helpers.ts';

let server: RunningServer;
let browser: Browser;
let database: Database;
const pages = new Map<string, Page>();
const contexts: BrowserContext[] = [];

const ACCOUNTS: Array<[string, Parameters<RunningServer['addUser']>[1], string[]?]> = [
  ['social_security', 'social_security'], ['inspectorate', 'inspectorate'], ['police', 'police'], ['home_affairs', 'home_affairs'],
  ['leadership', 'leadership'], ['xa_a', 'commune', [A]], ['xa_b', 'commune', [B]], ['commune_police', 'commune_police', [A]],
  ['admin', 'admin'],
];

beforeAll(async () => {
  server = await startServer({ demo: false });
  for (const [name, role, communes] of ACCOUNTS) await server.addUser(name, role, { name: `Cán bộ ${name}`, communes });
  database = await openDatabase(dbConfigFromEnv(server.env));
  await loadWorld(database);
  await runReconciliation(database, { asOf: AS_OF, period: PERIOD });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await database?.close();
  await server?.stop();
});

const q = async (text: string, params: unknown[] = []) => (await database.pool.query(text, params)).rows;

async function pageOf(account: string): Promise<Page> {
  if (!pages.has(account)) {
    const context = await newContext(browser);
    contexts.push(context);
    const p = await context.newPage();
    await loginAs(p, server.url, account, SERVER_TEST_PASSWORD);
    pages.set(account, p);
  }
  return pages.get(account)!;
}

async function openCase(p: Page, id: number) {
  await p.goto(`${server.url}/ho-so/${id}`);
  await p.getByTestId('case-summary').waitFor();
}

const label = async (type: string, stage: string) => (await q('SELECT label FROM case_stage WHERE case_type = $1 AND code = $2', [type, stage]))[0].label as string;
const outcomeLabel = async (type: string, stage: string, outcome: string) =>
  (await q('SELECT label FROM case_outcome WHERE case_type = $1 AND stage = $2 AND code = $3', [type, stage, outcome]))[0].label as string;

async function downloadFrom(p: Page, doc: string): Promise<Buffer> {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.locator(`[data-doc="${doc}"]`).click()]);
  return fs.readFileSync((await dl.path())!);
}

describe('cases in the browser', () => {
  it('opens cases from the findings page and shows them in "Việc của tôi"', async () => {
    const p = await pageOf('social_security');
    // From one finding's detail: "Mở hồ sơ xử lý" opens the case and goes to it.
    for (const [code, subject] of [['NTG_SAI_THONG_TIN', R.birthDiffers], ['BHTN_TRUC_LOI', R.bhtnNewJob]] as const) {
      const f = (await q(`SELECT id FROM finding WHERE code = $1 AND subject_id = $2`, [code, subject]))[0];
      await p.goto(`${server.url}/phat-hien?code=${code}&tim=${subject}`);
      await p.getByTestId('findings-table').locator(`tr[data-row-key="${f.id}"]`).click();
      await p.getByTestId('finding-detail').getByTestId('open-case').click();
      await p.waitForURL(/\/ho-so\/\d+$/);
      const caseId = Number(p.url().split('/').pop());
      expect((await q(`SELECT finding_id, opened_via, opened_by FROM work_case WHERE id = $1`, [caseId]))[0]).toEqual({ finding_id: f.id, opened_via: 'single', opened_by: 'social_security' });
      await p.getByTestId('case-summary').waitFor();
    }
    await p.goto(`${server.url}/viec-cua-toi`);
    const table = p.getByTestId('my-cases');
    await table.waitFor();
    const mine = (await q(`SELECT count(*)::int AS n FROM work_case c JOIN case_stage s ON s.case_type = c.case_type AND s.code = c.stage WHERE c.status = 'open' AND s.owner_role = 'social_security'`))[0].n;
    await expect.poll(() => p.getByTestId('case-urgency').innerText()).toContain(`Tất cả ${mine}`);
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(mine);
    await expect.poll(() => table.innerText()).toContain('Công ty Trốn Đóng');
  });

  const subjects: Record<string, () => Promise<number>> = {
    enforcement: async () => Number((await q(`SELECT c.id FROM work_case c WHERE c.subject_id = $1 AND c.finding_code = 'DN_TRON_DONG'`, [U.evaded]))[0].id),
    identity: async () => Number((await q(`SELECT id FROM work_case WHERE subject_id = $1 AND finding_code = 'NTG_SAI_THONG_TIN'`, [R.birthDiffers]))[0].id),
    benefit_recovery: async () => Number((await q(`SELECT id FROM work_case WHERE subject_id = $1 AND finding_code = 'BHTN_TRUC_LOI'`, [R.bhtnNewJob]))[0].id),
  };

  for (const type of Object.keys(WALKS)) {
    it(`walks a ${type} case through every stage with the owning offices`, async () => {
      const id = await subjects[type]();
      for (const [i, step] of WALKS[type].entries()) {
        const stage = STAGES[type][i];
        // Another office reads the case without any action; the leadership too.
        const other = await pageOf(step.role === 'social_security' ? 'leadership' : 'social_security');
        await openCase(other, id);
        await expect.poll(() => other.getByTestId('case-stage').innerText()).toBe(await label(type, stage));
        await other.getByTestId('read-only').waitFor();
        expect(await other.getByTestId('case-action').count()).toBe(0);

        const p = await pageOf(step.role);
        if (type === 'identity' && stage === 'police_verify') {
          // The provincial police read the case without acting; the commune police find it in their menu's queue.
          const province = await pageOf('police');
          await openCase(province, id);
          await province.getByTestId('read-only').waitFor();
          expect(await province.getByTestId('case-action').count()).toBe(0);
          await p.goto(`${server.url}/`);
          await p.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Việc của tôi' }).click();
          await p.waitForURL(/\/viec-cua-toi$/);
          const queue = p.getByTestId('my-cases');
          await expect.poll(() => queue.locator(`tr[data-row-key="${id}"]`).count()).toBe(1);
          await expect.poll(() => queue.locator(`tr[data-row-key="${id}"]`).innerText()).toContain('Công an xã/phường');
        }
        await openCase(p, id);
        await expect.poll(() => p.getByTestId('case-stage').innerText()).toBe(await label(type, stage));
        if (type === 'enforcement' && stage === 'referral') {
          // The referral dossier: the letter (docx) and the evidence workbook (xlsx), with Art. 216 as "cần xác minh".
          await expect.poll(() => p.getByTestId('screening').innerText()).toContain('cần xác minh');
          const letter = docxText(await downloadFrom(p, 'referral_letter')).text;
          expect(letter).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
          expect(letter).toContain('Công ty Trốn Đóng');
          expect(letter).toContain('mức phạt 100.000.000 đồng');
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load((await downloadFrom(p, 'referral_workbook')) as unknown as ArrayBuffer);
          expect(wb.getWorksheet('Bảng nợ')!.getRow(2).getCell(5).value).toBe('20.000.000');
        }
        if (type === 'enforcement' && stage === 'inspection_list') {
          const reminder = docxText(await downloadFrom(p, 'written_reminder')).text;
          expect(reminder).toContain('Kính gửi: Công ty Trốn Đóng');
          expect(reminder).toContain('BẢNG CHI TIẾT SỐ TIỀN CÒN NỢ');
          expect(reminder).toContain('07/2026');
          await p.goto(`${server.url}/viec-cua-toi`);
          const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Danh sách đề nghị thanh tra' }).click()]);
          const list = docxText(fs.readFileSync((await dl.path())!)).text;
          expect(list).toContain('Thanh tra tỉnh Thái Nguyên');
          expect(list).toContain(U.evaded);
          await openCase(p, id);
        }
        const action = p.getByTestId('case-action');
        await action.locator('label', { hasText: await outcomeLabel(type, stage, step.outcome) }).first().click();
        if (step.decision) {
          await action.getByLabel('Số quyết định, văn bản').fill(`${i + 10}/QĐ-${type.slice(0, 3).toUpperCase()}`);
          await action.getByLabel('Ngày quyết định').fill('2026-01-05');
        }
        if (step.amount != null) await action.locator('.ant-input-number input').fill(String(step.amount));
        if (step.reason) await action.getByLabel('Lý do', { exact: true }).fill(step.reason);
        await action.getByRole('button', { name: 'Ghi nhận kết quả' }).click();
        const next = STAGES[type][i + 1];
        if (next) await expect.poll(() => p.getByTestId('case-stage').innerText()).toBe(await label(type, next));
        else await expect.poll(() => p.getByTestId('case-status').innerText()).toContain('Đã đóng');
        expect((await q('SELECT stage, status FROM work_case WHERE id = $1', [id]))[0]).toEqual({ stage: next ?? stage, status: next ? 'open' : 'closed' });
      }
      const p = await pageOf(WALKS[type].at(-1)!.role);
      const log = p.getByTestId('case-log');
      await expect.poll(() => log.locator('tbody tr').count()).toBe(1 + WALKS[type].length);
      expect(await log.innerText()).toContain('Đóng hồ sơ');
    });
  }

  it('refuses a commune account another commune’s case', async () => {
    const id = Number((await q(`SELECT id FROM work_case WHERE case_type = 'identity' LIMIT 1`))[0].id);
    expect((await q('SELECT commune_code FROM work_case WHERE id = $1', [id]))[0].commune_code).toBe(A);
    const p = await pageOf('xa_b');
    await p.goto(`${server.url}/ho-so/${id}`);
    await expect.poll(() => p.locator('.bp-error-state').innerText()).toContain('Không tìm thấy');
    const own = await pageOf('xa_a');
    await openCase(own, id);
    await expect.poll(() => own.getByTestId('case-status').innerText()).toContain('Đã đóng');
  });

  it('records an outreach contact of the commune officer', async () => {
    const p = await pageOf('xa_a');
    await p.goto(`${server.url}/van-dong`);
    const table = p.getByTestId('outreach-potential');
    await table.waitFor();
    const row = table.locator('tr', { hasText: R.other });
    await row.getByRole('button', { name: 'Ghi tiếp xúc' }).click();
    const dialog = await settled(p.locator('.ant-modal:visible'));
    await dialog.locator('label', { hasText: 'Zalo' }).click();
    await dialog.locator('label', { hasText: 'Từ chối' }).click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('lý do');
    await dialog.getByLabel('Lý do từ chối').fill('Chưa có thu nhập ổn định');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => row.innerText()).toContain('Từ chối');
    expect(await q(`SELECT channel, outcome, refused_reason, commune_code FROM outreach_contact WHERE subject_id = $1`, [R.other]))
      .toEqual([{ channel: 'zalo', outcome: 'refused', refused_reason: 'Chưa có thu nhập ổn định', commune_code: A }]);
  });

  it('lets the administrator choose the finding types that open cases after each run; others do not see it', async () => {
    const p = await pageOf('admin');
    await p.goto(`${server.url}/viec-cua-toi`);
    await p.getByRole('tab', { name: 'Tự động mở hồ sơ' }).click();
    const form = p.getByTestId('auto-open');
    await form.waitFor();
    // Labels, never codes; the installation's default (trốn đóng) is on.
    await expect.poll(() => form.innerText()).toContain('Đơn vị chậm đóng BHXH');
    expect(await form.innerText()).not.toContain('DN_CHAM_DONG');
    expect(await form.getByRole('checkbox', { name: 'Đơn vị trốn đóng BHXH' }).isChecked()).toBe(true);
    await form.getByRole('checkbox', { name: 'Đơn vị chậm đóng BHXH' }).check();
    await form.getByRole('checkbox', { name: 'Người đã chết vẫn tham gia hoặc hưởng trợ cấp' }).check();
    await p.getByRole('button', { name: 'Lưu thiết lập' }).click();
    const row = form.locator('tr', { hasText: 'Đơn vị chậm đóng BHXH' });
    await expect.poll(() => row.innerText()).toContain('Cán bộ admin (admin)');
    // Stored: read back through the API (the admin's session) and in the table.
    const back = await p.request.get(`${server.url}/api/cases/auto-open`);
    expect(back.status()).toBe(200);
    const enabled = ((await back.json()) as { rows: Array<{ code: string; enabled: boolean }> }).rows.filter((r) => r.enabled).map((r) => r.code).sort();
    expect(enabled).toEqual(['DN_CHAM_DONG', 'DN_TRON_DONG', 'NTG_DA_CHET']);
    expect(await q(`SELECT finding_code, updated_by FROM case_auto_open WHERE enabled ORDER BY 1`))
      .toEqual([{ finding_code: 'DN_CHAM_DONG', updated_by: 'admin' }, { finding_code: 'DN_TRON_DONG', updated_by: null }, { finding_code: 'NTG_DA_CHET', updated_by: 'admin' }]);
    // After a reload the page shows the stored choice.
    await p.reload();
    await p.getByTestId('auto-open').waitFor();
    await expect.poll(() => p.getByTestId('auto-open').getByRole('checkbox', { name: 'Đơn vị chậm đóng BHXH' }).isChecked()).toBe(true);
    // An office without cases.configure has no such tab, and the API refuses it.
    const ss = await pageOf('social_security');
    await ss.goto(`${server.url}/viec-cua-toi?tab=auto`);
    await ss.getByRole('tab', { name: 'Kết quả xử lý' }).waitFor();
    expect(await ss.getByRole('tab', { name: 'Tự động mở hồ sơ' }).count()).toBe(0);
    expect(await ss.getByTestId('auto-open').count()).toBe(0);
    expect((await ss.request.get(`${server.url}/api/cases/auto-open`)).status()).toBe(403);
  });

  it('opens cases in bulk from the findings list: the rows chosen, then the whole filter', async () => {
    const p = await pageOf('social_security');
    const code = 'DN_CHAM_DONG';
    const pendingSql = `SELECT f.id FROM finding f WHERE f.code = $1 AND f.resolved_run_id IS NULL AND f.status <> 'dismissed'
                          AND NOT EXISTS (SELECT 1 FROM work_case c WHERE c.finding_id = f.id AND c.status = 'open') ORDER BY f.id`;
    const pending = (await q(pendingSql, [code])).map((r) => Number(r.id));
    expect(pending.length).toBeGreaterThanOrEqual(2);
    await p.goto(`${server.url}/phat-hien?code=${code}`);
    const table = p.getByTestId('findings-table');
    const first = table.locator(`tr[data-row-key="${pending[0]}"]`);
    await first.waitFor();
    // Choosing a row does not open its detail; the button counts the choice.
    await first.locator('.ant-table-selection-column input[type="checkbox"]').check();
    expect(await p.getByTestId('finding-detail').count()).toBe(0);
    await p.getByRole('button', { name: 'Mở hồ sơ cho 1 phát hiện đã chọn' }).click();
    await p.getByText('Đã mở 1 hồ sơ xử lý.').waitFor();
    expect(await q(`SELECT opened_via, opened_by FROM work_case WHERE finding_id = $1 AND status = 'open'`, [pending[0]]))
      .toEqual([{ opened_via: 'single', opened_by: 'social_security' }]);
    // The next answer may read the same ("Đã mở 1 …" when one finding is left): let this notice go first.
    await p.getByText('Đã mở 1 hồ sơ xử lý.').waitFor({ state: 'detached', timeout: 30_000 });
    // The whole filter: every other finding of the type without an open case, after a confirmation.
    await p.getByRole('button', { name: 'Mở hồ sơ cho cả bộ lọc' }).click();
    const confirm = p.getByRole('dialog', { name: 'Mở hồ sơ xử lý cho cả bộ lọc?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('đơn vị chậm đóng bhxh');
    await confirm.getByRole('button', { name: 'Mở hồ sơ' }).click();
    await p.getByText(`Đã mở ${pending.length - 1} hồ sơ xử lý.`).waitFor();
    expect(await q(pendingSql, [code])).toEqual([]);
    expect((await q(`SELECT count(*)::int AS n FROM work_case WHERE finding_code = $1 AND status = 'open' AND opened_via = 'bulk'`, [code]))[0].n)
      .toBe(pending.length - 1);
    // With a search typed the whole-filter button is not offered (the server opens by type and commune only).
    await p.goto(`${server.url}/phat-hien?code=${code}&tim=U0`);
    await table.waitFor();
    await p.getByTestId('finding-filters').waitFor();
    expect(await p.getByRole('button', { name: 'Mở hồ sơ cho cả bộ lọc' }).count()).toBe(0);
  });
});
