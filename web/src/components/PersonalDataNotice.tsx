import { Alert } from 'antd';
import { EyeInvisibleOutlined } from '@ant-design/icons';
import { useMe } from '../auth.tsx';

/**
 * "Personal data has been masked" notice. Shown when the signed-in role does not see personal data
 * (the server masks IDs and names for it), or always with `force` (e.g. an aggregate export).
 */
export function PersonalDataNotice({ force, style }: { force?: boolean; style?: React.CSSProperties }) {
  const me = useMe();
  if (me.seesPersonalData && !force) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<EyeInvisibleOutlined />}
      className="bp-masked-notice"
      style={{ marginBottom: 12, ...style }}
      title="Dữ liệu cá nhân đã được che"
      description="Số định danh và họ tên được che một phần theo quyền của tài khoản. Liên hệ quản trị hệ thống nếu nhiệm vụ cần xem đầy đủ."
    />
  );
}
