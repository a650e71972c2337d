/** The method help of the overview and the commune page (a collapsed panel, loaded after the figures). */
import { Collapse, Typography } from 'antd';
import { formatDate } from '../../components/format.ts';
import type { MethodNotes } from '@shared/api/targets.ts';

/** How the figures are computed, in a collapsed panel (the page's help). */
export function MethodHelp({ method }: { method: MethodNotes }) {
  const items = [
    {
      key: 'm',
      label: 'Cách tính số liệu và dự báo',
      children: (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <ul className="bp-method">
            <li>{method.stockRule}</li>
            <li>{method.communeRule}</li>
            <li>{method.coverageRule}</li>
            <li>
              Chuỗi số liệu theo tháng được dựng lại từ tệp người tham gia (bhxh-nguoi) theo “Từ tháng/Đến tháng”; mỗi bản chụp dùng cho {method.windowMonths} tháng
              tính đến kỳ của bản chụp.
            </li>
            <li>{method.forecastRule}</li>
            <li>{method.statusRule}</li>
            <li>
              Tham số sử dụng:{' '}
              {method.rules.map((r) => `${r.key} = ${r.value} (${r.source}, hiệu lực từ ${formatDate(r.effectiveFrom)})`).join('; ')}.
            </li>
          </ul>
        </Typography.Paragraph>
      ),
    },
  ];
  return <Collapse items={items} className="bp-method-help" />;
}
