/**
 * Documents of a case in the administrative format of Decree 30/2020/NĐ-CP (Appendix I): national title and motto,
 * issuing body, number and symbol, place and date, subject, recipients, body, "Nơi nhận" and signature block;
 * Times New Roman, A4 with margins top/bottom 20 mm, left 30 mm, right 15 mm. The wording is data (doc_template);
 * the figures are the case's frozen ones.
 */
import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
  type ITableCellOptions,
} from 'docx';
import ExcelJS from 'exceljs';
import { formatDate, formatInt, formatPeriod } from '#shared/format.ts';

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

const FONT = 'Times New Roman';
const MM = 56.7; // twips per millimetre
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/** Replaces {name} with fields[name]; an unknown placeholder stays visible rather than silently vanishing. */
export function fill(text: string, fields: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in fields ? fields[k] : m));
}

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: FONT, size: (o.size ?? 14) * 2, bold: o.bold, italics: o.italics });
const para = (children: TextRun[], o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number } = {}) =>
  new Paragraph({ children, alignment: o.align, indent: o.indent ? { firstLine: Math.round(12.7 * MM) } : undefined, spacing: { after: o.after ?? 60, line: 300 } });

function cell(children: Paragraph[], width: number, extra: Partial<ITableCellOptions> = {}) {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, ...extra });
}

/** The Vietnamese date line: "Thái Nguyên, ngày 05 tháng 12 năm 2026". */
export function placeDate(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

export interface DataTable { title?: string; headers: string[]; rows: string[][]; widths?: number[] }

/** Builds the .docx of a template with its fields and tables (placed after the body). */
export async function renderDocx(t: DocTemplate, fields: Record<string, string>, date: string, tables: DataTable[] = []): Promise<Buffer> {
  const textWidth = Math.round((210 - 30 - 15) * MM);
  const left = Math.round(textWidth * 0.42);
  const header = new Table({
    width: { size: textWidth, type: WidthType.DXA },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([
            para([run(t.issuer_parent.toUpperCase(), { size: 13 })], { align: AlignmentType.CENTER, after: 0 }),
            para([run(t.issuer.toUpperCase(), { size: 13, bold: true })], { align: AlignmentType.CENTER, after: 120 }),
            para([run(`Số:        /${t.symbol}`, { size: 13 })], { align: AlignmentType.CENTER, after: 0 }),
            para([run(fill(t.subject, fields), { size: 12 })], { align: AlignmentType.CENTER }),
          ], left),
          cell([
            para([run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 13, bold: true })], { align: AlignmentType.CENTER, after: 0 }),
            para([run('Độc lập - Tự do - Hạnh phúc', { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 240 }),
            para([run(placeDate(t.place, date), { size: 14, italics: true })], { align: AlignmentType.CENTER }),
          ], textWidth - left),
        ],
      }),
    ],
  });
  const body: Array<Paragraph | Table> = [
    header,
    para([run('')]),
    para([run('Kính gửi: ', { size: 14 }), run(fill(t.recipient, fields), { size: 14 })], { align: AlignmentType.CENTER, after: 240 }),
    ...t.paragraphs.map((p) => para([run(fill(p, fields))], { align: AlignmentType.JUSTIFIED, indent: true })),
  ];
  for (const table of tables) {
    if (table.title) body.push(para([run(table.title, { bold: true, size: 13 })], { align: AlignmentType.CENTER }));
    const widths = table.widths ?? table.headers.map(() => Math.floor(textWidth / table.headers.length));
    body.push(new Table({
      width: { size: textWidth, type: WidthType.DXA },
      rows: [
        new TableRow({ tableHeader: true, children: table.headers.map((h, i) => cell([para([run(h, { bold: true, size: 12 })], { align: AlignmentType.CENTER, after: 0 })], widths[i])) }),
        ...table.rows.map((r) => new TableRow({ children: r.map((v, i) => cell([para([run(v, { size: 12 })], { align: i === 0 || /^[\d.]+( đ)?$/.test(v) ? AlignmentType.RIGHT : AlignmentType.LEFT, after: 0 })], widths[i])) })),
      ],
    }));
    body.push(para([run('')]));
  }
  body.push(new Table({
    width: { size: textWidth, type: WidthType.DXA },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([
            para([run('Nơi nhận:', { size: 12, bold: true, italics: true })], { after: 0 }),
            ...t.copies_to.map((c) => para([run(`- ${fill(c, fields)}`, { size: 11 })], { after: 0 })),
          ], Math.round(textWidth * 0.5)),
          cell([
            para([run(t.signer_title, { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 1200 }),
            para([run(t.signer_name || ' ', { size: 14, bold: true })], { align: AlignmentType.CENTER }),
          ], textWidth - Math.round(textWidth * 0.5)),
        ],
      }),
    ],
  }));
  const doc = new Document({
    creator: 'BaoPhu',
    title: t.label,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{
      properties: {
        page: {
          size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
          margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) },
        },
      },
      children: body,
    }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
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
