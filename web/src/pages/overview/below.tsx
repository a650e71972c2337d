/** The overview's parts below the fold (rankings, the commune table): loaded after the figures, chart and map. */
import type { HTMLAttributes } from 'react';
import { Card, List, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from '../../router.tsx';
import { DataTable, EmptyState, formatInt, formatPct } from '../../components/index.ts';
import { StatusTag, ratio, type Status } from './parts.tsx';
import type { CompactProgressRow as CommuneRow } from '@shared/api/targets.ts';

export function RankList({ title, rows, testId }: { title: string; rows: CommuneRow[]; testId: string }) {
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

export function CommuneTable({ rows }: { rows: CommuneRow[] }) {
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

