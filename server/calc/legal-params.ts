/**
 * The legal parameters as the administrator keeps them: the list (GET /api/admin/legal-params) and the recording
 * of the legal document behind one parameter (POST /api/admin/legal-params/:id/verify), which marks it verified.
 * Calculators, the simulator and the findings read the table afresh, so a verification shows everywhere at once.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { formatDate } from '#shared/format.ts';
import { forbidden, notFound, parseInput } from '../http/errors.ts';
import { currentUser } from '../http/request.ts';
import { audit } from '../auth/audit.ts';
import { canVerifyLegalParams } from '../auth/policies.ts';
import type { LegalParamRow, LegalParamsAnswer, LegalParamVerifiedAnswer } from '#shared/api/calc.ts';

const text = (label: string, max: number) =>
  z.string({ error: `Vui lòng nhập ${label.toLowerCase()}` }).trim().min(1, `Vui lòng nhập ${label.toLowerCase()}`).max(max, `${label}: tối đa ${max} ký tự`);

export const verifyBody = z.strictObject({
  documentNumber: text('Số hiệu văn bản', 200),
  documentDate: isoDate('Ngày ban hành'),
  article: text('Điều, khoản', 200),
});
export type VerifyBody = z.infer<typeof verifyBody>;

/** How a verified parameter cites its document: 'Nghị định 12/2022/NĐ-CP ngày 17/01/2022, Điều 6 khoản 2'. */
export const citationOf = (b: VerifyBody) => `${b.documentNumber} ngày ${formatDate(b.documentDate)}, ${b.article}`;

const COLUMNS = [
  'id', 'key', 'label', 'value', 'unit', 'effective_from', 'effective_to', 'source', 'status', 'note',
  'document_number', 'document_date', 'document_article', 'verified_by_name', 'verified_at',
] as const;

export async function listLegalParams(db: Kysely<DB>): Promise<LegalParamRow[]> {
  const rows = await db.selectFrom('legal_param').select(COLUMNS).orderBy('key').orderBy('effective_from', 'desc').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), value: Number(r.value), verified_at: r.verified_at ? new Date(r.verified_at).toISOString() : null }));
}

/** Records the document and marks the parameter verified (status 'law'); returns the row before and after, or null. */
export async function verifyLegalParam(db: Kysely<DB>, id: number, body: VerifyBody, by: { id: number; fullName: string }) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('legal_param').select(['key', 'effective_from', 'source', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return null;
    await trx
      .updateTable('legal_param')
      .set({
        status: 'law',
        source: citationOf(body),
        document_number: body.documentNumber,
        document_date: body.documentDate,
        document_article: body.article,
        verified_by: by.id,
        verified_by_name: by.fullName,
        verified_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    return { before, source: citationOf(body) };
  });
}

const idParams = z.object({ id: recordId('Mã tham số') });

const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/admin/legal-params', async (request): Promise<LegalParamsAnswer> => {
    if (!canVerifyLegalParams(currentUser(request))) throw forbidden('quản lý tham số pháp lý');
    return { params: await listLegalParams(db) };
  });

  app.post('/api/admin/legal-params/:id/verify', async (request): Promise<LegalParamVerifiedAnswer> => {
    const user = currentUser(request);
    if (!canVerifyLegalParams(user)) throw forbidden('xác nhận tham số pháp lý');
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const body = parseInput(verifyBody, request.body, 'Văn bản pháp lý');
    const done = await verifyLegalParam(db, id, body, user);
    if (!done) throw notFound('Tham số pháp lý');
    await audit(db, user, {
      action: 'change',
      objectType: 'legal_param',
      objectId: id,
      detail: {
        key: done.before.key, effectiveFrom: done.before.effective_from,
        from: { status: done.before.status, source: done.before.source }, to: { status: 'law', source: done.source },
      },
    });
    const params = await listLegalParams(db);
    return { param: params.find((p) => p.id === id) };
  });
};

export default routes;
