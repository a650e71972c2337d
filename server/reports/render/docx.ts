/**
 * A ReportDocument as .docx in the format of Decree 30/2020/NĐ-CP, with the layout shared with the case papers
 * (server/documents/decree30.ts): header table, document type and subject, "Kính gửi", the blocks (headings, justified
 * paragraphs, tables with a source line, charts as PNG images from server/reports/charts.ts), "Nơi nhận" and the
 * signature, then the annex "Nguồn số liệu" on its own page.
 */
import { AlignmentType, ImageRun, PageBreak, Paragraph, type Table, TextRun } from 'docx';
import type { Block, DataSource, ReportDocument } from '../model.ts';
import { dataTable, headerTable, packDecree30, para, run, signatureTable, TEXT_WIDTH, FONT } from '../../documents/decree30.ts';
import { formatInt } from '#shared/format.ts';
import { renderChartPng } from '../charts.ts';
import { cellText } from './cells.ts';

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(12) !== 0x49484452) return { width: 1, height: 1 };
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The text width in pixels at 96 dpi (images are sized in pixels). */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);

/** Under a table or chart: where its figures come from, in words (the identifiers are in the annex "Nguồn số liệu"). */
const sourceLine = (sources: DataSource[]) => para([run(`Nguồn số liệu: ${sources.map((s) => s.label).join('; ')}.`, { size: 11, italics: true })], { after: 160 });

/** Column widths (twips) in proportion to the longest word of the header and the typical length of the cells. */
function columnWidths(headers: string[], rows: string[][]): number[] {
  const sample = rows.slice(0, 200);
  const weight = headers.map((h, i) => {
    const longestWord = Math.max(...[h, ...sample.map((r) => r[i] ?? '')].flatMap((t) => t.split(/\s+/)).map((w) => w.length), 4);
    const mean = sample.length ? sample.reduce((a, r) => a + Math.min(60, (r[i] ?? '').length), 0) / sample.length : h.length / 2;
    // A word (or a number) is never broken: its column is at least as wide as its longest one, with room for padding.
    return Math.max(longestWord * 1.4 + 2, Math.sqrt(mean) * 4);
  });
  const total = weight.reduce((a, w) => a + w, 0);
  return weight.map((w) => Math.floor((TEXT_WIDTH * w) / total));
}

async function blockParts(b: Block): Promise<Array<Paragraph | Table>> {
  switch (b.kind) {
    case 'heading':
      return [para([run(b.text, { bold: true, italics: b.level === 2, size: 14 })], { align: AlignmentType.JUSTIFIED, before: 120 })];
    case 'paragraph':
      return [para([run(b.text)], { align: AlignmentType.JUSTIFIED, indent: true })];
    case 'table': {
      const title = para([run(b.title, { bold: true, size: 13 })], { align: AlignmentType.CENTER, before: 120 });
      if (b.annexOnly) {
        return [title, para([run(`Chi tiết ${formatInt(b.rows.length)} dòng tại phụ lục "${b.annex ?? ''}" của tệp Excel kèm theo.`, { italics: true })], { align: AlignmentType.CENTER }), sourceLine(b.sources)];
      }
      const rows = b.rows.map((r) => r.map((v, i) => cellText(v, b.columns[i]?.format ?? 'text')));
      const numeric = b.columns.map((c) => c.format !== 'text' && c.format !== 'date' && c.format !== 'period');
      return [title, dataTable(b.columns.map((c) => c.header), rows.length ? rows : [b.columns.map((_, i) => (i === 0 ? 'Không có dữ liệu' : ''))], columnWidths(b.columns.map((c) => c.header), rows), (_v, i) => numeric[i]), sourceLine(b.sources)];
    }
    case 'chart': {
      const png = await renderChartPng(b.chart);
      const size = pngSize(png);
      const width = Math.min(TEXT_WIDTH_PX, size.width);
      const height = Math.max(1, Math.round((size.height * width) / size.width));
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: png, transformation: { width, height }, altText: { name: b.chart.title, title: b.chart.title, description: b.chart.title } })] }),
        para([run(b.chart.title, { italics: true, size: 12 })], { align: AlignmentType.CENTER, after: 0 }),
        sourceLine(b.sources),
      ];
    }
  }
}

export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const h = doc.header;
  const body: Array<Paragraph | Table> = [
    headerTable({ issuerParent: h.issuerParent, issuer: h.issuer, number: h.number, place: h.place, date: h.date }),
    para([run('')]),
    para([run(h.docType.toUpperCase(), { bold: true })], { align: AlignmentType.CENTER, after: 0 }),
    para([run(h.subject, { bold: true })], { align: AlignmentType.CENTER, after: 240 }),
  ];
  if (doc.recipients.length === 1) body.push(para([run('Kính gửi: '), run(doc.recipients[0])], { align: AlignmentType.CENTER, after: 240 }));
  else if (doc.recipients.length > 1) {
    body.push(para([run('Kính gửi:')], { align: AlignmentType.CENTER, after: 0 }));
    for (const r of doc.recipients) body.push(new Paragraph({ indent: { left: Math.round(TEXT_WIDTH * 0.38) }, spacing: { after: 0, line: 300 }, children: [new TextRun({ text: `- ${r}`, font: FONT, size: 28 })] }));
    body.push(para([run('')]));
  }
  for (const b of doc.blocks) body.push(...(await blockParts(b)));
  body.push(para([run('')]));
  body.push(signatureTable({ copiesTo: doc.copiesTo, authority: doc.signature.authority, title: doc.signature.title, name: doc.signature.name }));
  // The annex: every source the blocks name, with its identifier.
  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(para([run('PHỤ LỤC: NGUỒN SỐ LIỆU', { bold: true })], { align: AlignmentType.CENTER, after: 120 }));
  body.push(dataTable(['STT', 'Nguồn số liệu', 'Mã'], doc.sources.map((s, i) => [String(i + 1), s.label, s.ref]), [Math.round(TEXT_WIDTH * 0.08), Math.round(TEXT_WIDTH * 0.64), Math.round(TEXT_WIDTH * 0.28)], (_v, i) => i === 0));
  return packDecree30(`${h.docType} ${h.subject}`, body);
}
