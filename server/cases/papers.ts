/** The documents of cases, composed from their templates (doc_template) and the cases' frozen figures. */
import type { Database } from '../db/connect.ts';
import { formatDate, formatInt, formatPeriod, formatVnd } from '#shared/format.ts';
import { CODE_LABEL } from '../reconcile/presenters.ts';
import type { FindingCode } from '#shared/auth/roles.ts';
import { renderDocx, arrearsTable, referralWorkbook, type DocTemplate } from './documents.ts';
import { caseHistory, todayVn, type CaseListRow, type CaseRow } from './service.ts';
import { ACTION_LABEL } from './presenters.ts';
import { loadRuleBook } from '../calc/rules.ts';

async function template(database: Database, code: string): Promise<DocTemplate> {
  const row = await database.db.selectFrom('doc_template').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new Error(`doc_template ${code} missing`);
  return row;
}

async function communeName(database: Database, code: string | null) {
  if (!code) return '';
  return (await database.db.selectFrom('commune').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code;
}

const months = (row: CaseRow) => (Array.isArray(row.frozen_evidence?.months) ? (row.frozen_evidence.months as Array<Record<string, any>>) : []);
const amount = (row: CaseRow, key: string) => Number((row.frozen_amounts as Record<string, unknown>)?.[key] ?? 0);

async function caseFields(database: Database, row: CaseRow): Promise<Record<string, string>> {
  const screening = (row.frozen_amounts as Record<string, any>)?.criminalScreening ?? {};
  const sanction = await database.db.selectFrom('case_decision').select(['number', 'decided_on', 'amount_vnd'])
    .where('case_id', '=', row.id).where('stage', '=', 'sanction').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const evasion = (await loadRuleBook(database.db)).find('late.evasion_days', todayVn());
  return {
    subjectName: row.subject_name ?? row.subject_id,
    subjectId: row.subject_id,
    taxCode: row.related_id ?? '',
    communeName: await communeName(database, row.commune_code),
    asOf: formatPeriod(row.frozen_period),
    arrears: formatInt(amount(row, 'arrears') || Number(row.frozen_amount_vnd)),
    interest: formatInt(amount(row, 'interest')),
    deadlineDays: formatInt(evasion?.value ?? 0),
    evadedMonths: formatInt(Number(screening.evadedMonths ?? 0)),
    evadedAmount: formatInt(Number(screening.evadedAmount ?? 0)),
    workers: formatInt(Number(screening.workers ?? 0)),
    screening: screening.flag ? 'có dấu hiệu thỏa các ngưỡng của khoản 1 (cần xác minh)' : 'chưa thấy đủ các ngưỡng từ dữ liệu (cần xác minh)',
    sanctionDecision: sanction ? `${sanction.number} ngày ${formatDate(sanction.decided_on)}` : '(chưa ghi nhận)',
    fineAmount: sanction?.amount_vnd != null ? formatInt(Number(sanction.amount_vnd)) : formatInt(Number(row.fine_vnd ?? 0)),
  };
}

export async function writtenReminder(database: Database, row: CaseRow): Promise<Buffer> {
  return renderDocx(await template(database, 'written_reminder'), await caseFields(database, row), todayVn(), [arrearsTable(months(row))]);
}

export async function referralLetter(database: Database, row: CaseRow): Promise<Buffer> {
  return renderDocx(await template(database, 'referral_letter'), await caseFields(database, row), todayVn(), [arrearsTable(months(row))]);
}

/** The evidence workbook sent with the referral: the case, the arrears months, the decisions and the case log. */
export async function referralEvidence(database: Database, row: CaseRow): Promise<Buffer> {
  const f = await caseFields(database, row);
  const h = await caseHistory(database, Number(row.id));
  return referralWorkbook([
    {
      name: 'Hồ sơ', headers: ['Mục', 'Nội dung'],
      rows: [
        ['Mã hồ sơ', String(row.id)], ['Đơn vị', f.subjectName], ['Mã đơn vị', row.subject_id], ['Mã số thuế', f.taxCode], ['Xã, phường', f.communeName],
        ['Phát hiện', CODE_LABEL[row.finding_code as FindingCode] ?? row.finding_code], ['Kỳ dữ liệu', f.asOf],
        ['Số tiền khi mở hồ sơ (đồng)', formatInt(Number(row.frozen_amount_vnd))], ['Tháng trốn đóng', f.evadedMonths],
        ['Số tiền trốn đóng (đồng)', f.evadedAmount], ['Số lao động', f.workers], ['Sàng lọc Điều 216 BLHS', `Cần xác minh — ${f.screening}`],
        ['Quyết định xử phạt', f.sanctionDecision], ['Căn cứ pháp lý', row.frozen_legal_basis],
      ],
    },
    { name: 'Bảng nợ', headers: arrearsTable(months(row)).headers, rows: arrearsTable(months(row)).rows },
    { name: 'Quyết định', headers: ['Bước', 'Số', 'Ngày', 'Số tiền (đồng)', 'Người ghi'], rows: h.decisions.map((d) => [d.stage, d.number, formatDate(d.decided_on), d.amount_vnd == null ? '' : formatInt(Number(d.amount_vnd)), d.recorded_by]) },
    { name: 'Nhật ký', headers: ['Thời điểm', 'Người', 'Vai trò', 'Việc', 'Bước', 'Kết quả', 'Ghi chú'], rows: h.log.map((l) => [new Date(l.at).toISOString(), l.username ?? `Lần đối soát #${l.run_id ?? ''}`, l.role ?? '', ACTION_LABEL[l.action] ?? l.action, l.stage ?? '', l.outcome ?? '', l.note ?? '']) },
  ]);
}

/** The inspection list: the units of the given cases (those at the "on the inspection list" stage). */
export async function inspectionList(database: Database, rows: CaseListRow[]): Promise<Buffer> {
  const names = new Map((await database.db.selectFrom('commune').select(['code', 'name']).execute()).map((r) => [r.code, r.name]));
  const table = {
    headers: ['STT', 'Đơn vị', 'Mã đơn vị', 'Mã số thuế', 'Xã, phường', 'Phát hiện', 'Số tiền (đồng)'],
    rows: rows.map((r, i) => [String(i + 1), r.subject_name ?? '', r.subject_id, r.related_id ?? '', names.get(r.commune_code ?? '') ?? '', CODE_LABEL[r.finding_code as FindingCode] ?? r.finding_code, formatInt(Number(r.frozen_amount_vnd))]),
    title: `DANH SÁCH ĐƠN VỊ ĐỀ NGHỊ THANH TRA, KIỂM TRA (${formatInt(rows.length)} đơn vị, tổng ${formatVnd(rows.reduce((s, r) => s + Number(r.frozen_amount_vnd), 0))})`,
  };
  return renderDocx(await template(database, 'inspection_list'), {}, todayVn(), [table]);
}
