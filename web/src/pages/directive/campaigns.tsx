/** "Truyền thông": a body records its communication activities and follows them against its annual plan. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { PageHeader, AsyncContent, useApi, formatDate, formatInt, formatVnd, NumberFormItem, CommuneSelect, NumberInput, type NumberInputValue } from '../../components/index.ts';
import { api } from '../../api.ts';
import { CHANNEL_VI, AUDIENCE_VI, CAMPAIGN_CHANNELS, type CampaignChannel } from '@shared/directive/campaigns.ts';
import type { CampaignAnswer as Campaign, CampaignPlanAnswer, CampaignsAnswer as ListAnswer } from '@shared/api/directive.ts';

/** What an activity reached, in its own units. */
export function reachText(c: Pick<Campaign, 'attendees' | 'articles' | 'minutes'>): string {
  const parts = [c.attendees != null && `${formatInt(c.attendees)} người`, c.articles != null && `${formatInt(c.articles)} tin, bài`, c.minutes != null && `${formatInt(c.minutes)} phút`].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

interface FormValues {
  heldOn: Dayjs; channel: CampaignChannel; title: string; audience: string; communes?: string[]; parks?: string[];
  attendees?: number | null; articles?: number | null; minutes?: number | null; costVnd?: number | null;
}

function RecordForm({ onSaved }: { onSaved: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      await api.post('/api/directive/campaigns', {
        heldOn: v.heldOn.format('YYYY-MM-DD'), channel: v.channel, title: v.title, audience: v.audience, communes: v.communes ?? [], parks: v.parks ?? [],
        attendees: v.attendees ?? null, articles: v.articles ?? null, minutes: v.minutes ?? null, costVnd: v.costVnd ?? null,
      });
      message.success('Đã ghi hoạt động truyền thông');
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ heldOn: dayjs() }} data-testid="campaign-form">
      <Space wrap align="start">
        <Form.Item name="heldOn" label="Ngày thực hiện" rules={[{ required: true, message: 'Chọn ngày' }]}><DatePicker format="DD/MM/YYYY" /></Form.Item>
        <Form.Item name="channel" label="Hình thức" rules={[{ required: true, message: 'Chọn hình thức' }]}>
          <Select aria-label="Hình thức" style={{ width: 260 }} options={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: CHANNEL_VI[c] }))} />
        </Form.Item>
        <Form.Item name="audience" label="Nhóm đối tượng" rules={[{ required: true, message: 'Chọn nhóm đối tượng' }]}>
          <Select aria-label="Nhóm đối tượng" style={{ width: 260 }} options={Object.entries(AUDIENCE_VI).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label="Nội dung hoạt động" rules={[{ required: true, min: 3, message: 'Nhập nội dung (ít nhất 3 ký tự)' }]}><Input maxLength={300} /></Form.Item>
      <Space wrap align="start">
        <Form.Item name="communes" label="Xã, phường"><CommuneSelect mode="multiple" style={{ width: 320 }} aria-label="Xã, phường" /></Form.Item>
        <Form.Item name="parks" label="Khu, cụm công nghiệp"><Select mode="tags" style={{ width: 260 }} aria-label="Khu, cụm công nghiệp" open={false} /></Form.Item>
      </Space>
      <Space wrap align="start">
        <NumberFormItem name="attendees" label="Số người tham dự" input={{ min: 0, style: { width: 140 } }} />
        <NumberFormItem name="articles" label="Số tin, bài" input={{ min: 0, style: { width: 110 } }} />
        <NumberFormItem name="minutes" label="Số phút phát sóng" input={{ min: 0, style: { width: 130 } }} />
        <NumberFormItem name="costVnd" label="Kinh phí" input={{ min: 0, addonAfter: 'đ', unit: 'đ', style: { width: 200 } }} />
      </Space>
      <Button type="primary" htmlType="submit" loading={busy}>Ghi hoạt động</Button>
    </Form>
  );
}

