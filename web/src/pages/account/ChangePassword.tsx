/**
 * "Đổi mật khẩu": the user's own password change (POST /api/account/password). Shown from the user menu and, after
 * a reset by the admin, as the only screen until the password is changed.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import { api, ApiError } from '../../api.ts';
import { useSession } from '../../auth.tsx';

interface Values { currentPassword: string; newPassword: string; confirm: string }

function ChangePasswordFields({ onDone, submitLabel }: { onDone: () => void; submitLabel: string }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/account/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      onDone();
    } catch (e) {
      const issues = e instanceof ApiError ? (e.details as { issues?: Array<{ field: string; message: string }> } | null)?.issues : undefined;
      if (issues?.length) form.setFields(issues.filter((i) => i.field === 'currentPassword' || i.field === 'newPassword').map((i) => ({ name: i.field as keyof Values, errors: [i.message] })));
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} aria-label="Đổi mật khẩu">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="currentPassword" label="Mật khẩu hiện tại" rules={[{ required: true, message: 'Vui lòng nhập mật khẩu hiện tại' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label="Mật khẩu mới" extra="Ít nhất 8 ký tự, có cả chữ và số" rules={[{ required: true, message: 'Vui lòng nhập mật khẩu mới' }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="Nhập lại mật khẩu mới"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: 'Vui lòng nhập lại mật khẩu mới' },
          ({ getFieldValue }) => ({ validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('Hai lần nhập không khớp'))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>{submitLabel}</Button>
    </Form>
  );
}

/** From the user menu. */
export function ChangePasswordModal({ onClose }: { onClose: () => void }) {
  const [done, setDone] = useState(false);
  return (
    <Modal open title="Đổi mật khẩu" footer={null} onCancel={onClose} destroyOnHidden>
      {done ? (
        <Space direction="vertical">
          <Alert type="success" showIcon message="Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã được đăng xuất." />
          <Button onClick={onClose}>Đóng</Button>
        </Space>
      ) : (
        <ChangePasswordFields submitLabel="Đổi mật khẩu" onDone={() => setDone(true)} />
      )}
    </Modal>
  );
}

/** After a reset: the only screen until the temporary password is replaced. */
export function ForcedPasswordChange() {
  const { refresh, logout } = useSession();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>
      <Card style={{ width: 440 }} title="Đổi mật khẩu trước khi tiếp tục">
        <Typography.Paragraph>
          Mật khẩu của bạn vừa được quản trị hệ thống đặt lại. Hãy nhập mật khẩu tạm thời được cấp và chọn mật khẩu mới.
        </Typography.Paragraph>
        <ChangePasswordFields submitLabel="Đổi mật khẩu và tiếp tục" onDone={() => void refresh()} />
        <Button type="link" style={{ paddingLeft: 0, marginTop: 8 }} onClick={() => void logout()}>Đăng xuất</Button>
      </Card>
    </div>
  );
}
