/**
 * The life of a version: draft → reviewed → signed (or returned with a comment). Signing numbers the document
 * ("Số: 12/BC-SNV", per kind and year), writes the signer's name, renders the formats again from the stored document
 * (the figures are not queried again) and freezes the version: its identifiers and bytes cannot change (triggers of
 * migration 0070) and it downloads byte for byte the same. Every step is in report_action and the audit log.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/connect.ts';
import { mayReadReport, mayReviewReport, maySignReport, type SessionUser } from '../auth/policies.ts';
import { audit, auditInsert } from '../auth/audit.ts';
import { loadKind, loadKinds, type ReportFormat, type ReportKind } from './kinds.ts';
import type { ReportDocument } from './model.ts';
import { ReportError, renderAll } from './commands.ts';
import { signedNumber } from './builders/common.ts';

export async function versionRow(database: Database, id: number) {
  return database.db.selectFrom('report_version').selectAll().where('id', '=', id).executeTakeFirst();
}
export type VersionRow = NonNullable<Awaited<ReturnType<typeof versionRow>>>;

/** A version the user may read, with its kind; 404 when it does not exist or is not the user's to read. */
export async function readableVersion(database: Database, user: SessionUser, id: number): Promise<{ v: VersionRow; kind: ReportKind }> {
  const v = await versionRow(database, id);
  const kind = v ? await loadKind(database.db, v.kind) : null;
  if (!v || !kind || !mayReadReport(user, kind.access, v.commune_code)) throw new ReportError(404, 'Không tìm thấy phiên bản báo cáo này.');
  return { v, kind };
}

export async function versionActions(database: Database, id: number) {
  return database.db.selectFrom('report_action').select(['id', 'at', 'username', 'action', 'from_state', 'to_state', 'comment', 'detail']).where('version_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function versionFiles(database: Database, id: number) {
  return database.db.selectFrom('report_file').select(['format', 'size', 'sha256', 'created_at']).where('version_id', '=', id).orderBy('format').execute();
}

/** The versions of a kind (or every kind) the user may read, newest first. */
export async function listVersions(database: Database, user: SessionUser, kindId?: string, limit = 200) {
  const kinds = new Map((await loadKinds(database.db)).map((k) => [k.id, k]));
  let q = database.db.selectFrom('report_version')
    .select(['id', 'kind', 'params', 'version', 'state', 'progress', 'number', 'commune_code', 'formats', 'created_by_name', 'created_at', 'reviewed_by_name', 'reviewed_at', 'signed_by_name', 'signed_at', 'error'])
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (kindId) q = q.where('kind', '=', kindId);
  const rows = await q.execute();
  return rows.filter((r) => { const k = kinds.get(r.kind); return !!k && mayReadReport(user, k.access, r.commune_code); }).map((r) => ({ ...r, kindLabel: kinds.get(r.kind)!.label }));
}

async function act(database: Database, user: SessionUser, id: number, action: 'review' | 'return', comment: string | null) {
  const { v, kind } = await readableVersion(database, user, id);
  if (!mayReviewReport(user, kind.access, v.commune_code)) throw new ReportError(403, action === 'review' ? 'Tài khoản không được duyệt loại báo cáo này.' : 'Tài khoản không được trả lại loại báo cáo này.');
  const from = v.state;
  const allowed = action === 'review' ? ['draft'] : ['draft', 'reviewed'];
  if (!allowed.includes(from)) throw new ReportError(409, action === 'review' ? `Chỉ duyệt được bản dự thảo (phiên bản đang ở trạng thái "${STATE_LABELS[from] ?? from}").` : `Không trả lại được phiên bản ở trạng thái "${STATE_LABELS[from] ?? from}".`);
  if (action === 'return' && !comment?.trim()) throw new ReportError(400, 'Cần ghi lý do trả lại.');
  const to = action === 'review' ? 'reviewed' : 'returned';
  await database.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('report_version')
      .set(action === 'review' ? { state: to, reviewed_by: user.id, reviewed_by_name: user.username, reviewed_at: new Date() } : { state: to })
      .where('id', '=', id).where('state', '=', from).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ReportError(409, 'Phiên bản vừa được người khác thay đổi; hãy tải lại.');
    await trx.insertInto('report_action').values({ version_id: id, user_id: user.id, username: user.username, action, from_state: from, to_state: to, comment }).execute();
    await auditInsert(trx, user, { action: 'change', objectType: 'report_version', objectId: id, communeCode: v.commune_code, detail: { what: action, reportKind: v.kind } }).execute();
  });
}