function Plan({ year }: { year: number }) {
  const state = useApi<CampaignPlanAnswer>('/api/directive/campaigns/plan', { year });
  const [counts, setCounts] = useState<Partial<Record<CampaignChannel, NumberInputValue>>>({});
  const { message } = App.useApp();
  const save = async () => {
    const numbers = Object.fromEntries(Object.entries(counts).filter(([, v]) => typeof v === 'number'));
    try {
      await api.put('/api/directive/campaigns/plan', { year, counts: numbers });
      message.success('Đã lưu kế hoạch');
      setCounts({});
      state.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <AsyncContent state={state}>
      {(data) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => `${r.agency}|${r.unit}|${r.channel}`}
            dataSource={data.rows}
            columns={[
              { title: 'Cơ quan', render: (_, r) => `${r.agencyName}${r.unit ? ` (xã ${r.unit})` : ''}` },
              { title: 'Hình thức', dataIndex: 'channelLabel' },
              { title: 'Kế hoạch', align: 'right', render: (_, r) => (r.planned == null ? '—' : formatInt(r.planned)) },
              { title: 'Đã thực hiện', align: 'right', render: (_, r) => formatInt(r.done) },
            ]}
          />
          {data.canEdit && (
            <Space wrap>
              <Typography.Text>Kế hoạch năm {year} của cơ quan:</Typography.Text>
              {CAMPAIGN_CHANNELS.map((c) => (
                <NumberInput key={c} label={CHANNEL_VI[c]} placeholder={CHANNEL_VI[c]} min={0} style={{ width: 150 }} value={counts[c] ?? null} onChange={(v) => setCounts({ ...counts, [c]: v })} />
              ))}
              <Button onClick={save}>Lưu kế hoạch</Button>
            </Space>
          )}
        </Space>
      )}
    </AsyncContent>
  );
}

export default function CampaignsPage() {
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const state = useApi<ListAnswer>('/api/directive/campaigns', { year });
  const { message } = App.useApp();
  const remove = async (c: Campaign) => {
    try {
      await api.del(`/api/directive/campaigns/${c.id}`);
      state.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <>
      <PageHeader
        title="Truyền thông"
        subtitle="Hoạt động tuyên truyền về BHXH của các cơ quan (chỉ thị, mục 3, 5, 6, 13, 14, 15) so với kế hoạch năm"
        extra={<Select aria-label="Năm" value={year} style={{ width: 110 }} options={[year - 1, year, year + 1].map((y) => ({ value: y, label: `Năm ${y}` }))} onChange={setYear} />}
      />
      <AsyncContent state={state}>
        {(data) => (
          <Space direction="vertical" size={14} style={{ width: '100%' }}>
            {data.canRecord && <Card size="small" title="Ghi hoạt động mới"><RecordForm onSaved={state.reload} /></Card>}
            <Card size="small" title={`Kế hoạch và kết quả năm ${year}`}><Plan year={year} /></Card>
            <Card size="small" title={data.readsAll ? 'Hoạt động của các cơ quan' : 'Hoạt động của cơ quan'}>
              <Table
                size="small"
                rowKey="id"
                dataSource={data.campaigns}
                data-testid="campaigns-table"
                columns={[
                  { title: 'Ngày', render: (_, c) => formatDate(c.heldOn) },
                  ...(data.readsAll ? [{ title: 'Cơ quan', dataIndex: 'agencyName' }] : []),
                  { title: 'Hình thức', dataIndex: 'channelLabel' },
                  { title: 'Nội dung', dataIndex: 'title' },
                  { title: 'Đối tượng', dataIndex: 'audienceLabel' },
                  { title: 'Xã, phường / KCN', render: (_, c) => [...c.communes, ...c.parks].join(', ') || 'Toàn tỉnh' },
                  { title: 'Kết quả', render: (_, c) => reachText(c) },
                  { title: 'Kinh phí', align: 'right' as const, render: (_, c) => formatVnd(c.costVnd) },
                  { title: '', render: (_, c) => c.canEdit ? <Popconfirm title="Xóa hoạt động này?" okText="Xóa" cancelText="Không" onConfirm={() => remove(c)}><Button size="small" danger>Xóa</Button></Popconfirm> : null },
                ]}
              />
            </Card>
          </Space>
        )}
      </AsyncContent>
    </>
  );
}
