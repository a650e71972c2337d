/** Tổng quan: the province (or the account's communes) against its targets — the home page. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Segmented, Select, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download, withQuery } from '../../api.ts';
import { useSearchParams, useNavigate } from '../../router.tsx';
import { PageHeader, AsyncContent, useApi, formatInt, formatPct, EmptyState } from '../../components/index.ts';
import { primeApi } from '../../components/useApi.ts';
import { ChoroplethMap } from '../../components/ChoroplethMap.tsx';
import { rampColor, type GeoFeature } from '@shared/charts/geometry.ts';
import { MAP_RAMP as RAMP, NO_DATA_COLOR as NO_DATA, STATUS_COLORS } from '@shared/charts/colors.ts';
import { HeadlineCards, TrendChart, endOfMonth, type Status } from './parts.tsx';
import type { CompactProgressRow as CommuneRow, OverviewAnswer as Overview } from '@shared/api/targets.ts';
import type { CommuneShapesAnswer } from '@shared/api/reference.ts';
import { loadFullStyles, loadFullStylesWhenIdle } from '../../fullStyles.ts';
import { STATUS_LABELS, NO_TARGET_LABEL } from '@shared/targets/forecast.ts';
import './overview.css';

// Below the fold, in their own chunks (antd's Table, List and Collapse are not needed for the first screen), and
// rendered with antd's whole stylesheet (fullStyles.ts), which the page asks for once its first screen is drawn.
const loadBelow = () => Promise.all([import('./below.tsx'), loadFullStyles()]).then(([m]) => m);
const RankList = lazy(() => loadBelow().then((m) => ({ default: m.RankList })));
const CommuneTable = lazy(() => loadBelow().then((m) => ({ default: m.CommuneTable })));
const MethodHelp = lazy(() => Promise.all([import('./method.tsx'), loadFullStyles()]).then(([m]) => ({ default: m.MethodHelp })));

type MapMetric = 'status' | 'coverage' | 'attainment';

// The home page's figures and the map's shapes: index.html requests them before any module loads (on '/'),
// and api.get takes those answers over (takeEarly in api.ts); the shapes are loaded once.
const overviewUrl = (year?: number, month?: number) => withQuery('/api/progress/overview', { year, month });

let geoLoad: Promise<GeoFeature[]> | null = null;
let geoFeatures: GeoFeature[] | null = null;
// noRedirect: on '/', an anonymous visitor's 401 is left to the session gate.
const loadGeo = () =>
  (geoLoad ??= api.get<CommuneShapesAnswer>('/api/communes/geo', { noRedirect: true }).then(
    (g) => (geoFeatures = g.features),
    (err) => {
      geoLoad = null; // asked again next time
      throw err;
    },
  ));

function useGeo(): GeoFeature[] | null {
  const [features, setFeatures] = useState<GeoFeature[] | null>(geoFeatures);
  useEffect(() => {
    if (features) return;
    let live = true;
    loadGeo().then((f) => live && setFeatures(f), () => undefined);
    return () => { live = false; };
  }, [features]);
  return features;
}

const pageParams = (search: URLSearchParams) => ({
  year: search.get('nam') ? Number(search.get('nam')) : undefined,
  month: search.get('thang') ? Number(search.get('thang')) : undefined,
});

/**
 * What the first render needs — the figures and the map's shapes (both already requested by index.html) — so
 * that the home page is drawn in one render (routes.tsx preloads this module on '/' and main.tsx waits for it).
 */
