/**
 * /viec-cua-toi — "Việc của tôi": the cases waiting on the signed-in office (its stages, its communes) by urgency,
 * with filters, bulk assignment and bulk advance; "Tất cả hồ sơ" the cases the account may read; "Kết quả xử lý" the
 * measures (timeliness per office, VND recovered); "Tự động mở hồ sơ" the administrator's auto-open setting. The
 * server decides what is shown and who may act.
 */
import { useState } from 'react';
import { Alert, Button, Card, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download } from '../../api.ts';
import { useSearchParams, navigate, Link } from '../../router.tsx';
import { AsyncContent, DataTable, PageHeader, formatInt, formatPct, useApi, CommuneName } from '../../components/index.ts';
import { AutoOpenSetting } from './AutoOpen.tsx';
import type { CaseAnswer as CaseRow, CaseAssigneesAnswer, CaseDetailAnswer, CasesChangedAnswer, CaseListAnswer as ListAnswer, CaseMeasuresAnswer, CasesMetaAnswer as CasesMeta } from '@shared/api/cases.ts';

const URGENCY_COLOR = { overdue: 'red', due_soon: 'orange', later: 'green' } as const;

export default function CasesPage() {
  const meta = useApi<CasesMeta>('/api/cases/meta');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'mine';
  return (
    <>
      <PageHeader
        title="Việc của tôi"
        subtitle="Hồ sơ xử lý các phát hiện: mỗi bước do một cơ quan phụ trách, có hạn xử lý; các phát hiện là đầu mối cần xác minh, không phải kết luận vi phạm."
        extra={meta.data?.role.code === 'social_security' ? (
          <Button icon={<DownloadOutlined />} onClick={() => download('/api/cases/inspection-list.docx').catch((e) => message.error(e.message))}>Danh sách đề nghị thanh tra</Button>
        ) : undefined}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { push: true })}
        items={[
          { key: 'mine', label: 'Việc của tôi', children: <CaseList mine meta={meta.data} /> },
          { key: 'all', label: 'Tất cả hồ sơ', children: <CaseList mine={false} meta={meta.data} /> },
          { key: 'measures', label: 'Kết quả xử lý', children: <Measures /> },
          // Only the administrator (cases.configure) chooses what opens cases by itself; the server refuses the rest.
          ...(meta.data?.canConfigure ? [{ key: 'auto', label: 'Tự động mở hồ sơ', children: <AutoOpenSetting /> }] : []),
        ]}
      />
    </>
  );
}

