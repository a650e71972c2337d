/**
 * The administrator's choice of the finding types that open cases by themselves after each reconciliation
 * (`cases.configure`): every finding type that a case type takes, by its Vietnamese label, a checkbox each, saved
 * through PUT /api/cases/auto-open (one request per changed type; each is audited), with who changed it last.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Space, Table, Typography, message } from 'antd';
import { api } from '../../api.ts';
import { AsyncContent, useApi } from '../../components/index.ts';
import type { AutoOpenAnswer, AutoOpenRow } from '@shared/api/cases.ts';

export function AutoOpenSetting() {
  const settings = useApi<AutoOpenAnswer>('/api/cases/auto-open');
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (settings.data) setChosen(Object.fromEntries(settings.data.rows.map((r) => [r.code, r.enabled])));
  }, [settings.data]);
  const changed = (settings.data?.rows ?? []).filter((r) => chosen[r.code] !== undefined && chosen[r.code] !== r.enabled);

  async function save() {
    setSaving(true);
    try {
      for (const r of changed) await api.put('/api/cases/auto-open', { code: r.code, enabled: chosen[r.code] });
      message.success(`Đã lưu thiết lập của ${changed.length} loại phát hiện.`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
      settings.reload();
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="auto-open">
      <Alert
        type="info"
        showIcon
        message="Sau mỗi lần đối soát, hệ thống tự mở hồ sơ xử lý cho mọi phát hiện mới của các loại được chọn (mỗi phát hiện một hồ sơ). Các loại khác được mở từ trang Phát hiện hoặc bằng dòng lệnh."
      />
      <AsyncContent state={settings}>
        {(data) => (
          <Table<AutoOpenRow>
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={data.rows}
            columns={[
              {
                title: 'Tự động mở',
                width: 110,
                render: (_, r) => (
                  <Checkbox
                    aria-label={r.label}
                    checked={chosen[r.code] ?? r.enabled}
                    onChange={(e) => setChosen((c) => ({ ...c, [r.code]: e.target.checked }))}
                  />
                ),
              },
              { title: 'Loại phát hiện', dataIndex: 'label' },
              { title: 'Loại hồ sơ', dataIndex: 'caseTypeLabel' },
              {
                title: 'Thay đổi lần cuối',
                render: (_, r) => (r.changedBy
                  ? <span data-testid="auto-open-changed">{r.changedBy}, {r.changedAt}</span>
                  : <Typography.Text type="secondary">Mặc định khi cài đặt</Typography.Text>),
              },
            ]}
          />
        )}
      </AsyncContent>
      <Space>
        <Button type="primary" disabled={changed.length === 0} loading={saving} onClick={save}>Lưu thiết lập</Button>
        {changed.length > 0 && <Typography.Text type="secondary">{changed.length} thay đổi chưa lưu</Typography.Text>}
      </Space>
    </Space>
  );
}
