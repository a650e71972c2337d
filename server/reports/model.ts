/**
 * A report as a document, before it has a format: the header of an administrative document (Decree 30/2020/NĐ-CP),
 * the blocks of its body, and where each figure comes from. The docx, PDF and xlsx renderers read only this; the
 * builders of each report kind write only this.
 */

/** Where the figures of a block come from: shown in the annex "Nguồn số liệu" and kept with a signed version. */
export interface DataSource {
  /** Vietnamese description, e.g. "Lô nhập bhxh-tham-gia số 12 (31/10/2026)". */
  label: string;
  /** Stable identifier of the data: 'import_batch:12', 'reconcile_run:4', 'progress_run:9', 'target_version:3'. */
  ref: string;
}

/** A column of a table: its Vietnamese header and how its values are formatted (shared/format.ts). */
export interface Column {
  header: string;
  format: 'text' | 'int' | 'money' | 'percent' | 'date' | 'period';
}

export type Cell = string | number | null;

/** Trend of a figure against its target, with the forecast band (the same data as the web's LineChart). */
export interface TrendChart {
  type: 'trend';
  title: string;
  /** Months as 'YYYY-MM'. */
  months: string[];
  series: { name: string; values: (number | null)[] }[];
  target?: { name: string; value: number };
  band?: { name: string; low: (number | null)[]; high: (number | null)[] };
  unit: string;
}

/** The communes coloured by a value (the same shapes and colours as the web's ChoroplethMap). */
export interface MapChart {
  type: 'map';
  title: string;
  /** Commune code → the value that colours it and its class for the legend. */
  communes: { code: string; value: number | null; klass: 'on_track' | 'at_risk' | 'off_track' | 'no_data' }[];
  legend: { klass: 'on_track' | 'at_risk' | 'off_track' | 'no_data'; label: string }[];
}

export type ChartSpec = TrendChart | MapChart;

export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string; sources?: DataSource[] }
  /** A table in the body; with `annex`, it also becomes one sheet of the xlsx annex (named `annex`, ≤ 31 chars). */
  | {
      kind: 'table'; title: string; columns: Column[]; rows: Cell[][]; sources: DataSource[]; annex?: string;
      /** Added (optional): the table is only a sheet of the xlsx annex; docx and PDF show a line pointing to it. */
      annexOnly?: boolean;
    }
  | { kind: 'chart'; chart: ChartSpec; sources: DataSource[] };

export interface ReportDocument {
  /** Report kind id: 'annual' | 'progress' | 'debts' | 'outreach' | … */
  kind: string;
  header: {
    /** Governing body above the issuer, e.g. "UBND TỈNH THÁI NGUYÊN". */
    issuerParent: string;
    issuer: string;
    /** "Số: 12/BC-SNV" once numbered; a draft shows "Số:      /BC-SNV". */
    number: string;
    place: string;
    /** ISO date of issue. */
    date: string;
    /** Document type and subject, e.g. "BÁO CÁO" and "Đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm 2026". */
    docType: string;
    subject: string;
  };
  /** "Kính gửi:" lines. */
  recipients: string[];
  blocks: Block[];
  /** "Nơi nhận:" lines. */
  copiesTo: string[];
  signature: { authority?: string; title: string; name: string };
  /** Every source used by any block, once (the annex "Nguồn số liệu"). */
  sources: DataSource[];
}
