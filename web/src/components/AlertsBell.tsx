/**
 * The bell of the top bar: what needs my action (GET /api/alerts) — reports of my body due or overdue, returned
 * reports, drafts for my leader to submit, reports waiting for my acceptance, proposals waiting for an answer.
 * Plain elements (no antd popup) so the app frame needs no more of antd's stylesheet.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useApi } from './useApi.ts';
import { Link, useLocation } from '../router.tsx';
import type { AlertsAnswer } from '@shared/api/directive.ts';

export function AlertsBell() {
  const { pathname } = useLocation();
  const { data, reload } = useApi<AlertsAnswer>('/api/alerts');
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const first = useRef(true);
  // Moving to another page (after acting on a report) asks again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the page's address is the trigger, not a value read
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setOpen(false);
    reload();
  }, [pathname, reload]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const count = data?.count ?? 0;
  return (
    <div className="bp-bell" ref={box}>
      <Button
        type="text"
        aria-label={count ? `Việc cần xử lý: ${count}` : 'Việc cần xử lý: không có'}
        aria-expanded={open}
        data-testid="alerts-bell"
        icon={<BellOutlined />}
        onClick={() => setOpen((o) => !o)}
      >
        {count > 0 && <span className="bp-bell-count" data-testid="alerts-count">{count > 99 ? '99+' : count}</span>}
      </Button>
      {open && (
        <div className="bp-bell-panel" role="dialog" aria-label="Việc cần xử lý">
          <div className="bp-bell-title">Việc cần xử lý</div>
          {count === 0 ? (
            <div className="bp-bell-empty">Không có việc nào cần bạn xử lý.</div>
          ) : (
            <ul>
              {data!.alerts.slice(0, 50).map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two alerts may share kind and report; the list is replaced, never reordered
                <li key={`${a.kind}-${a.reportId ?? ''}-${i}`} className={`bp-bell-item bp-bell-${a.kind}`}>
                  <Link to={a.link}>{a.text}</Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