function CaseList({ mine, meta }: { mine: boolean; meta?: CasesMeta }) {
  const [type, setType] = useState<string | undefined>();
  const [urgency, setUrgency] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>(mine ? undefined : 'open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<number[]>([]);
  const list = useApi<ListAnswer>('/api/cases', { mine: mine || undefined, type, urgency, status, page, pageSize });
  const rows = list.data?.rows ?? [];
  const chosen = rows.filter((r) => selected.includes(r.id));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap data-testid="case-urgency">
        {list.data && (
          <>
            <Tag.CheckableTag checked={!urgency} onChange={() => { setUrgency(undefined); setPage(1); }}>Tất cả <b>{formatInt(list.data.counts.open)}</b></Tag.CheckableTag>
            <Tag.CheckableTag data-urgency="overdue" checked={urgency === 'overdue'} onChange={() => { setUrgency('overdue'); setPage(1); }}>Quá hạn <b>{formatInt(list.data.counts.overdue)}</b></Tag.CheckableTag>
            <Tag.CheckableTag data-urgency="due_soon" checked={urgency === 'due_soon'} onChange={() => { setUrgency('due_soon'); setPage(1); }}>Đến hạn trong 3 ngày làm việc <b>{formatInt(list.data.counts.due_soon)}</b></Tag.CheckableTag>
            {list.data.counts.data_resolved > 0 && <Tag color="green">Đã khắc phục theo dữ liệu, chờ xác nhận: {formatInt(list.data.counts.data_resolved)}</Tag>}
          </>
        )}
        <Select allowClear placeholder="Loại hồ sơ" style={{ width: 260 }} value={type} onChange={(v) => { setType(v); setPage(1); }}
          options={meta?.types.map((t) => ({ value: t.code, label: t.label }))} />
        {!mine && (
          <Select allowClear placeholder="Trạng thái" style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
            options={[{ value: 'open', label: 'Đang xử lý' }, { value: 'closed', label: 'Đã đóng' }]} />
        )}
      </Space>
      {mine && selected.length > 0 && <BulkActions rows={chosen} onDone={() => { setSelected([]); list.reload(); }} />}
      <AsyncContent state={list}>
        {(data) => (
          <DataTable<CaseRow>
            data-testid={mine ? 'my-cases' : 'all-cases'}
            rowKey="id"
            dataSource={data.rows}
            total={data.total}
            page={page}
            pageSize={pageSize}
            onPageChange={(p, s) => { setPage(p); setPageSize(s); }}
            rowSelection={mine ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) } : undefined}
            onRow={(r) => ({ onDoubleClick: () => navigate(`/ho-so/${r.id}`) })}
            columns={[
              { title: 'Hồ sơ', dataIndex: 'id', render: (id: number) => <Link to={`/ho-so/${id}`}>#{id}</Link> },
              { title: 'Loại', dataIndex: 'typeLabel' },
              { title: 'Đối tượng', render: (_, r) => <span>{r.subjectName ?? ''} <Typography.Text type="secondary">{r.subjectId}</Typography.Text></span> },
              { title: 'Xã/phường', dataIndex: 'communeCode', render: (c: string) => <CommuneName code={c} /> },
              { title: 'Bước', render: (_, r) => `${r.stageNo} ${r.stageLabel}` },
              { title: 'Phụ trách', dataIndex: 'ownerLabel' },
              { title: 'Hạn', render: (_, r) => (r.urgency ? <Tag color={URGENCY_COLOR[r.urgency]}>{r.dueLabel}</Tag> : r.dueLabel) },
              { title: 'Trạng thái', render: (_, r) => <Tag color={r.dataResolved ? 'green' : r.status === 'open' ? 'blue' : 'default'}>{r.statusLabel}</Tag> },
              { title: 'Người xử lý', dataIndex: 'assignee' },
              { title: 'Số tiền', dataIndex: 'amountLabel', align: 'right' },
              { title: 'Đã thu', dataIndex: 'recoveredLabel', align: 'right' },
            ]}
          />
        )}
      </AsyncContent>
    </Space>
  );
}

/** Assign the selected cases to a person of the office, or record one outcome for all (same stage, no decision). */
function BulkActions({ rows, onDone }: { rows: CaseRow[]; onDone: () => void }) {
  const people = useApi<CaseAssigneesAnswer>('/api/cases/assignees');
  const [assignee, setAssignee] = useState<number | undefined>();
  const [outcome, setOutcome] = useState<string | undefined>();
  const stages = new Set(rows.map((r) => `${r.type}:${r.stage}`));
  const one = stages.size === 1 ? rows[0] : null;
  const detail = useApi<CaseDetailAnswer>(one ? `/api/cases/${one.id}` : null);
  const simple = (detail.data?.outcomes ?? []).filter((o) => !o.needsDecision && !o.amountKind && !o.needsReason);
  const ids = rows.map((r) => r.id);
  return (
    <Card size="small" title={`Đã chọn ${formatInt(rows.length)} hồ sơ`} data-testid="bulk-actions">
      <Space wrap>
        <Select placeholder="Giao cho" style={{ width: 240 }} value={assignee} onChange={setAssignee} options={people.data?.rows.map((p) => ({ value: p.id, label: p.name }))} />
        <Button disabled={!assignee} onClick={() => api.post<CasesChangedAnswer>('/api/cases/assign', { ids, assigneeId: assignee }).then((r) => { message.success(r.message); onDone(); }, (e) => message.error(e.message))}>Giao việc</Button>
        {one && simple.length > 0 && (
          <>
            <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)} options={simple.map((o) => ({ value: o.code, label: o.label }))} />
            <Button type="primary" disabled={!outcome} onClick={() => Modal.confirm({
              title: 'Ghi nhận kết quả cho các hồ sơ đã chọn?', okText: 'Ghi nhận', cancelText: 'Hủy',
              onOk: () => api.post<CasesChangedAnswer>('/api/cases/advance', { ids, outcome }).then((r) => { message.success(r.message); onDone(); }, (e) => message.error(e.message)),
            })}>Chuyển bước hàng loạt</Button>
          </>
        )}
        {!one && <Typography.Text type="secondary">Chuyển bước hàng loạt: chọn các hồ sơ cùng một bước.</Typography.Text>}
      </Space>
    </Card>
  );
}

