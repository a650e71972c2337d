/** Tổng quan: the province (or the account's communes) against its targets — the home page. */
import { useEffect, useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Card, Col, List, Row, Segmented, Select, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { api, download, withQuery } from '../../api.ts';
import { useSearchParams, useNavigate, Link } from '../../router.tsx';
import { PageHeader, DataTable, AsyncContent, useApi, formatInt, formatPct, EmptyState, type ApiState } from '../../components/index.ts';
import { Chart, registerGeoMap, type ChartOption } from '../../components/Chart.tsx';
import { HeadlineCards, TrendChart, MethodHelp, StatusTag, endOfMonth, ratio, STATUS_COLORS, type Row as ProgressRow, type CommuneRow, type SeriesPoint, type MethodNotes, type Status } from './parts.tsx';
import './overview.css';

interface Overview {
  year: number;
  years: number[];
  asOfPeriod: string | null;
  run: { refreshedAt: string; latestPeriod: string | null } | null;
  scope: { all: boolean; communes: string[] | null };
  headline: ProgressRow | null;
  series: SeriesPoint[];
  communes: CommuneRow[];
  best: CommuneRow[];
  worst: CommuneRow[];
  statusCounts: Record<Status | 'none', number>;
  method: MethodNotes;
}

type MapMetric = 'status' | 'coverage' | 'attainment';

// The home page's figures and the map's shapes are requested as soon as this code arrives (routes.tsx
// starts loading it at once on '/'), in parallel with the session check; plain fetch, so that an
// anonymous visitor's 401 is left to the session gate.
const onHome = typeof window !== 'undefined' && window.location.pathname === '/';
const getJson = (url: string) =>
  fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))));
const overviewUrl = (year?: number, month?: number) => withQuery('/api/progress/overview', { year, month });
let early: { url: string; promise: Promise<Overview>; used?: boolean } | null = null;
if (onHome) {
  const sp = new URLSearchParams(window.location.search);
  const url = overviewUrl(sp.get('nam') ? Number(sp.get('nam')) : undefined, sp.get('thang') ? Number(sp.get('thang')) : undefined);
  early = { url, promise: getJson(url) };
  early.promise.catch(() => undefined);
}

let geoLoad: Promise<void> | null = null;
const loadGeo = () => (geoLoad ??= getJson('/api/communes/geo').then((g) => registerGeoMap('thai-nguyen', g)));
if (onHome) loadGeo().catch(() => { geoLoad = null; });

/** useApi for the overview, taking over the early request when it is for the same address. */
function useOverview(year?: number, month?: number): ApiState<Overview> {
  const url = overviewUrl(year, month);
  // Taken in an effect, not in the initializer: a render React throws away must not use it up.
  const [initial] = useState(() => (early && !early.used && early.url === url ? early : null));
  useEffect(() => {
    if (initial) initial.used = true;
  }, [initial]);
  const [earlyData, setEarlyData] = useState<Overview | undefined>(undefined);
  const [earlyFailed, setEarlyFailed] = useState(false);
  useEffect(() => {
    initial?.promise.then(setEarlyData, () => setEarlyFailed(true));
  }, [initial]);
  const useEarly = initial !== null && initial.url === url && !earlyFailed;
  const state = useApi<Overview>(useEarly ? null : url);
  if (useEarly) return { data: earlyData, error: null, loading: earlyData === undefined, reload: () => setEarlyFailed(true) };
  return state;
}

function useGeo(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    loadGeo().then(() => live && setReady(true), () => { geoLoad = null; });
    return () => { live = false; };
  }, []);
  return ready;
}

/**
 * Renders its children once the placeholder comes near the screen (the commune table and the lists
 * below the fold), so the headline, the chart and the map paint first.
 */
function WhenNear({ children, height }: { children: ReactNode; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    if (near || !ref.current) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), { rootMargin: '200px' });
    io.observe(ref.current);
    return () => io.disconnect();
  }, [near]);
  return near ? <>{children}</> : <div ref={ref} style={{ height }} />;
}

