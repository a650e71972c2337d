/**
 * A report as an A4 PDF in the layout of an administrative document (Decree 30/2020/NĐ-CP, Appendix I): the issuing
 * body and the national title side by side, the number and symbol on the left and the place and date in italics
 * on the right, the document type and subject centred in bold, "Kính gửi:", the body (headings, justified
 * paragraphs, tables whose header row repeats on every page they cross, charts as images), then "Nơi nhận:" on
 * the left and the signature block on the right; page numbers centred at the top from the second page; margins
 * top 20 mm, bottom 20 mm, left 30 mm, right 15 mm. The same wording rules as the docx (server/cases/documents.ts).
 *
 * Made with pdfkit (text as real text with embedded, subsetted TrueType fonts and a ToUnicode map, so pdftotext
 * gives back the Vietnamese words); serif font from the npm package dejavu-fonts-ttf (see ../fonts.ts).
 */
import PDFDocument from 'pdfkit';
import { formatDate, formatInt, formatPct, formatPeriod } from '#shared/format.ts';
import { renderChartPng } from '../charts.ts';
import { FONT_FILES } from '../fonts.ts';
import type { Block, Cell, Column, DataSource, ReportDocument } from '../model.ts';

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Body text size (the decree asks 13–14 pt), table text, and the space after a paragraph. */
const SIZE = { body: 13, small: 12, table: 10.5, note: 11 };
const LINE_GAP = 2.5;
const PARA_AFTER = 6;

type Font = 'R' | 'B' | 'I' | 'BI';
type Doc = PDFKit.PDFDocument;

/** The Vietnamese date line: "Thái Nguyên, ngày 05 tháng 12 năm 2026". */
export function placeDateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

/** A table cell as written in every format of the report: numbers 1.234.567, percentages 12,5 %, dates dd/mm/yyyy. */
export function formatCell(value: Cell, format: Column['format']): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string' && format === 'text') return value;
  switch (format) {
    case 'int':
    case 'money':
      return typeof value === 'number' ? formatInt(value) : value;
    case 'percent':
      return typeof value === 'number' ? formatPct(value) : value;
    case 'date':
      return formatDate(String(value));
    case 'period':
      return formatPeriod(String(value));
    default:
      return String(value);
  }
}

const NUMERIC: ReadonlySet<Column['format']> = new Set(['int', 'money', 'percent']);

const use = (doc: Doc, font: Font, size: number) => doc.font(font).fontSize(size);

/** The largest size ≤ `size` at which `text` fits in `width` on one line (never below 9 pt). */
function fitSize(doc: Doc, text: string, font: Font, size: number, width: number): number {
  let s = size;
  while (s > 9 && use(doc, font, s).widthOfString(text) > width) s -= 0.25;
  return s;
}

/** Centred text in the column [x, x + width], from y; returns the y below it. */
function centred(doc: Doc, text: string, x: number, y: number, width: number, font: Font, size: number): number {
  use(doc, font, size).text(text, x, y, { width, align: 'center', lineGap: LINE_GAP });
  return doc.y;
}

/** A short rule centred under a title line (the decree's line under the issuer and under the motto). */
function rule(doc: Doc, cx: number, y: number, length: number) {
  doc.save().lineWidth(0.6).moveTo(cx - length / 2, y).lineTo(cx + length / 2, y).stroke('#000000').restore();
}

/** Starts a new page when `height` points do not fit below the current position. */
function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > BOTTOM) doc.addPage();
}

