/**
 * "Báo cáo": the report catalogue (issue 15 item 5) — the kinds (data, server/reports), generating one with its
 * parameters (queued on the server; the page polls the version's progress), the versions with their state and who
 * acted, downloads per format, and review / sign / return by what the account may do (the server decides:
 * canReview, canSign, canReturn). Scheduled drafts (server/jobs) appear here as versions made by "lich-tu-dong";
 * the card "Lịch tự động" shows the schedules to who may read them and lets who may manage them switch one on or off
 * and change its rule (PUT /api/jobs/schedules/:id). A version's PDF can be previewed inline ("Xem trước trang đầu").
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Progress, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { PageHeader, AsyncContent, CommuneSelect, EmptyState, useApi, formatDateTime, formatInt } from '../../components/index.ts';
import { api, type ApiError } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import type {
  ReportKindAnswer as Kind, ReportKindsAnswer, ReportRequestedAnswer, ReportVersionAnswer as Version, ReportVersionDetailAnswer as VersionDetail, ReportVersionsAnswer,
} from '@shared/api/reports.ts';
import type { ScheduleAnswer as Schedule, SchedulesAnswer } from '@shared/api/jobs.ts';

const STATE_COLORS: Record<string, string> = { queued: 'default', running: 'processing', failed: 'red', draft: 'gold', reviewed: 'blue', signed: 'green', returned: 'orange' };
const FORMAT_LABELS: Record<string, string> = { docx: 'Word (.docx)', xlsx: 'Excel (.xlsx)', pdf: 'PDF' };
const building = (state: string) => state === 'queued' || state === 'running';
const thisYear = new Date().getFullYear();
const lastMonth = () => { const d = new Date(); return d.getMonth() === 0 ? 12 : d.getMonth(); };

export default function ReportsPage() {
  const kinds = useApi<ReportKindsAnswer>('/api/reports/kinds');
  const versions = useApi<ReportVersionsAnswer>('/api/reports/versions');
  const [selected, setSelected] = useState<number | null>(null);
  const labelOf = (id: string) => kinds.data?.kinds.find((k) => k.id === id)?.label ?? id;
  // mayReadSchedules (server/auth/policies.ts): who follows the directive.
  const mayReadSchedules = useMe().can.includes('directive.follow');
  return (
    <>
      <PageHeader title="Báo cáo" subtitle="Lập báo cáo theo mẫu, rà soát, ký và tải về; báo cáo định kỳ được lập tự động theo lịch" />
      <AsyncContent state={kinds}>
        {(k: { kinds: Kind[] }) => (
          <Card title="Danh mục báo cáo" data-testid="report-kinds">
            {k.kinds.map((kind) => <KindLine key={kind.id} kind={kind} onMade={(id) => { setSelected(id); versions.reload(); }} />)}
          </Card>
        )}
      </AsyncContent>
      <Card title="Các phiên bản" style={{ marginTop: 12 }}>
        <AsyncContent state={versions}>
          {(v: { versions: Version[] }) => v.versions.length === 0 ? <EmptyState description="Chưa có báo cáo nào được lập." /> : (
            <Table<Version> rowKey="id" size="small" pagination={{ pageSize: 20 }} dataSource={v.versions}
              onRow={(r) => ({ 'data-testid': `version-${r.id}`, onClick: () => setSelected(r.id), style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: 'Báo cáo', dataIndex: 'kind', render: (kind: string, r) => r.kindLabel ?? labelOf(kind) },
                { title: 'Kỳ', dataIndex: 'periodLabel' },
                { title: 'Bản', dataIndex: 'version', align: 'right', render: formatInt },
                { title: 'Trạng thái', dataIndex: 'state', render: (s: string, r) => <Tag color={STATE_COLORS[s]}>{r.stateLabel}</Tag> },
                { title: 'Số', dataIndex: 'number', render: (n: string | null) => n ?? '' },
                { title: 'Người lập', dataIndex: 'createdBy', render: (u: string, r) => `${u} — ${formatDateTime(r.createdAt)}` },
                { title: 'Duyệt', dataIndex: 'reviewedBy', render: (u: string | null, r) => (u ? `${u} — ${formatDateTime(r.reviewedAt)}` : '') },
                { title: 'Ký', dataIndex: 'signedBy', render: (u: string | null, r) => (u ? `${u} — ${formatDateTime(r.signedAt)}` : '') },
              ]} />
          )}
        </AsyncContent>
      </Card>
      {selected !== null && <VersionPanel key={selected} id={selected} onChanged={versions.reload} />}
      {mayReadSchedules && <SchedulesCard />}
    </>
  );
}

/** One kind: what it is, and for who may generate it, its parameters and the button. */
function KindLine({ kind, onMade }: { kind: Kind; onMade: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const has = (p: string) => kind.params.some((x) => x.name === p);
  const submit = async (v: { year: number; month?: number; quarter?: number; commune?: string }) => {
    setBusy(true);
    try {
      const params: Record<string, unknown> = { year: v.year };
      if (v.month) params.month = v.month;
      if (v.quarter) params.quarter = v.quarter;
      if (v.commune) params.commune = v.commune;
      const r = await api.post<ReportRequestedAnswer>('/api/reports', { kind: kind.id, params });
      message.success(`Đã yêu cầu lập ${kind.label.toLowerCase()} (bản ${r.version}).`);
      onMade(r.id);
    } catch (err) {
      message.error((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid={`kind-${kind.id}`} style={{ marginBottom: 16 }}>
      <Typography.Text strong>{kind.label}</Typography.Text>
      <div><Typography.Text type="secondary">{kind.description}</Typography.Text></div>
      {kind.canGenerate && (
        <Form form={form} name={`report-${kind.id}`} layout="inline" onFinish={submit} initialValues={{ year: thisYear, month: has('month') && !has('quarter') ? lastMonth() : undefined }} style={{ marginTop: 8 }}>
          <Form.Item name="year" label="Năm" rules={[{ required: true, message: 'Cần năm' }]}><InputNumber min={2020} max={2035} /></Form.Item>
          {has('month') && (
            <Form.Item name="month" label="Tháng">
              <Select allowClear style={{ width: 110 }} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `Tháng ${i + 1}` }))} />
            </Form.Item>
          )}
          {has('quarter') && (
            <Form.Item name="quarter" label="Quý">
              <Select allowClear style={{ width: 100 }} options={[1, 2, 3, 4].map((q) => ({ value: q, label: `Quý ${q}` }))} />
            </Form.Item>
          )}
          {has('commune') && <Form.Item name="commune" label="Xã, phường"><CommuneSelect style={{ width: 240 }} /></Form.Item>}
          <Form.Item><Button type="primary" htmlType="submit" loading={busy}>Lập báo cáo</Button></Form.Item>
        </Form>
      )}
    </div>
  );
}

