/**
 * A tiny history-based router (no react-router): the route table in routes.tsx is matched against
 * window.location.pathname; pages read their parameters with useParams() and the query string with
 * useSearchParams(), and move with <Link> or navigate().
 */
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  pathname: string;
  search: string;
}

/** Goes to an address inside the app (`/xa/05443?tab=1`). */
export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  return useMemo(() => {
    const q = current.indexOf('?');
    return q < 0 ? { pathname: current, search: '' } : { pathname: current.slice(0, q), search: current.slice(q) };
  }, [current]);
}

export function useNavigate() {
  return navigate;
}

/**
 * Matches a pattern such as '/xa/:code' against a path; returns the decoded parameters or null.
 * A trailing '/*' matches any rest of the path.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const strip = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  const pat = strip(pattern).split('/');
  const path = strip(pathname).split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < pat.length; i++) {
    const seg = pat[i];
    if (seg === '*') {
      params['*'] = path.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= path.length) return null;
    if (seg.startsWith(':')) {
      if (!path[i]) return null;
      params[seg.slice(1)] = safeDecode(path[i]);
    } else if (seg !== path[i]) {
      return null;
    }
  }
  return pat.length === path.length ? params : null;
}

function safeDecode(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const ParamsContext = createContext<Record<string, string>>({});

/** The parameters of the matched route (`/xa/:code` → `{ code }`). */
export function useParams<T extends Record<string, string> = Record<string, string>>(): T {
  return useContext(ParamsContext) as T;
}

/** The query string as URLSearchParams, and a setter that replaces it (keeps history clean). */
export function useSearchParams(): [URLSearchParams, (next: Record<string, string | number | null | undefined> | URLSearchParams, options?: { push?: boolean }) => void] {
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const set = useCallback(
    (next: Record<string, string | number | null | undefined> | URLSearchParams, options: { push?: boolean } = {}) => {
      let sp: URLSearchParams;
      if (next instanceof URLSearchParams) sp = next;
      else {
        sp = new URLSearchParams();
        for (const [k, v] of Object.entries(next)) if (v !== null && v !== undefined && v !== '') sp.set(k, String(v));
      }
      const qs = sp.toString();
      navigate(pathname + (qs ? `?${qs}` : ''), { replace: !options.push });
    },
    [pathname],
  );
  return [params, set];
}

/** An <a> that moves inside the app without reloading (ctrl/middle click still opens a new tab). */
export function Link({ to, replace, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target === '_blank') return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest} />;
}
