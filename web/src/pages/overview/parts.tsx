/** Pieces shared by the overview and the commune page: status tags, headline cards, trend chart (method help: method.tsx). */
import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { LineChart, type LineSeries } from '../../components/LineChart.tsx';
import { BAND_COLOR, CHART_COLORS, STATUS_COLORS } from '@shared/charts/colors.ts';
import { formatInt, formatPct, formatPeriod } from '../../components/format.ts';
import { NO_TARGET_LABEL, type ProgressStatus } from '@shared/targets/forecast.ts';
import type { ProgressRowAnswer, SeriesPoint } from '@shared/api/targets.ts';

export type Status = ProgressStatus;

export const STATUS_TAG: Record<Status, string> = { on_track: 'success', at_risk: 'warning', off_track: 'error' };

export function StatusTag({ status, label }: { status: Status | null; label: string }) {
  return <Tag color={status ? STATUS_TAG[status] : 'default'} data-testid="status-tag">{label}</Tag>;
}

/** The last day of the as-of month, for "Số liệu tính đến …". */
export function endOfMonth(period: string | null): string | null {
  if (!period) return null;
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/** Share of a target reached (0–100+), or null. */
export const ratio = (value: number | null, target: number | null) => (value != null && target ? (value / target) * 100 : null);

/**
 * A headline tile. Plain HTML and CSS rather than antd's Card and Statistic: the home page's first render draws
 * seven of them, and it is measured (bench:dashboard).
 */
function Tile({ title, hint, children }: { title: ReactNode; hint?: string; children: ReactNode }) {
  return (
    <section className="bp-kpi">
      <div className="bp-kpi-title">{hint ? <span className="bp-hint" title={hint}>{title}</span> : title}</div>
      {children}
    </section>
  );
}

const Value = ({ testId, children }: { testId: string; children: ReactNode }) => (
  <div className="bp-kpi-value"><span data-testid={testId}>{children}</span></div>
);

function Figure({ title, value, testId, extra, hint }: { title: ReactNode; value: number | null; testId: string; extra?: ReactNode; hint?: string }) {
  return (
    <Tile title={title} hint={hint}>
      <Value testId={testId}>{value == null ? '—' : formatInt(value)}</Value>
      {extra}
    </Tile>
  );
}

function TargetBar({ value, target, testId }: { value: number | null; target: number | null; testId: string }) {
  if (target == null) return <div className="bp-kpi-sub">{NO_TARGET_LABEL}</div>;
  const pct = ratio(value, target);
  const shown = Math.min(100, Math.round(pct ?? 0));
  return (
    <div className="bp-kpi-sub">
      <div className="bp-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={shown}>
        <i style={{ width: `${shown}%`, background: (pct ?? 0) >= 100 ? STATUS_COLORS.on_track : '#174a8b' }} />
      </div>
      Chỉ tiêu <span data-testid={testId}>{formatInt(target)}</span> · đạt {formatPct(pct)}
    </div>
  );
}

/** The headline figures of a row (province, commune or the sum of a commune account's communes). */
export function HeadlineCards({ row, year }: { row: ProgressRowAnswer; year: number }) {
  const f = row.forecast;
  return (
    <div className="bp-kpis">
      <div className="bp-kpi-row bp-kpi-row-4">
        <Figure title="Người tham gia BHXH" value={row.activeTotal} testId="active-total" hint="Số người (không phải số hồ sơ) đang tham gia cuối tháng"
          extra={<TargetBar value={row.activeTotal} target={row.target.total} testId="target-total" />} />
        <Figure title="BHXH tự nguyện" value={row.activeVoluntary} testId="active-voluntary"
          extra={<TargetBar value={row.activeVoluntary} target={row.target.voluntary} testId="target-voluntary" />} />
        <Figure title="BHXH bắt buộc" value={row.activeMandatory} testId="active-mandatory"
          extra={<div className="bp-kpi-sub">BHTN: <span data-testid="active-unemployment">{formatInt(row.activeUnemployment)}</span>{row.target.unemployment != null ? ` / chỉ tiêu ${formatInt(row.target.unemployment)}` : ''}</div>} />
        <Tile title="Tỷ lệ bao phủ LLLĐ trong độ tuổi" hint="(Bắt buộc + tự nguyện) / lực lượng lao động trong độ tuổi × 100">
          <Value testId="coverage">{row.coveragePct == null ? '—' : formatPct(row.coveragePct)}</Value>
          <div className="bp-kpi-sub">
            LLLĐ trong độ tuổi: <span data-testid="labour-force">{formatInt(row.labourForceWorkingAge) || '—'}</span>
            {row.labourForceYear ? ` (năm ${row.labourForceYear})` : ''}
          </div>
        </Tile>
      </div>
      <div className="bp-kpi-row bp-kpi-row-3">
        <Tile title={`Dự báo cuối năm ${year}`}>
          <Value testId="forecast-total">{f.total == null ? '—' : formatInt(f.total)}</Value>
          <div className="bp-kpi-sub">
            {f.totalLower != null ? <>Khoảng dự báo {formatInt(f.totalLower)} – {formatInt(f.totalUpper)} · </> : null}
            <StatusTag status={row.status} label={row.statusLabel} />
          </div>
        </Tile>
        <Figure title="Tăng thêm từ đầu năm" value={row.netNewSinceJanuary} testId="net-new" hint={`So với cuối tháng 12/${year - 1}`} />
        <Figure title="Cùng kỳ năm trước" value={row.activeTotalLastYear} testId="last-year"
          extra={<div className="bp-kpi-sub">{row.activeTotal != null && row.activeTotalLastYear ? `Tăng ${formatPct(((row.activeTotal - row.activeTotalLastYear) / row.activeTotalLastYear) * 100)} so với cùng kỳ` : ' '}</div>} />
      </div>
    </div>
  );
}

/** Monthly series with the year's target line and the forecast band to December. */
export function TrendChart({ series, row, year, height = 340 }: { series: SeriesPoint[]; row: ProgressRowAnswer | null; year: number; height?: number }) {
  const path = row?.forecast.path ?? [];
  const last = series[series.length - 1];
  const periods = [...series.map((s) => s.period), ...path.map((p) => p.period).filter((p) => !series.some((s) => s.period === p))];
  const bySeries = new Map(series.map((s) => [s.period, s]));
  const byPath = new Map(path.map((p) => [p.period, p]));
  const actual = periods.map((p) => bySeries.get(p)?.total ?? null);
  const voluntary = periods.map((p) => bySeries.get(p)?.voluntary ?? null);
  // The forecast line and band start from the last actual month.
  const point = periods.map((p) => (last && p === last.period ? last.total : byPath.get(p)?.point ?? null));
  const lower = periods.map((p) => (last && p === last.period ? last.total : byPath.get(p)?.lower ?? null));
  const upper = periods.map((p) => (last && p === last.period ? last.total : byPath.get(p)?.upper ?? null));
  const target = row?.target.total ?? null;
  const lines: LineSeries[] = [
    { name: 'Người tham gia BHXH', data: actual, color: CHART_COLORS[0], width: 2.5, markers: true, testId: 'line-total' },
    { name: 'Trong đó tự nguyện', data: voluntary, color: CHART_COLORS[1], width: 1.5, markers: true, testId: 'line-voluntary' },
    { name: 'Dự báo', data: point, color: CHART_COLORS[0], width: 2, dashed: true, testId: 'line-forecast' },
  ];
  const tooltip = (i: number) => (
    <>
      <b>{formatPeriod(periods[i])}</b>
      {lines.map((l) => l.data[i] != null && !(l.dashed && actual[i] != null) && (
        <div key={l.name}><i className="bp-chart-dot" style={{ background: l.color }} />{l.name}: {formatInt(l.data[i]!)}</div>
      ))}
      {lower[i] != null && actual[i] == null && <div>Khoảng dự báo: {formatInt(lower[i]!)} – {formatInt(upper[i]!)}</div>}
      {target != null && <div>Chỉ tiêu năm {year}: {formatInt(target)}</div>}
    </>
  );
  return (
    <LineChart
      testId="trend-chart"
      ariaLabel={`Diễn biến số người tham gia năm ${year}`}
      categories={periods.map(formatPeriod)}
      series={lines}
      band={{ name: 'Khoảng dự báo', lower, upper, color: BAND_COLOR }}
      target={target == null ? undefined : { value: target, label: `Chỉ tiêu ${year}: ${formatInt(target)}` }}
      formatValue={formatInt}
      tooltip={tooltip}
      height={height}
    />
  );
}