/** A version: progress while it builds, its files, who acted, and the review / sign / return buttons. */
function VersionPanel({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { message } = App.useApp();
  const state = useApi<VersionDetail>(`/api/reports/versions/${id}`);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const v = state.data;
  // Poll while the server builds it.
  useEffect(() => {
    if (!v || !building(v.state)) return;
    const t = setTimeout(state.reload, 1000);
    return () => clearTimeout(t);
  }, [v, state.reload]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tells the list once per change of state, not on every answer polled
  useEffect(() => {
    if (v && !building(v.state)) onChanged();
  }, [v?.state]);
  const act = async (path: 'review' | 'sign' | 'return', done: string) => {
    setBusy(true);
    try {
      await api.post(`/api/reports/versions/${id}/${path}`, { comment: comment.trim() || undefined });
      message.success(done);
      setComment('');
      state.reload();
    } catch (err) {
      message.error((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={v ? `${v.kindLabel ?? v.kind} — ${v.periodLabel}, bản ${v.version}` : 'Phiên bản'} style={{ marginTop: 12 }} data-testid="version-panel">
      <AsyncContent state={state}>
        {(d: VersionDetail) => (
          <>
            {building(d.state) && <Progress percent={d.progress} status="active" data-testid="version-progress" />}
            <Descriptions size="small" column={2} items={[
              { key: 's', label: 'Trạng thái', children: <Tag color={STATE_COLORS[d.state]} data-testid="version-state">{d.stateLabel}</Tag> },
              { key: 'n', label: 'Số văn bản', children: d.number ?? 'Chưa có (cấp khi ký)' },
              { key: 'c', label: 'Người lập', children: `${d.createdBy} — ${formatDateTime(d.createdAt)}` },
              { key: 'r', label: 'Người duyệt', children: d.reviewedBy ? `${d.reviewedBy} — ${formatDateTime(d.reviewedAt)}` : '' },
              { key: 'g', label: 'Người ký', children: d.signedBy ? `${d.signedBy} — ${formatDateTime(d.signedAt)}` : '' },
            ]} />
            {d.error && <Typography.Paragraph type="danger" data-testid="version-error">{d.error}</Typography.Paragraph>}
            {d.files.length > 0 && (
              <Space wrap style={{ margin: '8px 0' }} data-testid="version-files">
                {d.files.map((f) => (
                  <a key={f.format} href={f.url} download>{FORMAT_LABELS[f.format] ?? f.format} ({formatInt(Math.ceil(f.size / 1024))} KB)</a>
                ))}
              </Space>
            )}
            {d.files.some((f) => f.format === 'pdf') && <Preview id={d.id} />}
            {(d.canReview || d.canSign || d.canReturn) && (
              <Space wrap style={{ margin: '8px 0' }}>
                <Input placeholder="Ý kiến (bắt buộc khi trả lại)" value={comment} onChange={(e) => setComment(e.target.value)} style={{ width: 320 }} />
                {d.canReview && <Button type="primary" loading={busy} onClick={() => act('review', 'Đã duyệt.')}>Duyệt</Button>}
                {d.canSign && <Button type="primary" loading={busy} onClick={() => act('sign', 'Đã ký.')}>Ký</Button>}
                {d.canReturn && <Button danger loading={busy} onClick={() => act('return', 'Đã trả lại.')}>Trả lại</Button>}
              </Space>
            )}
            <Timeline style={{ marginTop: 12 }} items={d.actions.map((a) => ({
              children: <span data-testid="version-action">{formatDateTime(a.at)} — {a.username}: {a.actionLabel}{a.comment ? ` («${a.comment}»)` : ''}</span>,
            }))} />
          </>
        )}
      </AsyncContent>
    </Card>
  );
}

/** The first page of the version's PDF, shown on demand (each showing is logged and audited like a download). */
function Preview({ id }: { id: number }) {
  const [shown, setShown] = useState(false);
  const url = `/api/reports/versions/${id}/file/pdf?inline=1#page=1`;
  return (
    <div style={{ margin: '8px 0' }}>
      <Button onClick={() => setShown((s) => !s)} aria-expanded={shown}>{shown ? 'Ẩn bản xem trước' : 'Xem trước trang đầu'}</Button>
      {shown && (
        <iframe data-testid="version-preview" title="Xem trước trang đầu của báo cáo" src={url}
          style={{ display: 'block', width: '100%', maxWidth: 720, height: 900, marginTop: 8, border: '1px solid #d9d9d9' }} />
      )}
    </div>
  );
}

/**
 * "Lịch tự động": the schedules of the reports BaoPhu drafts by itself (server/jobs). Who may manage them switches
 * one on or off and changes its rule (five-field cron, Việt Nam time); the server's Vietnamese refusals are shown.
 */
function SchedulesCard() {
  const { message } = App.useApp();
  const state = useApi<SchedulesAnswer>('/api/jobs/schedules');
  const [busy, setBusy] = useState<number | null>(null);
  const [rules, setRules] = useState<Record<number, string>>({});
  const save = async (s: Schedule, change: { enabled?: boolean; rule?: string }, done: string) => {
    setBusy(s.id);
    try {
      await api.put(`/api/jobs/schedules/${s.id}`, change);
      message.success(done);
      setRules((r) => { const { [s.id]: _drop, ...rest } = r; return rest; });
      state.reload();
    } catch (err) {
      message.error((err as ApiError).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title="Lịch tự động" style={{ marginTop: 12 }} data-testid="report-schedules">
      <AsyncContent state={state}>
        {(d: SchedulesAnswer) => d.schedules.length === 0 ? <EmptyState description="Chưa có lịch tự động nào." /> : (
          <Table<Schedule> rowKey="id" size="small" pagination={false} dataSource={d.schedules}
            onRow={(r) => ({ 'data-testid': `schedule-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: 'Lịch', dataIndex: 'label' },
              {
                title: 'Quy tắc', dataIndex: 'ruleLabel',
                render: (label: string, s) => !d.canManage ? label : (
                  <Space direction="vertical" size={4}>
                    <span data-testid="schedule-rule-label">{label}</span>
                    <Space.Compact>
                      <Input aria-label={`Quy tắc của lịch ${s.label}`} value={rules[s.id] ?? s.rule} style={{ width: 150, fontFamily: 'monospace' }}
                        onChange={(e) => setRules((r) => ({ ...r, [s.id]: e.target.value }))} />
                      <Button disabled={(rules[s.id] ?? s.rule).trim() === s.rule} loading={busy === s.id}
                        onClick={() => save(s, { rule: rules[s.id] ?? s.rule }, 'Đã lưu quy tắc lịch.')}>Lưu</Button>
                    </Space.Compact>
                  </Space>
                ),
              },
              {
                title: 'Bật', dataIndex: 'enabled',
                render: (on: boolean, s) => d.canManage
                  ? <Switch aria-label={`Bật lịch ${s.label}`} checked={on} loading={busy === s.id} onChange={(v) => save(s, { enabled: v }, v ? 'Đã bật lịch.' : 'Đã tắt lịch.')} />
                  : <Tag color={on ? 'green' : 'default'}>{on ? 'Đang bật' : 'Đã tắt'}</Tag>,
              },
              { title: 'Lần chạy tới', dataIndex: 'nextRunAt', render: (v: string | null, s) => (s.enabled && v ? formatDateTime(v) : '') },
              {
                title: 'Lần chạy trước', dataIndex: 'lastRunAt',
                render: (v: string | null, s) => (v ? <>{formatDateTime(v)} {s.lastStateLabel && <Tag color={s.lastState === 'failed' ? 'red' : s.lastState === 'done' ? 'green' : 'processing'}>{s.lastStateLabel}</Tag>}</> : 'Chưa chạy'),
              },
            ]} />
        )}
      </AsyncContent>
    </Card>
  );
}
