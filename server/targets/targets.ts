/**
 * Target sets (one year, one level) and their append-only versions: draft → submitted → approved.
 * Every change appends a version with who and when; nothing is updated in place.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { SessionUser } from '../auth/policies.ts';
import { PROVINCE_CODE } from './progress.ts';
import { checkCommuneSum, type CommuneSumCheck } from '#shared/targets/allocation.ts';

import type { TargetLevel, TargetStatus } from '#shared/api/targets.ts';

export type { TargetLevel, TargetStatus };

export const TARGET_STATUS_LABELS: Record<TargetStatus, string> = {
  draft: 'Dự thảo',
  submitted: 'Đã trình',
  approved: 'Đã phê duyệt',
};
export const TARGET_LEVEL_LABELS: Record<TargetLevel, string> = { province: 'Chỉ tiêu của tỉnh', commune: 'Chỉ tiêu giao các xã, phường' };
export const TARGET_SOURCE_LABELS = { form: 'Nhập trên biểu mẫu', import: 'Nhập từ tệp chỉ tiêu', allocation: 'Từ trợ lý phân bổ' } as const;

export interface TargetLineInput {
  unitCode: string;
  total: number;
  voluntary: number;
  mandatory?: number | null;
  unemployment?: number | null;
}

type Actor = Pick<SessionUser, 'id' | 'username' | 'fullName'> | { id: null; username: string; fullName: string };

async function ensureSet(trx: Transaction<DB>, level: TargetLevel, year: number): Promise<number> {
  await sql`INSERT INTO target_set (province_code, level, year) VALUES (${PROVINCE_CODE}, ${level}, ${year}) ON CONFLICT (province_code, level, year) DO NOTHING`.execute(trx);
  const row = await trx.selectFrom('target_set').select('id').where('province_code', '=', PROVINCE_CODE).where('level', '=', level).where('year', '=', year).executeTakeFirstOrThrow();
  return row.id;
}

async function latestVersion(db: Kysely<DB>, setId: number) {
  return db.selectFrom('target_version').selectAll().where('set_id', '=', setId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** Checks the lines of a set; throws a 400 that names the line and the field. */
export async function validateLines(db: Kysely<DB>, level: TargetLevel, lines: TargetLineInput[]) {
  const problems: string[] = [];
  if (lines.length === 0) problems.push('Chưa có dòng chỉ tiêu nào.');
  const seen = new Set<string>();
  const communes = new Set((await db.selectFrom('commune').select('code').where('province_code', '=', PROVINCE_CODE).execute()).map((r) => r.code));
  for (const l of lines) {
    const where = level === 'province' ? 'Dòng của tỉnh' : `Xã/phường ${l.unitCode}`;
    if (level === 'province' && l.unitCode !== PROVINCE_CODE) problems.push(`Chỉ tiêu của tỉnh phải có mã ${PROVINCE_CODE}, nhận được "${l.unitCode}".`);
    if (level === 'commune' && !communes.has(l.unitCode)) problems.push(`Mã xã "${l.unitCode}" không thuộc tỉnh.`);
    if (seen.has(l.unitCode)) problems.push(`${where}: trùng mã.`);
    seen.add(l.unitCode);
    if (l.voluntary > l.total) problems.push(`${where}: chỉ tiêu BHXH tự nguyện (${l.voluntary}) lớn hơn tổng chỉ tiêu BHXH (${l.total}).`);
    if (l.mandatory != null && l.mandatory > l.total) problems.push(`${where}: chỉ tiêu BHXH bắt buộc (${l.mandatory}) lớn hơn tổng chỉ tiêu BHXH (${l.total}).`);
    if (l.mandatory != null && l.mandatory + l.voluntary > l.total) problems.push(`${where}: bắt buộc + tự nguyện (${l.mandatory + l.voluntary}) vượt tổng chỉ tiêu (${l.total}).`);
    if (l.unemployment != null && l.unemployment > l.total) problems.push(`${where}: chỉ tiêu BHTN (${l.unemployment}) lớn hơn tổng chỉ tiêu BHXH (${l.total}).`);
  }
  if (problems.length) throw new HttpError(400, `Chỉ tiêu không hợp lệ — ${problems.slice(0, 10).join(' ')}${problems.length > 10 ? ` (và ${problems.length - 10} lỗi khác)` : ''}`, { problems });
}

