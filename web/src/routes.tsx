/**
 * The route table. Each capability adds its pages here (small, additive edits):
 *   { path, element, menu?: { label, icon, group }, allowed?: (me) => boolean }
 * - `path` uses ':name' parameters ('/xa/:code'); read them with useParams() from router.tsx.
 * - `element` is usually a lazily loaded page (code-split): lazyPage(() => import('./pages/x/index.tsx')).
 * - `menu` puts the page in the side menu under `group` (one of MENU_GROUPS); pages without a menu
 *   are reached by links.
 * - `allowed` hides the menu entry and refuses the page for roles that may not use it; the server
 *   still checks every request.
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import {
  DashboardOutlined, TeamOutlined, AuditOutlined, AimOutlined, AlertOutlined, CloudUploadOutlined, HistoryOutlined, CalculatorOutlined, ExperimentOutlined,
} from '@ant-design/icons';
import { canImportAny, seesFindings, type Me } from './auth.tsx';

export interface AppRoute {
  path: string;
  element: ReactNode;
  menu?: { label: string; icon?: ReactNode; group: MenuGroup };
  allowed?: (me: Me) => boolean;
}

/** Side-menu groups, in display order. */
export const MENU_GROUPS = ['Theo dõi', 'Đối soát', 'Dữ liệu', 'Công cụ', 'Quản trị'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

/** A code-split page: the default export, or the named one. */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M = 'default'): ReactNode {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return <Page />;
}

export const routes: AppRoute[] = [
  // Theo dõi — targets engineer
  { path: '/', element: lazyPage(() => import('./pages/overview/index.tsx')), menu: { label: 'Tổng quan', icon: <DashboardOutlined />, group: 'Theo dõi' } },
  { path: '/xa/:code', element: lazyPage(() => import('./pages/commune/index.tsx')) },
  { path: '/chi-tieu', element: lazyPage(() => import('./pages/targets/index.tsx')), menu: { label: 'Chỉ tiêu', icon: <AimOutlined />, group: 'Theo dõi' } },

  // Đối soát — reconcile engineer
  {
    path: '/phat-hien',
    element: lazyPage(() => import('./pages/findings/index.tsx')),
    menu: { label: 'Phát hiện', icon: <AlertOutlined />, group: 'Đối soát' },
    allowed: seesFindings,
  },

  // Dữ liệu — ingest engineer
  {
    path: '/nhap-du-lieu',
    element: lazyPage(() => import('./pages/ingest/index.tsx')),
    menu: { label: 'Nhập dữ liệu', icon: <CloudUploadOutlined />, group: 'Dữ liệu' },
    allowed: canImportAny,
  },
  {
    path: '/lich-su-nhap',
    element: lazyPage(() => import('./pages/ingest/index.tsx'), 'ImportHistoryPage'),
    menu: { label: 'Lịch sử nhập', icon: <HistoryOutlined />, group: 'Dữ liệu' },
    allowed: canImportAny,
  },

  // Công cụ — calc engineer
  { path: '/may-tinh', element: lazyPage(() => import('./pages/calc/index.tsx')), menu: { label: 'Máy tính chính sách', icon: <CalculatorOutlined />, group: 'Công cụ' } },
  { path: '/mo-phong', element: lazyPage(() => import('./pages/calc/index.tsx'), 'SimulatorPage'), menu: { label: 'Mô phỏng', icon: <ExperimentOutlined />, group: 'Công cụ' } },

  // Quản trị — accounts and the audit log
  {
    path: '/tai-khoan',
    element: lazyPage(() => import('./pages/admin/index.tsx')),
    menu: { label: 'Tài khoản', icon: <TeamOutlined />, group: 'Quản trị' },
    allowed: (me) => me.can.includes('users.manage'),
  },
  {
    path: '/nhat-ky',
    element: lazyPage(() => import('./pages/admin/index.tsx'), 'AuditPage'),
    menu: { label: 'Nhật ký truy cập', icon: <AuditOutlined />, group: 'Quản trị' },
    allowed: (me) => me.can.includes('audit.read'),
  },
];

// The home page (targets engineer): on '/', start loading its code (and, from there, its figures) at
// once, in parallel with the session check, instead of after it.
if (typeof window !== 'undefined' && window.location.pathname === '/') void import('./pages/overview/index.tsx').catch(() => undefined);
