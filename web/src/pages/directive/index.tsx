/**
 * "Nhiệm vụ chỉ thị": the directive's duties (edited by the secretariat), the bodies' periodic reports (filed by the
 * body, submitted by its leader, accepted or returned by Home Affairs) and the follow-up board.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PageHeader, AsyncContent, useApi, formatDate, formatDateTime, formatInt, formatPct, EmptyState } from '../../components/index.ts';
import { api, type ApiError } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { Link, navigate, useParams } from '../../router.tsx';
import { expectedPeriods, parseDueRule, periodLabel, PROGRESS_LABELS, STATE_LABELS, DUE_RULE_HELP, type AssessmentState, type BoardState } from '@shared/directive/calendar.ts';
import type {
  AssessmentStatus as Assessment, BoardAnswer, DirectiveReportAnswer as Report, DirectiveReportDetailAnswer as ReportDetailAnswer, DirectiveReportsAnswer, DutiesAnswer,
  DutyAnswer as Duty, FollowupAnswer as FollowupRow, IdAnswer,
} from '@shared/api/directive.ts';

const STATE_COLORS: Record<BoardState, string> = { not_due: 'default', overdue: 'red', draft: 'gold', submitted: 'blue', returned: 'orange', accepted: 'green' };
const stateTag = (state: BoardState) => <Tag color={STATE_COLORS[state]}>{STATE_LABELS[state]}</Tag>;
const ASSESSMENT_COLORS: Record<AssessmentState, string> = { no_draft: 'default', draft: 'gold', reviewed: 'blue', signed: 'green', late: 'red' };

/** The annual assessment before 25/12 (duty 2.7): its deadline, the state of the year's report, when it is drafted. */
function AssessmentLine({ a }: { a: Assessment }) {
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="assessment-deadline">
      <Space wrap>
        <span>Báo cáo đánh giá kết quả thực hiện Nghị quyết 403/NQ-CP năm {a.year} (nhiệm vụ {a.dutyId})</span>
        <span>— hạn: {a.deadline ? `trước ngày ${formatDate(a.deadline)}` : 'chưa có trong danh mục nhiệm vụ'}</span>
        <Tag color={ASSESSMENT_COLORS[a.state]} data-testid="assessment-state">{a.stateLabel}{a.version ? ` (bản ${a.version})` : ''}</Tag>
        {a.signedAt && <span>ký lúc {formatDateTime(a.signedAt)}</span>}
        {a.state !== 'signed' && a.scheduledAt && <Typography.Text type="secondary">Dự thảo tự động lập lúc {formatDateTime(a.scheduledAt)}</Typography.Text>}
      </Space>
    </Card>
  );
}
const onTimeText = (v: boolean | null) => (v === null ? '' : v ? 'Đúng hạn' : 'Trễ hạn');
const dateTime = (v: string | null) => formatDateTime(v);
const thisYear = () => new Date().getFullYear();

function YearSelect({ value, onChange }: { value: number; onChange: (y: number) => void }) {
  const years = Array.from({ length: 6 }, (_, i) => 2025 + i);
  return <Select aria-label="Năm" value={value} onChange={onChange} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: `Năm ${y}` }))} />;
}

function Tabs({ here }: { here: 'duties' | 'reports' | 'board' }) {
  const me = useMe();
  const follow = me.can.includes('directive.follow');
  const tabs = [
    { key: 'duties', to: '/nhiem-vu', label: 'Danh mục nhiệm vụ' },
    { key: 'reports', to: '/nhiem-vu/bao-cao', label: follow ? 'Báo cáo của các cơ quan' : 'Báo cáo của cơ quan' },
    { key: 'board', to: '/nhiem-vu/theo-doi', label: 'Bảng theo dõi' },
  ];
  return (
    <Space style={{ marginBottom: 12 }}>
      {tabs.map((t) => <Link key={t.key} to={t.to}><Button type={t.key === here ? 'primary' : 'default'}>{t.label}</Button></Link>)}
    </Space>
  );
}

// ---- Duties ---------------------------------------------------------------------------------------------------------

