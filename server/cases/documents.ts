/**
 * Documents of a case in the administrative format of Decree 30/2020/NĐ-CP (Appendix I): national title and motto,
 * issuing body, number and symbol, place and date, subject, recipients, body, "Nơi nhận" and signature block;
 * Times New Roman, A4 with margins top/bottom 20 mm, left 30 mm, right 15 mm (the shared parts: server/documents/decree30.ts).
 * The wording is data (doc_template); the figures are the case's frozen ones.
 */
import { AlignmentType, type Paragraph, type Table } from 'docx';
import ExcelJS from 'exceljs';
import { formatDate, formatInt, formatPeriod } from '#shared/format.ts';
import { dataTable, fill, headerTable, packDecree30, para, run, signatureTable, TEXT_WIDTH } from '../documents/decree30.ts';

export interface DocTemplate {
  code: string;
  label: string;
  issuer: string;
  issuer_parent: string;
  symbol: string;
  place: string;
  subject: string;
  recipient: string;
  paragraphs: string[];
  copies_to: string[];
  signer_title: string;
  signer_name: string;
}

export interface DataTable { title?: string; headers: string[]; rows: string[][]; widths?: number[] }

/** Builds the .docx of a template with its fields and tables (placed after the body). */
export async function renderDocx(t: DocTemplate, fields: Record<string, string>, date: string, tables: DataTable[] = []): Promise<Buffer> {
  const body: Array<Paragraph | Table> = [
    headerTable({ issuerParent: t.issuer_parent, issuer: t.issuer, number: `Số:        /${t.symbol}`, place: t.place, date, letterSubject: fill(t.subject, fields) }),
    para([run('')]),
    para([run('Kính gửi: ', { size: 14 }), run(fill(t.recipient, fields), { size: 14 })], { align: AlignmentType.CENTER, after: 240 }),
    ...t.paragraphs.map((p) => para([run(fill(p, fields))], { align: AlignmentType.JUSTIFIED, indent: true })),
  ];
  for (const table of tables) {
    if (table.title) body.push(para([run(table.title, { bold: true, size: 13 })], { align: AlignmentType.CENTER }));
    body.push(dataTable(table.headers, table.rows, table.widths ?? table.headers.map(() => Math.floor(TEXT_WIDTH / table.headers.length)), (v, i) => i === 0 || /^[\d.]+( đ)?$/.test(v)));
    body.push(para([run('')]));
  }
  body.push(signatureTable({ copiesTo: t.copies_to.map((c) => fill(c, fields)), title: t.signer_title, name: t.signer_name }));
  return packDecree30(t.label, body);
}

/** The arrears table of a unit from its frozen months. */
export function arrearsTable(months: Array<Record<string, any>>): DataTable {
  const rows = months.map((m, i) => [String(i + 1), formatPeriod(m.period), formatInt(m.due), formatInt(m.paid), formatInt(m.arrears), formatDate(m.deadline), formatInt(m.daysLate)]);
  const total = months.reduce((s, m) => s + Number(m.arrears ?? 0), 0);
  rows.push(['', 'Cộng', '', '', formatInt(total), '', '']);
  return { title: 'BẢNG CHI TIẾT SỐ TIỀN CÒN NỢ', headers: ['STT', 'Tháng', 'Phải đóng (đồng)', 'Đã đóng (đồng)', 'Còn nợ (đồng)', 'Hạn đóng', 'Số ngày chậm'], rows };
}

/** The evidence workbook of a referral: the case, the arrears months, the decisions and the case log. */
export async function referralWorkbook(sheets: Array<{ name: string; headers: string[]; rows: Array<Array<string | number>> }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'BaoPhu';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow(s.headers).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c) => { c.width = 22; });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
