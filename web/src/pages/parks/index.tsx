// Industrial parks and clusters (parks.read): the list, and a page per park with its employers — workers reported to
// the park board against workers insured, contribution arrears, open findings — and the enforcement cases of those
// employers that the user may read (absent, `cases: null`, for a role that reads no cases).
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Modal, Row, Select, Statistic, Tag, Typography } from 'antd';
import { api } from '../../api.ts';
import { can, useMe } from '../../auth.tsx';
import { PARK_KIND_KEEPERS } from '@shared/auth/roles.ts';
import { Link, useParams } from '../../router.tsx';
import type { ParkAnswer, ParkCaseAnswer as ParkCase, ParkCasesAnswer as ParkCases, ParkEmployerAnswer as ParkEmployer, ParksAnswer, ParkSummary } from '@shared/api/parks.ts';
import { AsyncContent, CommuneSelect, DataTable, NumberFormItem, PageHeader, PersonalDataNotice, formatInt, formatPeriod, formatVnd, useApi, useCommunes } from '../../components/index.ts';

const URGENCY_COLOR = { overdue: 'red', due_soon: 'orange', later: 'green' } as const;
const CERTAINTY: Record<string, string> = { stated: 'đã nêu rõ', derived: 'suy ra từ vị trí', implied: 'hàm ý', 'not verified': 'chưa kiểm chứng' };
const KIND_LABEL = { KCN: 'Khu công nghiệp', CCN: 'Cụm công nghiệp' };

export default function ParksPage() {
  const state = useApi<ParksAnswer>('/api/parks');
  const { nameOf } = useCommunes();
  const me = useMe();
  const [adding, setAdding] = useState(false);
  // The park board adds KCN, Industry and Trade CCN (PARK_KIND_KEEPERS; the server decides: canEditPark).
  const addable: Array<'KCN' | 'CCN'> = !can(me, 'parks.edit') || (me.parks ?? null) !== null ? [] : (['KCN', 'CCN'] as const).filter((kind) => PARK_KIND_KEEPERS[kind].includes(me.role));
  return (
    <>
      <PageHeader
        title="Khu, cụm công nghiệp"
        subtitle="Doanh nghiệp trong từng khu: lao động báo cáo so với lao động tham gia BHXH, nợ đóng, phát hiện"
        extra={addable.length > 0 && <Button type="primary" onClick={() => setAdding(true)}>Thêm khu/cụm</Button>}
      />
      {adding && <ParkModal kinds={addable} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); state.reload(); }} />}
      <AsyncContent state={state}>
        {(data) => (
          <>
            {data.unmatched.length > 0 && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                message={`${formatInt(data.unmatched.length)} tên khu công nghiệp trong tệp nhập chưa khớp danh mục`}
                description={data.unmatched.map((u) => `${u.name} (${formatInt(u.employers)} doanh nghiệp)`).join('; ')}
              />
            )}
            <DataTable<ParkSummary>
              rowKey="code"
              dataSource={data.parks}
              columns={[
                { title: 'Khu/cụm', render: (_, p) => <Link to={`/khu-cong-nghiep/${p.code}`}>{`${p.kind} ${p.name}`}</Link> },
                { title: 'Xã/phường', render: (_, p) => (p.communes.length ? p.communes.map(nameOf).join(', ') : 'Chưa xác định') },
                { title: 'Doanh nghiệp', align: 'right', render: (_, p) => formatInt(p.employers) },
                { title: 'Lao động báo cáo', align: 'right', render: (_, p) => formatInt(p.reportedWorkers) },
                { title: 'Lao động tham gia BHXH', align: 'right', render: (_, p) => formatInt(p.insuredWorkers) },
                { title: 'Nợ đóng', align: 'right', render: (_, p) => formatVnd(p.arrearsVnd) },
                { title: 'Phát hiện', align: 'right', render: (_, p) => formatInt(p.findings) },
              ]}
            />
          </>
        )}
      </AsyncContent>
    </>
  );
}

