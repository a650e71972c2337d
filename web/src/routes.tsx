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
  DashboardOutlined, TeamOutlined, AuditOutlined, SolutionOutlined, PhoneOutlined, AimOutlined, AlertOutlined, CloudUploadOutlined, HistoryOutlined, CalculatorOutlined, ExperimentOutlined, BookOutlined, ShareAltOutlined, SoundOutlined, ScheduleOutlined, ApartmentOutlined, FileTextOutlined,
} from '@ant-design/icons';
import { canImportAny, seesFindings, type Me } from './auth.tsx';
import { loadFullStyles } from './fullStyles.ts';

const worksCases = (me: Me) => me.can.includes('cases.work') || me.can.includes('cases.read');

export interface AppRoute {
  path: string;
  element: ReactNode;
  menu?: { label: string; icon?: ReactNode; group: MenuGroup };
  allowed?: (me: Me) => boolean;
}

/** Side-menu groups, in display order. */
export const MENU_GROUPS = ['Theo dõi', 'Đối soát', 'Xử lý', 'Dữ liệu', 'Công cụ', 'Quản trị'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

const preloading: Array<Promise<unknown>> = [];

/** Resolves when the pages preloaded for this address (their code and what their prepare() awaits) are ready. */
export function firstScreenReady(): Promise<void> {
  return Promise.all(preloading).then(() => undefined, () => undefined);
}

/**
 * A code-split page: the default export, or the named one. It renders once antd's whole stylesheet is applied
 * (fullStyles.ts), except a `firstScreen` page (the home page), whose components are all in the entry's critical
 * sheet. `preload` starts loading at once, and runs the module's `prepare()` if it has one (the data of its first
 * render). A page whose code has arrived renders directly, without suspending: React holds a revealed Suspense
 * boundary back for up to 300 ms after its fallback was shown.
 */
export function lazyPage<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M = 'default',
  options: { firstScreen?: boolean; preload?: boolean } = {},
): ReactNode {
  let loaded: ComponentType | null = null;
  const fetchPage = async () => {
    const [module] = await Promise.all([load(), options.firstScreen ? null : loadFullStyles()]);
    loaded = module[name] as ComponentType;
    return module;
  };
  let early: Promise<M> | null = null;
  if (options.preload) {
    early = fetchPage();
    preloading.push(early.then((module) => (typeof module.prepare === 'function' ? (module.prepare as () => Promise<unknown>)() : null)));
  }
  const Lazy = lazy(async () => ({ default: (await (early ?? fetchPage()))[name] as ComponentType }));
  // biome-ignore lint/correctness/noComponentHookFactories: lazyPage runs once per route when this module loads (like lazy()), never in a render
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return <Page />;
}

/** The directive's follow-up pages: the bodies that report on it and those that follow it. */
const followsOrReports = (me: Me) => me.can.includes('directive.report') || me.can.includes('directive.follow');
const seesDirective = (me: Me) => (['directive.report', 'directive.follow', 'directive.accept'] as const).some((c) => me.can.includes(c));

