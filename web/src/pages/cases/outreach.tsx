/**
 * /van-dong — the outreach lists of the commune (potential voluntary participants and household owners; voluntary
 * payers whose paid period is about to end) and the contact log: date, channel, outcome, follow-up date. No case per
 * person: a contact is one row of the log.
 */
import { useState } from 'react';
import { Button, Input, Modal, Radio, Space, Tabs, Typography, message } from 'antd';
import { api } from '../../api.ts';
import { useMe, can } from '../../auth.tsx';
import { AsyncContent, DataTable, PageHeader, PersonalDataNotice, useApi, CommuneName } from '../../components/index.ts';
import type { ContactAnswer, OutreachAnswer as Answer, OutreachRow as Row } from '@shared/api/cases.ts';

const todayIso = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export default function OutreachPage() {
  const [kind, setKind] = useState<'potential' | 'renewal'>('potential');
  return (
    <>
      <PageHeader title="Vận động tham gia" subtitle="Danh sách người tiềm năng tham gia BHXH tự nguyện, chủ hộ kinh doanh, và người sắp hết kỳ đã đóng; ghi nhận từng lần tiếp xúc." />
      <PersonalDataNotice />
      <Tabs activeKey={kind} onChange={(k) => setKind(k as 'potential' | 'renewal')} items={[
        { key: 'potential', label: 'Người tiềm năng', children: <OutreachList kind="potential" /> },
        { key: 'renewal', label: 'Sắp hết kỳ đã đóng', children: <OutreachList kind="renewal" /> },
      ]} />
    </>
  );
}

function OutreachList({ kind }: { kind: 'potential' | 'renewal' }) {
  const me = useMe();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const list = useApi<Answer>('/api/outreach', { kind, page, pageSize });
  const [contact, setContact] = useState<Row | null>(null);
  return (
    <AsyncContent state={list}>
      {(d) => (
        <>
          <DataTable<Row>
            data-testid={`outreach-${kind}`}
            rowKey={(r) => `${r.code}:${r.subjectId}`}
            dataSource={d.rows}
            total={d.total}
            page={page}
            pageSize={pageSize}
            onPageChange={(p, s) => { setPage(p); setPageSize(s); }}
            columns={[
              { title: 'Số định danh', dataIndex: 'subjectId' },
              { title: 'Họ và tên', dataIndex: 'subjectName' },
              { title: 'Xã/phường', dataIndex: 'communeCode', render: (c: string) => <CommuneName code={c} /> },
              ...(kind === 'renewal' ? [{ title: 'Đã đóng đến', dataIndex: 'paidUntil' }] : []),
              { title: 'Số lần tiếp xúc', dataIndex: 'contacts', align: 'right' as const },
              { title: 'Lần gần nhất', dataIndex: 'lastContact' },
              ...(can(me, 'outreach.log') ? [{ title: '', render: (_: unknown, r: Row) => <Button size="small" onClick={() => setContact(r)}>Ghi tiếp xúc</Button> }] : []),
            ]}
          />
          {contact && <ContactDialog row={contact} kind={kind} channels={d.channels} outcomes={d.outcomes} onClose={(saved) => { setContact(null); if (saved) list.reload(); }} />}
        </>
      )}
    </AsyncContent>
  );
}

function ContactDialog({ row, kind, channels, outcomes, onClose }: { row: Row; kind: string; channels: Record<string, string>; outcomes: Record<string, string>; onClose: (saved: boolean) => void }) {
  const [date, setDate] = useState(todayIso());
  const [channel, setChannel] = useState<string>('visit');
  const [outcome, setOutcome] = useState<string>('advised');
  const [reason, setReason] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = () => api.post<ContactAnswer>('/api/outreach/contacts', {
    subjectId: row.subjectIdRaw, listKind: kind, contactDate: date, channel, outcome, refusedReason: reason || null, followUpDate: followUp || null,
  }).then((r) => { message.success(r.message); onClose(true); }, (e) => setError(e.message));
  return (
    <Modal open title={`Tiếp xúc: ${row.subjectName ?? row.subjectId}`} okText="Lưu" cancelText="Hủy" onOk={save} onCancel={() => onClose(false)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input aria-label="Ngày tiếp xúc" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <Radio.Group aria-label="Hình thức" value={channel} onChange={(e) => setChannel(e.target.value)} options={Object.entries(channels).map(([value, label]) => ({ value, label }))} />
        <Radio.Group aria-label="Kết quả" value={outcome} onChange={(e) => setOutcome(e.target.value)} options={Object.entries(outcomes).map(([value, label]) => ({ value, label }))} />
        {outcome === 'refused' && <Input aria-label="Lý do từ chối" placeholder="Lý do từ chối" value={reason} onChange={(e) => setReason(e.target.value)} />}
        <Input aria-label="Ngày hẹn lại" type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
        {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
      </Space>
    </Modal>
  );
}
