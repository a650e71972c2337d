/**
 * Streaming XLSX reader on exceljs's WorkbookReader, with its multi-byte bug fixed.
 *
 * exceljs decodes every decompressed chunk of a sheet or of the shared strings separately
 * (`TextDecoder.decode(chunk)` without `stream: true` in utils/parse-sax.js), so a UTF-8 character
 * split across two chunks becomes "��" — about one Vietnamese name in a thousand (exceljs issues
 * #2063, #2084, #2316). Here the reader is subclassed so that both streams go through a stateful
 * UTF-8 decoder first; the parser then receives strings and never splits a character.
 *
 * Cells come back raw: numbers stay numbers (date cells as Excel serials: styles are not read),
 * formulas give their cached result, rich text is joined.
 */
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import type { Cell } from '../fields.ts';
import type { RawRow, RowSource } from './types.ts';
import { SourceError } from './types.ts';

/** Turns a byte stream into a stream of whole-character strings. */
function decodedStream(entry: Readable): Readable {
  const decoder = new StringDecoder('utf8');
  const transform = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      const text = decoder.write(chunk);
      cb(null, text.length ? text : undefined);
    },
    flush(cb) {
      const text = decoder.end();
      cb(null, text.length ? text : undefined);
    },
  });
  entry.on('error', (err) => transform.destroy(err));
  return entry.pipe(transform);
}

async function* decodedIterable(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of iterable) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text.length) yield text;
  }
  const rest = decoder.end();
  if (rest.length) yield rest;
}

type WorkbookReaderClass = new (input: string, options: Record<string, string>) => AsyncIterable<WorksheetReaderLike> & {
  model?: { sheets?: Array<{ id: number; name: string }> };
};
interface WorksheetReaderLike extends AsyncIterable<{ number: number; values: unknown[] }> {
  id: number | string;
  name: string;
}

const BaseReader = (ExcelJS as unknown as { stream: { xlsx: { WorkbookReader: WorkbookReaderClass } } }).stream.xlsx.WorkbookReader;

/** exceljs's WorkbookReader whose sheet and shared-strings streams are decoded with a stateful decoder. */
export class Utf8SafeWorkbookReader extends (BaseReader as unknown as new (input: string, options: Record<string, string>) => object) {
  // Overrides of exceljs internals (lib/stream/xlsx/workbook-reader.js).
  _parseSharedStrings(entry: Readable) {
    const base = (BaseReader.prototype as unknown as { _parseSharedStrings: (e: Readable) => AsyncGenerator }).
      _parseSharedStrings;
    return base.call(this, decodedStream(entry));
  }
  *_parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator {
    const base = (BaseReader.prototype as unknown as { _parseWorksheet: (i: AsyncIterable<string>, n: string) => Generator })._parseWorksheet;
    yield* base.call(this, decodedIterable(iterator), sheetNo);
  }
}

function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'object': {
      if (v instanceof Date) return (v.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
      if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : cellValue(o.result);
      if ('error' in o) return String(o.error);
      if ('text' in o) return String(o.text ?? '');
      return null;
    }
    default:
      return null;
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function isZip(head: Buffer) {
  return head.subarray(0, 4).equals(ZIP_MAGIC);
}

/** Translates the zip/XML errors of a broken workbook into a Vietnamese message. */
function brokenWorkbook(err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  return new SourceError(`Tệp XLSX bị hỏng hoặc không đọc được (${String((err as Error)?.message ?? err).slice(0, 120)}). Hãy mở bằng Excel và lưu lại.`);
}

export async function openXlsx(filePath: string): Promise<RowSource> {
  const size = (await fs.promises.stat(filePath)).size;
  let stream: { bytesRead?: number } | undefined;
  const source: RowSource = {
    fraction: () => (size && stream?.bytesRead ? Math.min(1, stream.bytesRead / size) : 0),
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheet: null,
    async *rows() {
      const reader = new Utf8SafeWorkbookReader(filePath, {
        sharedStrings: 'cache',
        styles: 'ignore',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'ignore',
      }) as unknown as InstanceType<WorkbookReaderClass> & { stream?: { bytesRead?: number } };
      let found = false;
      try {
        for await (const sheet of reader) {
          if (found) continue; // later sheets: drained by the reader
          found = true;
          stream = reader.stream;
          source.sheet = sheet.name;
          let expected = 1;
          let batch: RawRow[] = [];
          for await (const row of sheet) {
            const rowNo = Number.isFinite(row.number) ? row.number : expected;
            expected = rowNo + 1;
            const values = row.values;
            const cells: Cell[] = new Array(Math.max(0, values.length - 1));
            for (let i = 1; i < values.length; i++) cells[i - 1] = cellValue(values[i]);
            batch.push({ rowNo, cells });
            if (batch.length >= 2000) {
              yield batch;
              batch = [];
            }
          }
          if (batch.length) yield batch;
        }
      } catch (err) {
        throw brokenWorkbook(err);
      }
      if (!found) throw new SourceError('Tệp XLSX không có trang tính nào.');
    },
  };
  return source;
}
