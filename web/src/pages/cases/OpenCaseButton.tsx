/**
 * "Mở hồ sơ xử lý" for one finding (the findings page's detail), shown for the codes this role may open cases for:
 * opens the case, or goes to the one already open.
 */
import { Button, message } from 'antd';
import { api } from '../../api.ts';
import { navigate } from '../../router.tsx';
import { useApi } from '../../components/index.ts';

export function OpenCaseButton({ findingId, code }: { findingId: number; code: string }) {
  const meta = useApi<{ openableCodes: Array<{ code: string }> }>('/api/cases/meta');
  if (!meta.data?.openableCodes.some((c) => c.code === code)) return null;
  const open = () =>
    api.post<{ opened: number; caseId: number | null; message: string }>('/api/cases/open', { findingIds: [findingId] }).then((r) => {
      if (r.caseId) navigate(`/ho-so/${r.caseId}`);
      else message.info(r.message);
    }, (e) => message.error(e.message));
  return <Button onClick={open} data-testid="open-case">Mở hồ sơ xử lý</Button>;
}
