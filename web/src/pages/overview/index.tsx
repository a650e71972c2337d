// Owner: targets engineer — replace with the province overview (Tổng quan).
import { Placeholder } from '../Placeholder.tsx';

export default function OverviewPage() {
  return <Placeholder title="Tổng quan" description="Tổng quan tiến độ phát triển đối tượng tham gia BHXH của tỉnh" />;
}
