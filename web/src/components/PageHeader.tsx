import type { ReactNode } from 'react';
import { Breadcrumb, Space, Typography } from 'antd';
import { formatDate } from './format.ts';
import { Link } from '../router.tsx';

export interface PageHeaderProps {
  title: ReactNode;
  /** One line under the title. */
  subtitle?: ReactNode;
  /** 'YYYY-MM-DD' (or a Date): shown as "Số liệu tính đến dd/mm/yyyy". */
  asOf?: string | Date | null;
  /** Buttons on the right (export, actions). */
  extra?: ReactNode;
  /** Trail of links above the title: [{ label, to? }]. */
  breadcrumb?: Array<{ label: ReactNode; to?: string }>;
}

/** The top of every page: title, optional breadcrumb, "Số liệu tính đến …" and actions. */
export function PageHeader({ title, subtitle, asOf, extra, breadcrumb }: PageHeaderProps) {
  return (
    <div className="bp-page-header">
      {breadcrumb && breadcrumb.length > 0 && (
        <Breadcrumb
          className="bp-page-breadcrumb"
          items={breadcrumb.map((b) => ({ title: b.to ? <Link to={b.to}>{b.label}</Link> : b.label }))}
        />
      )}
      <div className="bp-page-header-row">
        <div className="bp-page-header-text">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {(subtitle || asOf) && (
            <div className="bp-page-header-sub">
              {subtitle}
              {subtitle && asOf ? ' · ' : null}
              {asOf ? <span className="bp-asof">Số liệu tính đến {formatDate(asOf)}</span> : null}
            </div>
          )}
        </div>
        {extra && <Space wrap>{extra}</Space>}
      </div>
    </div>
  );
}
