/**
 * Browser test of the overview, the commune page and the targets page on the real server: the shown
 * numbers are checked against figures computed here by SQL straight from the imported rows.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { launchBrowser, newContext, loginAs, screenshot, retype } from '../helpers/browser.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { dbConfigFromEnv } from '../../server/db/config.ts';
import { refreshProgress } from '../../server/targets/service.ts';
import { formatInt, formatPct } from '#shared/format.ts';
import { addNguoi, addDanCu, addLaoDong, addChiTieu, randomParticipants, activeByHomeCommune } from './seed.ts';
import { CRITICAL_ANTD_COMPONENTS, componentsOf } from '../../web/build/antdCss.ts';

const COMMUNES = ['05443', '01843', '05860', '05908', '05830'];
const MINE = '05443';
const P = '2026-09-01';
let server: RunningServer;
let browser: Browser;
let database: Database;

beforeAll(async () => {
  server = await startServer({ demo: false });
  await server.addUser('lanhdao', 'leadership', { name: 'Lãnh đạo UBND tỉnh' });
  await server.addUser('sonoivu', 'home_affairs', { name: 'Chuyên viên Sở Nội vụ' });
  await server.addUser('xa1', 'commune', { name: 'Cán bộ UBND phường Phan Đình Phùng', communes: [MINE] });
  database = await openDatabase(dbConfigFromEnv(server.env));
  const data = randomParticipants(31, 1500, COMMUNES, P);
  await addDanCu(database, data.dan);
  await addNguoi(database, P, data.rows);
  await addLaoDong(database, COMMUNES.map((c, i) => ({ commune_code: c, year: 2026, lf: 900 + 200 * i })));
  await addChiTieu(database, [
    { year: 2026, commune_code: '19', total: 1400, voluntary: 300, basis: 'NQ 07/NQ-HĐND' },
    ...COMMUNES.map((c) => ({ year: 2026, commune_code: c, total: 280, voluntary: 60 })),
  ]);
  await refreshProgress(database);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await server?.stop();
});

/** Distinct persons active at the end of P by commune of residence, computed from the imported rows. */
async function expected() {
  const active = await activeByHomeCommune(database, P);
  const lf = await database.pool.query(`SELECT commune_code, labour_force_working_age AS lf FROM src_lao_dong`);
  const labour = new Map<string, number>(lf.rows.map((x) => [x.commune_code, x.lf]));
  labour.set('19', [...labour.values()].reduce((a, b) => a + b, 0));
  return new Map([...active].map(([commune, x]) => [commune, { ...x, coverage: (100 * x.total) / labour.get(commune)! }]));
}

async function page(): Promise<Page> {
  return (await newContext(browser)).newPage();
}

const text = (p: Page, id: string) => p.getByTestId(id).first().innerText();

