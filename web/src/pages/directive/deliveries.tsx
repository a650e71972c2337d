/** "Chia sẻ dữ liệu": each body's expected deliveries (from the calendar) per period, their state and quality. */
import { useState } from 'react';
import { fileKindLabel } from '@shared/vocabulary.ts';
import { App, Button, Card, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { PageHeader, AsyncContent, useApi, formatDate, formatInt, formatPct, NumberInput, type NumberInputValue } from '../../components/index.ts';
import { api } from '../../api.ts';
import { DELIVERY_STATE_VI, FREQUENCY_VI, periodNameVi, type DeliveryFrequency, type DeliveryState } from '@shared/directive/deliveries.ts';
import type { CalendarEntryAnswer as CalendarEntry, DeliveriesAnswer as Answer, DeliveryAnswer as Delivery, DeliveryCalendarAnswer } from '@shared/api/directive.ts';

const STATE_COLOR: Record<DeliveryState, string> = { on_time: 'green', late: 'orange', missing: 'red', not_due: 'default' };
const pct = (v: number | null) => (v === null ? '—' : formatPct(v * 100));

function Quality({ d }: { d: Delivery }) {
  return (
    <div>
      <div>{d.periodLabel} · hạn {formatDate(d.dueDate)}</div>
      <div>{d.deliveredOn ? `Gửi ngày ${formatDate(d.deliveredOn)}${d.batches > 1 ? ` (${d.batches} lần)` : ''}` : 'Chưa gửi'}</div>
      {d.rows !== null && (
        <>
          <div>Số dòng: {formatInt(d.rows)} · bị loại: {formatInt(d.rejected)}</div>
          <div>Số định danh hợp lệ: {pct(d.validIdShare)}</div>
          <div>Liên kết được với dữ liệu dân cư: {pct(d.linkedShare)}</div>
          <div>Thay đổi so với lần gửi trước: {pct(d.changedShare)}</div>
        </>
      )}
    </div>
  );
}

/** One line per body and file kind, one tag per expected period. */
function Grid({ rows }: { rows: Delivery[] }) {
  const lines = new Map<string, Delivery[]>();
  for (const r of rows) lines.set(`${r.agency}|${r.kind}`, [...(lines.get(`${r.agency}|${r.kind}`) ?? []), r]);
  const data = [...lines.values()].map((ds) => ({ key: `${ds[0].agency}|${ds[0].kind}`, ds }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={data}
      data-testid="deliveries-grid"
      columns={[
        { title: 'Cơ quan', render: (_, { ds }) => ds[0].agencyName, width: 180 },
        { title: 'Loại dữ liệu', render: (_, { ds }) => <span>{ds[0].kindLabel} <Typography.Text type="secondary">({FREQUENCY_VI[ds[0].frequency].toLowerCase()})</Typography.Text></span> },
        {
          title: 'Các kỳ',
          render: (_, { ds }) => (
            <Space size={4} wrap>
              {ds.map((d) => (
                <Tooltip key={d.period} title={<Quality d={d} />}>
                  <Tag color={STATE_COLOR[d.state]} data-testid={`delivery-${d.kind}-${d.period}`} data-state={d.state}>
                    {d.period.length === 4 ? d.period : d.period.includes('Q') ? `Q${d.period.slice(-1)}` : `T${Number(d.period.slice(5))}`}
                  </Tag>
                </Tooltip>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

function CalendarEditor({ onSaved }: { onSaved: () => void }) {
  const state = useApi<DeliveryCalendarAnswer>('/api/directive/deliveries/calendar');
  const [edits, setEdits] = useState<Record<number, Partial<{ frequency: DeliveryFrequency; dueDay: NumberInputValue; dueMonthOffset: NumberInputValue; active: boolean }>>>({});
  const { message } = App.useApp();
  const save = async (e: CalendarEntry) => {
    const change = { frequency: e.frequency, dueDay: e.dueDay, dueMonthOffset: e.dueMonthOffset, active: e.active, ...edits[e.id] };
    try {
      await api.put(`/api/directive/deliveries/calendar/${e.id}`, change);
      message.success(`Đã lưu lịch của ${fileKindLabel(e.kind)}`);
      state.reload();
      onSaved();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <AsyncContent state={state}>
      {(data) => (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={data.entries}
          columns={[
            { title: 'Cơ quan', dataIndex: 'agencyName' },
            { title: 'Loại dữ liệu', dataIndex: 'kind', render: (k: string) => fileKindLabel(k) },
            { title: 'Căn cứ', render: (_, e) => <Tooltip title={e.clauseText}>{e.clause}</Tooltip> },
            {
              title: 'Tần suất',
              render: (_, e) => (
                <Select aria-label={`Tần suất ${fileKindLabel(e.kind)}`} disabled={!data.canEdit} style={{ width: 130 }} value={edits[e.id]?.frequency ?? e.frequency}
                  options={Object.entries(FREQUENCY_VI).map(([value, label]) => ({ value, label }))}
                  onChange={(v) => setEdits({ ...edits, [e.id]: { ...edits[e.id], frequency: v } })} />
              ),
            },
            { title: 'Ngày hạn', render: (_, e) => <NumberInput label={`Ngày hạn ${e.kind}`} disabled={!data.canEdit} style={{ width: 70 }} value={edits[e.id]?.dueDay ?? e.dueDay} onChange={(v) => setEdits({ ...edits, [e.id]: { ...edits[e.id], dueDay: v } })} /> },
            { title: 'Tháng hạn (tính từ tháng đầu kỳ)', render: (_, e) => <NumberInput label={`Tháng hạn ${e.kind}`} disabled={!data.canEdit} style={{ width: 70 }} value={edits[e.id]?.dueMonthOffset ?? e.dueMonthOffset} onChange={(v) => setEdits({ ...edits, [e.id]: { ...edits[e.id], dueMonthOffset: v } })} /> },
            { title: 'Áp dụng', render: (_, e) => <Switch aria-label={`Áp dụng ${e.kind}`} disabled={!data.canEdit} checked={edits[e.id]?.active ?? e.active} onChange={(v) => setEdits({ ...edits, [e.id]: { ...edits[e.id], active: v } })} /> },
            { title: '', render: (_, e) => data.canEdit && edits[e.id] ? <Button size="small" type="primary" onClick={() => save(e)}>Lưu</Button> : null },
          ]}
        />
      )}
    </AsyncContent>
  );
}

export default function DeliveriesPage() {
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const state = useApi<Answer>('/api/directive/deliveries', { year });
  return (
    <>
      <PageHeader
        title="Chia sẻ dữ liệu"
        subtitle="Các kỳ dữ liệu mỗi cơ quan phải gửi theo lịch (chỉ thị, mục 1: chia sẻ thông tin, dữ liệu) và chất lượng dữ liệu đã gửi"
        asOf={state.data?.asOf}
        extra={<Select aria-label="Năm" value={year} style={{ width: 110 }} options={[year - 1, year, year + 1].map((y) => ({ value: y, label: `Năm ${y}` }))} onChange={setYear} />}
      />
      <AsyncContent state={state}>
        {(data) => (
          <Space direction="vertical" size={14} style={{ width: '100%' }}>
            <Card size="small" title={`Tình hình gửi dữ liệu năm ${data.year}`}
              extra={<Space>{Object.entries(DELIVERY_STATE_VI).map(([k, label]) => <Tag key={k} color={STATE_COLOR[k as DeliveryState]}>{label}</Tag>)}</Space>}>
              <Grid rows={data.rows} />
            </Card>
            <Card size="small" title="Chất lượng dữ liệu đã gửi">
              <Table
                size="small"
                rowKey={(r) => `${r.kind}|${r.period}`}
                dataSource={data.rows.filter((r) => r.rows !== null)}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: 'Cơ quan', dataIndex: 'agencyName' },
                  { title: 'Loại', dataIndex: 'kind', render: (k: string) => fileKindLabel(k) },
                  { title: 'Kỳ', render: (_, r) => periodNameVi(r.period) },
                  { title: 'Hạn', render: (_, r) => formatDate(r.dueDate) },
                  { title: 'Ngày gửi', render: (_, r) => formatDate(r.deliveredOn) },
                  { title: 'Tình trạng', render: (_, r) => <Tag color={STATE_COLOR[r.state]}>{r.stateLabel}</Tag> },
                  { title: 'Số dòng', align: 'right', render: (_, r) => formatInt(r.rows) },
                  { title: 'Bị loại', align: 'right', render: (_, r) => formatInt(r.rejected) },
                  { title: 'Định danh hợp lệ', align: 'right', render: (_, r) => pct(r.validIdShare) },
                  { title: 'Liên kết dân cư', align: 'right', render: (_, r) => pct(r.linkedShare) },
                  { title: 'Thay đổi', align: 'right', render: (_, r) => pct(r.changedShare) },
                ]}
              />
            </Card>
            <Card size="small" title="Lịch chia sẻ dữ liệu">
              <CalendarEditor onSaved={state.reload} />
            </Card>
          </Space>
        )}
      </AsyncContent>
    </>
  );
}