export const routes: AppRoute[] = [
  // Theo dõi — targets engineer
  {
    path: '/',
    // On '/', its code (and, from there, its figures) starts loading at once, in parallel with the session check.
    element: lazyPage(() => import('./pages/overview/index.tsx'), 'default', { firstScreen: true, preload: typeof window !== 'undefined' && window.location.pathname === '/' }),
    menu: { label: 'Tổng quan', icon: <DashboardOutlined />, group: 'Theo dõi' },
  },
  { path: '/xa/:code', element: lazyPage(() => import('./pages/commune/index.tsx')) },
  { path: '/chi-tieu', element: lazyPage(() => import('./pages/targets/index.tsx')), menu: { label: 'Chỉ tiêu', icon: <AimOutlined />, group: 'Theo dõi' } },
  // Theo dõi — the directive's data sharing and communication (issue 14 parts 5, 6)
  {
    path: '/chia-se-du-lieu',
    element: lazyPage(() => import('./pages/directive/deliveries.tsx')),
    menu: { label: 'Chia sẻ dữ liệu', icon: <ShareAltOutlined />, group: 'Theo dõi' },
    allowed: followsOrReports,
  },
  {
    path: '/truyen-thong',
    element: lazyPage(() => import('./pages/directive/campaigns.tsx')),
    menu: { label: 'Truyền thông', icon: <SoundOutlined />, group: 'Theo dõi' },
    allowed: followsOrReports,
  },

  // Theo dõi — the directive's duties, the bodies' reports and the follow-up board
  {
    path: '/nhiem-vu',
    element: lazyPage(() => import('./pages/directive/index.tsx')),
    menu: { label: 'Nhiệm vụ chỉ thị', icon: <ScheduleOutlined />, group: 'Theo dõi' },
    allowed: seesDirective,
  },
  { path: '/nhiem-vu/bao-cao', element: lazyPage(() => import('./pages/directive/index.tsx'), 'ReportsPage'), allowed: seesDirective },
  { path: '/nhiem-vu/bao-cao/:id', element: lazyPage(() => import('./pages/directive/index.tsx'), 'ReportDetailPage'), allowed: seesDirective },
  { path: '/nhiem-vu/theo-doi', element: lazyPage(() => import('./pages/directive/index.tsx'), 'BoardPage'), allowed: seesDirective },

  // Báo cáo — issue 15: the report catalogue, its versions and the review/sign flow (server/reports)
  {
    path: '/bao-cao',
    element: lazyPage(() => import('./pages/reports/index.tsx')),
    menu: { label: 'Báo cáo', icon: <FileTextOutlined />, group: 'Theo dõi' },
    allowed: (me) => me.can.includes('reports.read'),
  },

  // Khu, cụm công nghiệp — issue 14 (bodies): parks.read, scoped on the server
  {
    path: '/khu-cong-nghiep',
    element: lazyPage(() => import('./pages/parks/index.tsx')),
    menu: { label: 'Khu công nghiệp', icon: <ApartmentOutlined />, group: 'Theo dõi' },
    allowed: (me) => me.can.includes('parks.read'),
  },
  { path: '/khu-cong-nghiep/:code', element: lazyPage(() => import('./pages/parks/index.tsx'), 'ParkPage'), allowed: (me) => me.can.includes('parks.read') },

  // Đối soát — reconcile engineer
  {
    path: '/phat-hien',
    element: lazyPage(() => import('./pages/findings/index.tsx')),
    menu: { label: 'Phát hiện', icon: <AlertOutlined />, group: 'Đối soát' },
    allowed: seesFindings,
  },

  // Xử lý — findings become cases that the responsible office carries to an outcome
  {
    path: '/viec-cua-toi',
    element: lazyPage(() => import('./pages/cases/index.tsx')),
    menu: { label: 'Việc của tôi', icon: <SolutionOutlined />, group: 'Xử lý' },
    allowed: worksCases,
  },
  { path: '/ho-so/:id', element: lazyPage(() => import('./pages/cases/detail.tsx')), allowed: worksCases },
  { path: '/don-vi/:taxCode', element: lazyPage(() => import('./pages/cases/employer.tsx')), allowed: worksCases },
  {
    path: '/van-dong',
    element: lazyPage(() => import('./pages/cases/outreach.tsx')),
    menu: { label: 'Vận động tham gia', icon: <PhoneOutlined />, group: 'Xử lý' },
    allowed: (me) => me.can.includes('outreach.log') || me.can.includes('cases.read') || me.findings.includes('TIEM_NANG_TU_NGUYEN'),
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
  {
    path: '/tham-so-phap-ly',
    element: lazyPage(() => import('./pages/admin/legal-params.tsx')),
    menu: { label: 'Tham số pháp lý', icon: <BookOutlined />, group: 'Quản trị' },
    allowed: (me) => me.can.includes('legal.verify'),
  },
];