function header(doc: Doc, report: ReportDocument) {
  const h = report.header;
  const leftW = TEXT_WIDTH * 0.4;
  const rightX = MARGIN.left + leftW;
  const rightW = TEXT_WIDTH - leftW;
  const top = MARGIN.top;

  // Left: the governing body, the issuer in bold with a short rule under it.
  let ly = centred(doc, h.issuerParent.toUpperCase(), MARGIN.left, top, leftW, 'R', fitSize(doc, h.issuerParent.toUpperCase(), 'R', SIZE.small, leftW));
  const issuer = h.issuer.toUpperCase();
  ly = centred(doc, issuer, MARGIN.left, ly, leftW, 'B', fitSize(doc, issuer, 'B', SIZE.small, leftW));
  rule(doc, MARGIN.left + leftW / 2, ly + 2, leftW * 0.35);

  // Right: the national title and the motto in bold, a rule as long as the motto under it.
  let ry = centred(doc, NATIONAL_TITLE, rightX, top, rightW, 'B', fitSize(doc, NATIONAL_TITLE, 'B', SIZE.small, rightW));
  const mottoSize = fitSize(doc, NATIONAL_MOTTO, 'B', SIZE.body, rightW);
  ry = centred(doc, NATIONAL_MOTTO, rightX, ry, rightW, 'B', mottoSize);
  rule(doc, rightX + rightW / 2, ry + 2, use(doc, 'B', mottoSize).widthOfString(NATIONAL_MOTTO));

  // The number on the left and the place and date in italics on the right, on one line.
  const y = Math.max(ly, ry) + 10;
  const numberEnd = centred(doc, h.number, MARGIN.left, y, leftW, 'R', fitSize(doc, h.number, 'R', SIZE.body, leftW));
  const dateLine = placeDateLine(h.place, h.date);
  const dateEnd = centred(doc, dateLine, rightX, y, rightW, 'I', fitSize(doc, dateLine, 'I', SIZE.body, rightW));

  // The document type and its subject, centred in bold.
  let by = Math.max(numberEnd, dateEnd) + 18;
  by = centred(doc, h.docType.toUpperCase(), MARGIN.left, by, TEXT_WIDTH, 'B', 14);
  by = centred(doc, h.subject, MARGIN.left + TEXT_WIDTH * 0.08, by + 2, TEXT_WIDTH * 0.84, 'B', SIZE.body + 0.5);
  doc.y = by + 12;

  // "Kính gửi:" on one centred line for one recipient, a list beside the label for several.
  if (report.recipients.length === 1) {
    use(doc, 'R', SIZE.body + 0.5).text(`Kính gửi: ${report.recipients[0]}.`, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'center', lineGap: LINE_GAP });
  } else if (report.recipients.length > 1) {
    const label = 'Kính gửi:';
    const lx = MARGIN.left + TEXT_WIDTH * 0.12;
    const labelW = use(doc, 'R', SIZE.body + 0.5).widthOfString(label) + 8;
    const ry0 = doc.y;
    doc.text(label, lx, ry0, { lineBreak: false });
    doc.y = ry0;
    report.recipients.forEach((r, i) => {
      const last = i === report.recipients.length - 1;
      doc.text(`- ${r}${last ? '.' : ';'}`, lx + labelW, doc.y, { width: MARGIN.left + TEXT_WIDTH - lx - labelW, lineGap: LINE_GAP });
    });
  }
  doc.y += 12;
  doc.x = MARGIN.left;
}

function paragraph(doc: Doc, text: string) {
  use(doc, 'R', SIZE.body);
  ensureRoom(doc, doc.currentLineHeight(true) * 2);
  doc.text(text, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'justify', indent: 12.7 * MM, lineGap: LINE_GAP });
  doc.y += PARA_AFTER;
}

function heading(doc: Doc, level: 1 | 2, text: string) {
  const font: Font = level === 1 ? 'B' : 'BI';
  use(doc, font, SIZE.body);
  // A heading never stays alone at the bottom of a page.
  ensureRoom(doc, doc.heightOfString(text, { width: TEXT_WIDTH, lineGap: LINE_GAP }) + doc.currentLineHeight(true) * 3);
  doc.y += 4;
  doc.text(text, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'left', lineGap: LINE_GAP });
  doc.y += PARA_AFTER - 2;
}

function sourcesNote(doc: Doc, sources: DataSource[]) {
  if (!sources.length) return;
  use(doc, 'I', SIZE.note);
  const text = `Nguồn số liệu: ${sources.map((s) => s.label).join('; ')}.`;
  ensureRoom(doc, doc.heightOfString(text, { width: TEXT_WIDTH }));
  doc.text(text, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'left', lineGap: 1 });
  doc.y += PARA_AFTER;
}

