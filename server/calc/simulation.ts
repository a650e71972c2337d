/**
 * The simulator's starting point from the imported data (set-based SQL, scoped to the user's
 * communes): current voluntary participants and the no-top-up year-end forecast — the dashboard's own
 * figures (progress_summary: persons, the same forecast function), split by support group in the
 * proportions of `cur_bhxh_nguoi`; without progress figures yet, counted from `cur_bhxh_nguoi` — potential
 * participants by group from the TIEM_NANG_TU_NGUYEN findings — or, while there are none, counted
 * from `cur_dan_cu` (and the result says so) — and the voluntary targets from `cur_chi_tieu`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { RuleBook } from '#shared/calc/rulebook.ts';
import { SUPPORT_GROUPS, type SupportGroup } from '#shared/vocabulary.ts';
import { SIM_YEARS, simulate, type ScenarioParams, type SimulationData, type SimulationResult } from '#shared/calc/simulator.ts';
import { formatInt, formatPeriod } from '#shared/format.ts';
import { largestRemainder } from '#shared/targets/allocation.ts';
import { PROVINCE_CODE } from '../targets/progress.ts';
import { PLAN_RANGE_TEXT } from '#shared/province.ts';
import { findingShortLabel } from '#shared/vocabulary.ts';

const zeroes = () => Object.fromEntries(SUPPORT_GROUPS.map((g) => [g, 0])) as Record<SupportGroup, number>;

/** The support group of a person: poor > near-poor (latest ho-ngheo year) > ethnic minority (dan-cu) > other. */
const GROUP_SQL = sql`CASE WHEN hn.rank = 1 THEN 'poor' WHEN hn.rank = 2 THEN 'near_poor'
  WHEN nullif(lower(btrim(d.ethnicity)), '') IS NOT NULL AND lower(btrim(d.ethnicity)) <> 'kinh' THEN 'ethnic_minority' ELSE 'other' END`;
const HO_NGHEO_SQL = sql`(SELECT person_id, min(CASE household_type WHEN 'poor' THEN 1 ELSE 2 END) AS rank FROM cur_ho_ngheo
  WHERE year = (SELECT max(year) FROM cur_ho_ngheo) GROUP BY person_id)`;

/** Splits a whole number over the support groups in proportion to `weights` (all to 'other' when there are none). */
function splitByGroup(total: number, weights: Record<SupportGroup, number>): Record<SupportGroup, number> {
  const quotas = SUPPORT_GROUPS.map((g) => weights[g]);
  const parts = largestRemainder(quotas.some((q) => q > 0) ? quotas : SUPPORT_GROUPS.map((g) => (g === 'other' ? 1 : 0)), total);
  return Object.fromEntries(SUPPORT_GROUPS.map((g, i) => [g, parts[i]])) as Record<SupportGroup, number>;
}

/**
 * The dashboard's voluntary figures for the scope, as of the latest month not after `asOf`: the last actual
 * (persons) and the year-end forecast, summed over the account's communes as the dashboard's headline does.
 */