function CommuneMap({ rows }: { rows: CommuneRow[] }) {
  const ready = useGeo();
  const navigate = useNavigate();
  const [metric, setMetric] = useState<MapMetric>(rows.some((r) => r.status) ? 'status' : 'coverage');
  const option = useMemo<ChartOption>(() => {
    const statusValue = { on_track: 0, at_risk: 1, off_track: 2 } as const;
    const value = (r: CommuneRow) =>
      metric === 'status' ? (r.status ? statusValue[r.status] : 3) : metric === 'coverage' ? r.coveragePct : r.attainmentPct;
    const data = rows.map((r) => ({ name: r.unitCode, value: value(r) ?? undefined, row: r }));
    const values = data.map((d) => d.value).filter((v): v is number => v != null);
    const visualMap = metric === 'status'
      ? {
          type: 'piecewise', left: 8, bottom: 8, orient: 'vertical',
          pieces: [
            { value: 0, label: 'Đạt tiến độ', color: STATUS_COLORS.on_track },
            { value: 1, label: 'Có nguy cơ', color: STATUS_COLORS.at_risk },
            { value: 2, label: 'Chậm tiến độ', color: STATUS_COLORS.off_track },
            { value: 3, label: 'Chưa có chỉ tiêu', color: STATUS_COLORS.none },
          ],
        }
      : {
          type: 'continuous', left: 8, bottom: 8, calculable: true,
          min: values.length ? Math.floor(Math.min(...values)) : 0, max: values.length ? Math.ceil(Math.max(...values)) : 100,
          text: [metric === 'coverage' ? 'Bao phủ cao' : 'Đạt cao', 'Thấp'],
          inRange: { color: ['#f4e3c9', '#d4802a', '#174a8b'] },
          formatter: (v: number) => formatPct(v),
        };
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: { row: CommuneRow } }) => {
          const r = p.data?.row;
          if (!r) return '';
          return [
            `<b>${r.unitName}</b>`,
            `Người tham gia: ${formatInt(r.activeTotal)}${r.target.total != null ? ` / chỉ tiêu ${formatInt(r.target.total)}` : ''}`,
            `Tỷ lệ bao phủ: ${r.coveragePct == null ? '—' : formatPct(r.coveragePct)}`,
            `Dự báo cuối năm: ${formatInt(r.forecast.total)}${r.attainmentPct != null ? ` (${formatPct(r.attainmentPct)} chỉ tiêu)` : ''}`,
            `Trạng thái: ${r.statusLabel}`,
            '<i>Nhấn để xem chi tiết</i>',
          ].join('<br/>');
        },
      },
      visualMap,
      series: [{
        type: 'map', map: 'thai-nguyen', nameProperty: 'code', roam: true, data,
        label: { show: false }, emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd666' } },
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#eceff3' }, selectedMode: false,
      }],
    } as ChartOption;
  }, [rows, metric]);
  return (
    <Card
      size="small"
      title="Bản đồ"
      extra={
        <Segmented<MapMetric>
          size="small"
          value={metric}
          onChange={setMetric}
          options={[{ value: 'status', label: 'Trạng thái' }, { value: 'coverage', label: 'Tỷ lệ bao phủ' }, { value: 'attainment', label: '% chỉ tiêu (dự báo)' }]}
        />
      }
    >
      {ready ? (
        <div data-testid="commune-map">
          <Chart option={option} height={460} onClick={(p) => p.name && /^\d{5}$/.test(p.name) && navigate(`/xa/${p.name}`)} />
        </div>
      ) : (
        <div style={{ height: 460 }} />
      )}
    </Card>
  );
}