function DutyForm({ duty, agencies, onDone }: { duty: Duty | null; agencies: DutiesAnswer['agencies']; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post(duty ? `/api/directive/duties/${duty.id}` : '/api/directive/duties', { ...v, active: v.active ?? true });
      message.success(duty ? `Đã lưu nhiệm vụ ${duty.id}.` : 'Đã thêm nhiệm vụ.');
      onDone();
    } catch (e) {
      message.error((e as ApiError).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={duty ? `Sửa nhiệm vụ ${duty.id}` : 'Thêm nhiệm vụ'} onOk={save} confirmLoading={saving} onCancel={onDone} okText="Lưu" cancelText="Hủy" width={720}>
      <Form form={form} layout="vertical" initialValues={duty ? { clause: duty.clause, item: duty.item, agency: duty.agency, lead: duty.lead, dueRule: duty.dueRule, text: duty.text, active: duty.active } : { lead: true, dueRule: 'quarterly:+15', active: true }}>
        <Space>
          <Form.Item name="clause" label="Khoản" rules={[{ required: true, message: 'Nhập khoản' }]}><InputNumber min={1} max={99} disabled={!!duty} /></Form.Item>
          <Form.Item name="item" label="Ý" rules={[{ required: true, message: 'Nhập ý' }]}><InputNumber min={1} max={99} disabled={!!duty} /></Form.Item>
          <Form.Item name="agency" label="Cơ quan" rules={[{ required: true, message: 'Chọn cơ quan' }]}>
            <Select style={{ width: 320 }} options={agencies.map((a) => ({ value: a.code, label: a.name }))} showSearch optionFilterProp="label" />
          </Form.Item>
        </Space>
        <Form.Item name="lead" label="Vai trò">
          <Radio.Group options={[{ value: true, label: 'Chủ trì' }, { value: false, label: 'Phối hợp' }]} />
        </Form.Item>
        <Form.Item name="dueRule" label="Hạn báo cáo" extra={DUE_RULE_HELP} rules={[{ validator: async (_, v) => { if (!parseDueRule(v ?? '')) throw new Error('Hạn báo cáo không đúng dạng'); } }]}>
          <Input />
        </Form.Item>
        <Form.Item name="text" label="Nội dung nhiệm vụ" rules={[{ required: true, min: 5, message: 'Nhập nội dung nhiệm vụ (ít nhất 5 ký tự)' }]}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name="active" label="Đang áp dụng">
          <Radio.Group options={[{ value: true, label: 'Có' }, { value: false, label: 'Không' }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DutiesPage() {
  const state = useApi<DutiesAnswer>('/api/directive/duties');
  const [editing, setEditing] = useState<Duty | null | 'new'>(null);
  return (
    <>
      <PageHeader title="Nhiệm vụ chỉ thị" subtitle="Các nhiệm vụ chỉ thị giao cho từng cơ quan, vai trò và hạn báo cáo" extra={state.data?.canEdit ? <Button onClick={() => setEditing('new')}>Thêm nhiệm vụ</Button> : null} />
      <Tabs here="duties" />
      <AsyncContent state={state}>
        {(d: DutiesAnswer) => (
          <Card>
            <Table<Duty>
              rowKey="id" size="small" pagination={false} dataSource={d.duties}
              onRow={(r) => ({ 'data-testid': `duty-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: 'Mã', dataIndex: 'id', width: 60 },
                { title: 'Cơ quan', dataIndex: 'agencyName', width: 200 },
                { title: 'Vai trò', dataIndex: 'leadLabel', width: 90 },
                { title: 'Nội dung', dataIndex: 'text', render: (t: string, r) => <span style={{ opacity: r.active ? 1 : 0.5 }}>{t}</span> },
                { title: 'Hạn báo cáo', dataIndex: 'dueRuleLabel', width: 180 },
                ...(d.canEdit ? [{ title: '', key: 'edit', width: 70, render: (_: unknown, r: Duty) => <Button size="small" onClick={() => setEditing(r)}>Sửa</Button> }] : []),
              ]}
            />
            {editing !== null && <DutyForm duty={editing === 'new' ? null : editing} agencies={d.agencies} onDone={() => { setEditing(null); state.reload(); }} />}
          </Card>
        )}
      </AsyncContent>
    </>
  );
}

// ---- Reports --------------------------------------------------------------------------------------------------------

function ReportFields() {
  return (
    <>
      <Form.Item name="progress" label="Tình trạng thực hiện" rules={[{ required: true, message: 'Chọn tình trạng thực hiện' }]}>
        <Select options={Object.entries(PROGRESS_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="activities" label="Kết quả thực hiện"><Input.TextArea rows={4} /></Form.Item>
      <Form.Item name="obstacles" label="Khó khăn, vướng mắc"><Input.TextArea rows={2} /></Form.Item>
      <Form.Item name="proposals" label="Đề xuất, kiến nghị"><Input.TextArea rows={2} /></Form.Item>
    </>
  );
}

function NewReport({ duties, year, onCancel }: { duties: Duty[]; year: number; onCancel: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const dutyId = Form.useWatch('dutyId', form) as string | undefined;
  const duty = duties.find((d) => d.id === dutyId);
  const rule = duty ? parseDueRule(duty.dueRule) : null;
  const periods = rule ? (rule.kind === 'event' ? [{ period: String(year), dueDate: '' }] : expectedPeriods(rule, year)) : [];
  const save = async () => {
    const v = await form.validateFields();
    try {
      const { id } = await api.post<IdAnswer>('/api/directive/reports', { ...v, activities: v.activities ?? '', obstacles: v.obstacles ?? '', proposals: v.proposals ?? '' });
      message.success('Đã lưu dự thảo báo cáo.');
      navigate(`/nhiem-vu/bao-cao/${id}`);
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  return (
    <Modal open title="Lập báo cáo thực hiện nhiệm vụ" onOk={save} onCancel={onCancel} okText="Lưu dự thảo" cancelText="Hủy" width={720}>
      <Form form={form} layout="vertical">
        <Form.Item name="dutyId" label="Nhiệm vụ" rules={[{ required: true, message: 'Chọn nhiệm vụ' }]}>
          <Select options={duties.map((d) => ({ value: d.id, label: `${d.id} — ${d.text.slice(0, 90)}${d.text.length > 90 ? '…' : ''}` }))} />
        </Form.Item>
        <Form.Item name="period" label="Kỳ báo cáo" rules={[{ required: true, message: 'Chọn kỳ báo cáo' }]}>
          <Select options={periods.map((p) => ({ value: p.period, label: p.dueDate ? `${periodLabel(p.period)} (hạn ${formatDate(p.dueDate)})` : periodLabel(p.period) }))} />
        </Form.Item>
        <ReportFields />
      </Form>
    </Modal>
  );
}

export function ReportsPage() {
  const me = useMe();
  const [year, setYear] = useState(thisYear);
  const [creating, setCreating] = useState(false);
  const reports = useApi<DirectiveReportsAnswer>('/api/directive/reports', { year });
  const duties = useApi<DutiesAnswer>('/api/directive/duties');
  const myDuties = useMemo(() => (duties.data?.duties ?? []).filter((d) => d.active && d.agency === me.agency), [duties.data, me.agency]);
  return (
    <>
      <PageHeader title="Báo cáo thực hiện nhiệm vụ" subtitle="Báo cáo định kỳ của các cơ quan theo từng nhiệm vụ và kỳ"
        extra={<Space><YearSelect value={year} onChange={setYear} />{reports.data?.canFile && myDuties.length > 0 && <Button type="primary" onClick={() => setCreating(true)}>Lập báo cáo</Button>}</Space>} />
      <Tabs here="reports" />
      <AsyncContent state={reports}>
        {(d: { reports: Report[] }) => d.reports.length === 0 ? <EmptyState description={`Chưa có báo cáo nào năm ${year}`} /> : (
          <Card>
            <Table<Report> rowKey="id" size="small" dataSource={d.reports} pagination={{ pageSize: 50 }}
              columns={[
                { title: 'Nhiệm vụ', dataIndex: 'dutyId', width: 80, render: (v: string, r) => <Link to={`/nhiem-vu/bao-cao/${r.id}`}>{v}</Link> },
                { title: 'Cơ quan', dataIndex: 'agencyName' },
                { title: 'Kỳ', dataIndex: 'periodLabel' },
                { title: 'Hạn', dataIndex: 'dueDate', render: (v: string | null) => formatDate(v) },
                { title: 'Trạng thái', dataIndex: 'state', render: (s: BoardState) => stateTag(s) },
                { title: 'Tình trạng', dataIndex: 'progressLabel' },
                { title: 'Đúng hạn', dataIndex: 'onTime', render: onTimeText },
              ]} />
          </Card>
        )}
      </AsyncContent>
      {creating && <NewReport duties={myDuties} year={year} onCancel={() => setCreating(false)} />}
    </>
  );
}

const ACTION_LABELS: Record<string, string> = { create: 'Lập dự thảo', save: 'Sửa', submit: 'Gửi', accept: 'Tiếp nhận', return: 'Trả lại', answer: 'Trả lời kiến nghị' };

export function ReportDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { message } = App.useApp();
  const state = useApi<ReportDetailAnswer>(`/api/directive/reports/${id}`);
  const [form] = Form.useForm();
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'return' | 'answer' | null>(null);
  const [note, setNote] = useState('');
  const act = async (path: string, body: unknown, done: string) => {
    try {
      await api.post(`/api/directive/reports/${id}${path}`, body);
      message.success(done);
      setEditing(false);
      setDialog(null);
      setNote('');
      state.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  return (
    <AsyncContent state={state}>
      {({ report: r, history, may }: ReportDetailAnswer) => (
        <>
          <PageHeader title={`Báo cáo nhiệm vụ ${r.dutyId} — ${r.periodLabel}`} subtitle={r.agencyName}
            breadcrumb={[{ label: 'Nhiệm vụ chỉ thị', to: '/nhiem-vu' }, { label: 'Báo cáo', to: '/nhiem-vu/bao-cao' }, { label: `${r.dutyId} ${r.periodLabel}` }]}
            extra={
              <Space>
                {may.edit && !editing && <Button onClick={() => { form.setFieldsValue(r); setEditing(true); }}>Sửa báo cáo</Button>}
                {may.submit && <Button type="primary" onClick={() => act('/submit', {}, 'Đã gửi báo cáo.')}>Gửi báo cáo</Button>}
                {may.accept && <Button type="primary" onClick={() => act('/accept', {}, 'Đã tiếp nhận báo cáo.')}>Tiếp nhận</Button>}
                {may.accept && <Button danger onClick={() => setDialog('return')}>Trả lại</Button>}
                {may.answer && <Button onClick={() => { setNote(r.answer ?? ''); setDialog('answer'); }}>Trả lời kiến nghị</Button>}
              </Space>
            } />
          <Card>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label="Nhiệm vụ" span={2}>{r.dutyText}</Descriptions.Item>
              <Descriptions.Item label="Trạng thái"><span data-testid="report-state">{stateTag(r.state)}</span></Descriptions.Item>
              <Descriptions.Item label="Hạn báo cáo">{formatDate(r.dueDate)}</Descriptions.Item>
              <Descriptions.Item label="Gửi lần đầu">{dateTime(r.firstSubmittedAt)} <span data-testid="report-on-time">{onTimeText(r.onTime)}</span></Descriptions.Item>
              <Descriptions.Item label="Tiếp nhận">{dateTime(r.acceptedAt)}</Descriptions.Item>
              {r.returnComment && <Descriptions.Item label="Lý do trả lại gần nhất" span={2}><span data-testid="return-comment">{r.returnComment}</span></Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card title="Nội dung báo cáo" style={{ marginTop: 12 }}>
            {editing ? (
              <Form form={form} layout="vertical" onFinish={(v) => act('', { ...v, activities: v.activities ?? '', obstacles: v.obstacles ?? '', proposals: v.proposals ?? '', expectedVersion: r.version }, 'Đã lưu báo cáo.')}>
                <ReportFields />
                <Space><Button type="primary" htmlType="submit">Lưu</Button><Button onClick={() => setEditing(false)}>Hủy</Button></Space>
              </Form>
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="Tình trạng thực hiện">{r.progressLabel}</Descriptions.Item>
                <Descriptions.Item label="Kết quả thực hiện"><span data-testid="report-activities" style={{ whiteSpace: 'pre-wrap' }}>{r.activities}</span></Descriptions.Item>
                <Descriptions.Item label="Khó khăn, vướng mắc">{r.obstacles}</Descriptions.Item>
                <Descriptions.Item label="Đề xuất, kiến nghị">{r.proposals}</Descriptions.Item>
                {r.answer && <Descriptions.Item label="Trả lời của Sở Nội vụ">{r.answer} ({r.answeredBy})</Descriptions.Item>}
              </Descriptions>
            )}
          </Card>
          <Card title="Số liệu từ BaoPhu trong kỳ" style={{ marginTop: 12 }}>
            {r.figures.length === 0 ? 'Không có số liệu liên quan.' : (
              <Descriptions column={1} size="small">
                {r.figures.map((f) => <Descriptions.Item key={f.key} label={f.label}>{f.value === null ? 'chưa có số liệu' : formatInt(f.value)}</Descriptions.Item>)}
              </Descriptions>
            )}
          </Card>
          <Card title="Lịch sử" style={{ marginTop: 12 }}>
            <Timeline items={history.map((e) => ({ children: <span data-testid="history-item">{dateTime(e.at)} — {e.username}: {ACTION_LABELS[e.action] ?? e.action} → {e.toStateLabel}{e.comment ? ` («${e.comment}»)` : ''}</span> }))} />
          </Card>
          <Modal open={dialog !== null} title={dialog === 'return' ? 'Trả lại báo cáo' : 'Trả lời kiến nghị'} okText={dialog === 'return' ? 'Trả lại' : 'Lưu trả lời'} cancelText="Hủy"
            onCancel={() => setDialog(null)}
            onOk={() => (dialog === 'return' ? act('/return', { comment: note }, 'Đã trả lại báo cáo.') : act('/answer', { answer: note }, 'Đã lưu trả lời.'))}>
            <Input.TextArea aria-label={dialog === 'return' ? 'Lý do trả lại' : 'Nội dung trả lời'} rows={4} value={note} onChange={(e) => setNote(e.target.value)} />
          </Modal>
        </>
      )}
    </AsyncContent>
  );
}

// ---- Board ----------------------------------------------------------------------------------------------------------

export function BoardPage() {
  const [year, setYear] = useState(thisYear);
  const state = useApi<BoardAnswer>('/api/directive/board', { year });
  const [agency, setAgency] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Theo dõi thực hiện chỉ thị" subtitle="Báo cáo phải có theo lịch của từng nhiệm vụ, tình trạng và tỷ lệ đúng hạn" asOf={state.data?.asOf} extra={<YearSelect value={year} onChange={setYear} />} />
      <Tabs here="board" />
      <AsyncContent state={state}>
        {(b: BoardAnswer) => (
          <>
            <AssessmentLine a={b.assessment} />
            <Card title="Theo cơ quan">
              <Table rowKey="agency" size="small" pagination={false} dataSource={b.bodies}
                onRow={(r) => ({ 'data-testid': `body-${r.agency}`, onClick: () => setAgency(agency === r.agency ? null : r.agency), style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: 'Cơ quan', dataIndex: 'agencyName' },
                  { title: 'Báo cáo phải có', dataIndex: 'expected', align: 'right', render: formatInt },
                  { title: 'Đã đến hạn', dataIndex: 'due', align: 'right', render: formatInt },
                  { title: 'Đúng hạn', dataIndex: 'onTime', align: 'right', render: formatInt },
                  { title: 'Trễ hạn', dataIndex: 'late', align: 'right', render: formatInt },
                  { title: 'Quá hạn chưa gửi', dataIndex: 'overdue', align: 'right', render: formatInt },
                  { title: 'Đã tiếp nhận', dataIndex: 'accepted', align: 'right', render: formatInt },
                  { title: 'Tỷ lệ đúng hạn', dataIndex: 'onTimeRate', align: 'right', render: (v: number | null) => (v === null ? '—' : formatPct(100 * v)) },
                ]} />
            </Card>
            <Card title={`Báo cáo phải có năm ${b.year}${agency ? ` — ${b.bodies.find((x) => x.agency === agency)?.agencyName}` : ''}`} style={{ marginTop: 12 }}>
              <Table<FollowupRow> rowKey={(r) => `${r.dutyId}|${r.period}`} size="small" pagination={{ pageSize: 100 }}
                dataSource={b.rows.filter((r) => !agency || r.agency === agency)}
                onRow={(r) => ({ 'data-testid': `followup-${r.dutyId}-${r.period}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: 'Cơ quan', dataIndex: 'agencyName' },
                  { title: 'Nhiệm vụ', dataIndex: 'dutyId', render: (v: string, r) => (r.reportId ? <Link to={`/nhiem-vu/bao-cao/${r.reportId}`}>{v}</Link> : v) },
                  { title: 'Kỳ', dataIndex: 'periodLabel' },
                  { title: 'Hạn', dataIndex: 'dueDate', render: (v: string) => formatDate(v) },
                  { title: 'Trạng thái', dataIndex: 'state', render: (s: BoardState) => stateTag(s) },
                  { title: 'Gửi', dataIndex: 'submittedAt', render: dateTime },
                  { title: 'Tiếp nhận', dataIndex: 'acceptedAt', render: dateTime },
                  { title: 'Đúng hạn', dataIndex: 'onTime', render: (v: boolean | null) => <span className="bp-on-time">{onTimeText(v)}</span> },
                ]} />
            </Card>
            <Card title="Khó khăn, đề xuất và trả lời" style={{ marginTop: 12 }}>
              {b.issues.length === 0 ? 'Chưa có khó khăn, đề xuất nào.' : (
                <Table<Report> rowKey="id" size="small" pagination={false} dataSource={b.issues}
                  columns={[
                    { title: 'Cơ quan', dataIndex: 'agencyName' },
                    { title: 'Báo cáo', dataIndex: 'dutyId', render: (v: string, r) => <Link to={`/nhiem-vu/bao-cao/${r.id}`}>{v} — {r.periodLabel}</Link> },
                    { title: 'Khó khăn', dataIndex: 'obstacles' },
                    { title: 'Đề xuất', dataIndex: 'proposals' },
                    { title: 'Trả lời', dataIndex: 'answer', render: (v: string | null) => v ?? <Typography.Text type="warning">Chưa trả lời</Typography.Text> },
                  ]} />
              )}
            </Card>
          </>
        )}
      </AsyncContent>
    </>
  );
}
