// /tham-so-phap-ly — the legal parameters every calculation uses; the administrator (legal.verify) records the legal
// document behind one (number, date, article), which marks it verified. The server audits each verification.
import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Segmented, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api.ts';
import { AsyncContent, DataTable, PageHeader, useApi, formatDate } from '../../components/index.ts';
import { STATUS_TAGS } from '../calc/index.tsx';
import type { LegalParamRow, LegalParamsAnswer } from '@shared/api/calc.ts';
import { formatDateTime } from '../../components/index.ts';

const SHOWN: Record<string, (r: LegalParamRow) => boolean> = {
  'Cần kiểm chứng': (r) => r.status === 'unverified' || r.status === 'press',
  'Tất cả': () => true,
};

const valueText = (r: LegalParamRow) =>
  r.unit === 'VND' ? `${r.value.toLocaleString('vi-VN')} đ` : r.unit === 'ratio' && r.value < 1 ? `${String(+(r.value * 100).toFixed(4)).replace('.', ',')} %` : String(r.value).replace('.', ',');

export default function LegalParamsPage() {
  const state = useApi<LegalParamsAnswer>('/api/admin/legal-params');
  const [shown, setShown] = useState<keyof typeof SHOWN>('Cần kiểm chứng');
  const [verifying, setVerifying] = useState<LegalParamRow | null>(null);
  return (
    <>
      <PageHeader title="Tham số pháp lý" subtitle="Mức đóng, mức hỗ trợ, mức phạt… mà mọi phép tính dùng; ghi văn bản gốc để xác nhận tham số đã được kiểm chứng" />
      <Segmented style={{ marginBottom: 12 }} value={shown} onChange={(v) => setShown(v as keyof typeof SHOWN)} options={Object.keys(SHOWN)} />
      <AsyncContent state={state}>
        {(data) => (
          <DataTable<LegalParamRow>
            rowKey="id"
            dataSource={data.params.filter(SHOWN[shown])}
            columns={[
              { title: 'Tham số', render: (_, r) => <><div>{r.label ?? 'Tham số pháp lý chưa có tên'}</div>{r.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.note}</Typography.Text>}</> },
              { title: 'Giá trị', align: 'right', render: (_, r) => valueText(r) },
              { title: 'Hiệu lực', render: (_, r) => `${formatDate(r.effective_from)}${r.effective_to ? ` – ${formatDate(r.effective_to)}` : ''}` },
              { title: 'Căn cứ', dataIndex: 'source' },
              {
                title: 'Tình trạng',
                render: (_, r) => (
                  <>
                    <Tag color={STATUS_TAGS[r.status].color}>{STATUS_TAGS[r.status].label}</Tag>
                    {r.verified_at && <div style={{ fontSize: 12 }}>Xác nhận {formatDateTime(r.verified_at)}{r.verified_by_name ? ` — ${r.verified_by_name}` : ''}</div>}
                  </>
                ),
              },
              { title: '', render: (_, r) => <Button size="small" data-testid={`verify-${r.id}`} onClick={() => setVerifying(r)}>Ghi văn bản</Button> },
            ]}
          />
        )}
      </AsyncContent>
      {verifying && <VerifyModal param={verifying} onClose={() => setVerifying(null)} onDone={() => { setVerifying(null); state.reload(); }} />}
    </>
  );
}

function VerifyModal({ param, onClose, onDone }: { param: LegalParamRow; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const values = (await form.validateFields()) as { documentNumber: string; documentDate: Dayjs; article: string };
    setSaving(true);
    setError(null);
    try {
      await api.post(`/api/admin/legal-params/${param.id}/verify`, { ...values, documentDate: values.documentDate.format('YYYY-MM-DD') });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={`Xác nhận tham số: ${param.label ?? param.note ?? ''}`} okText="Xác nhận đã kiểm chứng" cancelText="Hủy" onOk={submit} confirmLoading={saving} onCancel={onClose}>
      <Typography.Paragraph type="secondary">Căn cứ hiện tại: {param.source}. Sau khi xác nhận, căn cứ được thay bằng văn bản dưới đây và tham số có tình trạng “Văn bản pháp luật”.</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="legal-verify">
        <Form.Item name="documentNumber" label="Số hiệu văn bản" extra="Ví dụ: Nghị định 12/2022/NĐ-CP" rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập số hiệu văn bản' }, { max: 200, message: 'Tối đa 200 ký tự' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="documentDate" label="Ngày ban hành" extra="Chọn hoặc gõ ngày dạng dd/mm/yyyy" rules={[{ required: true, message: 'Vui lòng nhập ngày ban hành (dd/mm/yyyy)' }]}>
          <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="article" label="Điều, khoản" extra="Ví dụ: Điều 6 khoản 2" rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập điều, khoản' }, { max: 200, message: 'Tối đa 200 ký tự' }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