async function dashboardVoluntary(db: Kysely<DB>, communes: string[] | null, asOf: string) {
  const units = communes ?? [PROVINCE_CODE];
  const rows = await sql<{ year: number; as_of_period: string; unit_code: string; row: unknown }>`
    SELECT year, as_of_period::text AS as_of_period, unit_code, row FROM progress_summary
    WHERE year = (SELECT max(year) FROM progress_summary WHERE as_of_period <= ${asOf}::date)
      AND unit_code = ANY(${units}::text[])`.execute(db);
  if (rows.rows.length === 0) return null;
  let actual = 0;
  let forecast = 0;
  for (const r of rows.rows) {
    const row = (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as { activeVoluntary: number | null; forecast: { voluntary: number | null } };
    if (row.activeVoluntary == null || row.forecast.voluntary == null) return null;
    actual += row.activeVoluntary;
    forecast += row.forecast.voluntary;
  }
  return { year: Number(rows.rows[0].year), period: rows.rows[0].as_of_period.slice(0, 10), actual, forecast };
}

export async function loadSimulationData(db: Kysely<DB>, book: RuleBook, communes: string[] | null, asOf: string): Promise<SimulationData> {
  const notes: string[] = [];
  const scope = (column: string) => (communes === null ? sql`TRUE` : sql`${sql.ref(column)} = ANY(${communes}::text[])`);

  const dashboard = await dashboardVoluntary(db, communes, asOf);
  const periodRow = await sql<{ p: string | null }>`SELECT max(snapshot_period) AS p FROM cur_bhxh_nguoi WHERE snapshot_period <= ${asOf}::date`.execute(db);
  const period = dashboard?.period ?? periodRow.rows[0]?.p ?? null;

  let current = zeroes();
  if (period) {
    const rows = await sql<{ g: SupportGroup; n: number }>`
      SELECT coalesce(support_group, 'other') AS g, count(DISTINCT coalesce(person_id, bhxh_code, batch_id || '-' || row_no))::int AS n
      FROM cur_bhxh_nguoi
      WHERE scheme = 'TN' AND snapshot_period = (SELECT max(snapshot_period) FROM cur_bhxh_nguoi WHERE snapshot_period <= ${period}::date)
        AND from_period <= ${period}::date AND (to_period IS NULL OR to_period >= ${period}::date) AND ${scope('commune_code')}
      GROUP BY 1`.execute(db);
    for (const r of rows.rows) current[r.g] = Number(r.n);
  } else {
    notes.push('Chưa có dữ liệu người tham gia BHXH (bhxh-nguoi): số người tham gia tự nguyện hiện tại tính bằng 0.');
  }
  // One path with the dashboard: its actual and its forecast, split in the groups' proportions.
  let baseline: SimulationData['baseline'] = null;
  if (dashboard) {
    const weights = current;
    current = splitByGroup(dashboard.actual, weights);
    baseline = { year: dashboard.year, total: dashboard.forecast, groups: splitByGroup(dashboard.forecast, weights) };
    notes.push(
      `Số người tham gia tự nguyện hiện tại (${formatInt(dashboard.actual)}) và dự báo cuối năm ${dashboard.year} khi không hỗ trợ thêm ` +
        `(${formatInt(dashboard.forecast)}) là số liệu của trang Tổng quan (mỗi người tính một lần), chia theo nhóm hỗ trợ theo tỷ lệ trong dữ liệu người tham gia.`,
    );
  }

  const potential = zeroes();
  let source: SimulationData['potential_source'] = 'population';
  const hasFindingTable = (await sql<{ t: string | null }>`SELECT to_regclass('public.finding')::text AS t`.execute(db)).rows[0]?.t;
  if (hasFindingTable) {
    const rows = await sql<{ g: SupportGroup; n: number }>`
      SELECT ${GROUP_SQL} AS g, count(*)::int AS n
      FROM finding f
      LEFT JOIN ${HO_NGHEO_SQL} hn ON hn.person_id = f.subject_id
      LEFT JOIN cur_dan_cu d ON d.person_id = f.subject_id
      WHERE f.code = 'TIEM_NANG_TU_NGUYEN' AND f.resolved_run_id IS NULL AND f.status <> 'dismissed' AND ${scope('f.commune_code')}
      GROUP BY 1`.execute(db);
    for (const r of rows.rows) potential[r.g] = Number(r.n);
    if (rows.rows.length > 0) {
      source = 'findings';
      notes.push(`Người tham gia tiềm năng: các phát hiện "${findingShortLabel('TIEM_NANG_TU_NGUYEN')}" của lần đối soát gần nhất (trừ các phát hiện đã loại).`);
    }
  }
  if (source === 'population') {
    const maleMax = book.at('retirement_age_months.M', asOf).value;
    const femaleMax = book.at('retirement_age_months.F', asOf).value;
    const minAge = book.at('voluntary.min_age_years', asOf).value * 12;
    const active = period
      ? sql`EXISTS (SELECT 1 FROM cur_bhxh_nguoi n WHERE n.person_id = d.person_id AND n.snapshot_period = ${period}::date
            AND n.from_period <= ${period}::date AND (n.to_period IS NULL OR n.to_period >= ${period}::date))`
      : sql`FALSE`;
    // Ages as whole months completed at as-of, turned into birth-date cutoffs (no per-row age()).
    const rows = await sql<{ g: SupportGroup; n: number }>`
      SELECT ${GROUP_SQL} AS g, count(*)::int AS n
      FROM cur_dan_cu d
      LEFT JOIN ${HO_NGHEO_SQL} hn ON hn.person_id = d.person_id
      WHERE NOT d.deceased AND ${scope('d.commune_code')}
        AND d.birth_date <= (${asOf}::date - make_interval(months => ${minAge}::int))::date
        AND d.birth_date > (${asOf}::date - make_interval(months => CASE d.sex WHEN 'M' THEN ${maleMax}::int ELSE ${femaleMax}::int END))::date
        AND NOT ${active}
        AND NOT EXISTS (SELECT 1 FROM cur_bhxh_huong h WHERE h.person_id = d.person_id)
        AND NOT EXISTS (SELECT 1 FROM cur_bhtn_huong b WHERE b.person_id = d.person_id AND ${asOf}::date BETWEEN b.start_date AND b.end_date)
      GROUP BY 1`.execute(db);
    for (const r of rows.rows) potential[r.g] = Number(r.n);
    notes.push(
      `Chưa có kết quả đối soát "${findingShortLabel('TIEM_NANG_TU_NGUYEN')}": người tham gia tiềm năng được đếm tạm từ dữ liệu dân cư (còn sống, từ đủ 15 tuổi đến dưới tuổi nghỉ hưu, chưa tham gia, không hưởng lương hưu/trợ cấp/BHTN); chưa loại trừ người thuộc diện bắt buộc.`,
    );
  }

  // Voluntary targets: the province line ('19') for a whole-province account, else the sum of its communes.
  const targets: Record<number, number | null> = {};
  for (let y = SIM_YEARS.min; y <= SIM_YEARS.max; y++) targets[y] = null;
  const tRows = communes === null
    ? await sql<{ year: number; province: number | null; communes: number | null }>`
        SELECT year, max(target_voluntary) FILTER (WHERE commune_code = ${PROVINCE_CODE}) AS province,
               sum(target_voluntary) FILTER (WHERE commune_code <> ${PROVINCE_CODE}) AS communes
        FROM cur_chi_tieu GROUP BY year`.execute(db)
    : await sql<{ year: number; province: number | null; communes: number | null }>`
        SELECT year, NULL::int AS province, sum(target_voluntary) AS communes
        FROM cur_chi_tieu WHERE commune_code = ANY(${communes}::text[]) GROUP BY year`.execute(db);
  for (const r of tRows.rows) if (r.year in targets) targets[r.year] = r.province != null ? Number(r.province) : r.communes != null ? Number(r.communes) : null;
  if (Object.values(targets).every((t) => t === null)) notes.push(`Chưa có chỉ tiêu BHXH tự nguyện (tệp chỉ tiêu) cho ${PLAN_RANGE_TEXT}: không tính được mức hoàn thành chỉ tiêu.`);
  if (period) notes.push(`Số người tham gia hiện tại: kỳ dữ liệu ${formatPeriod(period)}.`);
  if (communes !== null) notes.push(`Phạm vi: ${communes.length} xã/phường của tài khoản.`);
  return { as_of: asOf, period, current, potential, potential_source: source, targets, notes, baseline };
}

export async function runSimulations(db: Kysely<DB>, book: RuleBook, communes: string[] | null, asOf: string, scenarios: ScenarioParams[]): Promise<SimulationResult[]> {
  const data = await loadSimulationData(db, book, communes, asOf);
  return scenarios.map((s) => simulate(book, s, data));
}