/** Column widths from the widest word of each header and the widest cell, scaled to the text width. */
function columnWidths(doc: Doc, columns: Column[], body: string[][]): number[] {
  const pad = 8;
  const want = columns.map((c, i) => {
    use(doc, 'B', SIZE.table);
    const headerWord = Math.max(...c.header.split(/\s+/).map((w) => doc.widthOfString(w)));
    use(doc, 'R', SIZE.table);
    let widest = 0;
    for (const row of body) widest = Math.max(widest, doc.widthOfString(row[i] ?? ''));
    return { min: Math.max(headerWord, NUMERIC.has(c.format) ? widest : Math.min(widest, 40)) + pad, ideal: Math.max(headerWord, widest) + pad };
  });
  const idealSum = want.reduce((s, w) => s + w.ideal, 0);
  if (idealSum <= TEXT_WIDTH) return want.map((w) => (w.ideal / idealSum) * TEXT_WIDTH);
  const minSum = want.reduce((s, w) => s + w.min, 0);
  if (minSum >= TEXT_WIDTH) return want.map((w) => (w.min / minSum) * TEXT_WIDTH);
  // The room above the minimums goes to the columns that want more, in proportion to what they lack.
  const spare = TEXT_WIDTH - minSum;
  const lack = want.reduce((s, w) => s + (w.ideal - w.min), 0);
  return want.map((w) => w.min + ((w.ideal - w.min) / lack) * spare);
}

function table(doc: Doc, block: Extract<Block, { kind: 'table' }>) {
  const body = block.rows.map((row) => block.columns.map((c, i) => formatCell(row[i] ?? null, c.format)));
  const widths = columnWidths(doc, block.columns, body);
  const padX = 3;
  const padY = 2.5;
  const align = (c: Column) => (NUMERIC.has(c.format) ? 'right' : c.format === 'text' ? 'left' : 'center');

  const rowHeight = (cells: string[], font: Font) => {
    use(doc, font, SIZE.table);
    return Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i] - 2 * padX, lineGap: 0.5 }))) + 2 * padY;
  };
  const drawRow = (cells: string[], font: Font, fill: string | null, aligns: ('left' | 'right' | 'center')[]) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    let x = MARGIN.left;
    cells.forEach((t, i) => {
      if (fill) doc.save().rect(x, y, widths[i], h).fill(fill).restore();
      doc.save().lineWidth(0.5).rect(x, y, widths[i], h).stroke('#000000').restore();
      use(doc, font, SIZE.table).fillColor('#000000').text(t, x + padX, y + padY, { width: widths[i] - 2 * padX, align: aligns[i], lineGap: 0.5 });
      x += widths[i];
    });
    doc.y = y + h;
  };
  const headers = block.columns.map((c) => c.header);
  const headerAligns = block.columns.map(() => 'center' as const);
  const headerH = rowHeight(headers, 'B');

  // The title stays with the header row and the first row.
  use(doc, 'B', SIZE.body);
  const titleH = block.title ? doc.heightOfString(block.title, { width: TEXT_WIDTH, lineGap: LINE_GAP }) + 4 : 0;
  ensureRoom(doc, titleH + headerH + (body.length ? rowHeight(body[0], 'R') : 0));
  if (block.title) {
    doc.y += 2;
    doc.text(block.title, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'center', lineGap: LINE_GAP });
    doc.y += 2;
  }
  drawRow(headers, 'B', '#e8e8e8', headerAligns);
  const aligns = block.columns.map(align);
  for (const cells of body) {
    if (doc.y + rowHeight(cells, 'R') > BOTTOM) {
      doc.addPage();
      drawRow(headers, 'B', '#e8e8e8', headerAligns);
    }
    drawRow(cells, 'R', null, aligns);
  }
  doc.x = MARGIN.left;
  doc.y += 4;
  sourcesNote(doc, block.sources);
}

async function chart(doc: Doc, block: Extract<Block, { kind: 'chart' }>) {
  const png = await renderChartPng(block.chart, { width: 1800 });
  // The PNG's size is in its IHDR chunk: width at byte 16, height at byte 20.
  const ratio = png.readUInt32BE(20) / png.readUInt32BE(16);
  let width = TEXT_WIDTH;
  let height = width * ratio;
  const maxHeight = (BOTTOM - MARGIN.top) * 0.8;
  if (height > maxHeight) {
    height = maxHeight;
    width = height / ratio;
  }
  use(doc, 'I', SIZE.note);
  const caption = `Biểu đồ: ${block.chart.title}`;
  ensureRoom(doc, height + doc.currentLineHeight(true) + 6);
  const y = doc.y + 2;
  doc.image(png, MARGIN.left + (TEXT_WIDTH - width) / 2, y, { width, height });
  doc.y = y + height + 3;
  doc.text(caption, MARGIN.left, doc.y, { width: TEXT_WIDTH, align: 'center', lineGap: 1 });
  doc.y += 2;
  sourcesNote(doc, block.sources);
}

