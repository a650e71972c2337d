/**
 * The banner every signed-in page shows while the server runs a long job (an import, a reconciliation, a progress
 * refresh, a report build): what runs, the step and a progress bar (GET /api/jobs/current, answered from the server's memory).
 * Asked every 5 s, every second while a job runs. Plain elements, like the bell.
 */
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { formatRatioPct } from './format.ts';
import type { CurrentJobsAnswer, RunningJob } from '@shared/api/jobs.ts';

const IDLE_MS = 5000;
const BUSY_MS = 1000;

export function JobBanner() {
  const [jobs, setJobs] = useState<RunningJob[]>([]);
  const [embedded, setEmbedded] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      let busy = false;
      try {
        const r = await api.get<CurrentJobsAnswer>('/api/jobs/current', { noRedirect: true });
        if (stopped) return;
        setJobs(r.jobs);
        setEmbedded(r.engine === 'pglite');
        busy = r.jobs.length > 0;
      } catch {
        /* signed out or offline: the page says so itself */
      }
      if (!stopped) timer = setTimeout(ask, busy ? BUSY_MS : IDLE_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (!jobs.length) return null;
  return (
    <div className="bp-job-banner" role="status" aria-live="polite" data-testid="job-banner">
      {jobs.map((j) => {
        const pct = j.fraction === null ? null : Math.round(j.fraction * 100);
        return (
          <div key={j.id} className="bp-job">
            <span className="bp-job-text">
              {j.kind === 'report' ? 'Đang lập báo cáo: ' : 'Đang chạy: '}<strong>{j.label}</strong>
              {j.stepLabel ? ` — ${j.stepLabel}` : ''}
              {j.fraction !== null ? ` (${formatRatioPct(Math.round(j.fraction * 100) / 100)})` : ''}
            </span>
            <span className="bp-job-bar" role="progressbar" aria-label={j.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
              <span className={pct === null ? 'bp-job-fill bp-job-fill-unknown' : 'bp-job-fill'} style={pct === null ? undefined : { width: `${pct}%` }} />
            </span>
          </div>
        );
      })}
      {embedded && (
        <div className="bp-job-note">
          Bảng tổng quan, trang xã và phiên đăng nhập vẫn trả lời ngay; các trang cần dữ liệu đang được cập nhật (danh sách phát hiện, nhập tệp) có
          thể chờ đến khi tác vụ xong.
        </div>
      )}
    </div>
  );
}
