/**
 * The session: who is signed in (GET /api/auth/me, shape from server/auth/presenters.ts), login and
 * logout (the login page: login.tsx, loaded only when needed). Inside the app layout `useMe()` always has a user.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api.ts';
import { navigate } from './router.tsx';
import type { Capability } from '@shared/auth/roles.ts';
import type { MeAnswer, MeUser } from '@shared/api/auth.ts';

/** The signed-in user as /api/auth/me presents it. */
export type Me = MeUser;

type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

interface SessionContextValue {
  state: SessionState;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  /** Reloads /api/auth/me (after a change of the account). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export const LOGIN_PATH = '/dang-nhap';

/** The address to return to after login, kept in ?tiep=. */
export function returnTarget(): string {
  const next = new URLSearchParams(window.location.search).get('tiep');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith(LOGIN_PATH) ? next : '/';
}

let preloaded: SessionState | null = null;

/**
 * Asks for the session before the first render (index.html has already sent the request), so the first render
 * draws the signed-in frame or the login page instead of a spinner.
 */
export async function preloadSession(): Promise<void> {
  try {
    const answer = await api.get<MeAnswer>('/api/auth/me', { noRedirect: true });
    setCsrfToken(answer.csrfToken);
    preloaded = { status: 'signed-in', me: answer.user };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) preloaded = { status: 'anonymous' };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>(() => preloaded ?? { status: 'loading' });

  const accept = useCallback((answer: MeAnswer) => {
    setCsrfToken(answer.csrfToken);
    setState({ status: 'signed-in', me: answer.user });
    return answer.user;
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.get<MeAnswer>('/api/auth/me', { noRedirect: true }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      } else {
        // Server unreachable: show the login page, which will report the error on submit.
        setState({ status: 'anonymous' });
      }
    }
  }, [accept]);

  useEffect(() => {
    if (preloaded) preloaded = null;
    else void refresh();
  }, [refresh]);

  useEffect(() => {
    onUnauthorized(() => {
      setState({ status: 'anonymous' });
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith(LOGIN_PATH)) navigate(`${LOGIN_PATH}?tiep=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => onUnauthorized(null);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const me = accept(await api.post<MeAnswer>('/api/auth/login', { username, password }, { noRedirect: true }));
      navigate(returnTarget(), { replace: true });
      return me;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { noRedirect: true });
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
      navigate(LOGIN_PATH, { replace: true });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; only inside the app layout (which renders only when signed in). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}

/** Small role checks for pages and menus (the server enforces the same rules). */
export const canImportAny = (me: Me) => me.imports.length > 0;
export const seesFindings = (me: Me) => me.findings.length > 0;
export const can = (me: Me, capability: Capability) => me.can.includes(capability);
export const isProvinceWide = (me: Me) => me.communes === null;
