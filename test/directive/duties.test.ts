/**
 * The directive's duties as data: the table loaded by migration holds every numbered duty of the directive's text
 * (reference/directive-2026.md), each with its body, lead/support and a due rule of the grammar; counted per body
 * from the text itself. Plus the calendar (expected periods, due dates) and the CLI `duties list` / `followup`.
 */
import fs from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Papa from 'papaparse';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { parseDueRule, expectedPeriods, dueDateOf, onTime, boardState } from '#shared/directive/calendar.ts';

/** The clause → body table of the directive (issue 14's shared decisions). */
const CLAUSE_AGENCY: Record<number, string> = {
  1: 'LANH_DAO', 2: 'SO_NOI_VU', 3: 'BHXH', 4: 'SO_TAI_CHINH', 5: 'SO_VHTTDL', 6: 'SO_TU_PHAP', 7: 'SO_CONG_THUONG', 8: 'THANH_TRA',
  9: 'THUE', 10: 'THONG_KE', 11: 'CONG_AN', 12: 'BQL_KCN', 13: 'MTTQ', 14: 'BAO_PTTH', 15: 'UBND_XA',
};

/**
 * The numbered duties of the directive, parsed from its text: under each numbered clause, each '- ' item is a duty;
 * a clause without items is one duty — except that a sentence opening with 'Đồng thời,' starts a duty of its own
 * (clause 1: the general duty, then the duty to follow the steering committee and report to it).
 */
function parseDirective(text: string): Map<number, string[]> {
  const body = text.split('triển khai thực hiện các nhiệm vụ sau:')[1].split('Căn cứ chỉ đạo của Chủ tịch')[0];
  const clauses = new Map<number, string[]>();
  let current = 0;
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const numbered = /^(\d+)\. (.*)$/.exec(line);
    let duty: string;
    if (numbered) {
      current = Number(numbered[1]);
      clauses.set(current, []);
      // The clause's heading is the body's name, unless the clause is itself a paragraph of duty (clause 1).
      if (numbered[2].length < 80) continue;
      duty = numbered[2];
    } else {
      duty = line.startsWith('- ') ? line.slice(2) : line;
    }
    clauses.get(current)!.push(...duty.split(/ (?=Đồng thời, )/));
  }
  return clauses;
}

