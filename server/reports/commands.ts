/**
 * Making a report: check the kind, the parameters and who asks; record a queued version (numbered per kind and
 * parameters); build the document from the data (refreshing progress first, as `baophu progress` does); render every
 * format and store the bytes with the data identifiers; the version becomes a draft. The API queues the build
 * (server/reports/queue.ts) and answers at once; the command line and the scheduler (server/jobs) call makeReport.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/connect.ts';
import { mayGenerateReport, type SessionUser } from '../auth/policies.ts';
import { auditInsert, type AuditActor } from '../auth/audit.ts';
import { ensureProgressFresh } from '../targets/service.ts';
import { todayVn } from '../cases/service.ts';
import { withJob } from '../jobs/running.ts';
import { WORKER } from './worker.ts';
import { checkParams, loadKind, paramsKey, periodLabel, REPORT_FORMATS, type ReportFormat, type ReportKind, type ReportParams } from './kinds.ts';
import { dataIds, Sources, type DataIds } from './sources.ts';
import type { ReportDocument } from './model.ts';
import type { BuildContext } from './builders/common.ts';
import { buildAnnual } from './builders/annual.ts';
import { buildProgress } from './builders/progress.ts';
import { buildDebts } from './builders/debts.ts';
import { buildOutreach } from './builders/outreach.ts';
import { renderDocx } from './render/docx.ts';
import { renderXlsx } from './render/xlsx.ts';
import { renderPdf } from './render/pdf.ts';
import { PROVINCE_CODE } from '#shared/province.ts';

/** Who makes a report: a signed-in account (its access is checked), or the command line / the scheduler (user null). */
export interface ReportActor extends AuditActor {
  user: SessionUser | null;
}

/** A refusal with its HTTP status and Vietnamese message (the CLI prints the message). */
export class ReportError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 422, message: string) {
    super(message);
  }
}

/** The builder of each kind (tests may swap one for a slow fake to watch a build run). */
export const BUILDERS: Record<string, (ctx: BuildContext) => Promise<ReportDocument>> = {
  annual: buildAnnual,
  progress: buildProgress,
  debts: buildDebts,
  outreach: buildOutreach,
};

export const RENDERERS: Record<ReportFormat, (doc: ReportDocument) => Promise<Buffer>> = { docx: renderDocx, xlsx: renderXlsx, pdf: renderPdf };

export interface ReportRequest {
  kind: string;
  params: ReportParams;
  /** Default: every format of the kind. */
  formats?: ReportFormat[];
  actor: ReportActor;
}

async function communeSet(database: Database): Promise<Set<string>> {
  const rows = await database.db.selectFrom('commune').select('code').where('province_code', '=', PROVINCE_CODE).execute();
  return new Set(rows.map((r) => r.code));
}

/** Checks a request; returns the kind and the canonical parameters and formats, or throws a ReportError. */
export async function checkRequest(database: Database, req: Omit<ReportRequest, 'actor'> & { actor: { user: SessionUser | null } }) {
  const kind = await loadKind(database.db, req.kind);
  if (!kind) throw new ReportError(404, `Không có loại báo cáo "${req.kind}". Xem danh mục: baophu report kinds.`);
  const communes = await communeSet(database);
  let params: ReportParams;
  try {
    params = checkParams(kind, req.params, (c) => communes.has(c));
  } catch (err) {
    throw new ReportError(400, (err as Error).message);
  }
  const formats = req.formats?.length ? [...new Set(req.formats)] : kind.formats;
  for (const f of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f) || !kind.formats.includes(f)) throw new ReportError(400, `Báo cáo "${kind.label}" không có định dạng "${f}" (có: ${kind.formats.join(', ')}).`);
  }
  const user = req.actor.user;
  if (user && !mayGenerateReport(user, kind.access, params.commune ?? null)) {
    throw new ReportError(403, params.commune
      ? `Tài khoản không được lập báo cáo "${kind.label}" của xã, phường này.`
      : `Tài khoản không được lập báo cáo "${kind.label}"${user.communes !== null ? ' của toàn tỉnh' : ''}.`);
  }
  return { kind, params, formats };
}

