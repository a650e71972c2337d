// Owner: reconcile engineer — replace with the findings page (/phat-hien).
import { Placeholder } from '../Placeholder.tsx';

export default function FindingsPage() {
  return <Placeholder title="Phát hiện đối soát" description="Các trường hợp phát hiện qua đối soát dữ liệu liên ngành" />;
}
