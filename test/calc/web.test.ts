/**
 * The web forms in real Chromium give the same numbers as the command line (and so as the API, see
 * surfaces.test.ts); the simulator page reproduces the Hà Nội precedent; printing shows the result only.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot, settled, retype } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { CALCULATORS } from '#shared/calc/registry.ts';
import { CASES } from './cases.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

const TABS: Record<string, string> = {
  voluntary: 'Tự nguyện', mandatory: 'Bắt buộc', late: 'Lãi chậm đóng', fine: 'Mức phạt', unemployment: 'Thất nghiệp', maternity: 'Thai sản', 'lump-sum': 'Đóng một lần',
};
const MAIN: Record<string, string[]> = {
  voluntary: ['contribution', 'state_support', 'local_support', 'net', 'mode_months', 'net_for_mode', 'deadline'],
  mandatory: ['base', 'employee', 'employer'],
  late: ['days', 'interest', 'total'],
  fine: ['min', 'max'],
  unemployment: ['monthly_benefit', 'cap', 'duration_months', 'start_date'],
  maternity: ['allowance'],
  'lump-sum': ['amount'],
};

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('bhxh', 'social_security', { name: 'Chuyên viên BHXH tỉnh' });
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await loginAs(page, server.url, 'bhxh', SERVER_TEST_PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** '31/05/2026' → '2026-05-31'; '1.234.567 đ' → 1234567; '—' → null. */
function parseShown(text: string): string | number | null {
  const t = text.trim();
  if (t === '—') return null;
  const d = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  if (d) return `${d[3]}-${d[2]}-${d[1]}`;
  return Number(t.replace(/[^\d-]/g, ''));
}

