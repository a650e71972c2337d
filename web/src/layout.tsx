/**
 * The signed-in frame: side menu (only what the role may use), top bar with the user's name, role
 * and scope, "Đăng xuất", and the matched page (lazy, with a loading state and an error boundary).
 */
import { Component, lazy, Suspense, useMemo, useState, type ErrorInfo, type ReactNode } from 'react';
import { Button, Layout, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { routes, MENU_GROUPS, type AppRoute, type MenuGroup } from './routes.tsx';
import { useMe, useSession, type Me } from './auth.tsx';
import { Link, matchPath, navigate, ParamsContext, useLocation } from './router.tsx';
import { Loading } from './components/States.tsx';
import { useCommunes } from './components/useCommunes.ts';
import { AlertsBell } from './components/AlertsBell.tsx';
import { JobBanner } from './components/JobBanner.tsx';

const { Header, Sider, Content } = Layout;
const ChangePasswordModal = lazy(() => import('./pages/account/ChangePassword.tsx').then((m) => ({ default: m.ChangePasswordModal })));

export function visibleRoutes(me: Me): AppRoute[] {
  return routes.filter((r) => !r.allowed || r.allowed(me));
}

export interface MenuGroupEntries {
  group: MenuGroup;
  items: Array<{ path: string; label: string; icon?: ReactNode }>;
}

/** The side menu: groups in MENU_GROUPS order, only routes the user may use. */
export function menuGroups(me: Me): MenuGroupEntries[] {
  const mine = visibleRoutes(me).filter((r) => r.menu);
  return MENU_GROUPS.map((group) => ({
    group,
    items: mine.filter((r) => r.menu!.group === group).map((r) => ({ path: r.path, label: r.menu!.label, icon: r.menu!.icon })),
  })).filter((g) => g.items.length > 0);
}

/** The menu entry to highlight: the longest menu path that is a prefix of the current path. */
export function selectedMenuPath(pathname: string): string | null {
  let best: string | null = null;
  for (const r of routes) {
    if (!r.menu) continue;
    const hit = r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(`${r.path}/`);
    if (hit && (!best || r.path.length > best.length)) best = r.path;
  }
  return best;
}

/**
 * The side menu as plain links (styles.css, .bp-nav): antd's Menu cost about 200 ms of the home page's first
 * render on the benchmark machine for a list of a dozen links. Collapsed, it shows the icons with the labels
 * as tooltips.
 */
function SideNav({ groups, selected, collapsed }: { groups: MenuGroupEntries[]; selected: string | null; collapsed: boolean }) {
  return (
    <nav aria-label="Chức năng" className={collapsed ? 'bp-nav bp-nav-collapsed' : 'bp-nav'}>
      {groups.map(({ group, items }) => (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> groups form controls; this groups links of the menu
        <div key={group} role="group" aria-label={group}>
          {!collapsed && <div className="bp-nav-group">{group}</div>}
          <ul>
            {items.map((item) => {
              const link = (
                <Link
                  to={item.path}
                  className={item.path === selected ? 'bp-nav-item bp-nav-item-selected' : 'bp-nav-item'}
                  aria-current={item.path === selected ? 'page' : undefined}
                  aria-label={collapsed ? item.label : undefined}
                >
                  <span className="bp-nav-icon" aria-hidden="true">{item.icon}</span>
                  {!collapsed && <span className="bp-nav-label">{item.label}</span>}
                </Link>
              );
              return <li key={item.path}>{collapsed ? <Tooltip title={item.label} placement="right">{link}</Tooltip> : link}</li>;
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function findRoute(pathname: string): { route: AppRoute; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  componentDidCatch(error: Error, info: ErrorInfo) {
    // No personal data here: only the component stack of the failure.
    console.error('Lỗi hiển thị trang', error.message, info.componentStack);
  }
  render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(this.state.error.message);
    return (
      <Result
        status="error"
        title={chunk ? 'Phiên bản mới của ứng dụng đã được cài đặt' : 'Trang gặp lỗi khi hiển thị'}
        subTitle={chunk ? 'Vui lòng tải lại trang để dùng phiên bản mới.' : 'Vui lòng tải lại trang. Nếu lỗi còn tiếp diễn, hãy báo quản trị hệ thống.'}
        extra={<Button onClick={() => window.location.reload()}>Tải lại trang</Button>}
      />
    );
  }
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="Không tìm thấy trang"
      subTitle="Địa chỉ này không có trong hệ thống."
      extra={<Button onClick={() => navigate('/')}>Về trang Tổng quan</Button>}
    />
  );
}

export function Forbidden() {
  return <Result status="403" title="Không có quyền truy cập" subTitle="Tài khoản của bạn không được dùng trang này." extra={<Button onClick={() => navigate('/')}>Về trang Tổng quan</Button>} />;
}

function scopeText(me: Me, nameOf: (code: string) => string): string {
  if (me.communes === null) return 'Toàn tỉnh';
  if (me.communes.length === 1) return nameOf(me.communes[0]);
  return `${me.communes.length} xã/phường`;
}

export function AppLayout() {
  const me = useMe();
  const { logout } = useSession();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 900);
  const [changingPassword, setChangingPassword] = useState(false);
  const groups = useMemo(() => menuGroups(me), [me]);
  // Names only for a commune account's scope (a province account shows "Toàn tỉnh"): no request on its first screen.
  const { nameOf } = useCommunes(me.communes !== null);
  const found = findRoute(pathname);
  const allowed = found && (!found.route.allowed || found.route.allowed(me));

  return (
    <Layout className="bp-shell">
      <Sider
        width={232}
        collapsedWidth={56}
        collapsible
        collapsed={collapsed}
        trigger={null}
        theme="light"
        className="bp-sider"
      >
        <Link to="/" className="bp-brand" aria-label="BaoPhu — Tổng quan">
          <span className="bp-brand-mark">BP</span>
          {!collapsed && (
            <span className="bp-brand-text">
              <strong>BaoPhu</strong>
              <small>BHXH tỉnh Thái Nguyên</small>
            </span>
          )}
        </Link>
        <SideNav groups={groups} selected={selectedMenuPath(pathname)} collapsed={collapsed} />
      </Sider>
      <Layout>
        <Header className="bp-header">
          <Button
            type="text"
            aria-label={collapsed ? 'Mở rộng menu' : 'Thu gọn menu'}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed((c) => !c)}
          />
          <Typography.Text className="bp-header-title">Phát triển đối tượng tham gia BHXH</Typography.Text>
          <Space size="middle" className="bp-user" data-testid="user-box">
            <AlertsBell />
            <Tooltip title={me.username}>
              <span className="bp-user-name">
                <UserOutlined /> {me.fullName}
              </span>
            </Tooltip>
            <Tag color="blue" className="bp-user-role">
              {me.roleLabel}
            </Tag>
            <Tooltip title={me.communes && me.communes.length > 1 ? me.communes.map(nameOf).join(', ') : undefined}>
              <Tag className="bp-user-scope">{scopeText(me, nameOf)}</Tag>
            </Tooltip>
            <Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>
              Đổi mật khẩu
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              Đăng xuất
            </Button>
          </Space>
          {changingPassword && (
            <Suspense fallback={null}>
              <ChangePasswordModal onClose={() => setChangingPassword(false)} />
            </Suspense>
          )}
        </Header>
        <Content className="bp-content">
          <JobBanner />
          <main>
            <PageErrorBoundary resetKey={pathname}>
              {!found ? (
                <NotFound />
              ) : !allowed ? (
                <Forbidden />
              ) : (
                <ParamsContext.Provider value={found.params}>
                  <Suspense fallback={<Loading />}>{found.route.element}</Suspense>
                </ParamsContext.Provider>
              )}
            </PageErrorBoundary>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
