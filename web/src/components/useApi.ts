import { useCallback, useEffect, useRef, useState } from 'react';
import { api, withQuery, type Query } from '../api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  /** True while a request is in flight (data keeps the previous answer meanwhile). */
  loading: boolean;
  reload: () => void;
}

const PRIMED_TTL_MS = 60_000;
const primed = new Map<string, { at: number; data: unknown }>();

/**
 * GETs `url` now and keeps the answer for the first useApi(url) to render with at once (the home page's first
 * render: see prepare() in pages/overview). Failures are left to useApi, which asks again.
 */
export async function primeApi(url: string): Promise<void> {
  try {
    primed.set(url, { at: Date.now(), data: await api.get(url, { noRedirect: true }) });
  } catch {
    /* useApi will ask again and show the error */
  }
}

function primedAnswer(key: string | null): { data: unknown } | undefined {
  const hit = key === null ? undefined : primed.get(key);
  return hit && Date.now() - hit.at <= PRIMED_TTL_MS ? hit : undefined;
}

/**
 * GETs `url` (with `query`) and reloads when either changes; null url = do not load yet.
 * Stale answers of an earlier url are dropped.
 */
export function useApi<T = any>(url: string | null, query?: Query): ApiState<T> {
  const key = url === null ? null : withQuery(url, query);
  const [data, setData] = useState<T | undefined>(() => primedAnswer(key)?.data as T | undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(key !== null && !primedAnswer(key));
  const [tick, setTick] = useState(0);
  const current = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) return;
    if (tick === 0 && primedAnswer(key)) {
      // Rendered with the primed answer: used once.
      primed.delete(key);
      current.current = key;
      return;
    }
    const controller = new AbortController();
    current.current = key;
    setLoading(true);
    setError(null);
    api
      .get<T>(key, { signal: controller.signal })
      .then((d) => {
        if (current.current === key) setData(d);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError' && current.current === key) setError(e);
      })
      .finally(() => {
        if (current.current === key) setLoading(false);
      });
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
