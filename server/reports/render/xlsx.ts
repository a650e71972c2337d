/**
 * The xlsx annex of a ReportDocument (exceljs): one sheet per table that names an `annex`, with its title, Vietnamese
 * headers, number formats and a source line, then the sheet "Nguồn số liệu" listing every source with its identifier.
 */
import ExcelJS from 'exceljs';
import type { Column, ReportDocument } from '../model.ts';

const NUM_FMT: Record<Column['format'], string | undefined> = {
  text: undefined, int: '#,##0', money: '#,##0', percent: '0.0" %"', date: 'dd/mm/yyyy', period: 'mm/yyyy',
};

/** A sheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Bảng';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const asDate = (v: unknown, format: Column['format']) => {
  if (typeof v !== 'string') return v;
  if (format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  if (format === 'period' && /^\d{4}-\d{2}(-01)?$/.test(v)) return new Date(`${v.slice(0, 7)}-01T00:00:00Z`);
  return v;
};

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'BaoPhu';
  wb.title = `${doc.header.docType} ${doc.header.subject}`;
  // Fixed dates so the same document gives the same workbook.
  wb.created = wb.modified = new Date(`${doc.header.date}T00:00:00Z`);
  const taken = new Set<string>();
  for (const b of doc.blocks) {
    if (b.kind !== 'table' || !b.annex) continue;
    const ws = wb.addWorksheet(sheetName(b.annex, taken));
    ws.addRow([b.title]).font = { bold: true, size: 13 };
    const header = ws.addRow(b.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    b.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.format === 'text' ? Math.min(48, Math.max(14, c.header.length + 2)) : 18;
      if (NUM_FMT[c.format]) col.numFmt = NUM_FMT[c.format]!;
    });
    for (const r of b.rows) ws.addRow(r.map((v, i) => asDate(v, b.columns[i]?.format ?? 'text')));
    ws.addRow([]);
    ws.addRow([`Nguồn: ${b.sources.map((s) => `${s.label} [${s.ref}]`).join('; ')}`]).font = { italic: true };
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  const src = wb.addWorksheet(sheetName('Nguồn số liệu', taken));
  src.addRow(['Nguồn số liệu của báo cáo']).font = { bold: true, size: 13 };
  const h = src.addRow(['STT', 'Nguồn số liệu', 'Mã']);
  h.font = { bold: true };
  doc.sources.forEach((s, i) => src.addRow([i + 1, s.label, s.ref]));
  src.getColumn(1).width = 6;
  src.getColumn(2).width = 90;
  src.getColumn(3).width = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
