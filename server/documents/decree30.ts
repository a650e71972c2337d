/**
 * The administrative format of Decree 30/2020/NĐ-CP (Appendix I), shared by every .docx BaoPhu writes (a case's
 * papers in server/cases/documents.ts, the catalogue's reports in server/reports/render/docx.ts): Times New Roman,
 * A4 with margins top/bottom 20 mm, left 30 mm, right 15 mm; the header table (issuing body and its parent, number and
 * symbol on the left; national title, motto, place and date on the right); the "Nơi nhận" and signature block; plain
 * data tables.
 */
import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
  type ISectionOptions, type ITableCellOptions,
} from 'docx';

export const FONT = 'Times New Roman';
/** Twips per millimetre. */
export const MM = 56.7;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
/** The width of the text between the decree's left (30 mm) and right (15 mm) margins on A4, in twips. */
export const TEXT_WIDTH = Math.round((210 - 30 - 15) * MM);

import { NATIONAL_TITLE, NATIONAL_MOTTO, placeDate } from './wording.ts';

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

/** Replaces {name} with fields[name]; an unknown placeholder stays visible rather than silently vanishing. */
export function fill(text: string, fields: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in fields ? fields[k] : m));
}

/** A run of text in the decree's font; size in points (default 14). */
export const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: FONT, size: (o.size ?? 14) * 2, bold: o.bold, italics: o.italics });

/** A paragraph; `indent` = the body's first-line indent of 12.7 mm. */
export const para = (children: TextRun[], o: { align?: Align; indent?: boolean; after?: number; before?: number } = {}) =>
  new Paragraph({ children, alignment: o.align, indent: o.indent ? { firstLine: Math.round(12.7 * MM) } : undefined, spacing: { before: o.before, after: o.after ?? 60, line: 300 } });

export function cell(children: Paragraph[], width: number, extra: Partial<ITableCellOptions> = {}) {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, ...extra });
}


export interface HeaderSpec {
  issuerParent: string;
  issuer: string;
  /** The whole number line, e.g. "Số: 12/BC-SNV" or "Số:        /BHXH-QLT". */
  number: string;
  place: string;
  /** ISO date. */
  date: string;
  /** A letter's "V/v …" line under the number (công văn); a typed document puts its subject under the header instead. */
  letterSubject?: string;
}

/** Two borderless columns across the text width: the layout of the decree's header and of its closing. */
function twoColumns(left: Paragraph[], right: Paragraph[], leftWidth: number): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, TEXT_WIDTH - leftWidth)] })],
  });
}

/** The header table: issuing body, number (and a letter's subject) | national title, motto, place and date. */
export function headerTable(h: HeaderSpec): Table {
  return twoColumns([
    para([run(h.issuerParent.toUpperCase(), { size: 13 })], { align: AlignmentType.CENTER, after: 0 }),
    para([run(h.issuer.toUpperCase(), { size: 13, bold: true })], { align: AlignmentType.CENTER, after: 120 }),
    para([run(h.number, { size: 13 })], { align: AlignmentType.CENTER, after: 0 }),
    ...(h.letterSubject ? [para([run(h.letterSubject, { size: 12 })], { align: AlignmentType.CENTER })] : []),
  ], [
    para([run(NATIONAL_TITLE, { size: 13, bold: true })], { align: AlignmentType.CENTER, after: 0 }),
    para([run(NATIONAL_MOTTO, { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 240 }),
    para([run(placeDate(h.place, h.date), { size: 14, italics: true })], { align: AlignmentType.CENTER }),
  ], Math.round(TEXT_WIDTH * 0.42));
}

/** The closing table: "Nơi nhận:" and its lines | the signer's authority, title and name. */
export function signatureTable(s: { copiesTo: string[]; authority?: string | null; title: string; name: string }): Table {
  return twoColumns([
    para([run('Nơi nhận:', { size: 12, bold: true, italics: true })], { after: 0 }),
    ...s.copiesTo.map((c) => para([run(`- ${c}`, { size: 11 })], { after: 0 })),
  ], [
    ...(s.authority ? [para([run(s.authority, { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 0 })] : []),
    para([run(s.title, { size: 14, bold: true })], { align: AlignmentType.CENTER, after: 1200 }),
    para([run(s.name || ' ', { size: 14, bold: true })], { align: AlignmentType.CENTER }),
  ], Math.round(TEXT_WIDTH * 0.5));
}

/** A bordered data table with a repeated header row; numbers (and "… đ") right-aligned. */
export function dataTable(headers: string[], rows: string[][], widths?: number[], rightAligned?: (value: string, column: number) => boolean): Table {
  const w = widths ?? headers.map(() => Math.floor(TEXT_WIDTH / headers.length));
  const right = rightAligned ?? ((v: string, i: number) => i === 0 || /^-?[\d.,]+( đ| %)?$/.test(v));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell([para([run(h, { bold: true, size: 12 })], { align: AlignmentType.CENTER, after: 0 })], w[i])) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell([para([run(v, { size: 12 })], { align: right(v, i) ? AlignmentType.RIGHT : AlignmentType.LEFT, after: 0 })], w[i])) })),
    ],
  });
}

/** The A4 page of the decree (margins top/bottom 20 mm, left 30 mm, right 15 mm). */
export const DECREE30_PAGE: NonNullable<ISectionOptions['properties']> = {
  page: {
    size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
    margin: { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) },
  },
};

/** Packs one section of the decree's page into .docx bytes. */
export async function packDecree30(title: string, children: ISectionOptions['children']): Promise<Buffer> {
  const doc = new Document({
    creator: 'BaoPhu',
    title,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [{ properties: DECREE30_PAGE, children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
