/** Pieces shared by the overview and the commune page: types, headline cards, trend chart (method help: method.tsx). */
import type { ReactNode } from 'react';
import { Card, Col, Progress, Row, Statistic, Tag, Tooltip } from 'antd';
import { Chart, viNumber, type ChartOption } from '../../components/Chart.tsx';
import { formatInt, formatPct, formatPeriod } from '../../components/format.ts';

export type Status = 'on_track' | 'at_risk' | 'off_track';

export interface Row {
  unitCode: string;
  unitName: string;
  year: number;
  asOfPeriod: string | null;
  target: { total: number | null; voluntary: number | null; mandatory: number | null; unemployment: number | null; status: 'draft' | 'submitted' | 'approved' | null; version: number | null; basis: string | null; basisDate: string | null };
  activeTotal: number | null;
  activeMandatory: number | null;
  activeVoluntary: number | null;
  activeUnemployment: number | null;
  labourForceWorkingAge: number | null;
  labourForceYear: number | null;
  coveragePct: number | null;
  netNewSinceJanuary: number | null;
  activeTotalLastYear: number | null;
  activeVoluntaryLastYear: number | null;
  forecast: {
    total: number | null; totalLower: number | null; totalUpper: number | null;
    voluntary: number | null; voluntaryLower: number | null; voluntaryUpper: number | null;
    method: string | null; months: number | null;
    path?: Array<{ period: string; point: number; lower: number; upper: number }>;
  };
  statusTotal: Status | null;
  statusVoluntary: Status | null;
  status: Status | null;
  attainmentPct: number | null;
  rank: number | null;
  statusLabel: string;
  statusTotalLabel: string | null;
  statusVoluntaryLabel: string | null;
  targetStatusLabel: string | null;
  forecastMethodLabel: string | null;
}

/** A commune in the overview's table, map and rankings (the server's compact form). */
export interface CommuneRow {
  unitCode: string;
  unitName: string;
  rank: number | null;
  status: Status | null;
  statusLabel: string;
  attainmentPct: number | null;
  target: { total: number | null; voluntary: number | null };
  activeTotal: number | null;
  activeMandatory: number | null;
  activeVoluntary: number | null;
  activeUnemployment: number | null;
  labourForceWorkingAge: number | null;
  coveragePct: number | null;
  netNewSinceJanuary: number | null;
  forecast: { total: number | null };
}

export interface SeriesPoint { period: string; total: number; mandatory: number; voluntary: number; unemployment: number }

export interface MethodNotes {
  statusRule: string;
  interval: number;
  trendMonths: number;
  windowMonths: number;
  stockRule: string;
  communeRule: string;
  coverageRule: string;
  rules: Array<{ key: string; value: number; source: string; effectiveFrom: string }>;
}

export const STATUS_COLORS: Record<Status | 'none', string> = { on_track: '#3a8a5c', at_risk: '#d4a017', off_track: '#b53a3a', none: '#c7ccd4' };
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

function Figure({ title, value, testId, suffix, extra, hint }: { title: ReactNode; value: number | null; testId: string; suffix?: ReactNode; extra?: ReactNode; hint?: string }) {
  return (
    <Card size="small" className="bp-kpi">
      <Statistic
        title={hint ? <Tooltip title={hint}><span>{title}</span></Tooltip> : title}
        valueRender={() => <span data-testid={testId}>{value == null ? '—' : formatInt(value)}</span>}
        suffix={suffix}
      />
      {extra}
    </Card>
  );
}

function TargetBar({ value, target, testId }: { value: number | null; target: number | null; testId: string }) {
  if (target == null) return <div className="bp-kpi-sub">Chưa có chỉ tiêu</div>;
  const pct = ratio(value, target);
  return (
    <div className="bp-kpi-sub">
      <Progress percent={Math.min(100, Math.round(pct ?? 0))} size="small" showInfo={false} strokeColor={(pct ?? 0) >= 100 ? STATUS_COLORS.on_track : '#174a8b'} />
      Chỉ tiêu <span data-testid={testId}>{formatInt(target)}</span> · đạt {formatPct(pct)}
    </div>
  );
}

