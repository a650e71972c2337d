/**
 * "Dữ liệu đã thay đổi từ lần đối soát #N": shown on the findings page and after an import when data was imported
 * since the latest reconciliation run, with a button to run it again for the roles that may (reconcile.run). The run
 * goes on in the background on the server; this polls its state and shows its progress.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Progress, Space, Typography, message } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api.ts';
import { Link } from '../../router.tsx';
import { formatInt, useApi } from '../../components/index.ts';
import type { FindingsMetaAnswer, ReconcileRunJob as RunJob } from '@shared/api/findings.ts';

const POLL_MS = 1000;

/** The stale-findings notice with its re-run button; `onRefreshed` is called when a run started here finished. */
export function StaleFindingsNotice({ onRefreshed, linkToFindings = false }: { onRefreshed?: () => void; linkToFindings?: boolean }) {
  const meta = useApi<FindingsMetaAnswer>('/api/findings/meta');
  const reloadMeta = meta.reload;
  const [job, setJob] = useState<RunJob | null>(null);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // A run started elsewhere (another tab, a colleague) is followed too.
  useEffect(() => {
    if (meta.data?.runningJob && !job) setJob(meta.data.runningJob);
  }, [meta.data, job]);

  useEffect(() => {
    if (job?.status !== 'running') return;
    const timer = setTimeout(() => {
      api.get<RunJob>(`/api/findings/runs/${job.id}`).then(
        (next) => {
          setJob(next);
          if (next.status === 'done') {
            const reused = next.result?.reusedRunId;
            message.success(reused
              ? `Dữ liệu không thay đổi từ lần đối soát #${reused}: lần #${next.result?.runId} dùng lại kết quả, ${formatInt(next.result?.total ?? 0)} phát hiện.`
              : `Đã chạy xong lần đối soát #${next.result?.runId}: ${formatInt(next.result?.total ?? 0)} phát hiện.`);
            reloadMeta();
            onRefreshed?.();
          } else if (next.status === 'failed') setFailure(next.error);
        },
        (e) => setFailure((e as Error).message),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, reloadMeta, onRefreshed]);

  const start = async () => {
    setStarting(true);
    setFailure(null);
    try {
      setJob(await api.post<RunJob>('/api/findings/runs', {}));
    } catch (e) {
      const running = e instanceof ApiError && e.status === 409 ? (e.details as { job?: RunJob } | null)?.job : undefined;
      if (running) setJob(running);
      else setFailure((e as Error).message);
    } finally {
      setStarting(false);
    }
  };

  if (job?.status === 'running') {
    return (
      <Alert
        type="info"
        showIcon
        icon={<SyncOutlined spin />}
        style={{ marginBottom: 12 }}
        data-testid="reconcile-progress"
        message={`Đang đối soát: ${job.stepLabel} (bước ${formatInt(job.step)}/${formatInt(job.steps)})`}
        description={<Progress percent={Math.round((job.step / job.steps) * 100)} status="active" />}
      />
    );
  }
  const stale = meta.data?.stale;
  return (
    <>
      {failure && <Alert type="error" showIcon closable style={{ marginBottom: 12 }} message={failure} onClose={() => setFailure(null)} />}
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="stale-findings"
          data-since-run={stale.sinceRun}
          message={stale.message}
          action={
            <Space direction="vertical">
              {meta.data?.canRun && <Button type="primary" icon={<SyncOutlined />} loading={starting} onClick={() => void start()}>Chạy lại đối soát</Button>}
              {linkToFindings && <Link to="/phat-hien">Xem phát hiện</Link>}
            </Space>
          }
          description={meta.data?.canRun ? undefined : <Typography.Text type="secondary">Bảo hiểm xã hội tỉnh hoặc quản trị hệ thống chạy lại đối soát.</Typography.Text>}
        />
      )}
    </>
  );
}
