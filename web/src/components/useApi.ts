import { useCallback, useEffect, useRef, useState } from 'react';
import { api, withQuery, type Query } from '../api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  /** True while a request is in flight (data keeps the previous answer meanwhile). */
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `url` (with `query`) and reloads when either changes; null url = do not load yet.
 * Stale answers of an earlier url are dropped.
 */
export function useApi<T = any>(url: string | null, query?: Query): ApiState<T> {
  const key = url === null ? null : withQuery(url, query);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);
  const current = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) return;
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
