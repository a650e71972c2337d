// Owner: calc engineer — replace with the policy calculator (/may-tinh) and the simulator (/mo-phong).
import { Placeholder } from '../Placeholder.tsx';

export default function CalculatorPage() {
  return <Placeholder title="Máy tính chính sách" description="Tính mức đóng, mức hỗ trợ và quyền lợi BHXH" />;
}

export function SimulatorPage() {
  return <Placeholder title="Mô phỏng" description="Mô phỏng tác động của chính sách hỗ trợ đến số người tham gia" />;
}