function RankList({ title, rows, testId }: { title: string; rows: CommuneRow[]; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      {rows.length === 0 ? (
        <EmptyState description="Chưa có chỉ tiêu để xếp hạng" />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item extra={<StatusTag status={r.status} label={r.statusLabel} />}>
              <Space>
                <span className="bp-rank">{r.rank}</span>
                <Link to={`/xa/${r.unitCode}`}>{r.unitName}</Link>
                <Typography.Text type="secondary">{formatPct(r.attainmentPct)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

const num = (a: number | null, b: number | null) => (a ?? -1e15) - (b ?? -1e15);
const STATUS_ORDER: Record<string, number> = { off_track: 0, at_risk: 1, on_track: 2 };
const statusRank = (s: Status | null) => (s ? STATUS_ORDER[s] : 3);

function CommuneTable({ rows }: { rows: CommuneRow[] }) {
  const columns: ColumnsType<CommuneRow> = [
    { title: 'Hạng', dataIndex: 'rank', width: 64, className: 'bp-num', sorter: (a, b) => (a.rank ?? 999) - (b.rank ?? 999), render: (v) => v ?? '—' },
    { title: 'Xã, phường', dataIndex: 'unitName', fixed: 'left', sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'vi'), render: (_, r) => <Link to={`/xa/${r.unitCode}`}>{r.unitName}</Link> },
    { title: 'Chỉ tiêu BHXH', key: 'tt', className: 'bp-num', sorter: (a, b) => num(a.target.total, b.target.total), render: (_, r) => formatInt(r.target.total) || '—' },
    { title: 'Đang tham gia', dataIndex: 'activeTotal', className: 'bp-num', sorter: (a, b) => num(a.activeTotal, b.activeTotal), render: (v) => formatInt(v) },
    { title: '% chỉ tiêu', key: 'pct', className: 'bp-num', sorter: (a, b) => num(ratio(a.activeTotal, a.target.total), ratio(b.activeTotal, b.target.total)), render: (_, r) => formatPct(ratio(r.activeTotal, r.target.total)) || '—' },
    { title: 'Tự nguyện', dataIndex: 'activeVoluntary', className: 'bp-num', sorter: (a, b) => num(a.activeVoluntary, b.activeVoluntary), render: (v, r) => `${formatInt(v)}${r.target.voluntary != null ? ` / ${formatInt(r.target.voluntary)}` : ''}` },
    { title: 'Bắt buộc', dataIndex: 'activeMandatory', className: 'bp-num', sorter: (a, b) => num(a.activeMandatory, b.activeMandatory), render: (v) => formatInt(v) },
    { title: 'BHTN', dataIndex: 'activeUnemployment', className: 'bp-num', sorter: (a, b) => num(a.activeUnemployment, b.activeUnemployment), render: (v) => formatInt(v) },
    { title: 'LLLĐ trong độ tuổi', dataIndex: 'labourForceWorkingAge', className: 'bp-num', sorter: (a, b) => num(a.labourForceWorkingAge, b.labourForceWorkingAge), render: (v) => formatInt(v) || '—' },
    { title: 'Tỷ lệ bao phủ', dataIndex: 'coveragePct', className: 'bp-num', sorter: (a, b) => num(a.coveragePct, b.coveragePct), render: (v) => formatPct(v) || '—' },
    { title: 'Tăng từ đầu năm', dataIndex: 'netNewSinceJanuary', className: 'bp-num', sorter: (a, b) => num(a.netNewSinceJanuary, b.netNewSinceJanuary), render: (v) => formatInt(v) || '—' },
    { title: 'Dự báo cuối năm', key: 'fc', className: 'bp-num', sorter: (a, b) => num(a.forecast.total, b.forecast.total), render: (_, r) => formatInt(r.forecast.total) || '—' },
    {
      title: 'Trạng thái', dataIndex: 'status',
      sorter: (a, b) => statusRank(a.status) - statusRank(b.status),
      render: (_, r) => <StatusTag status={r.status} label={r.statusLabel} />,
    },
  ];
  return (
    <DataTable<CommuneRow>
      rowKey="unitCode"
      columns={columns}
      dataSource={rows}
      pagination={{ defaultPageSize: 100 }}
      onRow={(r) => ({ 'data-code': r.unitCode }) as HTMLAttributes<HTMLElement>}
    />
  );
}

export default function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const year = params.get('nam') ? Number(params.get('nam')) : undefined;
  const month = params.get('thang') ? Number(params.get('thang')) : undefined;
  const state = useOverview(year, month);
  const o = state.data;
  const asOf = endOfMonth(o?.asOfPeriod ?? null);
  const title = o && !o.scope.all && o.headline ? `Tổng quan — ${o.headline.unitName}` : 'Tổng quan tiến độ phát triển người tham gia BHXH';
  const maxMonth = o?.run?.latestPeriod && Number(o.run.latestPeriod.slice(0, 4)) === o.year ? Number(o.run.latestPeriod.slice(5, 7)) : 12;
  return (
    <>
      <PageHeader
        title={title}
        asOf={asOf}
        subtitle={o?.headline?.target.status && o.headline.target.status !== 'approved' ? `Chỉ tiêu ${o.year} chưa được phê duyệt (${o.headline.targetStatusLabel})` : undefined}
        extra={
          o && (
            <>
              <Select
                aria-label="Năm"
                value={o.year}
                style={{ width: 110 }}
                options={(o.years.length ? o.years : [o.year]).map((y) => ({ value: y, label: `Năm ${y}` }))}
                onChange={(v) => setParams({ nam: v })}
              />
              <Select
                aria-label="Tháng"
                value={o.asOfPeriod ? Number(o.asOfPeriod.slice(5, 7)) : undefined}
                style={{ width: 130 }}
                placeholder="Tháng"
                options={Array.from({ length: maxMonth }, (_, i) => ({ value: i + 1, label: `Tháng ${String(i + 1).padStart(2, '0')}` }))}
                onChange={(v) => setParams({ nam: o.year, thang: v })}
              />
              <Button icon={<DownloadOutlined />} onClick={() => void download('/api/progress/export', { query: { year: o.year, month, format: 'csv' }, fallbackName: `tien-do-${o.year}.csv` })}>
                Xuất CSV
              </Button>
            </>
          )
        }
      />
      <AsyncContent state={state} isEmpty={(d) => !d.headline || d.asOfPeriod === null} empty={<Card><EmptyState description="Chưa có số liệu người tham gia (tệp bhxh-nguoi). Hãy nhập dữ liệu để xem tiến độ." /></Card>}>
        {(d) => <OverviewBody d={d} />}
      </AsyncContent>
    </>
  );
}

function OverviewBody({ d }: { d: Overview }) {
  return (
          <Space direction="vertical" size={14} style={{ width: '100%' }} data-testid="overview">
            {d.headline && <HeadlineCards row={d.headline} year={d.year} />}
            <Row gutter={[12, 12]}>
              <Col xs={24} xl={14}>
                <Card size="small" title={`Diễn biến số người tham gia, chỉ tiêu và dự báo năm ${d.year}`}>
                  <TrendChart series={d.series} row={d.headline} year={d.year} height={460} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <CommuneMap rows={d.communes} />
              </Col>
            </Row>
            {d.scope.all && (
              <WhenNear height={260}>
                <Row gutter={[12, 12]}>
                  <Col xs={24} md={12}><RankList title="Các xã, phường dẫn đầu (dự báo % chỉ tiêu)" rows={d.best} testId="best" /></Col>
                  <Col xs={24} md={12}><RankList title="Các xã, phường cần quan tâm" rows={d.worst} testId="worst" /></Col>
                </Row>
              </WhenNear>
            )}
            {d.scope.all && (
              <Alert
                type="info"
                showIcon
                message={`Trạng thái ${d.communes.length} xã, phường: ${d.statusCounts.on_track} đạt tiến độ, ${d.statusCounts.at_risk} có nguy cơ, ${d.statusCounts.off_track} chậm tiến độ, ${d.statusCounts.none} chưa có chỉ tiêu.`}
              />
            )}
            <Card size="small" title="Các xã, phường">
              <div data-testid="commune-table">
                <WhenNear height={600}>
                  <CommuneTable rows={d.communes} />
                </WhenNear>
              </div>
            </Card>
            <MethodHelp method={d.method} />
          </Space>
  );
}
