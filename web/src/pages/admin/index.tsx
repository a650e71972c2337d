// Accounts (users.manage): create, edit (name, role, agency, communes, parks, the body's leader), lock/unlock, disable/enable, reset a
// password (the temporary password is shown once); and the audit log (audit.read).
import { useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, DatePicker, Dropdown, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api.ts';
import { useMe } from '../../auth.tsx';
import { AsyncContent, CommuneSelect, DataTable, PageHeader, useApi, useCommunes } from '../../components/index.ts';
import { formatDateTime } from '../../components/index.ts';
import { AUDIT_ACTION_LABELS } from '@shared/vocabulary.ts';
import type { AdminUserAnswer as UserRow, AuditAnswer, AuditEntryAnswer as AuditRow, RolesAnswer, TemporaryPasswordAnswer, UsersAnswer } from '@shared/api/auth.ts';

const STATUS_TAGS: Record<UserRow['status'], { color?: string; label: string }> = {
  active: { color: 'green', label: 'Đang dùng' },
  locked: { color: 'orange', label: 'Đang khóa' },
  disabled: { label: 'Đã vô hiệu hóa' },
};

export default function UsersPage() {
  const me = useMe();
  const { modal, message } = AntApp.useApp();
  const users = useApi<UsersAnswer>('/api/admin/users');
  const roles = useApi<RolesAnswer>('/api/admin/roles');
  const { communes } = useCommunes();
  const communeName = (code: string) => communes?.find((c) => c.code === code)?.name ?? code;
  const parkName = (code: string) => roles.data?.parks.find((p) => p.code === code)?.name ?? code;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);

  const act = async (user: UserRow, action: 'lock' | 'unlock' | 'disable' | 'enable', done: string) => {
    try {
      await api.post(`/api/admin/users/${user.id}/${action}`, {});
      message.success(done);
      users.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const confirmAct = (user: UserRow, action: 'lock' | 'disable', title: string, done: string) =>
    modal.confirm({ title, content: 'Các phiên đăng nhập của tài khoản sẽ kết thúc ngay.', okText: 'Đồng ý', cancelText: 'Hủy', onOk: () => act(user, action, done) });
  const reset = (user: UserRow) =>
    modal.confirm({
      title: `Đặt lại mật khẩu của ${user.username}?`,
      content: 'Một mật khẩu tạm thời sẽ được tạo và chỉ hiện một lần; người dùng phải đổi mật khẩu khi đăng nhập lại.',
      okText: 'Đặt lại', cancelText: 'Hủy',
      onOk: async () => {
        try {
          const { temporaryPassword } = await api.post<TemporaryPasswordAnswer>(`/api/admin/users/${user.id}/reset-password`, {});
          users.reload();
          modal.info({
            title: 'Mật khẩu tạm thời',
            content: (
              <Space direction="vertical">
                <span>Trao mật khẩu này cho {user.fullName} ({user.username}). Nó chỉ hiện một lần.</span>
                <Typography.Text code copyable data-testid="temporary-password">{temporaryPassword}</Typography.Text>
              </Space>
            ),
            okText: 'Đã ghi lại',
          });
        } catch (e) {
          message.error((e as Error).message);
        }
      },
    });

  const scopeText = (r: UserRow) => {
    const parts = [r.communes === null ? 'Toàn tỉnh' : r.communes.map(communeName).join(', ')];
    if (r.parks) parts.push(`KCN: ${r.parks.map(parkName).join(', ')}`);
    return parts.join(' · ');
  };

  return (
    <>
      <PageHeader title="Tài khoản" subtitle="Tài khoản của các cơ quan và UBND xã, phường; phạm vi dữ liệu theo xã/phường và khu công nghiệp" extra={<Button type="primary" onClick={() => setCreating(true)}>Thêm tài khoản</Button>} />
      <AsyncContent state={users}>
        {(data) => (
          <DataTable<UserRow>
            rowKey="id"
            dataSource={data.users}
            columns={[
              { title: 'Tên đăng nhập', dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username) },
              { title: 'Họ tên', dataIndex: 'fullName' },
              {
                title: 'Vai trò', filters: (roles.data?.roles ?? []).map((r) => ({ text: r.label, value: r.code })), onFilter: (v, r) => r.role === v,
                render: (_, r) => (r.isLeader ? <Space size={4} wrap>{r.roleLabel}<Tag color="purple">Lãnh đạo cơ quan</Tag></Space> : r.roleLabel),
              },
              { title: 'Phạm vi', render: (_, r) => scopeText(r) },
              {
                title: 'Trạng thái',
                render: (_, r) => (
                  <Space size={4} wrap>
                    <Tag color={STATUS_TAGS[r.status].color}>{STATUS_TAGS[r.status].label}</Tag>
                    {r.mustChangePassword && <Tag color="gold">Chờ đổi mật khẩu</Tag>}
                  </Space>
                ),
              },
              { title: 'Ngày tạo', render: (_, r) => formatDateTime(r.createdAt) },
              {
                title: 'Thao tác',
                render: (_, r) => (
                  <Space size={4}>
                    <Button size="small" onClick={() => setEditing(r)}>Sửa</Button>
                    {r.id !== me.id && (
                      <Dropdown
                        trigger={['click']}
                        menu={{
                          items: [
                            r.status === 'locked' ? { key: 'unlock', label: 'Mở khóa' } : { key: 'lock', label: 'Khóa', disabled: r.status === 'disabled' },
                            r.status === 'disabled' ? { key: 'enable', label: 'Kích hoạt lại' } : { key: 'disable', label: 'Vô hiệu hóa', danger: true },
                            { key: 'reset', label: 'Đặt lại mật khẩu' },
                          ],
                          onClick: ({ key }) => {
                            if (key === 'lock') confirmAct(r, 'lock', `Khóa tài khoản ${r.username}?`, 'Đã khóa tài khoản.');
                            else if (key === 'disable') confirmAct(r, 'disable', `Vô hiệu hóa tài khoản ${r.username}?`, 'Đã vô hiệu hóa tài khoản.');
                            else if (key === 'unlock') void act(r, 'unlock', 'Đã mở khóa tài khoản.');
                            else if (key === 'enable') void act(r, 'enable', 'Đã kích hoạt lại tài khoản.');
                            else reset(r);
                          },
                        }}
                      >
                        <Button size="small" aria-label={`Thao tác với ${r.username}`}>Khác ▾</Button>
                      </Dropdown>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </AsyncContent>
      {creating && roles.data && <UserModal meta={roles.data} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); users.reload(); }} />}
      {editing && roles.data && <UserModal meta={roles.data} user={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); users.reload(); }} />}
    </>
  );
}

const FIELDS = ['username', 'fullName', 'password', 'role', 'communes'];

/** Create (no `user`) or edit an account. */
function UserModal({ meta, user, onClose, onSaved }: { meta: RolesAnswer; user?: UserRow; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form) as string | undefined;
  const spec = meta.roles.find((r) => r.code === role);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const scope = { communes: spec?.communeScoped ? values.communes ?? [] : [], parks: spec?.parkScoped ? values.parks ?? [] : [] };
      const isLeader = !!values.isLeader;
      if (user) await api.patch(`/api/admin/users/${user.id}`, { fullName: values.fullName, role: values.role, agency: values.agency, ...scope, isLeader });
      else await api.post('/api/admin/users', { username: values.username, fullName: values.fullName, password: values.password, role: values.role, ...scope, isLeader });
      onSaved();
    } catch (e) {
      // The server's reasons go under the fields they concern; anything else above the form.
      const issues = (e instanceof ApiError ? (e.details as { issues?: Array<{ field: string; message: string }> } | null)?.issues : null) ?? [];
      const onFields = issues.filter((i) => FIELDS.includes(i.field));
      form.setFields(onFields.map((i) => ({ name: i.field, errors: [i.message] })));
      setError(onFields.length === issues.length && onFields.length > 0 ? null : (e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const initial = user ? { fullName: user.fullName, role: user.role, agency: user.agency ?? undefined, communes: user.communes ?? [], parks: user.parks ?? [], isLeader: user.isLeader } : { isLeader: false };
  return (
    <Modal open title={user ? `Sửa tài khoản ${user.username}` : 'Thêm tài khoản'} okText={user ? 'Lưu' : 'Tạo tài khoản'} cancelText="Hủy" onOk={submit} confirmLoading={saving} onCancel={onClose}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        {!user && <Form.Item
          name="username"
          label="Tên đăng nhập"
          extra="3–50 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (ví dụ xa.dongquang)"
          rules={[
            { required: true, message: 'Vui lòng nhập tên đăng nhập' },
            { min: 3, message: 'Tên đăng nhập cần ít nhất 3 ký tự' },
            { max: 50, message: 'Tên đăng nhập tối đa 50 ký tự' },
            { pattern: /^[a-z0-9._-]+$/, message: 'Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>}
        <Form.Item name="fullName" label="Họ tên" rules={[{ required: true, message: 'Vui lòng nhập họ tên' }]}><Input /></Form.Item>
        {!user && <Form.Item name="password" label="Mật khẩu" extra="Ít nhất 8 ký tự, có cả chữ và số" rules={[{ required: true, message: 'Vui lòng nhập mật khẩu' }]}><Input.Password autoComplete="new-password" /></Form.Item>}
        <Form.Item name="role" label="Vai trò" rules={[{ required: true, message: 'Chọn vai trò' }]}>
          <Select options={meta.roles.map((r) => ({ value: r.code, label: r.label }))} onChange={(v: string) => form.setFieldValue('agency', meta.roles.find((r) => r.code === v)?.agency)} />
        </Form.Item>
        {user && (
          <Form.Item name="agency" label="Cơ quan">
            <Select options={meta.agencies.map((a) => ({ value: a.code, label: a.name }))} />
          </Form.Item>
        )}
        {spec?.communeScoped && (
          <Form.Item name="communes" label="Xã/phường" rules={[{ required: true, message: 'Chọn ít nhất một xã/phường' }]}>
            <CommuneSelect mode="multiple" />
          </Form.Item>
        )}
        {spec?.parkScoped && (
          <Form.Item name="parks" label="Khu công nghiệp" extra="Để trống: xem mọi khu công nghiệp">
            <Select mode="multiple" allowClear options={meta.parks.map((p) => ({ value: p.code, label: `${p.kind} ${p.name}` }))} />
          </Form.Item>
        )}
        <Form.Item name="isLeader" valuePropName="checked" extra="Người gửi báo cáo thực hiện nhiệm vụ của cơ quan theo chỉ thị">
          <Checkbox>Lãnh đạo cơ quan</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}


export function AuditPage() {
  const { communes } = useCommunes();
  const communeName = (code: string) => communes?.find((c) => c.code === code)?.name ?? code;
  const [action, setAction] = useState<string | undefined>();
  const [username, setUsername] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const state = useApi<AuditAnswer>('/api/admin/audit', {
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
