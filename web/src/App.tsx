import { lazy, Suspense, useEffect } from 'react';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { SessionProvider, useSession, LOGIN_PATH } from './auth.tsx';
import { AppLayout } from './layout.tsx';
import { navigate, useLocation } from './router.tsx';
import { Loading } from './components/States.tsx';
import { loadFullStyles } from './fullStyles.ts';

const ForcedPasswordChange = lazy(() => Promise.all([import('./pages/account/ChangePassword.tsx'), loadFullStyles()]).then(([m]) => ({ default: m.ForcedPasswordChange })));
const LoginPage = lazy(() => Promise.all([import('./login.tsx'), loadFullStyles()]).then(([m]) => ({ default: m.LoginPage })));

const FONT = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';

function Gate() {
  const { state } = useSession();
  const { pathname, search } = useLocation();
  const onLogin = pathname.startsWith(LOGIN_PATH);

  useEffect(() => {
    if (state.status === 'anonymous' && !onLogin) {
      const back = pathname + search;
      navigate(back === '/' ? LOGIN_PATH : `${LOGIN_PATH}?tiep=${encodeURIComponent(back)}`, { replace: true });
    }
  }, [state.status, onLogin, pathname, search]);

  if (state.status === 'loading') return <Loading tip="Đang kiểm tra phiên làm việc…" />;
  if (state.status === 'anonymous' || onLogin) {
    return (
      <Suspense fallback={<Loading />}>
        <LoginPage />
      </Suspense>
    );
  }
  if (state.me.mustChangePassword) {
    return (
      <Suspense fallback={<Loading />}>
        <ForcedPasswordChange />
      </Suspense>
    );
  }
  return <AppLayout />;
}

export function App() {
  return (
    <ConfigProvider
      locale={viVN}
      componentSize="middle"
      theme={{
        algorithm: theme.defaultAlgorithm,
        zeroRuntime: true,
        token: { colorPrimary: '#174a8b', colorInfo: '#174a8b', borderRadius: 4, fontFamily: FONT, fontSize: 14 },
        components: {
          Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f3f5f8', headerHeight: 52, headerPadding: '0 16px' },
          Table: { headerBg: '#eef2f7', cellPaddingBlockSM: 6 },
        },
      }}
    >
      <AntApp>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
