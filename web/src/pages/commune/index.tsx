/** Trang xã/phường: its series with the target line and forecast, findings counts, links to its work lists. */
import { Card, Descriptions, List, Select, Space, Tag, Typography } from 'antd';
import { useParams, useSearchParams, Link } from '../../router.tsx';
import { PageHeader, AsyncContent, useApi, formatInt, formatPct, formatPeriod, EmptyState } from '../../components/index.ts';
import { HeadlineCards, TrendChart, endOfMonth } from '../overview/parts.tsx';
import type { CommunePageAnswer as CommuneDetail, FindingCounts } from '@shared/api/targets.ts';
import { MethodHelp } from '../overview/method.tsx';
import { CommuneCampaigns } from './campaigns.tsx';
import '../overview/overview.css';

function Findings({ findings }: { findings: FindingCounts | null }) {
  if (!findings) return <EmptyState description="Chưa có kết quả đối soát dữ liệu." />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="findings">
      <Typography.Text type="secondary">
        Các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm.
      </Typography.Text>
      <List
        size="small"
        dataSource={findings.groups}
        renderItem={(g) => (
          <List.Item extra={g.link ? <Link to={g.link}>Mở danh sách</Link> : null}>
            <Space>
              <strong>{g.label}</strong>
              <Tag color={g.count ? 'blue' : 'default'} data-testid={`findings-${g.group}`}>{formatInt(g.count)}</Tag>
            </Space>
          </List.Item>
        )}
      />
      {findings.byCode.length > 0 && (
        <List
          size="small"
          header={<Typography.Text type="secondary">Theo loại phát hiện</Typography.Text>}
          dataSource={findings.byCode}
          renderItem={(c) => (
            <List.Item extra={<span className="bp-num">{formatInt(c.count)}</span>}>
              {c.label}
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

export default function CommunePage() {
  const { code } = useParams<{ code: string }>();
  const [params, setParams] = useSearchParams();
  const year = params.get('nam') ? Number(params.get('nam')) : undefined;
  const state = useApi<CommuneDetail>(`/api/progress/communes/${encodeURIComponent(code)}`, { year });
  const d = state.data;
  return (
    <>
      <PageHeader
        title={d?.commune?.name ?? 'Xã, phường'}
        breadcrumb={[{ label: 'Tổng quan', to: '/' }, { label: d?.commune?.name ?? code }]}
        asOf={endOfMonth(d?.asOfPeriod ?? null)}
        subtitle={d?.commune ? `Mã ${d.commune.code} · trước sáp nhập: ${d.commune.oldDistricts}, tỉnh ${d.commune.oldProvince}` : undefined}
        extra={
          d && (
            <Select
              aria-label="Năm"
              value={d.year}
              style={{ width: 110 }}
              options={(d.years.length ? d.years : [d.year]).map((y) => ({ value: y, label: `Năm ${y}` }))}
              onChange={(v) => setParams({ nam: v })}
            />
          )
        }
      />
      <AsyncContent state={state}>
        {(data) =>
          !data.row || data.asOfPeriod === null ? (
            <Space direction="vertical" size={14} style={{ width: '100%' }}>
              <Card><EmptyState description="Chưa có số liệu người tham gia của xã, phường này." /></Card>
              <CommuneCampaigns code={code} year={data.year} />
            </Space>
          ) : (
            <Space direction="vertical" size={14} style={{ width: '100%' }} data-testid="commune-page">
              <HeadlineCards row={data.row} year={data.year} />
              <div className="bp-split bp-split-16-8">
                <Space direction="vertical" size={14} style={{ width: '100%' }}>
                  <Card size="small" title={`Diễn biến số người tham gia, chỉ tiêu và dự báo năm ${data.year}`}>
                    <TrendChart series={data.series} row={data.row} year={data.year} />
                  </Card>
                  <CommuneCampaigns code={code} year={data.year} />
                </Space>
                <Card size="small" title="Chỉ tiêu và xếp hạng">
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="Chỉ tiêu BHXH">{formatInt(data.row.target.total) || 'Chưa có'}</Descriptions.Item>
                    <Descriptions.Item label="Chỉ tiêu tự nguyện (tối thiểu)">{formatInt(data.row.target.voluntary) || 'Chưa có'}</Descriptions.Item>
                    <Descriptions.Item label="Chỉ tiêu BHXH bắt buộc">{formatInt(data.row.target.mandatory) || '—'}</Descriptions.Item>
                    <Descriptions.Item label="Chỉ tiêu BHTN">{formatInt(data.row.target.unemployment) || '—'}</Descriptions.Item>
                    <Descriptions.Item label="Tình trạng chỉ tiêu">
                      {data.row.targetStatusLabel ?? '—'}
                      {data.row.target.basis ? ` (${data.row.target.basis})` : ''}
                    </Descriptions.Item>
                    <Descriptions.Item label="Dự báo tự nguyện cuối năm">
                      {formatInt(data.row.forecast.voluntary) || '—'}
                      {data.row.statusVoluntaryLabel ? ` · ${data.row.statusVoluntaryLabel}` : ''}
                    </Descriptions.Item>
                    <Descriptions.Item label="Xếp hạng">
                      <span data-testid="rank">{data.row.rank ? `${data.row.rank} / ${data.communeCount}` : '—'}</span>
                    </Descriptions.Item>
                    {data.provinceCoveragePct != null && (
                      <Descriptions.Item label="Tỷ lệ bao phủ toàn tỉnh">{formatPct(data.provinceCoveragePct)}</Descriptions.Item>
                    )}
                    <Descriptions.Item label="Số liệu tháng">{formatPeriod(data.asOfPeriod)}</Descriptions.Item>
                  </Descriptions>
                </Card>
              </div>
              <Card size="small" title="Kết quả đối soát dữ liệu của xã, phường">
                <Findings findings={data.findings} />
              </Card>
              <MethodHelp method={data.method} />
            </Space>
          )
        }
      </AsyncContent>
    </>
  );
}
