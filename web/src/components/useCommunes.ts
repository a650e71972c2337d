import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { CommuneInfo, CommunesAnswer } from '@shared/api/reference.ts';

/** A commune as GET /api/communes presents it. */
export type Commune = CommuneInfo;

let cache: Promise<Commune[]> | null = null;

/** The province's communes, loaded once per page load and shared by every page. */
export function loadCommunes(): Promise<Commune[]> {
  cache ??= api.get<CommunesAnswer>('/api/communes').then(
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
