import { useEffect, useState } from 'react';
import { api } from '../api.ts';

/** A commune as GET /api/communes presents it (reference data, no personal data). */
export interface Commune {
  code: string;
  /** With its type: 'Phường Phan Đình Phùng', 'Xã Đại Phúc'. */
  name: string;
  type: string;
  oldProvince: string;
  oldDistricts: string | null;
  wageRegion: number | null;
  areaKm2: number | null;
  population: number | null;
}

let cache: Promise<Commune[]> | null = null;

/** The province's communes, loaded once per page load and shared by every page. */
export function loadCommunes(): Promise<Commune[]> {
  cache ??= api.get<{ communes: Commune[] }>('/api/communes').then(
    (r) => r.communes,
    (err) => {
      cache = null;
      throw err;
    },
  );
  return cache;
}

/** The communes (undefined while loading, or when `enabled` is false: nothing is requested) and a code → name lookup. */
export function useCommunes(enabled = true): { communes: Commune[] | undefined; nameOf: (code: string) => string; error: unknown } {
  const [communes, setCommunes] = useState<Commune[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    loadCommunes().then(
      (c) => live && setCommunes(c),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [enabled]);
  const byCode = new Map((communes ?? []).map((c) => [c.code, c.name]));
  return { communes, nameOf: (code) => byCode.get(code) ?? code, error };
}
