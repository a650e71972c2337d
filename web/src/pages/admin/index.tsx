// Accounts (users.manage) and the audit log (audit.read).
import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api.ts';
import { AsyncContent, CommuneSelect, DataTable, PageHeader, useApi, useCommunes } from '../../components/index.ts';
import { formatDateTime } from './format.ts';
import { AUDIT_ACTION_LABELS } from '@shared/vocabulary.ts';

interface UserRow { id: number; username: string; fullName: string; role: string; roleLabel: string; communes: string[] | null; active: boolean; createdAt: string }
interface RoleRow { code: string; label: string; communeScoped: boolean }

export default function UsersPage() {
  const users = useApi<{ users: UserRow[] }>('/api/admin/users');
  const roles = useApi<{ roles: RoleRow[] }>('/api/admin/roles');
  const { communes } = useCommunes();
  const communeName = (code: string) => communes?.find((c) => c.code === code)?.name ?? code;
  const [open, setOpen] = useState(false);
  return (
    <>
      <PageHeader title="Tài khoản" subtitle="Tài khoản của các cơ quan và UBND xã, phường; phạm vi dữ liệu theo xã/phường" extra={<Button type="primary" onClick={() => setOpen(true)}>Thêm tài khoản</Button>} />
      <AsyncContent state={users}>
        {(data) => (
          <DataTable<UserRow>
            rowKey="id"
            dataSource={data.users}
            columns={[
              { title: 'Tên đăng nhập', dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
              { title: 'Họ tên', dataIndex: 'fullName' },
              { title: 'Vai trò', dataIndex: 'roleLabel', filters: (roles.data?.roles ?? []).map((r) => ({ text: r.label, value: r.code })), onFilter: (v, r) => r.role === v },
              { title: 'Phạm vi', render: (_, r) => (r.communes === null ? 'Toàn tỉnh' : r.communes.map(communeName).join(', ')) },
              { title: 'Trạng thái', render: (_, r) => (r.active ? <Tag color="green">Đang dùng</Tag> : <Tag>Đã khóa</Tag>) },
              { title: 'Ngày tạo', render: (_, r) => formatDateTime(r.createdAt) },
            ]}
          />
        )}
      </AsyncContent>
      {open && <NewUserModal roles={roles.data?.roles ?? []} onClose={() => setOpen(false)} onCreated={() => { setOpen(false); users.reload(); }} />}
    </>
  );
}

function NewUserModal({ roles, onClose, onCreated }: { roles: RoleRow[]; onClose: () => void; onCreated: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form) as string | undefined;
  const scoped = roles.find((r) => r.code === role)?.communeScoped ?? false;
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/admin/users', { ...values, communes: values.communes ?? [] });
      onCreated();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="Thêm tài khoản" okText="Tạo tài khoản" cancelText="Hủy" onOk={submit} confirmLoading={saving} onCancel={onClose}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="username" label="Tên đăng nhập" rules={[{ required: true, message: 'Vui lòng nhập tên đăng nhập' }]}><Input autoComplete="off" /></Form.Item>
        <Form.Item name="fullName" label="Họ tên" rules={[{ required: true, message: 'Vui lòng nhập họ tên' }]}><Input /></Form.Item>
        <Form.Item name="password" label="Mật khẩu" extra="Ít nhất 8 ký tự, có cả chữ và số" rules={[{ required: true, message: 'Vui lòng nhập mật khẩu' }]}><Input.Password autoComplete="new-password" /></Form.Item>
        <Form.Item name="role" label="Vai trò" rules={[{ required: true, message: 'Chọn vai trò' }]}>
          <Select options={roles.map((r) => ({ value: r.code, label: r.label }))} />
        </Form.Item>
        {scoped && (
          <Form.Item name="communes" label="Xã/phường" rules={[{ required: true, message: 'Chọn ít nhất một xã/phường' }]}>
            <CommuneSelect mode="multiple" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface AuditRow { id: number; at: string; username: string | null; action: string; actionLabel: string; objectLabel: string; communeCode: string | null; detailText: string }

export function AuditPage() {
  const { communes } = useCommunes();
  const communeName = (code: string) => communes?.find((c) => c.code === code)?.name ?? code;
  const [action, setAction] = useState<string | undefined>();
  const [username, setUsername] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const state = useApi<{ total: number; entries: AuditRow[] }>('/api/admin/audit', {
    action, username, page, pageSize,
    from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'),
  });
  return (
    <>
      <PageHeader title="Nhật ký truy cập" subtitle="Ai đã xem dữ liệu cá nhân, thay đổi gì, xuất gì — nhật ký chỉ ghi thêm, không sửa xóa được" />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder="Loại thao tác" style={{ width: 200 }} value={action} onChange={(v) => { setAction(v); setPage(1); }}
          options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))} />
        <Input.Search allowClear placeholder="Tên đăng nhập" style={{ width: 200 }} onSearch={(v) => { setUsername(v || undefined); setPage(1); }} />
        <DatePicker.RangePicker format="DD/MM/YYYY" value={range} onChange={(v) => { setRange(v); setPage(1); }} placeholder={['Từ ngày', 'Đến ngày']} />
      </Space>
      <AsyncContent state={state}>
        {(data) => (
          <DataTable<AuditRow>
            rowKey="id"
            dataSource={data.entries}
            total={data.total}
            page={page}
            pageSize={pageSize}
            onPageChange={(p, s) => { setPage(p); setPageSize(s); }}
            columns={[
              { title: 'Thời điểm', render: (_, r) => formatDateTime(r.at), width: 160 },
              { title: 'Tài khoản', dataIndex: 'username', render: (v) => v ?? '—' },
              { title: 'Thao tác', dataIndex: 'actionLabel' },
              { title: 'Đối tượng', dataIndex: 'objectLabel' },
              { title: 'Xã/phường', dataIndex: 'communeCode', render: (v: string | null) => (v ? communeName(v) : '') },
              { title: 'Chi tiết', dataIndex: 'detailText', width: 480, render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, whiteSpace: 'normal' }}>{v}</Typography.Paragraph> },
            ]}
          />
        )}
      </AsyncContent>
    </>
  );
}