describe('overview and commune pages', () => {
  it('shows the province figures, the map and every commune to a province account', async () => {
    const exp = await expected();
    const p = await page();
    await loginAs(p, server.url, 'lanhdao', SERVER_TEST_PASSWORD);
    const errors: string[] = [];
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`${server.url}/`);
    await p.getByTestId('overview').waitFor();
    expect(await text(p, 'active-total')).toBe(formatInt(exp.get('19')!.total));
    expect(await text(p, 'active-mandatory')).toBe(formatInt(exp.get('19')!.mandatory));
    expect(await text(p, 'active-voluntary')).toBe(formatInt(exp.get('19')!.voluntary));
    expect(await text(p, 'target-total')).toBe(formatInt(1400));
    expect(await text(p, 'coverage')).toBe(formatPct(exp.get('19')!.coverage));
    await p.getByText('Số liệu tính đến 30/09/2026').waitFor();
    // The map is drawn (SVG) and the table lists all 92 communes with their figures.
    await p.getByTestId('commune-map').locator('path[data-code]').first().waitFor();
    // The table renders when it comes near the screen.
    await p.getByTestId('commune-table').scrollIntoViewIfNeeded();
    const rows = p.getByTestId('commune-table').locator('tr[data-code]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(92);
    for (const c of COMMUNES) {
      const cells = await p.getByTestId('commune-table').locator(`tr[data-code="${c}"] td`).allInnerTexts();
      expect(cells).toContain(formatInt(exp.get(c)!.total));
    }
    await p.getByTestId('best').waitFor();
    await screenshot(p, 'targets-overview');
    await p.screenshot({ path: 'test/.tmp/screenshots/targets-overview-top.png' });
    // Sorting by the number of participants puts the largest commune first.
    const header = p.getByTestId('commune-table').locator('thead th', { hasText: 'Đang tham gia' }).first();
    await header.click();
    await header.click();
    const largest = [...exp.entries()].filter(([k]) => k !== '19').sort((a, b) => b[1].total - a[1].total)[0][0];
    expect(await p.getByTestId('commune-table').locator('tr[data-code]').first().getAttribute('data-code')).toBe(largest);

    // Open a commune from the table.
    await p.getByTestId('commune-table').locator(`tr[data-code="01843"] a`).first().click();
    await p.waitForURL(/\/xa\/01843$/);
    await p.getByTestId('commune-page').waitFor();
    expect(await text(p, 'active-total')).toBe(formatInt(exp.get('01843')!.total));
    expect(await text(p, 'target-total')).toBe(formatInt(280));
    expect(await text(p, 'coverage')).toBe(formatPct(exp.get('01843')!.coverage));
    await p.getByRole('heading', { name: 'Phường Bắc Kạn' }).waitFor();
    await screenshot(p, 'targets-commune');
    expect(errors).toEqual([]);
    await p.context().close();
  });

  it('draws the trend chart and the map as SVG, with tooltips, and opens a commune from the map', async () => {
    const exp = await expected();
    const p = await page();
    await loginAs(p, server.url, 'lanhdao', SERVER_TEST_PASSWORD);
    // What the first screen is drawn with: its antd classes, and whether antd's whole stylesheet was loaded yet.
    await p.context().addInitScript(`(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="commune-map"] path[data-code]')) return;
        observer.disconnect();
        window.__firstScreen = {
          classes: [...new Set([...document.querySelectorAll('[class]')].flatMap((e) => [...e.classList]).filter((c) => c.startsWith('ant-')))],
          fullSheet: [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href.includes('antd-full')),
        };
      });
      observer.observe(document, { childList: true, subtree: true });
    })()`);
    await p.goto(`${server.url}/`);
    const map = p.getByTestId('commune-map');
    await map.locator('path[data-code]').first().waitFor();
    const first = (await p.evaluate('window.__firstScreen')) as { classes: string[]; fullSheet: boolean };
    expect(first.fullSheet).toBe(false);
    const components = [...componentsOf(first.classes.map((c) => `.${c}`).join(' '))];
    expect(components.length).toBeGreaterThan(3);
    for (const c of components) expect(CRITICAL_ANTD_COMPONENTS as readonly string[]).toContain(c);

    // One shape per commune of the province.
    const codes = await map.locator('path[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    const all = (await database.pool.query('SELECT code FROM commune ORDER BY code')).rows.map((r) => r.code as string);
    expect([...codes].sort()).toEqual(all);
    // Hovering a commune names it with its figures.
    await map.locator('path[data-code="01843"]').hover();
    const tip = map.locator('.bp-chart-tip');
    await tip.waitFor();
    expect(await tip.innerText()).toContain('Phường Bắc Kạn');
    expect(await tip.innerText()).toContain(`Người tham gia: ${formatInt(exp.get('01843')!.total)} / chỉ tiêu ${formatInt(280)}`);

    // The trend chart: the last month's point shows the province's count and the target.
    const trend = p.getByTestId('trend-chart');
    // The chart's pointer layer lies over the points: move the mouse to the point, through that layer.
    await trend.getByTestId('line-total-points').locator('circle').last().hover({ force: true });
    const trendTip = trend.locator('.bp-chart-tip');
    await trendTip.waitFor();
    expect(await trendTip.innerText()).toContain('09/2026');
    expect(await trendTip.innerText()).toContain(`Người tham gia BHXH: ${formatInt(exp.get('19')!.total)}`);
    expect(await trendTip.innerText()).toContain(`Chỉ tiêu năm 2026: ${formatInt(1400)}`);
    expect(await trend.getByTestId('target-line').innerHTML()).toContain(`Chỉ tiêu 2026: ${formatInt(1400)}`);

    // The map's metric can change; a click on a commune opens its page, whose chart is drawn too.
    await p.getByText('Tỷ lệ bao phủ', { exact: true }).click();
    await expect.poll(() => map.getAttribute('data-metric')).toBe('coverage');
    await map.locator('path[data-code="01843"]').click();
    await p.waitForURL(/\/xa\/01843$/);
    await p.getByTestId('commune-page').getByTestId('line-total').waitFor();
    expect(await text(p, 'active-total')).toBe(formatInt(exp.get('01843')!.total));
    await p.context().close();
  });

  it('limits a commune account to its commune', async () => {
    const exp = await expected();
    const p = await page();
    await loginAs(p, server.url, 'xa1', SERVER_TEST_PASSWORD);
    await p.goto(`${server.url}/`);
    await p.getByTestId('overview').waitFor();
    expect(await text(p, 'active-total')).toBe(formatInt(exp.get(MINE)!.total));
    await p.getByTestId('commune-table').scrollIntoViewIfNeeded();
    await p.getByTestId('commune-table').locator('tr[data-code]').first().waitFor();
    expect(await p.getByTestId('commune-table').locator('tr[data-code]').count()).toBe(1);
    await p.goto(`${server.url}/xa/01843`);
    await p.getByText('Không tìm thấy', { exact: true }).waitFor();
    await p.context().close();
  });

  it('lets Sở Nội vụ apply an allocation method that sums exactly to the province figure', async () => {
    const p = await page();
    await loginAs(p, server.url, 'sonoivu', SERVER_TEST_PASSWORD);
    await p.goto(`${server.url}/chi-tieu?nam=2026`);
    await p.getByTestId('province-targets').waitFor();
    await p.getByTestId('allocation-sum').waitFor();
    await p.locator('label.ant-radio-button-wrapper', { hasText: 'Thu hẹp cùng tỷ lệ khoảng trống bao phủ' }).click();
    await expect.poll(() => p.getByTestId('allocation-sum').innerText()).toContain('khớp');
    expect(await p.getByTestId('allocation-sum').innerText()).toContain(`Tổng đã giao ${formatInt(1400)} / chỉ tiêu tỉnh ${formatInt(1400)}`);
    await screenshot(p, 'targets-allocation');
    await p.getByRole('button', { name: 'Lưu dự thảo chỉ tiêu các xã' }).click();
    await p.getByText('Đã lưu dự thảo chỉ tiêu giao các xã, phường.').waitFor();
    const v = await database.pool.query(`SELECT v.status, v.method, v.source FROM target_version v JOIN target_set s ON s.id = v.set_id WHERE s.level = 'commune' ORDER BY v.version DESC LIMIT 1`);
    expect(v.rows[0]).toEqual({ status: 'draft', method: 'gap_share', source: 'allocation' });
    const sum = await database.pool.query(`SELECT sum(l.target_total)::int AS s FROM target_line l WHERE l.version_id = (SELECT max(id) FROM target_version)`);
    expect(sum.rows[0].s).toBe(1400);
    await p.context().close();
  });
});

describe('number entry on the targets page keeps what was typed', () => {
  it('stores 300 as 300, sends 3500 for "3.500", refuses -3500 and "ba triệu" with a message, and gates submission on the sums', async () => {
    const year = 2028;
    const p = await page();
    await loginAs(p, server.url, 'sonoivu', SERVER_TEST_PASSWORD);
    await p.goto(`${server.url}/chi-tieu?nam=${year}`);
    const province = p.getByTestId('province-targets');
    await province.waitFor();

    // Province form: a figure typed over an existing one is the figure typed.
    const total = province.getByLabel('Tổng số người tham gia BHXH');
    const voluntary = province.getByLabel('Tự nguyện (tối thiểu)');
    await retype(total, '1400');
    await voluntary.click(); // leaving the field shows the grouping
    expect(await total.inputValue()).toBe('1.400');
    await retype(total, '300');
    expect(await total.inputValue()).toBe('300');
    await retype(voluntary, '-3500');
    await province.getByText('Không nhận số âm').waitFor();
    await retype(voluntary, 'ba triệu');
    await province.getByText('Chỉ nhập chữ số (ví dụ 1.234.567)').waitFor();
    // Saving is refused in the browser while a field is invalid: the message stays, nothing is stored.
    await province.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await province.getByText('Chỉ nhập chữ số (ví dụ 1.234.567)').waitFor();
    await retype(voluntary, '30');
    await province.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await p.getByText('Đã lưu dự thảo chỉ tiêu của tỉnh.').waitFor();
    const stored = await database.pool.query(
      `SELECT l.target_total, l.target_voluntary FROM target_line l JOIN target_version v ON v.id = l.version_id JOIN target_set s ON s.id = v.set_id
       WHERE s.level = 'province' AND s.year = $1 ORDER BY v.version DESC LIMIT 1`, [year]);
    expect(stored.rows).toEqual([{ target_total: 300, target_voluntary: 30 }]);

    // The figure to allocate: 3500 typed is shown 3.500 and sent as 3500.
    const commune = p.getByTestId('commune-targets');
    const toAllocate = commune.getByLabel('Chỉ tiêu tỉnh cần phân bổ', { exact: true });
    await expect.poll(() => toAllocate.inputValue()).toBe('300');
    await retype(toAllocate, '3500');
    await commune.getByLabel('Chỉ tiêu tự nguyện cần phân bổ').click();
    expect(await toAllocate.inputValue()).toBe('3.500');
    const asked = p.waitForRequest((r) => r.url().includes('/api/targets/allocation?'));
    await commune.getByRole('button', { name: 'Tính đề xuất' }).click();
    expect(new URL((await asked).url()).searchParams.get('total')).toBe('3500');
    await expect.poll(() => commune.getByTestId('allocation-sum').innerText()).toContain(`chỉ tiêu tỉnh ${formatInt(3500)}`);
    await retype(toAllocate, '-3500');
    await commune.getByText('Chỉ tiêu tỉnh cần phân bổ: Không nhận số âm').waitFor();
    expect(await commune.getByRole('button', { name: 'Tính đề xuất' }).isDisabled()).toBe(true);
    await retype(toAllocate, 'ba triệu');
    await commune.getByText('Chỉ tiêu tỉnh cần phân bổ: Chỉ nhập chữ số (ví dụ 1.234.567)').waitFor();

    // A commune's cell: 300 typed over the proposal is 300 saved.
    await commune.locator('label.ant-radio-button-wrapper', { hasText: 'Theo tỷ trọng lực lượng lao động' }).click();
    await expect.poll(() => commune.getByTestId('allocation-sum').innerText()).toContain('khớp');
    const cell = commune.getByLabel('Chỉ tiêu Phường Bắc Kạn', { exact: true });
    await retype(cell, '300');
    await retype(commune.getByLabel('Chỉ tiêu tự nguyện Phường Bắc Kạn', { exact: true }), '-5');
    await commune.getByText('Chỉ tiêu tự nguyện Phường Bắc Kạn: Không nhận số âm').waitFor();
    expect(await commune.getByRole('button', { name: 'Lưu dự thảo chỉ tiêu các xã' }).isDisabled()).toBe(true);
    await retype(commune.getByLabel('Chỉ tiêu tự nguyện Phường Bắc Kạn', { exact: true }), '5');
    await commune.getByRole('button', { name: 'Lưu dự thảo chỉ tiêu các xã' }).click();
    await p.getByText('Đã lưu dự thảo chỉ tiêu giao các xã, phường.').waitFor();
    const line = await database.pool.query(
      `SELECT l.target_total, l.target_voluntary FROM target_line l JOIN target_version v ON v.id = l.version_id JOIN target_set s ON s.id = v.set_id
       WHERE s.level = 'commune' AND s.year = $1 AND l.unit_code = '01843' ORDER BY v.version DESC LIMIT 1`, [year]);
    expect(line.rows).toEqual([{ target_total: 300, target_voluntary: 5 }]);

    // The draft differs from the province target, which is not approved yet: submission is disabled, with the reason.
    const check = p.getByTestId('commune-sum-check');
    await check.waitFor();
    expect(await check.innerText()).toContain(`Chưa có chỉ tiêu của tỉnh năm ${year} đã được phê duyệt`);
    expect(await commune.getByRole('button', { name: 'Trình phê duyệt' }).isDisabled()).toBe(true);
    await screenshot(p, 'targets-number-entry');
    await p.context().close();
  });
});
