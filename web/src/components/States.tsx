import type { ReactNode } from 'react';
import { Button, Empty, Result, Spin } from 'antd';

/** An error from the API (its Vietnamese message) with an optional "Thử lại". */
export function ErrorState({ error, onRetry, title = 'Không tải được dữ liệu' }: { error: unknown; onRetry?: () => void; title?: ReactNode }) {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Đã xảy ra lỗi không xác định.';
  const status = (error as { status?: number } | null)?.status;
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={status === 403 ? 'Không có quyền truy cập' : status === 404 ? 'Không tìm thấy' : title}
      subTitle={message}
      extra={onRetry ? <Button onClick={onRetry}>Thử lại</Button> : undefined}
      className="bp-error-state"
    />
  );
}

/** Nothing to show yet (with what to do about it). */
export function EmptyState({ description = 'Chưa có dữ liệu', children }: { description?: ReactNode; children?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} className="bp-empty-state">
      {children}
    </Empty>
  );
}

/** A centred spinner while a page or block loads. */
export function Loading({ tip = 'Đang tải…' }: { tip?: string }) {
  return (
    <div className="bp-loading" role="status" aria-live="polite">
      <Spin />
      <span>{tip}</span>
    </div>
  );
}

/** Renders loading / error / empty / the content of a useApi() result. */
export function AsyncContent<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload: () => void };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  if (isEmpty?.(state.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(state.data)}</>;
}
