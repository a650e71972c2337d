import { Table, type TableProps } from 'antd';
import type { TablePaginationConfig } from 'antd/es/table';
import { formatInt } from './format.ts';

export interface DataTableProps<T> extends Omit<TableProps<T>, 'pagination'> {
  /**
   * false = no paging; otherwise client-side paging of `dataSource`, or server-side when `total`,
   * `page`, `pageSize` and `onPageChange` are given.
   */
  pagination?: false | TablePaginationConfig;
  total?: number;
  page?: number;
  pageSize?: number;
  onPageChange?: (page: number, pageSize: number) => void;
}

/** "1–50 / 1.234 dòng" */
export const showTotalVi = (total: number, range: [number, number]) =>
  total === 0 ? '0 dòng' : `${formatInt(range[0])}–${formatInt(range[1])} / ${formatInt(total)} dòng`;

/**
 * A dense antd Table with Vietnamese pagination ("1–50 / 1.234 dòng", "50 / trang"), bordered and small rows.
 * It fits the page: text wraps, columns give widths and ellipsis where they need them, and actions stay in view.
 * Horizontal scrolling only when a page asks for it (`scroll`, e.g. a table with a column per finding code):
 * a default `max-content` width pushed action columns off-screen on ordinary laptop screens.
 */
export function DataTable<T extends object>({ pagination, total, page, pageSize, onPageChange, scroll, ...rest }: DataTableProps<T>) {
  const serverSide = total !== undefined && onPageChange !== undefined;
  const paging: false | TablePaginationConfig =
    pagination === false
      ? false
      : {
          size: 'small',
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          defaultPageSize: 50,
          showTotal: showTotalVi,
          ...(serverSide ? { total, current: page, pageSize, onChange: onPageChange } : {}),
          ...(pagination ?? {}),
        };
  return (
    <Table<T>
      size="small"
      bordered
      className="bp-table"
      scroll={scroll}
      pagination={paging}
      {...rest}
    />
  );
}