let database: TestDatabase;
const directive = parseDirective(fs.readFileSync('reference/directive-2026.md', 'utf8'));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('the duties table', () => {
  it('keeps the directive it is checked against in reference/, identical to the shared copy', () => {
    const shared = '/work/shared/reference/directive-2026.md';
    if (fs.existsSync(shared)) expect(fs.readFileSync('reference/directive-2026.md', 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
    expect([...directive.keys()]).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('holds the 38 duties of the directive, per body as counted from its text, with its words', async () => {
    const rows = await database.db.selectFrom('directive_duty').selectAll().orderBy('clause').orderBy('item').execute();
    const fromText = [...directive.entries()].flatMap(([clause, duties]) => duties.map((text, i) => ({ clause, item: i + 1, agency: CLAUSE_AGENCY[clause], text })));
    expect(fromText).toHaveLength(38);
    expect(rows).toHaveLength(fromText.length);
    const perBody = (list: Array<{ agency: string }>) => list.reduce<Record<string, number>>((m, d) => { m[d.agency] = (m[d.agency] ?? 0) + 1; return m; }, {});
    expect(perBody(rows.map((r) => ({ agency: r.agency_code })))).toEqual(perBody(fromText));
    expect(Object.keys(perBody(fromText))).toHaveLength(15);
    expect(rows.map((r) => ({ clause: r.clause, item: r.item, agency: r.agency_code, text: r.text }))).toEqual(fromText);
    for (const r of rows) {
      expect(r.id).toBe(`${r.clause}.${r.item}`);
      expect(parseDueRule(r.due_rule), r.id).not.toBeNull();
      // The only date the directive writes: Home Affairs' yearly evaluation "trước ngày 25/12 hằng năm".
      if (r.text.includes('trước ngày 25/12 hằng năm')) expect(r.due_rule).toBe('yearly:12-25');
      // "Chủ trì" is a lead; a duty that opens with "Phối hợp" is a support one.
      if (/^(Hằng năm, )?Chủ trì/.test(r.text)) expect(r.lead, r.id).toBe(true);
      if (/^(Chủ động )?[Pp]hối hợp/.test(r.text)) expect(r.lead, r.id).toBe(false);
    }
    const agencies = await database.db.selectFrom('agency').select('code').execute();
    expect(agencies.map((a) => a.code)).toEqual(expect.arrayContaining(Object.values(CLAUSE_AGENCY)));
  });

  it('is the reference CSV, row for row', async () => {
    const { data } = Papa.parse<Record<string, string>>(fs.readFileSync('reference/directive-duties.csv', 'utf8'), { header: true, skipEmptyLines: true });
    const rows = await database.db.selectFrom('directive_duty').selectAll().orderBy('clause').orderBy('item').execute();
    expect(rows.map((r) => [r.id, r.agency_code, r.lead ? 'lead' : 'support', r.due_rule, r.text])).toEqual(data.map((d) => [d.duty_id, d.agency, d.lead, d.due_rule, d.text]));
    expect(fs.readFileSync('reference/SOURCES.md', 'utf8')).toContain('directive-duties.csv');
  });
});

describe('the duty calendar', () => {
  it('expands each rule into the periods of a year with their due dates', () => {
    expect(expectedPeriods(parseDueRule('yearly:12-25')!, 2026)).toEqual([{ period: '2026', dueDate: '2026-12-25' }]);
    expect(expectedPeriods(parseDueRule('quarterly:+15')!, 2026).map((p) => p.dueDate)).toEqual(['2026-04-15', '2026-07-15', '2026-10-15', '2027-01-15']);
    const monthly = expectedPeriods(parseDueRule('monthly:+5')!, 2028);
    expect(monthly).toHaveLength(12);
    expect(monthly[1]).toEqual({ period: '2028-02', dueDate: '2028-03-05' });
    expect(expectedPeriods(parseDueRule('event')!, 2026)).toEqual([]);
    expect(dueDateOf(parseDueRule('monthly:+0')!, '2028-02')).toBe('2028-02-29');
    for (const bad of ['yearly:02-29', 'yearly:13-01', 'quarterly:15', 'monthly:+99', 'weekly:+1', '']) expect(parseDueRule(bad), bad).toBeNull();
  });

  it('judges on time by the first submission, and overdue only once the due date is past', () => {
    expect(onTime('2026-10-15', '2026-10-15', '2026-12-01')).toBe(true);
    expect(onTime('2026-10-15', '2026-10-16', '2026-12-01')).toBe(false);
    expect(onTime('2026-10-15', null, '2026-10-15')).toBeNull();
    expect(onTime('2026-10-15', null, '2026-10-16')).toBe(false);
    expect(boardState(null, '2026-10-15', '2026-10-15')).toBe('not_due');
    expect(boardState('draft', '2026-10-15', '2026-10-16')).toBe('overdue');
    expect(boardState('returned', '2026-10-15', '2026-10-16')).toBe('returned');
  });
});

describe('command line', () => {
  it('lists the duties as CSV (with a BOM) and JSON', () => {
    const csv = runCli(['duties', 'list', '--format', 'csv'], envFor(database));
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFduty_id,clause,item,agency,lead,text,due_rule')).toBe(true);
    const { data } = Papa.parse<Record<string, string>>(csv.stdout.slice(1), { header: true, skipEmptyLines: true });
    expect(data).toHaveLength(38);
    expect(data.find((d) => d.duty_id === '2.7')).toMatchObject({ agency: 'SO_NOI_VU', lead: 'lead', due_rule: 'yearly:12-25' });
    const json = runCli(['duties', 'list', '--format', 'json'], envFor(database));
    expect(JSON.parse(json.stdout).map((d: { duty_id: string }) => d.duty_id)).toEqual(data.map((d) => d.duty_id));
    const bad = runCli(['duties', 'list', '--format', 'xml'], envFor(database));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format phải là csv hoặc json');
  });

  it('lists every expected duty and period of a year, from the calendar', async () => {
    const out = runCli(['followup', '--year', '2026', '--as-of', '2026-11-01', '--format', 'csv'], envFor(database));
    expect(out.code, out.stderr).toBe(0);
    const { data } = Papa.parse<Record<string, string>>(out.stdout.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    const duties = await database.db.selectFrom('directive_duty').select(['id', 'due_rule']).execute();
    const expected = duties.flatMap((d) => expectedPeriods(parseDueRule(d.due_rule)!, 2026).map((p) => `${d.id}|${p.period}|${p.dueDate}`)).sort();
    expect(data.map((r) => `${r.duty_id}|${r.period}|${r.due_date}`).sort()).toEqual(expected);
    expect(Object.keys(data[0])).toEqual(['duty_id', 'agency', 'period', 'due_date', 'state', 'submitted_at', 'accepted_at', 'on_time']);
    for (const r of data) expect(r.state, `${r.duty_id} ${r.period}`).toBe(r.due_date < '2026-11-01' ? 'overdue' : 'not_due');
    const json = JSON.parse(runCli(['followup', '--year', '2026', '--as-of', '2026-11-01', '--format', 'json'], envFor(database)).stdout);
    expect(json).toHaveLength(data.length);
    const missing = runCli(['followup'], envFor(database));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--year');
  });
});