function Measures() {
  const m = useApi<CaseMeasuresAnswer>('/api/cases/measures');
  return (
    <AsyncContent state={m}>
      {(d) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon message="Sớm hạn: xong trước ngày hết hạn của bước; đúng hạn: xong đúng ngày hết hạn; quá hạn: xong sau ngày hết hạn." />
          <Card size="small" title="Tiến độ xử lý theo cơ quan">
            <Table size="small" pagination={false} rowKey="office" dataSource={d.timeliness} data-testid="timeliness" columns={[
              { title: 'Cơ quan', dataIndex: 'office' }, { title: 'Số bước đã xong', dataIndex: 'total', render: formatInt },
              { title: 'Sớm hạn', render: (_, r) => `${formatInt(r.early)} (${formatPct(r.earlyShare * 100)})` },
              { title: 'Đúng hạn', render: (_, r) => `${formatInt(r.onTime)} (${formatPct(r.onTimeShare * 100)})` },
              { title: 'Quá hạn', render: (_, r) => `${formatInt(r.late)} (${formatPct(r.lateShare * 100)})` },
            ]} />
          </Card>
          <Card size="small" title="Hồ sơ theo bước">
            <Table size="small" pagination={false} rowKey={(r) => `${r.type}:${r.stage}:${r.status}`} dataSource={d.byStage} columns={[
              { title: 'Bước', dataIndex: 'stageLabel' }, { title: 'Trạng thái', dataIndex: 'status', render: (s: string) => (s === 'open' ? 'Đang xử lý' : 'Đã đóng') },
              { title: 'Số hồ sơ', dataIndex: 'count', render: formatInt }, { title: 'Quá hạn', dataIndex: 'overdue', render: formatInt },
              { title: 'Dưới 30 ngày', dataIndex: 'ageUnder30', render: formatInt }, { title: '30–89 ngày', dataIndex: 'age30to89', render: formatInt },
              { title: 'Từ 90 ngày', dataIndex: 'age90plus', render: formatInt },
            ]} />
          </Card>
          <Card size="small" title="Số tiền thu được sau khi mở hồ sơ">
            {d.recovered.map((r) => <div key={r.type}>{r.type === 'enforcement' ? 'Đơn vị nợ, trốn đóng' : r.type === 'benefit_recovery' ? 'Thu hồi trợ cấp thất nghiệp' : 'Thông tin người tham gia'}: <b>{r.recoveredLabel}</b></div>)}
          </Card>
          <Card size="small" title="Vận động tham gia theo xã">
            <Table size="small" pagination={false} rowKey="communeCode" dataSource={d.outreachByCommune} columns={[
              { title: 'Xã/phường', dataIndex: 'communeCode', render: (c: string) => <CommuneName code={c} /> }, { title: 'Lượt tiếp xúc', dataIndex: 'contacts', render: formatInt },
              { title: 'Số người', dataIndex: 'people', render: formatInt }, { title: 'Đã tham gia', dataIndex: 'converted', render: formatInt },
            ]} />
          </Card>
        </Space>
      )}
    </AsyncContent>
  );
}