export async function prepare(): Promise<void> {
  const { year, month } = pageParams(new URLSearchParams(window.location.search));
  await Promise.all([primeApi(overviewUrl(year, month)), loadGeo().catch(() => undefined)]);
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

const STATUS_PIECES: Array<{ key: Status | 'none'; label: string }> = [
  ...(Object.keys(STATUS_LABELS) as Status[]).map((key) => ({ key, label: STATUS_LABELS[key] })),
  { key: 'none', label: NO_TARGET_LABEL },
];

function CommuneTooltip({ r }: { r: CommuneRow }) {
  return (
    <>
      <b>{r.unitName}</b>
      <div>Người tham gia: {formatInt(r.activeTotal)}{r.target.total != null ? ` / chỉ tiêu ${formatInt(r.target.total)}` : ''}</div>
      <div>Tỷ lệ bao phủ: {r.coveragePct == null ? '—' : formatPct(r.coveragePct)}</div>
      <div>Dự báo cuối năm: {formatInt(r.forecast.total)}{r.attainmentPct != null ? ` (${formatPct(r.attainmentPct)} chỉ tiêu)` : ''}</div>
      <div>Trạng thái: {r.statusLabel}</div>
      <i>Nhấn để xem chi tiết</i>
    </>
  );
}

function CommuneMap({ rows }: { rows: CommuneRow[] }) {
  const features = useGeo();
  const navigate = useNavigate();
  const [metric, setMetric] = useState<MapMetric>(rows.some((r) => r.status) ? 'status' : 'coverage');
  const byCode = useMemo(() => new Map(rows.map((r) => [r.unitCode, r])), [rows]);
  const { fill, legend } = useMemo(() => {
    if (metric === 'status') {
      return {
        fill: (code: string) => { const r = byCode.get(code); return r ? STATUS_COLORS[r.status ?? 'none'] : NO_DATA; },
        legend: STATUS_PIECES.map((p) => <div key={p.key}><i className="bp-chart-dot" style={{ background: STATUS_COLORS[p.key] }} />{p.label}</div>),
      };
    }
    const value = (r: CommuneRow | undefined) => (r ? (metric === 'coverage' ? r.coveragePct : r.attainmentPct) : null);
    const values = rows.map(value).filter((v): v is number => v != null);
    const min = values.length ? Math.floor(Math.min(...values)) : 0;
    const max = values.length ? Math.ceil(Math.max(...values)) : 100;
    return {
      fill: (code: string) => { const v = value(byCode.get(code)); return v == null ? NO_DATA : rampColor(RAMP, max > min ? (v - min) / (max - min) : 0.5); },
      legend: (
        <div className="bp-map-ramp-row">
          <div className="bp-map-ramp" style={{ background: `linear-gradient(to top, ${RAMP.join(', ')})` }} />
          <div className="bp-map-ramp-labels">
            <span>{metric === 'coverage' ? 'Bao phủ cao' : 'Đạt cao'} · {formatPct(max)}</span>
            <span>Thấp · {formatPct(min)}</span>
          </div>
        </div>
      ),
    };
  }, [rows, byCode, metric]);
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
      <div data-testid="commune-map" data-metric={metric}>
        {features ? (
          <ChoroplethMap
            features={features}
            fill={fill}
            legend={legend}
            height={460}
            ariaLabel="Bản đồ các xã, phường; nhấn vào một xã, phường để xem chi tiết"
            tooltip={(code) => { const r = byCode.get(code); return r ? <CommuneTooltip r={r} /> : null; }}
            onSelect={(code) => byCode.has(code) && navigate(`/xa/${code}`)}
          />
        ) : (
          <div style={{ height: 460 }} />
        )}
      </div>
    </Card>
  );
}

export default function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const { year, month } = pageParams(params);
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
              <Button icon={<DownloadOutlined />} onClick={() => void download('/api/progress/export', { query: { year: o.year, month, format: 'xlsx' }, fallbackName: `tien-do-${o.year}.xlsx` })}>
                Xuất Excel
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
  useEffect(loadFullStylesWhenIdle, []);
  return (
          <Space direction="vertical" size={14} style={{ width: '100%' }} data-testid="overview">
            {d.headline && <HeadlineCards row={d.headline} year={d.year} />}
            <div className="bp-split bp-split-14-10">
              <Card size="small" title={`Diễn biến số người tham gia, chỉ tiêu và dự báo năm ${d.year}`}>
                <TrendChart series={d.series} row={d.headline} year={d.year} height={460} />
              </Card>
              <CommuneMap rows={d.communes} />
            </div>
            {d.scope.all && (
              <WhenNear height={260}>
                <div className="bp-halves">
                  <RankList title="Các xã, phường dẫn đầu (dự báo % chỉ tiêu)" rows={d.best} testId="best" />
                  <RankList title="Các xã, phường cần quan tâm" rows={d.worst} testId="worst" />
                </div>
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
            <WhenNear height={48}>
              <MethodHelp method={d.method} />
            </WhenNear>
          </Space>
  );
}
