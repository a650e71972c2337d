/**
 * The identifiers of the data a report is built from — the current import batches, the latest finished reconciliation
 * run, the latest progress run, the target versions that count for the year — and the DataSource lines the blocks
 * name (the annex "Nguồn số liệu"). A signed version keeps the identifiers.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DataSource } from './model.ts';
import { fileKindLabel } from '#shared/vocabulary.ts';
import { formatDate } from '#shared/format.ts';

export interface DataIds {
  importBatches: Array<{ id: number; kind: string; importedAt: string }>;
  reconcileRun: { id: number; asOf: string; period: string } | null;
  progressRun: { id: number; refreshedAt: string; latestPeriod: string | null } | null;
  targetVersions: Array<{ id: number; level: string; version: number; status: string; basis: string | null }>;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function dataIds(db: Kysely<DB>, year: number): Promise<DataIds> {
  const [batches, run, progress, targets] = await Promise.all([
    db.selectFrom('import_batch').select(['id', 'kind', 'imported_at']).where('is_current', '=', true).where('refused', '=', false).orderBy('id').execute(),
    sql<{ id: number; as_of: string; period: string }>`SELECT id, as_of::text AS as_of, period::text AS period FROM reconcile_run WHERE status = 'done' ORDER BY id DESC LIMIT 1`.execute(db),
    db.selectFrom('progress_run').select(['id', 'refreshed_at', 'latest_period']).orderBy('id', 'desc').limit(1).executeTakeFirst(),
    db.selectFrom('target_effective_line').select(['version_id', 'level', 'version', 'status', 'basis']).distinct().where('year', '=', year).orderBy('version_id').execute(),
  ]);
  const r = run.rows[0];
  return {
    importBatches: batches.map((b) => ({ id: Number(b.id), kind: b.kind, importedAt: iso(b.imported_at) })),
    reconcileRun: r ? { id: Number(r.id), asOf: r.as_of, period: r.period } : null,
    progressRun: progress ? { id: Number(progress.id), refreshedAt: iso(progress.refreshed_at), latestPeriod: progress.latest_period } : null,
    targetVersions: targets.map((t) => ({ id: Number(t.version_id), level: t.level, version: t.version, status: t.status, basis: t.basis })),
  };
}

/** Vietnamese date of an ISO timestamp in Vietnam's time zone. */
const vnDate = (isoTime: string) => formatDate(new Date(new Date(isoTime).getTime() + 7 * 3600_000).toISOString().slice(0, 10));

/** The DataSource lines a report names, from its identifiers. */
export class Sources {
  constructor(readonly ids: DataIds) {}

  /** The current batches of these file kinds. */
  batches(...kinds: string[]): DataSource[] {
    return this.ids.importBatches.filter((b) => kinds.includes(b.kind)).map((b) => ({
      label: `Lô nhập ${b.kind} số ${b.id} — ${fileKindLabel(b.kind)} (nhập ngày ${vnDate(b.importedAt)})`,
      ref: `import_batch:${b.id}`,
    }));
  }

  reconcile(): DataSource[] {
    const r = this.ids.reconcileRun;
    return r ? [{ label: `Lần đối soát số ${r.id} (tính đến ngày ${formatDate(r.asOf)})`, ref: `reconcile_run:${r.id}` }] : [];
  }

  progress(): DataSource[] {
    const p = this.ids.progressRun;
    return p ? [{ label: `Lần tính tiến độ số ${p.id} (ngày ${vnDate(p.refreshedAt)})`, ref: `progress_run:${p.id}` }] : [];
  }

  targets(): DataSource[] {
    return this.ids.targetVersions.map((t) => ({
      label: `Chỉ tiêu ${t.level === 'province' ? 'của tỉnh' : 'giao các xã, phường'}, phiên bản ${t.version} (${t.status === 'approved' ? 'đã phê duyệt' : t.status === 'submitted' ? 'đã trình' : 'dự thảo'}${t.basis ? `, ${t.basis}` : ''})`,
      ref: `target_version:${t.id}`,
    }));
  }

  /** A source that is not a batch or a run: a table of BaoPhu (cases, directive reports, scenarios). */
  static table(label: string, ref: string): DataSource {
    return { label, ref };
  }
}

/** Every source of the blocks, once, in first-use order. */
export function collectSources(lists: DataSource[][]): DataSource[] {
  const seen = new Map<string, DataSource>();
  for (const list of lists) for (const s of list) if (!seen.has(s.ref)) seen.set(s.ref, s);
  return [...seen.values()];
}
