// Owner: targets engineer — replace with the targets page (/chi-tieu).
import { Placeholder } from '../Placeholder.tsx';

export default function TargetsPage() {
  return <Placeholder title="Chỉ tiêu" description="Giao và theo dõi chỉ tiêu phát triển đối tượng theo xã/phường" />;
}
