/**
 * Finding exports: CSV (the contract of docs/spec/findings.md), JSON and XLSX (streamed, with a title that
 * says the list is leads to verify), plus the two work lists of the web: the outreach list of potential
 * voluntary participants per commune and the enforcement list per agency.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { csvHeader, csvLine, type CsvValue } from '#shared/csv.ts';
import { FINDINGS } from '#shared/vocabulary.ts';
import type { FindingCode } from '#shared/auth/roles.ts';
import { formatPeriod } from '#shared/format.ts';
import type { SessionUser } from '../auth/policies.ts';
import { findingBatches, type FindingFilter } from './queries.ts';
import { LEAD_NOT_VERDICT, OUTREACH_HEADERS, exportLine, outreachLine, type OutreachRow } from './presenters.ts';

export type ExportFormat = 'csv' | 'json' | 'xlsx';

/** Export columns: the contract's seven first, then context. */
export const EXPORT_COLUMNS = [
  'code', 'subject_id', 'commune_code', 'period', 'amount_vnd', 'related_id', 'detail',
  'code_label', 'subject_name', 'commune_name', 'status', 'link_method', 'link_score', 'legal_basis',
] as const;
const XLSX_HEADERS: Record<(typeof EXPORT_COLUMNS)[number], string> = {
  code: 'Mã phát hiện', subject_id: 'Đối tượng (số định danh / MST / mã đơn vị)', commune_code: 'Mã xã', period: 'Kỳ',
  amount_vnd: 'Số tiền (đồng)', related_id: 'Liên quan', detail: 'Nội dung', code_label: 'Loại phát hiện', subject_name: 'Tên',
  commune_name: 'Xã/phường', status: 'Trạng thái', link_method: 'Cách liên kết', link_score: 'Điểm liên kết', legal_basis: 'Căn cứ pháp lý',
};

export function write(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(chunk)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

/** Writes the findings matching `filter` to `out`; returns the number of rows. `user` = null: unmasked (operator CLI). */
export async function exportFindings(db: Kysely<DB>, filter: FindingFilter, format: ExportFormat, out: Writable, user: SessionUser | null, title?: string): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    // LF line ends and the contract's column names (docs/spec/findings.md), read by scripts as much as by people;
    // a UTF-8 BOM so that a spreadsheet program shows the Vietnamese text right.
    const lf = { newline: '\n' };
    await write(out, csvHeader(EXPORT_COLUMNS, { ...lf, bom: true }));
    for await (const batch of findingBatches(db, filter)) {
      await write(out, batch.map((f) => { const l = exportLine(f, user); return csvLine(EXPORT_COLUMNS.map((c) => l[c] as CsvValue), lf); }).join(''));
      n += batch.length;
    }
  } else if (format === 'json') {
    await write(out, `{"note":${JSON.stringify(LEAD_NOT_VERDICT)},"findings":[`);
    for await (const batch of findingBatches(db, filter)) {
      await write(out, (n ? ',' : '') + batch.map((f) => JSON.stringify({ ...exportLine(f, user), amounts: f.amounts })).join(','));
      n += batch.length;
    }
    await write(out, ']}\n');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Phát hiện');
    ws.columns = EXPORT_COLUMNS.map((c) => ({
      key: c,
      width: c === 'detail' || c === 'legal_basis' ? 60 : c === 'code_label' ? 36 : 18,
      style: c === 'amount_vnd' ? { numFmt: '#,##0' } : c === 'link_score' ? { numFmt: '0.00' } : {},
    }));
    ws.addRow([title ?? 'DANH SÁCH PHÁT HIỆN QUA ĐỐI SOÁT DỮ LIỆU']).commit();
    ws.addRow([`${LEAD_NOT_VERDICT} Xuất ngày ${todayLabel()}.`]).commit();
    const header = ws.addRow(EXPORT_COLUMNS.map((c) => XLSX_HEADERS[c]));
    header.font = { bold: true };
    header.commit();
    for await (const batch of findingBatches(db, filter)) {
      for (const f of batch) {
        const l = exportLine(f, user);
        ws.addRow(EXPORT_COLUMNS.map((c) => (c === 'period' ? formatPeriod(`${l.period}-01`) : l[c]))).commit();
      }
      n += batch.length;
    }
    ws.commit();
    await wb.commit();
  }
  return n;
}