export function ParkPage() {
  const { code } = useParams<{ code: string }>();
  const state = useApi<ParkAnswer>(`/api/parks/${encodeURIComponent(code)}`);
  const { nameOf } = useCommunes();
  const [editing, setEditing] = useState(false);
  return (
    <AsyncContent state={state}>
      {({ park, employers, cases }) => (
        <>
          {editing && <ParkModal kinds={[park.kind]} park={park} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); state.reload(); }} />}
          <PageHeader
            extra={park.editable && <Button onClick={() => setEditing(true)}>Sửa thông tin</Button>}
            title={`${KIND_LABEL[park.kind]} ${park.name}`}
            subtitle={`${park.communes.length ? park.communes.map(nameOf).join(', ') : 'Xã/phường chưa xác định'}${park.certainty ? ` (vị trí: ${CERTAINTY[park.certainty] ?? park.certainty})` : ''}${park.areaHa ? ` · ${formatInt(park.areaHa)} ha` : ''}`}
            breadcrumb={[{ label: 'Khu, cụm công nghiệp', to: '/khu-cong-nghiep' }, { label: park.name }]}
          />
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Doanh nghiệp" value={formatInt(park.employers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Lao động báo cáo" value={formatInt(park.reportedWorkers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Lao động tham gia BHXH" value={formatInt(park.insuredWorkers)} /></Card></Col>
            <Col xs={12} md={5}><Card size="small"><Statistic title="Nợ đóng" value={formatVnd(park.arrearsVnd)} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title="Phát hiện đang mở" value={formatInt(park.findings)} /></Card></Col>
          </Row>
          <PersonalDataNotice />
          <DataTable<ParkEmployer>
            rowKey={(e) => `${e.taxCode ?? ''}:${e.unitCode ?? ''}`}
            dataSource={employers}
            columns={[
              { title: 'Mã số thuế', dataIndex: 'taxCode', render: (v) => v ?? '—' },
              { title: 'Mã đơn vị BHXH', dataIndex: 'unitCode', render: (v) => v ?? 'Chưa đăng ký' },
              { title: 'Tên doanh nghiệp', dataIndex: 'name' },
              { title: 'Kỳ báo cáo', render: (_, e) => (e.reportPeriod ? formatPeriod(e.reportPeriod) : '—') },
              { title: 'Lao động báo cáo', align: 'right', render: (_, e) => formatInt(e.reportedWorkers) },
              { title: 'Lao động tham gia BHXH', align: 'right', render: (_, e) => formatInt(e.insuredWorkers) },
              { title: 'Chênh lệch', align: 'right', render: (_, e) => (e.gap != null && e.gap > 0 ? <Tag color="red">{formatInt(e.gap)}</Tag> : formatInt(e.gap)) },
              { title: 'Nợ đóng', align: 'right', render: (_, e) => formatVnd(e.arrearsVnd) },
              { title: 'Phát hiện', align: 'right', render: (_, e) => formatInt(e.findings) },
              { title: 'Xác định theo', render: (_, e) => (e.linkedBy === 'kcn-lao-dong' ? 'Báo cáo lao động KCN' : 'Danh sách đơn vị BHXH') },
            ]}
          />
          {cases && <ParkCasesSection cases={cases} />}
        </>
      )}
    </AsyncContent>
  );
}

