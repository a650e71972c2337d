/**
 * What every builder shares: the context it is given (the database, the kind as data, the checked parameters, the
 * data identifiers and their source lines, who the document is built for) and the document's shell (the Decree 30
 * header, recipients, "Nơi nhận" and signature from the kind's data).
 */
import type { Database } from '../../db/connect.ts';
import type { SessionUser } from '../../auth/policies.ts';
import type { Block, ChartSpec, DataSource, ReportDocument, TrendChart, MapChart } from '../model.ts';
import { fill } from '../../documents/decree30.ts';
import { periodLabel, type ReportKind, type ReportParams } from '../kinds.ts';
import { collectSources, type Sources, type DataIds } from '../sources.ts';
import type { ProgressRow } from '../../targets/progress.ts';
import { STATUS_LABELS, NO_TARGET_LABEL, monthIndex, periodOf } from '#shared/targets/forecast.ts';
import { formatInt, formatPeriod } from '#shared/format.ts';

export interface BuildContext {
  database: Database;
  kind: ReportKind;
  params: ReportParams;
  /** Who the document is built for: masking of personal values (null = the command line, unmasked). */
  viewer: SessionUser | null;
  ids: DataIds;
  src: Sources;
  /** ISO date of the document. */
  today: string;
  /** "tỉnh Thái Nguyên" or the commune's name, e.g. "Phường Phan Đình Phùng". */
  unitName: string;
  /** Reports the share done (0–100) of a long build. */
  step: (percent: number) => Promise<void>;
}

/** The fields the kind's wording may name: {year}, {period}, {unit}. */
export const wordingFields = (ctx: Pick<BuildContext, 'params' | 'unitName'>) => ({ year: String(ctx.params.year), period: periodLabel(ctx.params), unit: ctx.unitName });

/** The document around the blocks: header, recipients, intro and closing wording, "Nơi nhận", signature, sources. */
export function documentOf(ctx: BuildContext, blocks: Block[]): ReportDocument {
  const f = wordingFields(ctx);
  const k = ctx.kind;
  const all: Block[] = [
    ...k.wording.intro.map((text) => ({ kind: 'paragraph' as const, text: fill(text, f) })),
    ...blocks,
    ...k.wording.closing.map((text) => ({ kind: 'paragraph' as const, text: fill(text, f) })),
  ];
  return {
    kind: k.id,
    header: {
      issuerParent: k.header.issuerParent,
      issuer: k.header.issuer,
      number: draftNumber(k.header.symbol),
      place: k.header.place,
      date: ctx.today,
      docType: k.header.docType,
      subject: fill(k.header.subject, f),
    },
    recipients: k.recipients.map((r) => fill(r, f)),
    blocks: all,
    copiesTo: k.copiesTo.map((c) => fill(c, f)),
    signature: { authority: k.signer.authority ?? undefined, title: k.signer.title, name: k.signer.name },
    sources: collectSources(all.map((b) => (b.kind === 'table' || b.kind === 'chart' ? b.sources : b.kind === 'paragraph' ? b.sources ?? [] : []))),
  };
}

/** A draft's number line: the number is left blank until the version is signed. */
export const draftNumber = (symbol: string) => `Số:        /${symbol}`;
export const signedNumber = (n: number, symbol: string) => `Số: ${n}/${symbol}`;

export const heading = (text: string, level: 1 | 2 = 1): Block => ({ kind: 'heading', level, text });
export const paragraph = (text: string, sources?: DataSource[]): Block => ({ kind: 'paragraph', text, sources });

export const statusText = (s: ProgressRow['status']) => (s ? STATUS_LABELS[s] : NO_TARGET_LABEL);

/**
 * The trend of the total against the year's target with the forecast band (the same data as the web's LineChart):
 * the actual stocks from January of the year before to the as-of month, then the forecast path to December.
 */
export function trendChart(title: string, series: Array<{ period: string; total: number }>, row: ProgressRow | null): TrendChart {
  const path = row?.forecast.path ?? [];
  const last = series.length ? series[series.length - 1].period : null;
  const end = path.length ? path[path.length - 1].period : last;
  const months: string[] = [];
  if (series.length && end) for (let i = monthIndex(series[0].period); i <= monthIndex(end); i++) months.push(periodOf(i).slice(0, 7));
  const actual = new Map(series.map((s) => [s.period.slice(0, 7), s.total]));
  const future = new Map(path.map((p) => [p.period.slice(0, 7), p]));
  const chart: TrendChart = {
    type: 'trend',
    title,
    months,
    series: [
      { name: 'Thực hiện', values: months.map((m) => actual.get(m) ?? null) },
      { name: 'Dự báo', values: months.map((m) => future.get(m)?.point ?? (m === last?.slice(0, 7) ? actual.get(m) ?? null : null)) },
    ],
    band: path.length ? { name: 'Khoảng dự báo', low: months.map((m) => future.get(m)?.lower ?? null), high: months.map((m) => future.get(m)?.upper ?? null) } : undefined,
    unit: 'người',
  };
  if (row?.target.total != null) chart.target = { name: `Chỉ tiêu năm ${row.year}`, value: row.target.total };
  return chart;
}

/** The communes coloured by their status (the same classes as the web's ChoroplethMap). */
export function mapChart(title: string, rows: ProgressRow[]): MapChart {
  return {
    type: 'map',
    title,
    communes: rows.map((r) => ({ code: r.unitCode, value: r.attainmentPct, klass: r.status ?? 'no_data' })),
    legend: [
      { klass: 'on_track', label: STATUS_LABELS.on_track },
      { klass: 'at_risk', label: STATUS_LABELS.at_risk },
      { klass: 'off_track', label: STATUS_LABELS.off_track },
      { klass: 'no_data', label: NO_TARGET_LABEL },
    ],
  };
}

export const chart = (spec: ChartSpec, sources: DataSource[]): Block => ({ kind: 'chart', chart: spec, sources });

export const monthText = (period: string | null) => (period ? `tháng ${formatPeriod(period)}` : 'chưa có số liệu');

/** a / b × 100 rounded to 1 decimal, or null. */
export const pctOf = (a: number | null | undefined, b: number | null | undefined) => (a == null || !b ? null : Math.round((a / b) * 1000) / 10);

type TableBlock = Extract<Block, { kind: 'table' }>;

/**
 * A list that may be long: whole in the body up to `limit` rows; beyond, the body keeps the first `shown` rows (with a
 * title that says so) and the whole list goes only into the xlsx annex (`annexOnly`), so a docx stays readable.
 */
export function longTable(table: TableBlock & { annex: string }, limit: number, shown: number, what: string): Block[] {
  if (table.rows.length <= limit) return [table];
  return [
    { ...table, title: `${table.title} — ${shown} ${what} đầu tiên (đủ ${formatInt(table.rows.length)} ${what} tại phụ lục "${table.annex}")`, rows: table.rows.slice(0, shown), annex: undefined },
    { ...table, annexOnly: true },
  ];
}
