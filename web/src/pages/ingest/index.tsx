// Owner: ingest engineer — replace with the import page (/nhap-du-lieu) and the import history (/lich-su-nhap).
import { Placeholder } from '../Placeholder.tsx';

export default function ImportPage() {
  return <Placeholder title="Nhập dữ liệu" description="Nhập tệp dữ liệu của các cơ quan" />;
}

export function ImportHistoryPage() {
  return <Placeholder title="Lịch sử nhập" description="Các lần nhập dữ liệu và kết quả kiểm tra" />;
}
