/** The login page (/dang-nhap), in its own chunk: the signed-in home page does not load antd's Form. */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useSession, returnTarget, LOGIN_PATH } from './auth.tsx';
import { navigate, useLocation } from './router.tsx';

export function LoginPage() {
  const { login, state } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { pathname } = useLocation();

  useEffect(() => {
    if (state.status === 'signed-in' && pathname.startsWith(LOGIN_PATH)) navigate(returnTarget(), { replace: true });
  }, [state.status, pathname]);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Đăng nhập không thành công.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bp-login">
      <div className="bp-login-brand">
        <div className="bp-login-emblem" aria-hidden>
          BP
        </div>
        <div>
          <div className="bp-login-org">UBND TỈNH THÁI NGUYÊN</div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            BaoPhu
          </Typography.Title>
          <div className="bp-login-sub">Hệ thống phát triển đối tượng tham gia bảo hiểm xã hội</div>
        </div>
      </div>
      <Card className="bp-login-card" title="Đăng nhập">
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy} autoComplete="on">
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập tên đăng nhập.' }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" id="username" />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Vui lòng nhập mật khẩu.' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            Đăng nhập
          </Button>
        </Form>
      </Card>
      <div className="bp-login-foot">Tài khoản do quản trị hệ thống cấp. Mọi truy cập dữ liệu cá nhân đều được ghi nhật ký.</div>
    </div>
  );
}
