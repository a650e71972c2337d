// Owner: targets engineer — replace with the commune page (/xa/:code).
import { Placeholder } from '../Placeholder.tsx';
import { useParams } from '../../router.tsx';

export default function CommunePage() {
  const { code } = useParams<{ code: string }>();
  return <Placeholder title={`Xã/phường ${code}`} description="Tình hình tham gia BHXH của xã/phường" />;
}