async function fillForm(name: string, body: Record<string, unknown>) {
  const spec = CALCULATORS[name];
  for (const f of spec.fields) {
    const value = body[f.name];
    if (value === undefined) continue;
    const input = page.locator(`#${name}_${f.name}`);
    if (f.kind === 'enum') {
      await input.click();
      const label = f.values.find((v) => v.value === String(value))!.label;
      await (await settled(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'))).locator(`.ant-select-item-option[title="${label}"]`).click();
    } else if (f.kind === 'date') {
      const [y, m, d] = String(value).split('-');
      await input.fill(`${d}/${m}/${y}`);
    } else if (f.kind === 'vnd_list') {
      await input.fill((value as number[]).map((v) => new Intl.NumberFormat('vi-VN').format(v)).join('; '));
    } else if (f.kind === 'bool') {
      if (value) await input.click();
    } else {
      await input.fill(String(value).replace('.', ','));
    }
  }
}

describe('web calculators (Chromium)', () => {
  it('answer with the same numbers as the command line', async () => {
    await page.goto(`${server.url}/may-tinh`);
    for (const c of CASES) {
      const cli = runCli(['calc', c.name, ...c.args, '--json'], server.env);
      expect(cli.code, cli.stderr).toBe(0);
      const expected = JSON.parse(cli.stdout);
      await page.getByRole('tab', { name: TABS[c.name], exact: true }).click();
      await fillForm(c.name, c.body);
      await page.getByTestId(`calc-submit-${c.name}`).click();
      const card = page.getByTestId(`calc-result-${c.name}`);
      await card.waitFor({ timeout: 30_000 });
      for (const k of MAIN[c.name]) {
        const shown = await card.locator(`[data-field="${k}"]`).innerText();
        expect(parseShown(shown), `${c.name}.${k} (${shown})`).toEqual(expected[k]);
      }
      // The rules used are listed with their sources.
      expect(await card.innerText()).toContain(expected.rules[0].label);
    }
    await screenshot(page, 'calc-lump-sum');
  });

  it('shows field errors in Vietnamese next to the field', async () => {
    await page.goto(`${server.url}/may-tinh`);
    await fillForm('voluntary', { income: 1_000_000, group: 'ngheo', date: '2026-03-01' });
    await page.getByTestId('calc-submit-voluntary').click();
    const explain = page.locator('#voluntary_income_help');
    await explain.waitFor({ timeout: 30_000 });
    expect(await explain.innerText()).toContain('Thu nhập lựa chọn phải từ 1.500.000 đồng');
  });

  it('flags unverified rules and prints only the result', async () => {
    await page.goto(`${server.url}/may-tinh`);
    await page.getByRole('tab', { name: 'Bắt buộc', exact: true }).click();
    await fillForm('mandatory', { wage: 5_000_000, date: '2026-03-01' });
    await page.getByTestId('calc-submit-mandatory').click();
    const card = page.getByTestId('calc-result-mandatory');
    await card.waitFor();
    expect(await card.innerText()).toContain('Chưa kiểm chứng');
    expect(await card.locator('[data-field="employee"]').innerText()).toBe('525.000 đ');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.bp-calc-form').first().isVisible()).toBe(false);
    expect(await card.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the basis rates rounded by the one formatting module (14 %, not 14,000000000000002 %)', async () => {
    await page.goto(`${server.url}/may-tinh`);
    await page.getByRole('tab', { name: 'Bắt buộc', exact: true }).click();
    await fillForm('mandatory', { wage: 5_000_000, date: '2026-03-01' });
    await page.getByTestId('calc-submit-mandatory').click();
    const card = page.getByTestId('calc-result-mandatory');
    await card.waitFor();
    const values = (await card.locator('table tbody td').allInnerTexts()).map((t) => t.trim());
    expect(values).toEqual(expect.arrayContaining(['14 %', '8 %', '0,5 %', '1,5 %']));
    expect(await card.innerText()).not.toMatch(/\d,\d{5,}/);
  });
});

describe('web simulator (Chromium)', () => {
  it('compares the saved Hà Nội precedent: net 0 for poor and near-poor at the minimum income', async () => {
    await page.goto(`${server.url}/mo-phong`);
    await page.getByText('Tiền lệ Hà Nội 2025', { exact: false }).click();
    await page.getByText('Không hỗ trợ thêm (chỉ mức Nhà nước hỗ trợ)').click();
    await page.getByTestId('sim-compare').click();
    const net = page.getByTestId('sim-net');
    await net.waitFor({ timeout: 30_000 });
    const rows = net.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBe(2);
    const hanoi = rows.filter({ hasText: 'Tiền lệ Hà Nội' });
    expect(await hanoi.locator('[data-group="poor"]').innerText()).toBe('0 đ');
    expect(await hanoi.locator('[data-group="near_poor"]').innerText()).toBe('0 đ');
    expect(await hanoi.locator('[data-group="other"]').innerText()).toBe('231.000 đ');
    const none = rows.filter({ hasText: 'Không hỗ trợ thêm' });
    expect(await none.locator('[data-group="poor"]').innerText()).toBe('165.000 đ');
    expect(await page.getByTestId('sim-table').locator('tbody tr.ant-table-row').count()).toBe(10);
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'calc-simulator');
  });
});

describe('number entry (Chromium)', () => {
  it('the simulator refuses negative amounts and percentages and non-numbers with a message, and sends what was typed', async () => {
    await page.goto(`${server.url}/mo-phong`);
    const help = (field: string) => page.locator(`#scenario_${field}_help`);
    expect(await page.locator('#scenario_year_from').inputValue()).toBe('2026');
    await page.locator('#scenario_name').fill('Thử nhập số');
    await retype(page.locator('#scenario_maternity_topup'), '-3.000.000');
    await expect.poll(() => help('maternity_topup').innerText()).toBe('Không nhận số âm');
    await retype(page.locator('#scenario_poor'), '-10');
    await expect.poll(() => help('poor').innerText()).toBe('Không nhận số âm');
    await retype(page.locator('#scenario_maternity_topup'), 'ba triệu');
    await expect.poll(() => help('maternity_topup').innerText()).toBe('Chỉ nhập chữ số (ví dụ 1.234.567)');
    await retype(page.locator('#scenario_near_poor'), '10.5');
    await expect.poll(() => help('near_poor').innerText()).toContain('phần thập phân viết sau dấu phẩy (ví dụ 10,5)');
    // Corrected: the amount, a percentage with a decimal comma and a negative elasticity (which may be negative).
    await retype(page.locator('#scenario_maternity_topup'), '3.000.000');
    await retype(page.locator('#scenario_poor'), '10,5');
    await retype(page.locator('#scenario_near_poor'), '');
    await retype(page.locator('#scenario_uptake_elasticity'), '-0,7');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/calc/simulate') && r.method() === 'POST');
    await page.getByTestId('sim-run').click();
    const draft = (await sent).postDataJSON().scenarios[0];
    expect(draft).toMatchObject({ maternity_topup: 3_000_000, topup: { poor: 10.5, near_poor: 0 }, uptake: { elasticity: -0.7 } });
    await page.getByTestId('sim-table').waitFor({ timeout: 30_000 });
    await page.locator('#scenario_poor').blur();
    expect(await page.locator('#scenario_poor').inputValue()).toBe('10,5');
    expect(await page.locator('#scenario_maternity_topup').inputValue()).toBe('3.000.000');
  });

  it('the unemployment form without the months in the window answers and states the assumption; a count refuses decimals', async () => {
    await page.goto(`${server.url}/may-tinh`);
    await page.getByRole('tab', { name: TABS.unemployment, exact: true }).click();
    await fillForm('unemployment', { avg_wage: 8_000_000, region: 'III', months_contributed: 18, filed: '2026-04-20' });
    await retype(page.locator('#unemployment_months_in_window'), '1,5');
    await expect.poll(() => page.locator('#unemployment_months_in_window_help').innerText()).toContain('Chỉ nhận số nguyên');
    await retype(page.locator('#unemployment_months_in_window'), '');
    await page.getByTestId('calc-submit-unemployment').click();
    const card = page.getByTestId('calc-result-unemployment');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('calc-summary').innerText()).toContain('Giả định toàn bộ 18 tháng đóng nằm trong 24 tháng trước khi chấm dứt hợp đồng');
    expect(await card.locator('[data-field="monthly_benefit"]').innerText()).toBe('4.800.000 đ');
  });
});
