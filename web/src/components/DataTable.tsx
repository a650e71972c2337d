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
 * A dense antd Table with Vietnamese pagination ("1–50 / 1.234 dòng", "50 / trang"), bordered,
 * small rows and horizontal scrolling for wide tables.
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
      scroll={scroll ?? { x: 'max-content' }}
      pagination={paging}
      {...rest}
    />
  );
}
