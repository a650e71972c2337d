/**
 * /ho-so/:id — one case: its stages, the figures frozen at opening, the current stage's outcomes for the owning
 * office (decision number and date, amount, reason when the outcome needs them), the closing shown by the data,
 * notes, attachments, documents and the case log. Offices that do not own the stage read only.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, InputNumber, Radio, Space, Steps, Table, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download, upload } from '../../api.ts';
import { useParams, Link } from '../../router.tsx';
import { AsyncContent, PageHeader, formatInt, useApi } from '../../components/index.ts';
import type { CaseAdvanceAnswer, CaseDetailAnswer as Detail } from '@shared/api/cases.ts';
import type { OkMessageAnswer } from '@shared/api/common.ts';

const AMOUNT_LABEL = { fine: 'Số tiền phạt (đồng)', to_recover: 'Số tiền phải thu hồi (đồng)', recovered: 'Số tiền đã thu hồi (đồng)' };

export default function CaseDetailPage() {
  const { id } = useParams<{ id: string }>();
  const state = useApi<Detail>(`/api/cases/${id}`);
  return (
    <AsyncContent state={state}>
      {(c) => (
        <>
          <PageHeader
            title={`Hồ sơ #${c.id}: ${c.subjectName ?? c.subjectId}`}
            subtitle={`${c.typeLabel} — ${c.findingLabel}`}
            breadcrumb={[{ label: 'Việc của tôi', to: '/viec-cua-toi' }, { label: `Hồ sơ #${c.id}` }]}
          />
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <Card size="small">
              <Steps size="small" current={c.stages.findIndex((s) => s.current)} status={c.status === 'closed' ? 'finish' : 'process'}
                items={c.stages.map((s) => ({ title: s.label, description: s.ownerLabel }))} />
            </Card>
            <Descriptions size="small" bordered column={2} data-testid="case-summary" items={[
              { key: 'status', label: 'Trạng thái', children: <span data-testid="case-status">{c.statusLabel}{c.closeResultLabel ? ` — ${c.closeResultLabel}` : ''}</span> },
              { key: 'stage', label: 'Bước hiện tại', children: <span data-testid="case-stage">{c.stageLabel}</span> },
              { key: 'owner', label: 'Cơ quan phụ trách', children: c.ownerLabel },
              { key: 'due', label: 'Hạn xử lý', children: c.dueLabel ? <Tag color={c.overdue ? 'red' : undefined}>{c.dueLabel}</Tag> : '' },
              { key: 'subject', label: 'Đối tượng', children: <>{c.subjectName} ({c.subjectId}){c.relatedId && /^\d{10}/.test(c.relatedId) ? <> — <Link to={`/don-vi/${c.relatedId}`}>trang đơn vị</Link></> : null}</> },
              { key: 'commune', label: 'Xã, phường', children: c.communeCode },
              { key: 'amount', label: 'Số tiền khi mở hồ sơ', children: c.amountLabel },
              { key: 'recovered', label: 'Đã thu sau khi mở hồ sơ', children: c.recoveredLabel },
              { key: 'opened', label: 'Mở lúc', children: c.openedAt },
              { key: 'assignee', label: 'Người xử lý', children: c.assignee ?? 'Chưa giao' },
              ...(c.fine ? [{ key: 'fine', label: 'Tiền phạt', children: c.fine }] : []),
              ...(c.toRecover ? [{ key: 'recover', label: 'Phải thu hồi', children: c.toRecover }] : []),
              { key: 'legal', label: 'Căn cứ pháp lý', children: c.legalBasis, span: 2 },
            ]} />
            {c.criminalScreening && (
              <Alert type="warning" showIcon data-testid="screening" message={c.criminalScreening.label}
                description={`${c.criminalScreening.flag ? 'Có dấu hiệu thỏa các ngưỡng' : 'Chưa thấy đủ các ngưỡng'} từ dữ liệu: trốn đóng ${c.criminalScreening.evadedMonths} tháng, ${c.criminalScreening.evadedAmount}, ${c.criminalScreening.workers} người lao động. Việc xử phạt hành chính trước đó không có trong dữ liệu: cần xác minh, không phải kết luận.`} />
            )}
            {c.dataResolved && c.status === 'open' && (
              <Alert type="success" showIcon data-testid="data-resolved" message={`${c.dataResolved.label} (lần đối soát #${c.dataResolved.runId}, tính đến ${c.dataResolved.asOf})`}
                description={c.dataResolved.message}
                action={c.canAct ? <Button type="primary" onClick={() => api.post<OkMessageAnswer>(`/api/cases/${c.id}/confirm-close`).then((r) => { message.success(r.message); state.reload(); }, (e) => message.error(e.message))}>Xác nhận đóng hồ sơ</Button> : undefined} />
            )}
            {c.canAct ? <ActionCard c={c} onDone={state.reload} /> : c.status === 'open' && (
              <Alert type="info" showIcon data-testid="read-only" message={`Bước này do ${c.ownerLabel} xử lý. Tài khoản của bạn chỉ xem hồ sơ.`} />
            )}
            {c.documents.length > 0 && (
              <Card size="small" title="Văn bản">
                <Space wrap>
                  {c.documents.map((d) => (
                    <Button key={d.code} icon={<DownloadOutlined />} data-doc={d.code}
                      onClick={() => download(`/api/cases/${c.id}/documents/${d.code}`).catch((e) => message.error(e.message))}>{d.label}</Button>
                  ))}
                </Space>
              </Card>
            )}
            {c.frozen.months.length > 0 && (
              <Card size="small" title={`Bảng nợ khi mở hồ sơ (kỳ dữ liệu ${c.frozenPeriod})`}>
                <Table size="small" pagination={false} rowKey="period" dataSource={c.frozen.months} columns={[
                  { title: 'Tháng', dataIndex: 'period' }, { title: 'Phải đóng', dataIndex: 'due', align: 'right' }, { title: 'Đã đóng', dataIndex: 'paid', align: 'right' },
                  { title: 'Còn nợ', dataIndex: 'arrears', align: 'right' }, { title: 'Hạn đóng', dataIndex: 'deadline' }, { title: 'Số ngày chậm', dataIndex: 'daysLate', align: 'right' },
                  { title: 'Ngày đôn đốc', dataIndex: 'remindedOn' }, { title: 'Trốn đóng', dataIndex: 'evaded', render: (v: boolean) => (v ? 'Có' : '') },
                ]} />
              </Card>
            )}
            {c.decisions.length > 0 && (
              <Card size="small" title="Quyết định, văn bản">
                <Table size="small" pagination={false} rowKey={(r) => `${r.stage}${r.number}`} dataSource={c.decisions} columns={[
                  { title: 'Bước', dataIndex: 'stage' }, { title: 'Kết quả', dataIndex: 'outcome' }, { title: 'Số', dataIndex: 'number' },
                  { title: 'Ngày', dataIndex: 'date' }, { title: 'Số tiền', dataIndex: 'amount', align: 'right' }, { title: 'Người ghi', dataIndex: 'by' },
                ]} />
              </Card>
            )}
            {c.attachments.length > 0 && (
              <Card size="small" title="Tệp đính kèm">
                {c.attachments.map((a) => <div key={a.id}>{a.fileName} — {a.size} byte — SHA-256 {a.sha256.slice(0, 16)}… — {a.by}, {a.at}</div>)}
              </Card>
            )}
            <Card size="small" title="Nhật ký hồ sơ">
              <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={c.log} data-testid="case-log" columns={[
                { title: 'Thời điểm', dataIndex: 'at' }, { title: 'Người', dataIndex: 'who' }, { title: 'Cơ quan', dataIndex: 'role' },
                { title: 'Việc', dataIndex: 'action' }, { title: 'Bước', dataIndex: 'stage' }, { title: 'Kết quả', dataIndex: 'outcome' },
                { title: 'Trước → sau', dataIndex: 'change' }, { title: 'Tiến độ', dataIndex: 'timeliness' }, { title: 'Ghi chú', dataIndex: 'note' },
              ]} />
            </Card>
          </Space>
        </>
      )}
    </AsyncContent>
  );
}

function ActionCard({ c, onDone }: { c: Detail; onDone: () => void }) {
  const [outcome, setOutcome] = useState<string | undefined>();
  const [decisionNumber, setDecisionNumber] = useState('');
  const [decisionDate, setDecisionDate] = useState('');
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = c.outcomes.find((o) => o.code === outcome);
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api.post<CaseAdvanceAnswer>(`/api/cases/${c.id}/advance`, {
        outcome, decisionNumber: decisionNumber || null, decisionDate: decisionDate || null, amountVnd: amount, reason: reason || null, note: note || null,
      });
      message.success(r.message);
      setOutcome(undefined);
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={`Kết quả bước "${c.stageLabel}"`} data-testid="case-action">
      <Space direction="vertical" style={{ width: '100%' }}>
        {c.hint && <Typography.Text type="secondary">{c.hint}</Typography.Text>}
        {c.suggestedFine && <Alert type="info" showIcon message={`Mức phạt theo máy tính phạt: ${c.suggestedFine.label}`} description={c.suggestedFine.sources.join('; ')} />}
        <Radio.Group value={outcome} onChange={(e) => setOutcome(e.target.value)} data-testid="outcomes">
          <Space direction="vertical">
            {c.outcomes.map((o) => <Radio key={o.code} value={o.code}>{o.label}{o.closes ? ' (đóng hồ sơ)' : ''}</Radio>)}
          </Space>
        </Radio.Group>
        {chosen?.needsDecision && (
          <Space wrap>
            <Input aria-label="Số quyết định, văn bản" placeholder="Số quyết định, văn bản (vd. 123/QĐ-TTr)" style={{ width: 280 }} value={decisionNumber} onChange={(e) => setDecisionNumber(e.target.value)} />
            <Input aria-label="Ngày quyết định" type="date" style={{ width: 180 }} value={decisionDate} onChange={(e) => setDecisionDate(e.target.value)} />
          </Space>
        )}
        {chosen?.amountKind && (
          <InputNumber<number> aria-label={AMOUNT_LABEL[chosen.amountKind]} placeholder={AMOUNT_LABEL[chosen.amountKind]} style={{ width: 280 }} min={0} step={1000} value={amount}
            formatter={(v) => (v == null || v === ('' as unknown) ? '' : formatInt(Number(v)))} parser={(v) => Number((v ?? '').replace(/\./g, ''))} onChange={(v) => setAmount(v)} />
        )}
        {chosen?.needsReason && <Input.TextArea aria-label="Lý do" placeholder="Lý do" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        <Input.TextArea aria-label="Ghi chú" placeholder="Ghi chú (không bắt buộc)" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        <Space wrap>
          <Button type="primary" disabled={!outcome} loading={busy} onClick={submit}>Ghi nhận kết quả</Button>
          <Button disabled={!note.trim()} onClick={() => api.post(`/api/cases/${c.id}/notes`, { note }).then(() => { setNote(''); message.success('Đã thêm ghi chú.'); onDone(); }, (e) => message.error(e.message))}>Chỉ thêm ghi chú</Button>
          <label className="ant-btn">
            Đính kèm tệp
            <input type="file" aria-label="Đính kèm tệp" style={{ display: 'none' }} onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) upload(`/api/cases/${c.id}/attachments`, f).then(() => { message.success('Đã đính kèm tệp.'); onDone(); }, (err) => message.error(err.message));
            }} />
          </label>
        </Space>
      </Space>
    </Card>
  );
}