function signature(doc: Doc, report: ReportDocument) {
  const leftW = TEXT_WIDTH * 0.5;
  const rightX = MARGIN.left + leftW;
  const rightW = TEXT_WIDTH - leftW;
  const s = report.signature;
  const rightLines = [s.authority, s.title].filter((l): l is string => !!l).map((l) => l.toUpperCase());
  use(doc, 'R', SIZE.note);
  const copies = report.copiesTo.map((c, i) => `- ${c}${i === report.copiesTo.length - 1 ? '.' : ';'}`);
  const leftH = 16 + copies.reduce((sum, c) => sum + doc.heightOfString(c, { width: leftW - 4 }), 0);
  const rightH = rightLines.length * 18 + 25 * MM + 18;
  ensureRoom(doc, Math.max(leftH, rightH) + 12);
  const top = doc.y + 12;

  use(doc, 'BI', SIZE.small).text('Nơi nhận:', MARGIN.left, top, { width: leftW - 4 });
  use(doc, 'R', SIZE.note);
  for (const c of copies) doc.text(c, MARGIN.left, doc.y, { width: leftW - 4, lineGap: 0.5 });
  const leftEnd = doc.y;

  let y = top;
  for (const line of rightLines) y = centred(doc, line, rightX, y, rightW, 'B', fitSize(doc, line, 'B', SIZE.body, rightW));
  y += 25 * MM; // room for the signature and the seal
  y = centred(doc, s.name, rightX, y, rightW, 'B', SIZE.body);
  doc.x = MARGIN.left;
  doc.y = Math.max(leftEnd, y);
}

/** The annex "Nguồn số liệu": every source of the report's figures with its stable identifier. */
function sourcesAnnex(doc: Doc, sources: DataSource[]) {
  if (!sources.length) return;
  doc.addPage();
  centred(doc, 'PHỤ LỤC: NGUỒN SỐ LIỆU', MARGIN.left, MARGIN.top, TEXT_WIDTH, 'B', SIZE.body);
  doc.y += 8;
  table(doc, {
    kind: 'table',
    title: '',
    columns: [{ header: 'STT', format: 'int' }, { header: 'Nguồn số liệu', format: 'text' }, { header: 'Mã dữ liệu', format: 'text' }],
    rows: sources.map((s, i) => [i + 1, s.label, s.ref]),
    sources: [],
  });
}

/** Page numbers centred in the top margin, from the second page (Decree 30). */
function pageNumbers(doc: Doc) {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.top;
    doc.page.margins.top = 0;
    use(doc, 'R', SIZE.body).text(String(i - range.start + 1), MARGIN.left, 9 * MM, { width: TEXT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.top = saved;
  }
}

/** The report as an A4 PDF. */
export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const title = `${report.header.docType} ${report.header.subject}`.normalize('NFC');
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: report.header.issuer, Creator: 'BaoPhu', CreationDate: new Date(`${report.header.date.slice(0, 10)}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', FONT_FILES.serif);
  doc.registerFont('B', FONT_FILES.serifBold);
  doc.registerFont('I', FONT_FILES.serifItalic);
  doc.registerFont('BI', FONT_FILES.serifBoldItalic);

  // Text is written as given in NFC, so a decomposed tone mark does not come back as a separate character.
  const nfc = (s: string) => s.normalize('NFC');
  const norm: ReportDocument = JSON.parse(JSON.stringify(report), (_k, v) => (typeof v === 'string' ? nfc(v) : v));

  header(doc, norm);
  for (const block of norm.blocks) {
    if (block.kind === 'heading') heading(doc, block.level, block.text);
    else if (block.kind === 'paragraph') paragraph(doc, block.text);
    else if (block.kind === 'table') table(doc, block);
    else await chart(doc, block);
  }
  signature(doc, norm);
  sourcesAnnex(doc, norm.sources);
  pageNumbers(doc);
  doc.end();
  return done;
}
