/**
 * Streaming XLSX reader on exceljs's WorkbookReader, with its multi-byte bug fixed.
 *
 * exceljs decodes every decompressed chunk of a sheet or of the shared strings separately
 * (`TextDecoder.decode(chunk)` without `stream: true` in utils/parse-sax.js), so a UTF-8 character
 * split across two chunks becomes "��" — about one Vietnamese name in a thousand (exceljs issues
 * #2063, #2084, #2316). Here the reader is subclassed so that both streams go through a stateful
 * UTF-8 decoder first; the parser then receives strings and never splits a character.
 *
 * Sheets are read from exceljs's XML events (its parse-sax, on saxes) straight into plain rows
 * (LightSheet), skipping exceljs's Row/Cell model, which dominated the time on large sheets.
 * Cells come back raw: numbers stay numbers (date cells as Excel serials: styles are not read),
 * formulas give their cached result, rich text is joined.
 */
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
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

type WorkbookReaderClass = new (input: string, options: Record<string, string>) => AsyncIterable<LightSheet> & {
  model?: { sheets?: Array<{ id: number; name: string; rId: string }> };
};

const BaseReader = (ExcelJS as unknown as { stream: { xlsx: { WorkbookReader: WorkbookReaderClass } } }).stream.xlsx.WorkbookReader;

/** exceljs's XML event parser (saxes underneath): async batches of {eventType, value} per chunk. */
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: any };
const parseSax = createRequire(import.meta.url)('exceljs/lib/utils/parse-sax') as (iterable: AsyncIterable<string>) => AsyncGenerator<SaxEvent[]>;

/** Column index (0 = A) of a cell reference such as "AB12". */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A shared string: plain, or rich text runs joined. */
const textOf = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && Array.isArray((v as { richText?: unknown[] }).richText)
      ? (v as { richText: Array<{ text?: string | null }> }).richText.map((r) => r.text ?? '').join('')
      : v == null
        ? ''
        : String(v);

/**
 * A sheet read straight from its XML events into plain rows of raw values — no exceljs Row/Cell
 * objects (several times faster on large sheets). Cells: shared and inline strings as text, numbers
 * as numbers (dates are serials: styles are not read), booleans, formulas by their cached value
 * (none → blank).
 */
class LightSheet {
  id: number | string = 0;
  name = '';
  constructor(
    private readonly iterator: AsyncIterable<string>,
    private readonly sharedStrings: () => unknown[],
  ) {}

  async *rows(): AsyncGenerator<RawRow[]> {
    const shared = this.sharedStrings();
    let batch: RawRow[] = [];
    let cells: Cell[] = [];
    let rowNo = 0;
    let expectedRow = 1;
    let col = 0;
    let type: string | undefined;
    let text = '';
    let capture = false;
    let hasValue = false;
    let inRow = false;
    for await (const events of parseSax(this.iterator)) {
      for (const ev of events) {
        const value = ev.value;
        if (ev.eventType === 'text') {
          if (capture) text += value;
          continue;
        }
        const name: string = value.name;
        if (ev.eventType === 'opentag') {
          switch (name) {
            case 'row': {
              const r = parseInt(value.attributes.r, 10);
              rowNo = Number.isFinite(r) ? r : expectedRow;
              inRow = true;
              cells = [];
              col = 0;
              break;
            }
            case 'c': {
              const ref = value.attributes.r;
              if (ref) col = columnOf(ref);
              type = value.attributes.t;
              text = '';
              hasValue = false;
              break;
            }
            case 'v':
            case 't':
              if (inRow) {
                capture = true;
                hasValue = true;
              }
              break;
          }
        } else {
          switch (name) {
            case 'v':
            case 't':
              capture = false;
              break;
            case 'c': {
              if (!inRow) break;
              let cell: Cell = null;
              if (hasValue) {
                switch (type) {
                  case 's':
                    cell = textOf(shared[parseInt(text, 10)]);
                    break;
                  case 'inlineStr':
                  case 'str':
                  case 'd':
                  case 'e':
                    cell = text;
                    break;
                  case 'b':
                    cell = text === '1' || text === 'true';
                    break;
                  default:
                    cell = text === '' ? null : Number(text);
                }
              }
              cells[col] = cell;
              col++;
              break;
            }
            case 'row':
              for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
              batch.push({ rowNo, cells });
              expectedRow = rowNo + 1;
              inRow = false;
              if (batch.length >= 2000) {
                yield batch;
                batch = [];
              }
              break;
          }
        }
      }
    }
    if (batch.length) yield batch;
  }
}

/**
 * exceljs's WorkbookReader (zip entries, workbook, shared strings) whose sheet and shared-strings
 * streams are decoded with a stateful decoder, and whose sheets are read by LightSheet.
 */
export class Utf8SafeWorkbookReader extends (BaseReader as unknown as new (input: string, options: Record<string, string>) => object) {
  declare sharedStrings?: unknown[];
  declare workbookRels?: Array<{ Id: string; Target: string }>;
  declare model?: { sheets?: Array<{ id: number; name: string; rId: string }> };

  // Overrides of exceljs internals (lib/stream/xlsx/workbook-reader.js).
  _parseSharedStrings(entry: Readable) {
    const base = (BaseReader.prototype as unknown as { _parseSharedStrings: (e: Readable) => AsyncGenerator })._parseSharedStrings;
    return base.call(this, decodedStream(entry));
  }
  *_parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator {
    const sheet = new LightSheet(decodedIterable(iterator), () => this.sharedStrings ?? []);
    const rel = (this.workbookRels ?? []).find((r) => r.Target === `worksheets/sheet${sheetNo}.xml` || r.Target === `/xl/worksheets/sheet${sheetNo}.xml`);
    const model = rel && (this.model?.sheets ?? []).find((m) => m.rId === rel.Id);
    sheet.id = model?.id ?? sheetNo;
    sheet.name = model?.name ?? `Sheet${sheetNo}`;
    yield { eventType: 'worksheet', value: sheet };
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
          yield* sheet.rows();
        }
      } catch (err) {
        throw brokenWorkbook(err);
      }
      if (!found) throw new SourceError('Tệp XLSX không có trang tính nào.');
    },
  };
  return source;
}