/** The enforcement cases of the park's employers (the ones the user may read), with their summary. */
function ParkCasesSection({ cases }: { cases: ParkCases }) {
  const { summary } = cases;
  return (
    <section aria-label="Hồ sơ xử lý của khu" style={{ marginTop: 24 }}>
      <Typography.Title level={4}>Hồ sơ xử lý</Typography.Title>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="Đang xử lý" value={formatInt(summary.open)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="Đã đóng" value={formatInt(summary.closed)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="Quá hạn" value={formatInt(summary.overdue)} valueStyle={summary.overdue ? { color: '#cf1322' } : undefined} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="Đã thu hồi" value={summary.recoveredLabel} /></Card></Col>
      </Row>
      {summary.total > cases.rows.length && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`Hiển thị ${formatInt(cases.rows.length)} hồ sơ cấp bách nhất trong ${formatInt(summary.total)} hồ sơ.`} />
      )}
      <DataTable<ParkCase>
        rowKey="id"
        dataSource={cases.rows}
        locale={{ emptyText: 'Chưa có hồ sơ xử lý nào về các doanh nghiệp của khu.' }}
        columns={[
          { title: 'Hồ sơ', dataIndex: 'id', render: (id: number) => <Link to={`/ho-so/${id}`}>#{id}</Link> },
          { title: 'Loại', dataIndex: 'typeLabel' },
          { title: 'Phát hiện', dataIndex: 'findingLabel' },
          { title: 'Doanh nghiệp', render: (_, c) => c.employerName ?? '—' },
          { title: 'Bước', render: (_, c) => `${c.stageNo} ${c.stageLabel}` },
          { title: 'Phụ trách', dataIndex: 'ownerLabel' },
          { title: 'Hạn', render: (_, c) => (c.status === 'open' && c.urgency ? <Tag color={URGENCY_COLOR[c.urgency]}>{c.dueLabel}</Tag> : c.dueLabel) },
          { title: 'Quá hạn', render: (_, c) => (c.overdue ? <Tag color="red">Quá hạn</Tag> : '') },
          { title: 'Trạng thái', render: (_, c) => <Tag color={c.status === 'open' ? 'blue' : 'default'}>{c.statusLabel}</Tag> },
          { title: 'Ngày mở', dataIndex: 'openedOn' },
          { title: 'Số tiền', dataIndex: 'amountLabel', align: 'right' },
          { title: 'Đã thu hồi', dataIndex: 'recoveredLabel', align: 'right' },
        ]}
      />
    </section>
  );
}

/** Add a park/cluster (no `park`) or correct one: name, area, communes, other spellings met in files. */
function ParkModal({ kinds, park, onClose, onSaved }: { kinds: Array<'KCN' | 'CCN'>; park?: ParkAnswer['park']; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const fields = { name: v.name, areaHa: v.areaHa ?? null, communes: v.communes ?? [], aliases: v.aliases ?? [] };
      if (park) await api.patch(`/api/parks/${park.code}`, fields);
      else await api.post('/api/parks', { ...fields, kind: v.kind, code: v.code });
      onSaved();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={park ? `Sửa ${park.kind} ${park.name}` : 'Thêm khu/cụm công nghiệp'} okText="Lưu" cancelText="Hủy" onOk={submit} confirmLoading={saving} onCancel={onClose}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={park ? { name: park.name, areaHa: park.areaHa, communes: park.communes, aliases: park.aliases } : { kind: kinds[0] }}>
        {!park && (
          <>
            <Form.Item name="kind" label="Loại"><Select options={kinds.map((k) => ({ value: k, label: KIND_LABEL[k] }))} /></Form.Item>
            <Form.Item name="code" label="Mã" extra="Ví dụ KCN_YEN_BINH_4, CCN_KHA_SON" rules={[{ required: true, message: 'Vui lòng nhập mã' }]}><Input /></Form.Item>
          </>
        )}
        <Form.Item name="name" label="Tên" rules={[{ required: true, message: 'Vui lòng nhập tên' }]}><Input /></Form.Item>
        <NumberFormItem name="areaHa" label="Diện tích (ha)" input={{ decimals: 1, max: 100_000, addonAfter: 'ha' }} />
        <Form.Item name="communes" label="Xã/phường"><CommuneSelect mode="multiple" /></Form.Item>
        <Form.Item name="aliases" label="Tên gọi khác trong tệp" extra="Cách viết khác gặp trong tệp nhập (không cần tiền tố KCN/CCN)">
          <Select mode="tags" tokenSeparators={[';']} open={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
