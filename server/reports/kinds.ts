/**
 * The report catalogue as data (`report_kind`, migration 0070): parameters, formats, the roles that generate, review
 * and sign each kind, and its administrative header and fixed wording. Parameters are checked here once, for the API,
 * the command line and the scheduler alike.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ReportParams } from '#shared/api/reports.ts';
import type { ReportKindAccess } from '../auth/policies.ts';

export const REPORT_FORMATS = ['docx', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const FORMAT_CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportKind {
  id: string;
  label: string;
  description: string;
  params: string[];
  needsPeriod: boolean;
  formats: ReportFormat[];
  access: ReportKindAccess;
  header: { issuerParent: string; issuer: string; symbol: string; place: string; docType: string; subject: string };
  recipients: string[];
  copiesTo: string[];
  signer: { authority: string | null; title: string; name: string };
  wording: { intro: string[]; closing: string[] };
  wordingSource: string;
}

/** The parameters of one report: a year, at most one of month and quarter, and a commune or the province. */
export type { ReportParams };

type KindRow = Awaited<ReturnType<typeof kindRows>>[number];
const kindRows = (db: Kysely<DB>) => db.selectFrom('report_kind').selectAll().orderBy('position').orderBy('id').execute();

function toKind(r: KindRow): ReportKind {
  const wording = (r.wording ?? {}) as { intro?: string[]; closing?: string[] };
  return {
    id: r.id, label: r.label, description: r.description, params: r.params, needsPeriod: r.needs_period,
    formats: r.formats as ReportFormat[],
    access: { generateRoles: r.generate_roles, reviewRoles: r.review_roles, signRoles: r.sign_roles, readRoles: r.read_roles },
    header: { issuerParent: r.issuer_parent, issuer: r.issuer, symbol: r.symbol, place: r.place, docType: r.doc_type, subject: r.subject },
    recipients: r.recipients, copiesTo: r.copies_to,
    signer: { authority: r.signer_authority, title: r.signer_title, name: r.signer_name },
    wording: { intro: wording.intro ?? [], closing: wording.closing ?? [] },
    wordingSource: r.wording_source,
  };
}

export async function loadKinds(db: Kysely<DB>): Promise<ReportKind[]> {
  return (await kindRows(db)).map(toKind);
}

export async function loadKind(db: Kysely<DB>, id: string): Promise<ReportKind | null> {
  const r = await db.selectFrom('report_kind').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toKind(r) : null;
}

/** A report's parameters refused, with the Vietnamese reason. */
export class ReportParamsError extends Error {}

/**
 * Checks the parameters against the kind (Vietnamese messages) and returns them in canonical form (only the keys the
 * kind takes, numbers as numbers). `communeExists` answers whether a commune code is one of the province's.
 */
export function checkParams(kind: ReportKind, p: ReportParams, communeExists: (code: string) => boolean): ReportParams {
  if (!Number.isInteger(p.year) || p.year < 2020 || p.year > 2035) throw new ReportParamsError(`Năm không hợp lệ: ${p.year} (từ 2020 đến 2035).`);
  const out: ReportParams = { year: p.year };
  if (p.month !== undefined && p.quarter !== undefined) throw new ReportParamsError('Chỉ chọn một trong hai: tháng hoặc quý.');
  if (p.month !== undefined) {
    if (!kind.params.includes('month')) throw new ReportParamsError(`Báo cáo "${kind.label}" không nhận tham số tháng.`);
    if (!Number.isInteger(p.month) || p.month < 1 || p.month > 12) throw new ReportParamsError(`Tháng phải từ 1 đến 12, nhận được ${p.month}.`);
    out.month = p.month;
  }
  if (p.quarter !== undefined) {
    if (!kind.params.includes('quarter')) throw new ReportParamsError(`Báo cáo "${kind.label}" không nhận tham số quý.`);
    if (!Number.isInteger(p.quarter) || p.quarter < 1 || p.quarter > 4) throw new ReportParamsError(`Quý phải từ 1 đến 4, nhận được ${p.quarter}.`);
    out.quarter = p.quarter;
  }
  if (kind.needsPeriod && out.month === undefined && out.quarter === undefined) throw new ReportParamsError(`Báo cáo "${kind.label}" cần tháng hoặc quý.`);
  if (p.commune !== undefined) {
    if (!kind.params.includes('commune')) throw new ReportParamsError(`Báo cáo "${kind.label}" là báo cáo của tỉnh, không chọn xã, phường.`);
    if (!/^\d{5}$/.test(p.commune) || !communeExists(p.commune)) throw new ReportParamsError(`Mã xã, phường không có trong tỉnh: ${p.commune}.`);
    out.commune = p.commune;
  }
  return out;
}

/** The canonical text of parameters (sorted keys): versions of the same parameters share it. */
export const paramsKey = (p: ReportParams) => JSON.stringify(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))));

/** The month the figures are for: the month, the last month of the quarter, or none (the year's latest). */
export const asOfMonth = (p: ReportParams): number | undefined => p.month ?? (p.quarter ? p.quarter * 3 : undefined);

/** "tháng 10/2026", "quý IV/2026" or "năm 2026". */
export function periodLabel(p: ReportParams): string {
  if (p.month) return `tháng ${String(p.month).padStart(2, '0')}/${p.year}`;
  if (p.quarter) return `quý ${['I', 'II', 'III', 'IV'][p.quarter - 1]}/${p.year}`;
  return `năm ${p.year}`;
}
