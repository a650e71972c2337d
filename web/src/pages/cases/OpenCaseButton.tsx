/**
 * Opening cases from the findings page: "Mở hồ sơ xử lý" for one finding (its detail panel), and in bulk for the rows
 * chosen in the list or for the whole filter (a finding type, optionally one commune). Shown only for the codes this
 * role may open cases for; the server decides again (its codes, its communes, one open case per finding).
 */
import { Button, Modal, Space, message } from 'antd';
import { api } from '../../api.ts';
import { navigate } from '../../router.tsx';
import { formatInt, useApi } from '../../components/index.ts';
import type { CasesMetaAnswer, OpenCasesAnswer as OpenAnswer } from '@shared/api/cases.ts';

/** The finding codes this account may open cases for (from /api/cases/meta); empty while loading or when not asked. */
export function useOpenableCodes(ask = true): Set<string> {
  const meta = useApi<CasesMetaAnswer>(ask ? '/api/cases/meta' : null);
  return new Set(meta.data?.openableCodes.map((c) => c.code) ?? []);
}

export function OpenCaseButton({ findingId, code }: { findingId: number; code: string }) {
  const openable = useOpenableCodes();
  if (!openable.has(code)) return null;
  const open = () =>
    api.post<OpenAnswer>('/api/cases/open', { findingIds: [findingId] }).then((r) => {
      if (r.caseId) navigate(`/ho-so/${r.caseId}`);
      else message.info(r.message);
    }, (e) => message.error(e.message));
  return <Button onClick={open} data-testid="open-case">Mở hồ sơ xử lý</Button>;
}

/**
 * Bulk opening above the findings list: the chosen rows, or every finding of the filtered type (in the filtered commune)
 * that has no open case. The whole-filter button needs a type and no search text, because the server opens by type and
 * commune only — a search would make the count shown differ from what is opened.
 */
export function BulkOpenCases({ openable, selectedIds, filter, filterLabel, onOpened }: {
  /** useOpenableCodes() of the page, asked once there. */
  openable: Set<string>;
  selectedIds: number[];
  filter: { code?: string; commune?: string; search?: string };
  filterLabel: string;
  onOpened: () => void;
}) {
  const post = (body: object) =>
    api.post<OpenAnswer>('/api/cases/open', body).then((r) => {
      message.success(r.message);
      onOpened();
    }, (e) => message.error(e.message));
  const wholeFilter = !!filter.code && openable.has(filter.code) && !filter.search;
  if (!selectedIds.length && !wholeFilter) return null;
  const confirmFilter = () =>
    Modal.confirm({
      title: 'Mở hồ sơ xử lý cho cả bộ lọc?',
      content: `Mở hồ sơ cho mọi phát hiện ${filterLabel} chưa có hồ sơ đang xử lý (trong phạm vi của bạn).`,
      okText: 'Mở hồ sơ',
      cancelText: 'Hủy',
      onOk: () => post({ codes: [filter.code], ...(filter.commune ? { communes: [filter.commune] } : {}) }),
    });
  return (
    <Space wrap data-testid="bulk-open-cases">
      {selectedIds.length > 0 && (
        <Button type="primary" onClick={() => post({ findingIds: selectedIds })}>
          Mở hồ sơ cho {formatInt(selectedIds.length)} phát hiện đã chọn
        </Button>
      )}
      {wholeFilter && <Button onClick={confirmFilter}>Mở hồ sơ cho cả bộ lọc</Button>}
    </Space>
  );
}
