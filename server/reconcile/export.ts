/**
 * Finding exports: CSV (the contract of docs/spec/findings.md), JSON and XLSX (streamed, with a title that
 * says the list is leads to verify), plus the two work lists of the web: the outreach list of potential
 * voluntary participants per commune and the enforcement list per agency.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionUser } from '../auth/policies.ts';
import { presentPersonalId, presentName } from '../auth/policies.ts';
import { formatDate, formatPeriod } from '#shared/format.ts';
import { findingBatches, type FindingFilter } from './queries.ts';
import { CODE_LABEL, STATUS_LABEL, LINK_METHOD_LABEL, SUPPORT_GROUP_LABEL, LEAD_NOT_VERDICT, PERSON_CODES, detailVi, legalBasisOf, type FindingRow } from './presenters.ts';
import type { FindingCode } from '../auth/roles.ts';

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

function line(f: FindingRow, user: SessionUser | null) {
  const personal = PERSON_CODES.has(f.code);
  const mask = (v: string | null, fn: typeof presentPersonalId) => (user && personal ? fn(user, v) : v);
  return {
    code: f.code,
    subject_id: mask(f.subject_id, presentPersonalId) ?? '',
    commune_code: f.commune_code ?? '',
    period: f.period.slice(0, 7),
    amount_vnd: Number(f.amount_vnd),
    related_id: f.related_id ?? '',
    detail: detailVi(f),
    code_label: CODE_LABEL[f.code as FindingCode] ?? f.code,
    subject_name: mask(f.subject_name, presentName) ?? '',
    commune_name: f.commune_name ?? '',
    status: STATUS_LABEL[f.status] ?? f.status,
    link_method: f.link_method ? LINK_METHOD_LABEL[f.link_method] ?? f.link_method : '',
    link_score: f.link_score == null ? '' : Number(f.link_score),
    legal_basis: legalBasisOf(f),
  };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function write(out: Writable, chunk: string): Promise<void> {
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
    await write(out, `${EXPORT_COLUMNS.join(',')}\n`);
    for await (const batch of findingBatches(db, filter)) {
      await write(out, batch.map((f) => { const l = line(f, user); return EXPORT_COLUMNS.map((c) => csvCell(l[c])).join(','); }).join('\n') + '\n');
      n += batch.length;
    }
  } else if (format === 'json') {
    await write(out, `{"note":${JSON.stringify(LEAD_NOT_VERDICT)},"findings":[`);
    for await (const batch of findingBatches(db, filter)) {
      await write(out, (n ? ',' : '') + batch.map((f) => JSON.stringify({ ...line(f, user), amounts: f.amounts })).join(','));
      n += batch.length;
    }
    await write(out, ']}\n');
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Phát hiện');
    ws.columns = EXPORT_COLUMNS.map((c) => ({ key: c, width: c === 'detail' || c === 'legal_basis' ? 60 : c === 'code_label' ? 36 : 18 }));
    ws.addRow([title ?? 'DANH SÁCH PHÁT HIỆN QUA ĐỐI SOÁT DỮ LIỆU']).commit();
    ws.addRow([`${LEAD_NOT_VERDICT} Xuất ngày ${formatDate(new Date())}.`]).commit();
    const header = ws.addRow(EXPORT_COLUMNS.map((c) => XLSX_HEADERS[c]));
    header.font = { bold: true };
    header.commit();
    for await (const batch of findingBatches(db, filter)) {
      for (const f of batch) ws.addRow(EXPORT_COLUMNS.map((c) => line(f, user)[c])).commit();
      n += batch.length;
    }
    ws.commit();
    await wb.commit();
  }
  return n;
}

/** Outreach list: potential voluntary participants of the given communes, with support group and net minimum payment. */
export async function exportOutreachXlsx(db: Kysely<DB>, communes: readonly string[] | null, out: Writable, user: SessionUser): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Vận động tham gia');
  const widths = [6, 28, 18, 13, 8, 14, 24, 16, 22];
  ws.columns = widths.map((w) => ({ width: w }));
  ws.addRow(['DANH SÁCH NGƯỜI CÓ THỂ VẬN ĐỘNG THAM GIA BHXH TỰ NGUYỆN']).commit();
  ws.addRow([`${LEAD_NOT_VERDICT} Mức đóng tối thiểu = 22 % chuẩn nghèo nông thôn trừ phần Nhà nước hỗ trợ. Xuất ngày ${formatDate(new Date())}.`]).commit();
  const h = ws.addRow(['STT', 'Họ và tên', 'Số định danh', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Nhóm hỗ trợ', 'Mức đóng tối thiểu (đồng/tháng)', 'Xã/phường']);
  h.font = { bold: true };
  h.commit();
  let n = 0;
  let after = 0;
  for (;;) {
    // The population record gives birth date, sex and ethnicity (kept out of the finding rows).
    const r = await sql<{ id: number; subject_id: string; subject_name: string | null; commune_code: string | null; commune_name: string | null;
      amounts: Record<string, any>; birth_date: string | null; birth_precision: string | null; sex: string | null; ethnicity: string | null }>`
      SELECT f.id, f.subject_id, f.subject_name, f.commune_code, c.name AS commune_name, f.amounts,
             r.birth_date::text AS birth_date, r.birth_precision, r.sex, r.ethnicity
        FROM finding f
        LEFT JOIN rc_resident r ON r.person_id = f.subject_id
        LEFT JOIN commune c ON c.code = f.commune_code
       WHERE f.code = 'TIEM_NANG_TU_NGUYEN' AND f.resolved_run_id IS NULL AND f.status IN ('new', 'open')
         ${communes ? sql`AND f.commune_code = ANY(${[...communes]}::text[])` : sql``}
         AND f.id > ${after}
       ORDER BY f.id LIMIT 5000`.execute(db);
    for (const f of r.rows) {
      const birth = f.birth_precision === 'Y' ? String(f.birth_date ?? '').slice(0, 4) : f.birth_precision === 'M' ? formatPeriod(f.birth_date) : formatDate(f.birth_date);
      ws.addRow([++n, presentName(user, f.subject_name), presentPersonalId(user, f.subject_id), birth, f.sex === 'F' ? 'Nữ' : f.sex === 'M' ? 'Nam' : '',
        f.ethnicity ?? '', SUPPORT_GROUP_LABEL[f.amounts?.supportGroup] ?? '', Number(f.amounts?.netMinimumMonthly ?? 0), f.commune_name ?? f.commune_code ?? '']).commit();
    }
    if (r.rows.length < 5000) break;
    after = Number(r.rows[r.rows.length - 1].id);
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** Enforcement list of an agency: the employer-level findings its role sees. */
export const ENFORCEMENT_CODES = ['DN_CHUA_DANG_KY', 'DN_KHAI_THIEU_LAO_DONG', 'DN_KHAI_THAP_LUONG', 'DN_CHAM_DONG', 'DN_TRON_DONG', 'KCN_LECH_LAO_DONG', 'NLD_CHUA_THAM_GIA', 'HKD_CHUA_THAM_GIA', 'BHTN_TRUC_LOI', 'NTG_DA_CHET'] as const;