/** Today's date in the server's local time as dd/mm/yyyy (formatDate(new Date()) would give the UTC date). */
function todayLabel(): string {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

/**
 * Outreach list: the potential voluntary participants (raised by the latest run, new or in progress) of the given
 * communes, commune by commune, with support group and net minimum payment. Returns the number of people.
 */
export async function exportOutreachXlsx(db: Kysely<DB>, communes: readonly string[] | null, out: Writable, user: SessionUser): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Vận động tham gia');
  const widths = [6, 28, 18, 13, 8, 14, 24, 16, 22, 8];
  ws.columns = widths.map((w, i) => ({ width: w, style: OUTREACH_HEADERS[i].startsWith('Mức đóng') ? { numFmt: '#,##0' } : {} }));
  ws.addRow(['DANH SÁCH NGƯỜI CÓ THỂ VẬN ĐỘNG THAM GIA BHXH TỰ NGUYỆN']).commit();
  ws.addRow([`${LEAD_NOT_VERDICT} Mức đóng tối thiểu = 22 % chuẩn nghèo nông thôn trừ phần Nhà nước hỗ trợ. Xuất ngày ${todayLabel()}.`]).commit();
  const h = ws.addRow(OUTREACH_HEADERS);
  h.font = { bold: true };
  h.commit();
  let n = 0;
  for await (const batch of outreachBatches(db, communes)) for (const f of batch) ws.addRow(outreachLine(++n, f, user)).commit();
  ws.commit();
  await wb.commit();
  return n;
}

/**
 * The potential voluntary participants (raised by the latest run, new or in progress) of the given communes, in
 * batches, commune by commune: the outreach list's one query (the XLSX export and the report catalogue's "outreach").
 */
export async function* outreachBatches(db: Kysely<DB>, communes: readonly string[] | null): AsyncGenerator<OutreachRow[]> {
  // Keyset pagination in (commune, id) order: the list goes commune by commune.
  let after: { commune: string; id: number } | null = null;
  for (;;) {
    // The population record gives birth date, sex and ethnicity (kept out of the finding rows).
    const r: { rows: Array<OutreachRow & { id: number }> } = await sql<OutreachRow & { id: number }>`
      SELECT f.id, f.subject_id, f.subject_name, f.commune_code, c.name AS commune_name, f.amounts,
             r.birth_date::text AS birth_date, r.birth_precision, r.sex, r.ethnicity
        FROM finding f
        LEFT JOIN rc_resident r ON r.person_id = f.subject_id
        LEFT JOIN commune c ON c.code = f.commune_code
       WHERE f.code = 'TIEM_NANG_TU_NGUYEN' AND f.resolved_run_id IS NULL AND f.status IN ('new', 'open')
         ${communes ? sql`AND f.commune_code = ANY(${[...communes]}::text[])` : sql``}
         ${after ? sql`AND (coalesce(f.commune_code, ''), f.id) > (${after.commune}, ${after.id})` : sql``}
       ORDER BY coalesce(f.commune_code, ''), f.id LIMIT 5000`.execute(db);
    if (r.rows.length) yield r.rows;
    if (r.rows.length < 5000) return;
    const last = r.rows[r.rows.length - 1];
    after = { commune: last.commune_code ?? '', id: Number(last.id) };
  }
}

/** The codes of an agency's inspection and urging list (`actionList` in shared/vocabulary.ts); the role narrows them. */
export const ENFORCEMENT_CODES: readonly FindingCode[] = (Object.keys(FINDINGS) as FindingCode[]).filter((code) => FINDINGS[code].actionList);