async function appendVersion(
  trx: Transaction<DB>,
  setId: number,
  actor: Actor,
  fields: { status: TargetStatus; source: 'form' | 'import' | 'allocation'; method?: string | null; basis?: string | null; basisDate?: string | null; note?: string | null; importBatchId?: number | null },
  lines: TargetLineInput[] | { copyFrom: number },
) {
  const prev = await trx.selectFrom('target_version').select((eb) => eb.fn.max('version').as('v')).where('set_id', '=', setId).executeTakeFirst();
  const version = Number(prev?.v ?? 0) + 1;
  const { id } = await trx
    .insertInto('target_version')
    .values({
      set_id: setId, version, status: fields.status, source: fields.source, method: fields.method ?? null,
      basis: fields.basis ?? null, basis_date: fields.basisDate ?? null, note: fields.note ?? null,
      import_batch_id: fields.importBatchId ?? null, changed_by: actor.id, changed_by_name: actor.fullName || actor.username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if ('copyFrom' in lines) {
    await sql`INSERT INTO target_line (version_id, unit_code, target_total, target_voluntary, target_mandatory, target_unemployment)
              SELECT ${id}, unit_code, target_total, target_voluntary, target_mandatory, target_unemployment FROM target_line WHERE version_id = ${lines.copyFrom}`.execute(trx);
  } else if (lines.length) {
    await trx.insertInto('target_line').values(lines.map((l) => ({
      version_id: id, unit_code: l.unitCode, target_total: l.total, target_voluntary: l.voluntary,
      target_mandatory: l.mandatory ?? null, target_unemployment: l.unemployment ?? null,
    }))).execute();
  }
  return { id, version, setId };
}

function checkExpected(latest: { version: number } | undefined, expectedVersion: number | undefined) {
  if (expectedVersion === undefined) return;
  const current = latest?.version ?? 0;
  if (current !== expectedVersion) {
    throw new HttpError(409, `Chỉ tiêu đã được người khác thay đổi (phiên bản hiện tại ${current}, bạn đang sửa phiên bản ${expectedVersion}). Vui lòng tải lại trang.`);
  }
}

/** Saves new content for a set as a draft version (editing a submitted or approved set starts a new draft). */
export async function saveTargets(
  db: Kysely<DB>,
  actor: Actor,
  input: { level: TargetLevel; year: number; lines: TargetLineInput[]; source?: 'form' | 'allocation'; method?: string | null; note?: string | null; expectedVersion?: number },
) {
  await validateLines(db, input.level, input.lines);
  return db.transaction().execute(async (trx) => {
    const setId = await ensureSet(trx, input.level, input.year);
    await sql`SELECT id FROM target_set WHERE id = ${setId} FOR UPDATE`.execute(trx);
    checkExpected(await latestVersion(trx, setId), input.expectedVersion);
    return appendVersion(trx, setId, actor, { status: 'draft', source: input.source ?? 'form', method: input.method, note: input.note }, input.lines);
  });
}

/** The province line of the latest approved province version of a year, or null. */
async function approvedProvinceTarget(db: Kysely<DB>, year: number) {
  const row = await db
    .selectFrom('target_version as v')
    .innerJoin('target_set as s', 's.id', 'v.set_id')
    .innerJoin('target_line as l', 'l.version_id', 'v.id')
    .select(['l.target_total as total', 'l.target_voluntary as voluntary'])
    .where('s.province_code', '=', PROVINCE_CODE).where('s.level', '=', 'province').where('s.year', '=', year)
    .where('v.status', '=', 'approved').where('l.unit_code', '=', PROVINCE_CODE)
    .orderBy('v.version', 'desc').limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The sums of a commune version against the approved province target of its year. */
export async function communeSumCheck(db: Kysely<DB>, year: number, versionId: number): Promise<CommuneSumCheck> {
  const sums = await sql<{ total: number; voluntary: number }>`
    SELECT COALESCE(sum(target_total), 0)::int8 AS total, COALESCE(sum(target_voluntary), 0)::int8 AS voluntary
    FROM target_line WHERE version_id = ${versionId}`.execute(db);
  const { total, voluntary } = sums.rows[0];
  return checkCommuneSum(year, { total: Number(total), voluntary: Number(voluntary) }, await approvedProvinceTarget(db, year));
}

/** Submitting or approving commune targets needs them to add up to the approved province target (409 otherwise). */
async function requireConsistentSums(trx: Transaction<DB>, setId: number, versionId: number) {
  const set = await trx.selectFrom('target_set').select(['level', 'year']).where('id', '=', setId).executeTakeFirstOrThrow();
  if (set.level !== 'commune') return;
  const check = await communeSumCheck(trx, set.year, versionId);
  if (!check.ok) throw new HttpError(409, check.reason!, { check });
}

/** draft → submitted. */
export async function submitTargets(db: Kysely<DB>, actor: Actor, setId: number, opts: { note?: string | null; expectedVersion?: number } = {}) {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM target_set WHERE id = ${setId} FOR UPDATE`.execute(trx);
    const latest = await latestVersion(trx, setId);
    if (!latest) throw new HttpError(404, 'Bộ chỉ tiêu không tồn tại.');
    checkExpected(latest, opts.expectedVersion);
    if (latest.status !== 'draft') throw new HttpError(409, `Chỉ trình được bộ chỉ tiêu đang ở trạng thái "Dự thảo" (hiện tại: "${TARGET_STATUS_LABELS[latest.status]}").`);
    await requireConsistentSums(trx, setId, latest.id);
    return appendVersion(trx, setId, actor, { status: 'submitted', source: latest.source, method: latest.method, basis: latest.basis, note: opts.note ?? null, importBatchId: latest.import_batch_id }, { copyFrom: latest.id });
  });
}

/** submitted → approved, with the resolution number and date. */
export async function approveTargets(db: Kysely<DB>, actor: Actor, setId: number, opts: { basis: string; basisDate: string; note?: string | null; expectedVersion?: number }) {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT id FROM target_set WHERE id = ${setId} FOR UPDATE`.execute(trx);
    const latest = await latestVersion(trx, setId);
    if (!latest) throw new HttpError(404, 'Bộ chỉ tiêu không tồn tại.');
    checkExpected(latest, opts.expectedVersion);
    if (latest.status !== 'submitted') throw new HttpError(409, `Chỉ phê duyệt được bộ chỉ tiêu đã trình (hiện tại: "${TARGET_STATUS_LABELS[latest.status]}").`);
    await requireConsistentSums(trx, setId, latest.id);
    return appendVersion(trx, setId, actor, { status: 'approved', source: latest.source, method: latest.method, basis: opts.basis, basisDate: opts.basisDate, note: opts.note ?? null, importBatchId: latest.import_batch_id }, { copyFrom: latest.id });
  });
}

/**
 * Turns current chi-tieu batches not yet taken over into target versions (one per year and level),
 * status "submitted" (the file gives the resolution number but not its date; an approver confirms).
 * Idempotent: a batch is taken over once. Returns the number of versions created.
 */
export async function syncTargetsFromImports(db: Kysely<DB>): Promise<number> {
  const batches = await db
    .selectFrom('import_batch')
    .select(['id', 'imported_by', 'imported_by_name'])
    .where('kind', '=', 'chi-tieu')
    .where('is_current', '=', true)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('target_version').select('id').whereRef('target_version.import_batch_id', '=', 'import_batch.id'))))
    .orderBy('id')
    .execute();
  let created = 0;
  for (const batch of batches) {
    const rows = await db.selectFrom('src_chi_tieu').selectAll().where('batch_id', '=', batch.id).orderBy('row_no').execute();
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.commune_code === PROVINCE_CODE ? 'province' : 'commune'}:${r.year}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    await db.transaction().execute(async (trx) => {
      for (const [key, list] of groups) {
        const [level, yearText] = key.split(':') as [TargetLevel, string];
        const setId = await ensureSet(trx, level, Number(yearText));
        await sql`SELECT id FROM target_set WHERE id = ${setId} FOR UPDATE`.execute(trx);
        const basis = list.find((r) => r.basis)?.basis ?? null;
        await appendVersion(
          trx, setId,
          { id: batch.imported_by, username: batch.imported_by_name ?? 'import', fullName: batch.imported_by_name ?? 'Nhập tệp' } as Actor,
          { status: 'submitted', source: 'import', basis, importBatchId: batch.id, note: `Nhập từ lô ${batch.id}` },
          list.map((r) => ({ unitCode: r.commune_code, total: r.target_total, voluntary: r.target_voluntary, mandatory: r.target_mandatory, unemployment: r.target_unemployment })),
        );
        created++;
      }
    });
  }
  return created;
}

/** Every set of a year (or all years) with its latest and effective versions. */
export async function listTargetSets(db: Kysely<DB>, year?: number) {
  let q = db.selectFrom('target_set').selectAll().orderBy('year').orderBy('level', 'desc');
  if (year !== undefined) q = q.where('year', '=', year);
  const sets = await q.execute();
  if (sets.length === 0) return [];
  const ids = sets.map((s) => s.id);
  const versions = await db.selectFrom('target_version').selectAll().where('set_id', 'in', ids).orderBy('set_id').orderBy('version').execute();
  return sets.map((s) => {
    const vs = versions.filter((v) => v.set_id === s.id);
    const latest = vs[vs.length - 1] ?? null;
    const effective = [...vs].reverse().find((v) => v.status === 'approved') ?? latest;
    return { set: s, latest, effective, versions: vs };
  });
}

/** The lines of one version. */
export async function versionLines(db: Kysely<DB>, versionId: number) {
  return db.selectFrom('target_line').selectAll().where('version_id', '=', versionId).orderBy('unit_code').execute();
}
