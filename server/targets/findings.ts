/**
 * Findings counts for the commune page, from the cross-check capability's findingCountsByCommune
 * (loaded lazily: the page still works, without counts, when the cross-check is not installed).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { roleOf, type SessionUser } from '../auth/policies.ts';
import type { FindingCode } from '#shared/auth/roles.ts';
import { FINDINGS, type FindingInfo } from '#shared/vocabulary.ts';
import { jobRunning } from '../jobs/running.ts';
import type { FindingCounts } from '#shared/api/targets.ts';

/** Short Vietnamese names of the finding codes and the work list each belongs to (shared/vocabulary.ts). */
export const FINDING_INFO: Record<FindingCode, { label: string; group: FindingInfo['group'] }> = Object.fromEntries(Object.entries(FINDINGS).map(([c, f]) => [c, { label: f.shortLabel, group: f.group }])) as Record<FindingCode, { label: string; group: FindingInfo['group'] }>;

export const FINDING_GROUP_LABELS = {
  outreach: 'Danh sách vận động tham gia',
  enforcement: 'Danh sách kiểm tra, đôn đốc',
  data: 'Dữ liệu cần xác minh',
} as const;

type CountsFn = (db: Kysely<DB>, opts: { communes?: string[] | null; codes?: readonly string[] }) => Promise<Array<{ communeCode: string | null; code: string; count: number; amountVnd: number }>>;

async function loadCountsFn(): Promise<CountsFn | null> {
  try {
    const mod = (await import('../reconcile/service.ts')) as { findingCountsByCommune?: CountsFn };
    return typeof mod.findingCountsByCommune === 'function' ? mod.findingCountsByCommune : null;
  } catch {
    return null;
  }
}

/**
 * What the counts depend on: the reconciliation runs and the findings' status changes (each one writes a
 * finding_action). Both maxima come from primary-key indexes, so checking costs far less than counting (at
 * demo scale 1 the finding table holds ~900 000 rows and one commune's counts took ~100 ms).
 */
async function findingsVersion(db: Kysely<DB>): Promise<string | null> {
  try {
    const r = await sql<{ v: string }>`
      SELECT (SELECT COALESCE(max(id), 0) FROM reconcile_run)::text || '/' ||
             (SELECT COALESCE(max(id), 0) FROM reconcile_run WHERE status = 'done')::text || '/' ||
             (SELECT COALESCE(max(id), 0) FROM finding_action)::text AS v`.execute(db);
    return r.rows[0].v;
  } catch {
    return null;
  }
}

/** Counts per (commune, codes) of the current findings version (aggregates only, no personal data). */
let cache: { version: string; answers: Map<string, Awaited<ReturnType<typeof countFindings>>> } | null = null;

/**
 * Counts per code and per work list for one commune, limited to the codes the user's role sees. With `whileBusy`
 * (the embedded engine, whose one connection a running job holds), counts already known are answered without asking
 * the database while a job of this process runs: they are the counts of the last finished run, which is what the
 * database would answer once the job let it.
 */
export async function findingCounts(db: Kysely<DB>, user: SessionUser, communeCode: string, whileBusy = false): Promise<FindingCounts | null> {
  const codes = roleOf(user).findings;
  if (codes.length === 0) return countFindings(db, codes, communeCode);
  const known = cache?.answers.get(`${communeCode}|${codes.join(',')}`);
  if (whileBusy && known && jobRunning()) return known;
  const version = await findingsVersion(db);
  if (version === null) return countFindings(db, codes, communeCode);
  if (cache?.version !== version) cache = { version, answers: new Map() };
  const key = `${communeCode}|${codes.join(',')}`;
  if (cache.answers.has(key)) return cache.answers.get(key)!;
  const answer = await countFindings(db, codes, communeCode);
  if (cache.version === version && cache.answers.size < 2000) cache.answers.set(key, answer);
  return answer;
}

async function countFindings(db: Kysely<DB>, codes: readonly FindingCode[], communeCode: string): Promise<FindingCounts | null> {
  const fn = await loadCountsFn();
  if (!fn) return null;
  if (codes.length === 0) return { available: true, total: 0, byCode: [], groups: [] };
  let rows;
  try {
    rows = await fn(db, { communes: [communeCode], codes });
  } catch {
    return null; // the cross-check tables are not there yet
  }
  const byCode = rows.map((r) => ({
    code: r.code,
    label: FINDING_INFO[r.code as FindingCode]?.label ?? r.code,
    group: FINDING_INFO[r.code as FindingCode]?.group ?? 'data',
    count: r.count,
    amountVnd: r.amountVnd,
  }));
  const groups = (Object.keys(FINDING_GROUP_LABELS) as Array<keyof typeof FINDING_GROUP_LABELS>).map((g) => {
    const inGroup = byCode.filter((c) => c.group === g);
    const groupCodes = codes.filter((c) => FINDING_INFO[c]?.group === g);
    return {
      group: g,
      label: FINDING_GROUP_LABELS[g],
      count: inGroup.reduce((a, c) => a + c.count, 0),
      codes: groupCodes,
      link: groupCodes.length ? `/phat-hien?${new URLSearchParams({ xa: communeCode, ma: groupCodes.join(',') }).toString()}` : null,
    };
  });
  return { available: true, total: byCode.reduce((a, c) => a + c.count, 0), byCode, groups };
}