/** Records a queued version of the request (numbered 1, 2, … per kind and parameters); returns its id and number. */
export async function requestReport(database: Database, req: ReportRequest): Promise<{ id: number; version: number; kind: ReportKind }> {
  const { kind, params, formats } = await checkRequest(database, req);
  const key = paramsKey(params);
  const row = await database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`report:${kind.id}:${key}`}))`.execute(trx);
    const last = await trx.selectFrom('report_version').select((eb) => eb.fn.max('version').as('v')).where('kind', '=', kind.id).where('params_key', '=', key).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const inserted = await trx.insertInto('report_version').values({
      kind: kind.id, params: JSON.stringify(params), params_key: key, version, formats, commune_code: params.commune ?? null,
      created_by: req.actor.id, created_by_name: req.actor.username, worker: WORKER, heartbeat_at: new Date(),
    }).returning(['id', 'version']).executeTakeFirstOrThrow();
    await trx.insertInto('report_action').values({ version_id: inserted.id, user_id: req.actor.id, username: req.actor.username, action: 'generate', from_state: null, to_state: 'queued', detail: JSON.stringify({ params, formats }) }).execute();
    await auditInsert(trx, req.actor, { action: 'change', objectType: 'report_version', objectId: inserted.id, communeCode: params.commune ?? null, detail: { what: 'generate', reportKind: kind.id, params, formats } }).execute();
    return inserted;
  });
  return { id: Number(row.id), version: row.version, kind };
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Renders the formats of a document. */
export async function renderAll(doc: ReportDocument, formats: readonly ReportFormat[]): Promise<Map<ReportFormat, Buffer>> {
  const out = new Map<ReportFormat, Buffer>();
  for (const f of formats) out.set(f, await RENDERERS[f](doc));
  return out;
}

/** Builds a queued version: the document from the data, every format rendered and stored; the version becomes a draft. */
export async function buildVersion(database: Database, id: number, viewer: SessionUser | null): Promise<{ document: ReportDocument; ids: DataIds; files: Map<ReportFormat, Buffer> }> {
  const { db } = database;
  const v = await db.selectFrom('report_version').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const kind = (await loadKind(db, v.kind))!;
  const params = v.params as unknown as ReportParams;
  // Shown in the banner of every signed-in page while it builds (server/jobs/running.ts).
  return withJob('report', `${kind.label} — ${periodLabel(params)}`, v.created_by_name, async (job) => {
    const step = async (percent: number) => {
      job.update({ fraction: percent / 100 });
      await db.updateTable('report_version').set({ progress: percent, heartbeat_at: new Date() }).where('id', '=', id).execute();
    };
    // The version shows life while it builds, so that another process does not take it for lost (recovery.ts).
    const heartbeat = setInterval(() => {
      db.updateTable('report_version').set({ heartbeat_at: new Date() }).where('id', '=', id).where('state', '=', 'running').execute().catch(() => undefined);
    }, 60_000);
    heartbeat.unref();
    try {
      job.update({ fraction: 0.05 });
      await db.updateTable('report_version').set({ state: 'running', progress: 5, worker: WORKER, heartbeat_at: new Date() }).where('id', '=', id).execute();
      await ensureProgressFresh(database);
      const ids = await dataIds(db, params.year);
      let unitName = 'tỉnh Thái Nguyên';
      if (params.commune) {
        // The commune's name carries its type ("Phường Phan Đình Phùng").
        unitName = (await db.selectFrom('commune').select('name').where('code', '=', params.commune).executeTakeFirstOrThrow()).name;
      }
      const ctx: BuildContext = { database, kind, params, viewer, ids, src: new Sources(ids), today: todayVn(), unitName, step };
      const document = await BUILDERS[kind.id]?.(ctx);
      if (!document) throw new Error(`Chưa có cách lập báo cáo "${kind.label}".`);
      const files = await renderAll(document, v.formats as ReportFormat[]);
      await step(95);
      await db.transaction().execute(async (trx) => {
        for (const [format, bytes] of files) {
          await trx.insertInto('report_file').values({ version_id: id, format, bytes, size: bytes.length, sha256: sha256(bytes) }).execute();
        }
        await trx.updateTable('report_version').set({ state: 'draft', progress: 100, data_ids: JSON.stringify(ids), document: JSON.stringify(document) }).where('id', '=', id).execute();
        await trx.insertInto('report_action').values({
          version_id: id, user_id: null, username: v.created_by_name, action: 'built', from_state: 'running', to_state: 'draft',
          detail: JSON.stringify({ sizes: Object.fromEntries([...files].map(([f, b]) => [f, b.length])) }),
        }).execute();
      });
      return { document, ids, files };
    } catch (err) {
      const message = (err as Error).message;
      await db.updateTable('report_version').set({ state: 'failed', error: message }).where('id', '=', id).execute();
      await db.insertInto('report_action').values({ version_id: id, user_id: null, username: v.created_by_name, action: 'fail', from_state: 'running', to_state: 'failed', comment: message }).execute();
      throw err;
    } finally {
      clearInterval(heartbeat);
    }
  });
}

export interface MadeReport {
  id: number;
  kind: string;
  version: number;
  params: ReportParams;
  dataIds: DataIds;
  files: Map<ReportFormat, Buffer>;
}

/** Generates a report now (the command line, the scheduler): a new draft version with its files stored. */
export async function makeReport(database: Database, req: ReportRequest): Promise<MadeReport> {
  const { id, version, kind } = await requestReport(database, req);
  const params = (await database.db.selectFrom('report_version').select('params').where('id', '=', id).executeTakeFirstOrThrow()).params as unknown as ReportParams;
  const built = await buildVersion(database, id, req.actor.user);
  return { id, kind: kind.id, version, params, dataIds: built.ids, files: built.files };
}
