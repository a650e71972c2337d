/** Tổng quan: the province (or the account's communes) against its targets — the home page. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Row, Segmented, Select, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download, withQuery } from '../../api.ts';
import { useSearchParams, useNavigate } from '../../router.tsx';
import { PageHeader, AsyncContent, useApi, formatInt, formatPct, EmptyState } from '../../components/index.ts';
import { Chart, registerGeoMap, type ChartOption } from '../../components/Chart.tsx';
import { HeadlineCards, TrendChart, endOfMonth, STATUS_COLORS, type Row as ProgressRow, type CommuneRow, type SeriesPoint, type MethodNotes, type Status } from './parts.tsx';
import './overview.css';

// Below the fold, in their own chunks (antd's Table, List and Collapse are not needed for the first screen).
const loadBelow = () => import('./below.tsx');
const RankList = lazy(() => loadBelow().then((m) => ({ default: m.RankList })));
const CommuneTable = lazy(() => loadBelow().then((m) => ({ default: m.CommuneTable })));
const MethodHelp = lazy(() => import('./method.tsx').then((m) => ({ default: m.MethodHelp })));

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

// The home page's figures and the map's shapes: index.html requests them before any module loads (on '/'),
// and api.get takes those answers over (takeEarly in api.ts); the shapes are parsed and registered once.
const overviewUrl = (year?: number, month?: number) => withQuery('/api/progress/overview', { year, month });

let geoLoad: Promise<void> | null = null;
// noRedirect: on '/', an anonymous visitor's 401 is left to the session gate.
const loadGeo = () => (geoLoad ??= api.get('/api/communes/geo', { noRedirect: true }).then((g) => registerGeoMap('thai-nguyen', g)));
if (typeof window !== 'undefined' && window.location.pathname === '/') loadGeo().catch(() => { geoLoad = null; });

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
 * below the fold, lazily loaded), so the headline, the chart and the map paint first.
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
  const placeholder = <div ref={ref} style={{ height }} />;
  return near ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder;
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

export default function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const year = params.get('nam') ? Number(params.get('nam')) : undefined;
  const month = params.get('thang') ? Number(params.get('thang')) : undefined;
  const state = useApi<Overview>(overviewUrl(year, month));
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
            <Suspense fallback={null}>
              <MethodHelp method={d.method} />
            </Suspense>
          </Space>
  );
}