/** The headline figures of a row (province, commune or the sum of a commune account's communes). */
export function HeadlineCards({ row, year }: { row: Row; year: number }) {
  const f = row.forecast;
  return (
    <Row gutter={[12, 12]} className="bp-kpis">
      <Col xs={24} sm={12} xl={6}>
        <Figure title="Người tham gia BHXH" value={row.activeTotal} testId="active-total" hint="Số người (không phải số hồ sơ) đang tham gia cuối tháng"
          extra={<TargetBar value={row.activeTotal} target={row.target.total} testId="target-total" />} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Figure title="BHXH tự nguyện" value={row.activeVoluntary} testId="active-voluntary"
          extra={<TargetBar value={row.activeVoluntary} target={row.target.voluntary} testId="target-voluntary" />} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Figure title="BHXH bắt buộc" value={row.activeMandatory} testId="active-mandatory"
          extra={<div className="bp-kpi-sub">BHTN: <span data-testid="active-unemployment">{formatInt(row.activeUnemployment)}</span>{row.target.unemployment != null ? ` / chỉ tiêu ${formatInt(row.target.unemployment)}` : ''}</div>} />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Card size="small" className="bp-kpi">
          <Statistic
            title={<Tooltip title="(Bắt buộc + tự nguyện) / lực lượng lao động trong độ tuổi × 100"><span>Tỷ lệ bao phủ LLLĐ trong độ tuổi</span></Tooltip>}
            valueRender={() => <span data-testid="coverage">{row.coveragePct == null ? '—' : formatPct(row.coveragePct)}</span>}
          />
          <div className="bp-kpi-sub">
            LLLĐ trong độ tuổi: <span data-testid="labour-force">{formatInt(row.labourForceWorkingAge) || '—'}</span>
            {row.labourForceYear ? ` (năm ${row.labourForceYear})` : ''}
          </div>
        </Card>
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <Card size="small" className="bp-kpi">
          <Statistic
            title={`Dự báo cuối năm ${year}`}
            valueRender={() => <span data-testid="forecast-total">{f.total == null ? '—' : formatInt(f.total)}</span>}
          />
          <div className="bp-kpi-sub">
            {f.totalLower != null ? <>Khoảng dự báo {formatInt(f.totalLower)} – {formatInt(f.totalUpper)} · </> : null}
            <StatusTag status={row.status} label={row.statusLabel} />
          </div>
        </Card>
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <Figure title="Tăng thêm từ đầu năm" value={row.netNewSinceJanuary} testId="net-new" hint={`So với cuối tháng 12/${year - 1}`} />
      </Col>
      <Col xs={24} sm={12} xl={8}>
        <Figure title="Cùng kỳ năm trước" value={row.activeTotalLastYear} testId="last-year"
          extra={<div className="bp-kpi-sub">{row.activeTotal != null && row.activeTotalLastYear ? `Tăng ${formatPct(((row.activeTotal - row.activeTotalLastYear) / row.activeTotalLastYear) * 100)} so với cùng kỳ` : ' '}</div>} />
      </Col>
    </Row>
  );
}

/** Monthly series with the year's target line and the forecast band to December. */
export function TrendChart({ series, row, year, height = 340 }: { series: SeriesPoint[]; row: Row | null; year: number; height?: number }) {
  const path = row?.forecast.path ?? [];
  const periods = [...series.map((s) => s.period), ...path.map((p) => p.period)];
  const last = series[series.length - 1];
  const actual = periods.map((p) => series.find((s) => s.period === p)?.total ?? null);
  const voluntary = periods.map((p) => series.find((s) => s.period === p)?.voluntary ?? null);
  const point = periods.map((p) => (last && p === last.period ? last.total : path.find((x) => x.period === p)?.point ?? null));
  const lower = periods.map((p) => (last && p === last.period ? last.total : path.find((x) => x.period === p)?.lower ?? null));
  const band = periods.map((p, i) => (lower[i] == null ? null : (last && p === last.period ? 0 : (path.find((x) => x.period === p)!.upper - lower[i]!))));
  const target = row?.target.total ?? null;
  const option: ChartOption = {
    grid: { left: 64, right: 24, top: 40, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ seriesName: string; value: number | null; dataIndex: number; marker: string }>) => {
        const i = params[0]?.dataIndex ?? 0;
        const lines = [`<b>${formatPeriod(periods[i])}</b>`];
        for (const p of params) {
          if (p.value == null || p.seriesName === 'Cận dưới') continue;
          if (p.seriesName === 'Khoảng dự báo') {
            if (lower[i] != null && periods[i] !== last?.period) lines.push(`${p.marker}Khoảng dự báo: ${formatInt(lower[i]!)} – ${formatInt(lower[i]! + band[i]!)}`);
          } else lines.push(`${p.marker}${p.seriesName}: ${formatInt(p.value)}`);
        }
        if (target != null) lines.push(`Chỉ tiêu năm ${year}: ${formatInt(target)}`);
        return lines.join('<br/>');
      },
    },
    legend: { bottom: 0, data: ['Người tham gia BHXH', 'Trong đó tự nguyện', 'Dự báo', 'Khoảng dự báo'] },
    xAxis: { type: 'category', data: periods.map(formatPeriod), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: viNumber }, scale: true },
    series: [
      {
        name: 'Người tham gia BHXH', type: 'line', data: actual, symbolSize: 5, lineStyle: { width: 2.5 },
        markLine: target == null ? undefined : {
          symbol: 'none', silent: true, lineStyle: { color: '#b53a3a', type: 'dashed' },
          label: { formatter: `Chỉ tiêu ${year}: ${formatInt(target)}`, position: 'insideEndTop' },
          data: [{ yAxis: target }],
        },
      },
      { name: 'Trong đó tự nguyện', type: 'line', data: voluntary, symbolSize: 3, lineStyle: { width: 1.5 } },
      { name: 'Dự báo', type: 'line', data: point, symbol: 'none', lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#174a8b' } },
      { name: 'Cận dưới', type: 'line', data: lower, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false } },
      { name: 'Khoảng dự báo', type: 'line', data: band, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(23, 74, 139, 0.15)' }, itemStyle: { color: 'rgba(23, 74, 139, 0.35)' } },
    ],
  };
  return <Chart option={option} height={height} />;
}
