/**
 * Streaming writers for the generated agency files: CSV in the encodings real agency exports use (UTF-8 with and
 * without BOM, UTF-16 LE with BOM, Windows-1258) and XLSX through exceljs' streaming WorkbookWriter. Neither holds a
 * whole file in memory; both write deterministic bytes (fixed zip entry dates and document properties).
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvLine, type CsvOptions, type CsvValue } from '#shared/csv.ts';

export type CsvEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'cp1258';

const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

/**
 * Windows-1258 has the base letters with circumflex, breve and horn (â ê ô ă ơ ư đ) but writes tone marks as
 * combining characters: decompose, recompose everything but the tone, and put the tone after its letter.
 */
const cp1258Cache = new Map<string, string>();

export function toCp1258Form(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    let mapped = cp1258Cache.get(ch);
    if (mapped === undefined) {
      let tone = '';
      let rest = '';
      for (const c of ch.normalize('NFD')) {
        if (TONE_MARKS.has(c)) tone += c;
        else rest += c;
      }
      mapped = rest.normalize('NFC') + tone;
      cp1258Cache.set(ch, mapped);
    }
    out += mapped;
  }
  return out;
}

export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  switch (encoding) {
    case 'utf16le': return Buffer.from(text, 'utf16le');
    case 'cp1258': {
      const prepared = toCp1258Form(text);
      const buf = iconv.encode(prepared, 'windows-1258');
      return buf;
    }
    default: return Buffer.from(text, 'utf8');
  }
}

export function bomFor(encoding: CsvEncoding): Buffer {
  if (encoding === 'utf8bom') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf16le') return Buffer.from([0xff, 0xfe]);
  return Buffer.alloc(0);
}

export interface RowSink {
  writeRow(cells: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export class CsvSink implements RowSink {
  private readonly out: fs.WriteStream;
  private buffer = '';
  private readonly options: CsvOptions;

  constructor(filePath: string, readonly encoding: CsvEncoding, readonly separator: string, readonly newline: string) {
    this.out = fs.createWriteStream(filePath);
    this.out.write(bomFor(encoding));
    // These are synthetic agency *source* files, written as an agency would export them: the importer must read
    // back exactly the generated values, so formula-leading text is not neutralised here (it is in every export).
    this.options = { separator, newline, neutraliseFormulas: false };
  }

  async writeRow(cells: unknown[]): Promise<void> {
    this.buffer += csvLine(cells as CsvValue[], this.options);
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  private async flush() {
    if (!this.buffer) return;
    const chunk = encodeText(this.buffer, this.encoding);
    this.buffer = '';
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** exceljs streaming writer whose zip entries carry a fixed date (reproducible bytes). */
function deterministicWriter(options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0], date: Date) {
  const patch = (zip: { append: (src: unknown, data: Record<string, unknown>) => unknown; __fixed?: boolean }) => {
    if (zip.__fixed) return;
    const append = zip.append.bind(zip);
    zip.append = (src, data) => append(src, { ...data, date });
    zip.__fixed = true;
  };
  class Writer extends ExcelJS.stream.xlsx.WorkbookWriter {
    addThemes() {
      patch((this as unknown as { zip: Parameters<typeof patch>[0] }).zip);
      return (ExcelJS.stream.xlsx.WorkbookWriter.prototype as unknown as { addThemes: () => Promise<void> }).addThemes.call(this);
    }
    addOfficeRels() {
      patch((this as unknown as { zip: Parameters<typeof patch>[0] }).zip);
      return (ExcelJS.stream.xlsx.WorkbookWriter.prototype as unknown as { addOfficeRels: () => Promise<void> }).addOfficeRels.call(this);
    }
  }
  return new Writer(options);
}

export interface XlsxCell {
  value: unknown;
  numFmt?: string;
  bold?: boolean;
}

export class XlsxSink implements RowSink {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  private rowsSinceCheck = 0;
  private readonly out: fs.WriteStream;

  constructor(filePath: string, sheetName: string, fixedDate: Date, columnWidths: number[]) {
    this.out = fs.createWriteStream(filePath);
    this.wb = deterministicWriter({ stream: this.out, useStyles: true, useSharedStrings: false, created: fixedDate, modified: fixedDate, creator: 'BaoPhu', lastModifiedBy: 'BaoPhu' } as never, fixedDate);
    this.ws = this.wb.addWorksheet(sheetName);
    this.ws.columns = columnWidths.map((width) => ({ width }));
  }

  /** Cells are plain values, or {value, numFmt, bold}. */
  async writeRow(cells: unknown[]): Promise<void> {
    const row = this.ws.addRow(cells.map((c) => (c && typeof c === 'object' && 'value' in (c as object) ? (c as XlsxCell).value : c)));
    cells.forEach((c, k) => {
      if (c && typeof c === 'object' && 'value' in (c as object)) {
        const cell = row.getCell(k + 1);
        const x = c as XlsxCell;
        if (x.numFmt) cell.numFmt = x.numFmt;
        if (x.bold) cell.font = { bold: true };
      }
    });
    row.commit();
    if (++this.rowsSinceCheck >= 2000) {
      this.rowsSinceCheck = 0;
      await this.backpressure();
    }
  }

  mergeCells(top: number, left: number, bottom: number, right: number) {
    this.ws.mergeCells(top, left, bottom, right);
  }

  /** Waits while the zip deflater (or the file) has a lot of pending data, so memory stays bounded. */
  private async backpressure() {
    await new Promise((resolve) => setImmediate(resolve));
    const stream = (this.ws as unknown as { stream?: { pipes?: NodeJS.WritableStream[] } }).stream;
    for (const pipe of stream?.pipes ?? []) {
      const w = pipe as unknown as { writableLength?: number };
      while ((w.writableLength ?? 0) > 4 << 20) await once(pipe, 'drain');
    }
    while (this.out.writableLength > 8 << 20) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    (this.ws as unknown as { commit: () => void }).commit();
    await this.wb.commit();
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }
}