export const reviewVersion = (database: Database, user: SessionUser, id: number, comment: string | null) => act(database, user, id, 'review', comment);
export const returnVersion = (database: Database, user: SessionUser, id: number, comment: string | null) => act(database, user, id, 'return', comment);

/** Signs a reviewed version: numbers it, names the signer, renders and stores its files again, and freezes it. */
export async function signVersion(database: Database, user: SessionUser, id: number, comment: string | null) {
  const { v, kind } = await readableVersion(database, user, id);
  if (!maySignReport(user, kind.access, v.commune_code)) throw new ReportError(403, 'Chỉ lãnh đạo cơ quan lập báo cáo được ký loại báo cáo này.');
  if (v.state !== 'reviewed') throw new ReportError(409, `Chỉ ký được phiên bản đã duyệt (phiên bản đang ở trạng thái "${STATE_LABELS[v.state] ?? v.state}").`);
  const year = Number((v.params as { year?: number }).year);
  await database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`report-number:${kind.id}:${year}`}))`.execute(trx);
    const current = await trx.selectFrom('report_version').select('state').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (current.state !== 'reviewed') throw new ReportError(409, 'Phiên bản vừa được người khác thay đổi; hãy tải lại.');
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_version WHERE kind = ${kind.id} AND state = 'signed' AND (params->>'year')::int = ${year}`.execute(trx);
    const n = Number(count.rows[0].n) + 1;
    const doc = structuredClone(v.document) as unknown as ReportDocument;
    doc.header.number = signedNumber(n, kind.header.symbol);
    doc.signature = { ...doc.signature, name: user.fullName || user.username };
    const files = await renderAll(doc, v.formats as ReportFormat[]);
    await trx.deleteFrom('report_file').where('version_id', '=', id).execute();
    for (const [format, bytes] of files) {
      await trx.insertInto('report_file').values({ version_id: id, format, bytes, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }).execute();
    }
    const number = `${n}/${kind.header.symbol}`;
    await trx.updateTable('report_version').set({ state: 'signed', number, document: JSON.stringify(doc), signed_by: user.id, signed_by_name: user.username, signed_at: new Date() }).where('id', '=', id).execute();
    await trx.insertInto('report_action').values({ version_id: id, user_id: user.id, username: user.username, action: 'sign', from_state: 'reviewed', to_state: 'signed', comment, detail: JSON.stringify({ number }) }).execute();
    await auditInsert(trx, user, { action: 'change', objectType: 'report_version', objectId: id, communeCode: v.commune_code, detail: { what: 'sign', reportKind: v.kind, number } }).execute();
  });
}

/**
 * The stored bytes of one format; logged as a download (report_action) and audited as an export. `preview`: shown
 * inline on the page ("Xem trước trang đầu"), logged and audited the same way with `preview: true`.
 */
export async function downloadFile(database: Database, user: SessionUser, id: number, format: ReportFormat, preview = false) {
  const { v } = await readableVersion(database, user, id);
  if (!['draft', 'reviewed', 'signed', 'returned'].includes(v.state)) throw new ReportError(409, 'Báo cáo chưa lập xong.');
  const f = await database.db.selectFrom('report_file').select(['bytes', 'sha256']).where('version_id', '=', id).where('format', '=', format).executeTakeFirst();
  if (!f) throw new ReportError(404, `Phiên bản này không có tệp ${format}.`);
  await database.db.insertInto('report_action').values({ version_id: id, user_id: user.id, username: user.username, action: 'download', detail: JSON.stringify(preview ? { format, sha256: f.sha256, preview } : { format, sha256: f.sha256 }) }).execute();
  await audit(database.db, user, { action: 'export', objectType: 'report_version', objectId: id, communeCode: v.commune_code, detail: preview ? { format, reportKind: v.kind, state: v.state, preview } : { format, reportKind: v.kind, state: v.state } });
  return { bytes: Buffer.from(f.bytes), sha256: f.sha256, v };
}

export const STATE_LABELS: Record<string, string> = {
  queued: 'Đang chờ lập', running: 'Đang lập', failed: 'Lập không thành công', draft: 'Dự thảo', reviewed: 'Đã duyệt', signed: 'Đã ký', returned: 'Đã trả lại',
};
