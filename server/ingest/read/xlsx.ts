/**
 * Streaming XLSX reader: the zip entries (exceljs's unzipper) and their XML events (exceljs's
 * parse-sax, on saxes) are read straight into plain rows of the first sheet, with every cost a hostile
 * workbook could impose bounded (server/ingest/limits.ts).
 *
 * - UTF-8: exceljs decodes every decompressed chunk separately (`TextDecoder.decode(chunk)` without
 *   `stream: true` in utils/parse-sax.js), so a character split across two chunks became "��" — about
 *   one Vietnamese name in a thousand (exceljs issues #2063, #2084, #2316). Every part goes through a
 *   stateful decoder first; the parser receives whole characters.
 * - Bounds: zip entries; decompressed bytes per part and in total (counted as they are inflated, not
 *   taken from the zip headers, which can lie); the text between two tags and the nesting depth (the
 *   XML parser keeps both whole); shared strings (count, length of one, bytes); cells; and every cell
 *   and row reference within Excel's sheet limits (XFD, 1 048 576) — the reader allocates by column.
 * - Only the first sheet (in zip order) is parsed; other parts are drained and counted. A sheet that
 *   comes before the shared strings is stored in a private temporary file, removed when reading stops.
 *
 * Cells come back raw: numbers stay numbers (date cells as Excel serials: styles are not read),
 * formulas give their cached result, rich text is joined.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { formatInt } from '#shared/format.ts';
import type { Cell } from '../fields.ts';
import type { RawRow, RowSource } from './types.ts';
import { SourceError } from './types.ts';
import { megabytes, XLSX_LIMITS, XLSX_MAX_COLUMNS, XLSX_MAX_ROWS, type XlsxLimits } from '../limits.ts';

const requireHere = createRequire(import.meta.url);
const requireExceljs = createRequire(requireHere.resolve('exceljs'));
const unzip = requireExceljs('unzipper') as { Parse: (options: { forceStream: boolean }) => NodeJS.ReadWriteStream };
/** exceljs's XML event parser (saxes underneath): async batches of {eventType, value} per chunk. */
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: any };
const parseSax = requireHere('exceljs/lib/utils/parse-sax') as (iterable: AsyncIterable<string>) => AsyncGenerator<SaxEvent[]>;

/** Deeper nesting than any spreadsheet part has (a sheet is ~7 levels); the parser keeps every open tag. */
const MAX_XML_DEPTH = 100;
/** Rows per batch, and cells per batch (a row can be 16 384 cells wide). */
const BATCH_ROWS = 2000;
const BATCH_CELLS = 200_000;

interface ZipEntry extends Readable {
  path: string;
}

const ignore = () => {};
const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';

/** A reference or name from the file, safe and short enough to quote in a message. */
function quoted(text: string): string {
  const clean = text.replace(/[^\p{L}\p{N} $./_-]/gu, '?');
  return clean.length > 24 ? `${clean.slice(0, 24)}…` : clean;
}

const tooLarge = (what: string) => new SourceError(`Tệp XLSX vượt giới hạn ${what}. Tệp không được nhập.`);

// ------------------------------------------------------------------ bytes and text of one part

/**
 * Compressed bytes handed to the inflater but maybe not yet inflated: one file chunk (64 KB) in the
 * zip parser's pass-through and the inflater's input buffer (16 KB).
 */
const IN_FLIGHT_BYTES = 80 * 1024;

/**
 * Decompressed bytes: per part, for the whole workbook, and against the compressed bytes read for the
 * part (the file is read in order, so what the zip parser passed on since the part began is its compressed
 * size so far, give or take what is in flight), counted as they are inflated.
 */
class ExpansionBudget {
  private total = 0;
  private entries = 0;

  constructor(private readonly limits: XlsxLimits, private readonly compressedBytesRead: () => number) {}

  countEntry() {
    if (++this.entries > this.limits.entries) throw tooLarge(`${formatInt(this.limits.entries)} thành phần nén (zip)`);
  }

  /** A pass-through that refuses the part once it, or the workbook, inflates past its bound. */
  meter(partName: string, limit: number): Transform {
    const L = this.limits;
    const startedAt = this.compressedBytesRead();
    let bytes = 0;
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        bytes += chunk.length;
        this.total += chunk.length;
        if (bytes > limit) return cb(tooLarge(`khi giải nén: phần "${quoted(partName)}" lớn hơn ${megabytes(limit)}`));
        if (this.total > L.totalBytes) return cb(tooLarge(`khi giải nén: tổng dung lượng lớn hơn ${megabytes(L.totalBytes)}`));
        if (bytes > L.inflateRatioGraceBytes && bytes > L.inflateRatio * (this.compressedBytesRead() - startedAt + IN_FLIGHT_BYTES)) {
          return cb(tooLarge(`tỉ lệ nén: phần "${quoted(partName)}" giải nén ra hơn ${formatInt(L.inflateRatio)} lần dung lượng nén (tệp "bom nén")`));
        }
        cb(null, chunk);
      },
    });
  }
}

/**
 * Whole-character strings of a byte stream, each checked so that no text or tag runs longer than
 * maxRun without a "<" (the XML parser would hold it whole).
 */
async function* decodedText(bytes: AsyncIterable<Buffer>, partName: string, maxRun: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let run = 0; // characters since the last "<"
  const check = (text: string) => {
    const first = text.indexOf('<');
    if (first === -1) run += text.length;
    else {
      if (run + first > maxRun) run += first;
      else if (text.length > maxRun) {
        // A long chunk: look at every gap between two "<".
        for (let at = first, next; at !== -1; at = next) {
          next = text.indexOf('<', at + 1);
          if ((next === -1 ? text.length : next) - at > maxRun) run = maxRun + 1;
        }
        if (run <= maxRun) run = text.length - text.lastIndexOf('<');
      } else run = text.length - text.lastIndexOf('<');
    }
    if (run > maxRun) {
      throw tooLarge(`${formatInt(maxRun)} ký tự cho một đoạn văn bản hoặc một thẻ XML (phần "${quoted(partName)}")`);
    }
  };
  for await (const chunk of bytes) {
    const text = decoder.write(chunk);
    if (text.length) {
      check(text);
      yield text;
    }
  }
  const rest = decoder.end();
  if (rest.length) {
    check(rest);
    yield rest;
  }
}

/** XML events of a part, refusing nesting deeper than any spreadsheet part has. */
async function* xmlEvents(text: AsyncIterable<string>, partName: string): AsyncGenerator<SaxEvent[]> {
  let depth = 0;
  for await (const events of parseSax(text)) {
    for (const ev of events) {
      if (ev.eventType === 'opentag') {
        if (++depth > MAX_XML_DEPTH) throw tooLarge(`${MAX_XML_DEPTH} cấp thẻ XML lồng nhau (phần "${quoted(partName)}")`);
      } else if (ev.eventType === 'closetag') depth--;
    }
    yield events;
  }
}

/** Local name of a tag or attribute ("x:sheet" → "sheet"). */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

// ------------------------------------------------------------------ workbook parts read whole

/** Relationship id → target of xl/_rels/workbook.xml.rels. */
async function readRelationships(events: AsyncIterable<SaxEvent[]>): Promise<Map<string, string>> {
  const rels = new Map<string, string>();
  for await (const batch of events) {
    for (const ev of batch) {
      if (ev.eventType === 'opentag' && localName(ev.value.name) === 'Relationship') {
        const { Id, Target } = ev.value.attributes as Record<string, string>;
        if (Id && Target) rels.set(Id, Target);
      }
    }
  }
  return rels;
}

/** Sheets of xl/workbook.xml: name and relationship id, in workbook order. */
async function readSheetList(events: AsyncIterable<SaxEvent[]>): Promise<Array<{ name: string; rId: string }>> {
  const sheets: Array<{ name: string; rId: string }> = [];
  for await (const batch of events) {
    for (const ev of batch) {
      if (ev.eventType === 'opentag' && localName(ev.value.name) === 'sheet') {
        const attrs = ev.value.attributes as Record<string, string>;
        const rIdKey = Object.keys(attrs).find((k) => localName(k) === 'id' && k.includes(':'));
        sheets.push({ name: String(attrs.name ?? ''), rId: rIdKey ? String(attrs[rIdKey]) : '' });
      }
    }
  }
  return sheets;
}

/**
 * The shared-strings table, held while the sheet is read: the texts as UTF-8 in 1 MB blocks with their
 * places in typed arrays — about half the memory of as many JS strings (two bytes a character once one
 * is not Latin-1, plus a header each), and nothing that keeps the parser's chunks of XML alive.
 */
class SharedStrings {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Buffer[] = [];
  private block = Buffer.alloc(0);
  private used = 0;
  private starts = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  length = 0;

  push(text: string) {
    const bytes = Buffer.byteLength(text);
    if (this.used + bytes > this.block.length) {
      this.block = Buffer.allocUnsafe(Math.max(SharedStrings.BLOCK, bytes));
      this.blocks.push(this.block);
      this.used = 0;
    }
    if (this.length === this.starts.length) {
      const starts = new Float64Array(this.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const lengths = new Uint32Array(this.length * 2);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
    this.block.write(text, this.used, 'utf8');
    // Block number and offset in one number (blocks are at most 2^32 bytes, far more than a string).
    this.starts[this.length] = (this.blocks.length - 1) * 2 ** 32 + this.used;
    this.lengths[this.length] = bytes;
    this.length++;
    this.used += bytes;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const start = this.starts[index];
    const block = Math.floor(start / 2 ** 32);
    const offset = start - block * 2 ** 32;
    return this.blocks[block].toString('utf8', offset, offset + this.lengths[index]);
  }
}

/** The shared-strings part: each entry's text (rich-text runs joined, phonetic runs left out). */
async function readSharedStrings(events: AsyncIterable<SaxEvent[]>, L: XlsxLimits): Promise<SharedStrings> {
  const strings = new SharedStrings();
  let parts: string[] = [];
  let length = 0;
  let inText = false;
  let phonetic = 0;
  for await (const batch of events) {
    for (const ev of batch) {
      if (ev.eventType === 'text') {
        if (!inText || phonetic) continue;
        length += ev.value.length;
        if (length > L.cellChars) {
          throw tooLarge(`${formatInt(L.cellChars)} ký tự cho một chuỗi (chuỗi dùng chung thứ ${formatInt(strings.length + 1)})`);
        }
        parts.push(ev.value);
        continue;
      }
      const name = localName(ev.value.name);
      const open = ev.eventType === 'opentag';
      if (name === 't') inText = open;
      else if (name === 'rPh') phonetic += open ? 1 : -1;
      else if (name === 'si') {
        if (open) {
          parts = [];
          length = 0;
        } else {
          if (strings.length >= L.sharedStrings) throw tooLarge(`${formatInt(L.sharedStrings)} chuỗi dùng chung`);
          strings.push(parts.length === 1 ? parts[0] : parts.join(''));
        }
      }
    }
  }
  return strings;
}

// ------------------------------------------------------------------ the sheet

/** Column index (0 = A) and row number of a cell reference such as "AB12", or null when it is not one. */
function parseCellRef(ref: string): { col: number; row: number | null } | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0) return null;
  const digits = ref.slice(i);
  if (!/^\d{0,8}$/.test(digits)) return null;
  return { col: col - 1, row: digits ? Number(digits) : null };
}

/** `cell`: the reference as written (quoted here), or where the cell is when it has none. */
function cellOutOfBounds(sheet: string, cell: { ref: string } | { rowNo: number; col: number }, rowNo: number): SourceError {
  const where = 'ref' in cell ? `ô ${quoted(cell.ref)}` : `dòng ${formatInt(cell.rowNo)}, ô thứ ${formatInt(cell.col + 1)}`;
  return new SourceError(
    `Trang "${quoted(sheet)}", ${where}: địa chỉ ô vượt giới hạn của Excel (cột cuối là XFD, dòng cuối là ${formatInt(XLSX_MAX_ROWS)}) hoặc không hợp lệ. Tệp không được nhập.`,
    rowNo,
  );
}

/**
 * Rows of a sheet, read straight from its XML events into plain arrays of raw values — no exceljs
 * Row/Cell objects (several times faster on large sheets). Cells: shared and inline strings as text,
 * numbers as numbers (dates are serials: styles are not read), booleans, formulas by their cached
 * value (none → blank). A row is as long as its last cell with a value.
 */
/** How far the reading of a sheet is: its last row by its `<dimension>` (when it has one) and the row reached. */
interface SheetProgress {
  lastRow: number | null;
  rowNo: number;
}

async function* sheetRows(events: AsyncIterable<SaxEvent[]>, sheet: string, shared: SharedStrings, L: XlsxLimits, progress: SheetProgress): AsyncGenerator<RawRow[]> {
  let batch: RawRow[] = [];
  let batchCells = 0;
  let totalCells = 0;
  let cells: Cell[] = [];
  let rowNo = 0;
  let col = -1;
  let ref = '';
  let type: string | undefined;
  let text = '';
  let capture = false;
  let hasValue = false;
  let inRow = false;
  for await (const evs of events) {
    for (const ev of evs) {
      const value = ev.value;
      if (ev.eventType === 'text') {
        if (capture) {
          text += value;
          if (text.length > L.cellChars) {
            throw tooLarge(`${formatInt(L.cellChars)} ký tự cho một ô (trang "${quoted(sheet)}", ô ${quoted(ref || String(col + 1))}, dòng ${formatInt(rowNo)})`);
          }
        }
        continue;
      }
      const name: string = value.name;
      if (ev.eventType === 'opentag') {
        switch (name) {
          case 'dimension': {
            const last = /:[A-Z]{1,3}(\d{1,8})$/.exec(String(value.attributes.ref ?? ''));
            progress.lastRow = last ? Number(last[1]) : null;
            break;
          }
          case 'row': {
            const r = value.attributes.r;
            rowNo = r === undefined ? rowNo + 1 : /^\d{1,8}$/.test(r) ? Number(r) : NaN;
            if (!(rowNo >= 1 && rowNo <= XLSX_MAX_ROWS)) {
              throw new SourceError(`Trang "${quoted(sheet)}", dòng ${quoted(String(r ?? ''))}: số dòng vượt giới hạn của Excel (${formatInt(XLSX_MAX_ROWS)} dòng) hoặc không hợp lệ. Tệp không được nhập.`);
            }
            inRow = true;
            cells = [];
            col = -1;
            break;
          }
          case 'c': {
            const r: string | undefined = value.attributes.r;
            if (r) {
              const at = parseCellRef(r);
              if (!at || at.col >= XLSX_MAX_COLUMNS || (at.row !== null && (at.row < 1 || at.row > XLSX_MAX_ROWS))) throw cellOutOfBounds(sheet, { ref: r }, rowNo);
              col = at.col;
              ref = r;
            } else {
              col++;
              if (col >= XLSX_MAX_COLUMNS) throw cellOutOfBounds(sheet, { rowNo, col }, rowNo);
              ref = '';
            }
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
            if (!inRow || !hasValue) break;
            let cell: Cell;
            switch (type) {
              case 's': {
                const index = Number(text);
                const s = Number.isInteger(index) ? shared.get(index) : undefined;
                if (s === undefined) {
                  throw new SourceError(`Trang "${quoted(sheet)}", ô ${quoted(ref || String(col + 1))}: chuỗi dùng chung số ${quoted(text)} không có trong tệp — tệp bị hỏng. Hãy mở bằng Excel và lưu lại.`, rowNo);
                }
                cell = s;
                break;
              }
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
            if (cell !== null) cells[col] = cell;
            break;
          }
          case 'row':
            for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
            totalCells += cells.length;
            if (totalCells > L.cells) throw tooLarge(`${formatInt(L.cells)} ô (trang "${quoted(sheet)}", đến dòng ${formatInt(rowNo)})`);
            batch.push({ rowNo, cells });
            progress.rowNo = rowNo;
            batchCells += cells.length;
            inRow = false;
            if (batch.length >= BATCH_ROWS || batchCells >= BATCH_CELLS) {
              yield batch;
              batch = [];
              batchCells = 0;
            }
            break;
        }
      }
    }
  }
  if (batch.length) yield batch;
}

// ------------------------------------------------------------------ the workbook

/**
 * Reads a workbook's parts in zip order: relationships, workbook and shared strings whole (bounded),
 * the first sheet as rows (streamed, or stored first when it comes before the parts it needs), the
 * rest drained. Stops, and cleans up, as soon as the caller stops or a bound is passed.
 */
class WorkbookStream {
  sheetName: string | null = null;
  private readonly budget: ExpansionBudget;
  private rels: Map<string, string> | null = null;
  private sheets: Array<{ name: string; rId: string }> | null = null;
  private shared: SharedStrings | null = null;
  private file: fs.ReadStream | null = null;
  /** unzipper's parser; `buffer` holds what it read from the file and has not passed on yet. */
  private zip: (NodeJS.ReadWriteStream & { buffer?: Buffer }) | null = null;
  private tempDir: string | null = null;
  private readonly sheetProgress: SheetProgress = { lastRow: null, rowNo: 0 };
  /** The sheet kept on disk while the parts it needs were read, and how much of it was read back. */
  private storedSheet: { file: fs.ReadStream; size: number } | null = null;

  constructor(private readonly filePath: string, private readonly limits: XlsxLimits) {
    this.budget = new ExpansionBudget(limits, () => this.bytesRead - (this.zip?.buffer?.length ?? 0));
  }

  get bytesRead() {
    return this.file?.bytesRead ?? 0;
  }

  /**
   * How much of the sheet was read, 0..1: rows reached against the sheet's stated last row, else the bytes of the
   * sheet kept on disk read back, else the bytes of the file read (the sheet streamed from the zip).
   */
  fraction(fileSize: number): number {
    const { lastRow, rowNo } = this.sheetProgress;
    if (lastRow && rowNo) return Math.min(1, rowNo / lastRow);
    if (this.storedSheet) return this.storedSheet.size ? Math.min(1, this.storedSheet.file.bytesRead / this.storedSheet.size) : 0;
    return fileSize ? Math.min(1, this.bytesRead / fileSize) : 0;
  }

  private nameOf(sheetNo: string): string {
    const rId = [...(this.rels ?? [])].find(([, target]) => target.replace(/^\/?(xl\/)?/, '') === `worksheets/sheet${sheetNo}.xml`)?.[0];
    const sheet = rId ? this.sheets?.find((s) => s.rId === rId) : undefined;
    return sheet?.name || `Sheet${sheetNo}`;
  }

  private async drain(entry: ZipEntry, limit: number) {
    await pipeline(entry, this.budget.meter(entry.path, limit), new Writable({ write: (_c, _e, cb) => cb() }));
  }

  private events(bytes: AsyncIterable<Buffer>, partName: string) {
    return xmlEvents(decodedText(bytes, partName, this.limits.xmlRunChars), partName);
  }

  private metered(entry: ZipEntry, limit: number): Transform {
    const meter = this.budget.meter(entry.path, limit);
    entry.on('error', (err) => meter.destroy(err));
    return entry.pipe(meter);
  }

  async *rows(): AsyncGenerator<RawRow[]> {
    const L = this.limits;
    // Small reads keep what is in flight to the inflater small, so the inflate ratio is measured closely.
    this.file = fs.createReadStream(this.filePath, { highWaterMark: 16 * 1024 });
    const zip = (this.zip = unzip.Parse({ forceStream: true }));
    let current: ZipEntry | null = null;
    let zipError: Error | null = null;
    this.file.on('error', (err) => (zip as unknown as Readable).destroy(err));
    // A zip that ends inside an entry fails the parser, not the entry: the entry being read (or the next
    // one already queued) must fail too, or it would wait for its end forever.
    zip.on('error', (err) => {
      zipError = err;
      current?.destroy(err);
    });
    this.file.pipe(zip);
    let stored: { sheetNo: string; path: string } | null = null;
    let done = false;
    try {
      for await (const item of zip as unknown as AsyncIterable<ZipEntry>) {
        const entry = (current = item);
        // Its errors reach whoever reads it; an entry left unread when reading stops must not crash the process.
        entry.on('error', ignore);
        if (zipError) throw zipError;
        this.budget.countEntry();
        const sheetMatch = SHEET_PART.exec(entry.path);
        if (entry.path === 'xl/_rels/workbook.xml.rels') {
          this.rels = await readRelationships(this.events(this.metered(entry, L.otherPartBytes), entry.path));
        } else if (entry.path === 'xl/workbook.xml') {
          this.sheets = await readSheetList(this.events(this.metered(entry, L.otherPartBytes), entry.path));
        } else if (entry.path === SHARED_STRINGS_PART) {
          this.shared = await readSharedStrings(this.events(this.metered(entry, L.sharedStringsBytes), entry.path), L);
        } else if (sheetMatch && !done && !stored) {
          if (this.shared && this.rels && this.sheets) {
            this.sheetName = this.nameOf(sheetMatch[1]);
            yield* sheetRows(this.events(this.metered(entry, L.sheetBytes), this.sheetName), this.sheetName, this.shared, L, this.sheetProgress);
            done = true;
            break;
          }
          // The shared strings (or the sheet names) come later in the zip: keep the sheet until then.
          this.tempDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-xlsx-'));
          stored = { sheetNo: sheetMatch[1], path: path.join(this.tempDir, 'sheet.xml') };
          await pipeline(entry, this.budget.meter(entry.path, L.sheetBytes), fs.createWriteStream(stored.path, { mode: 0o600 }));
        } else {
          await this.drain(entry, sheetMatch ? L.sheetBytes : L.otherPartBytes);
        }
      }
      if (!done && stored) {
        this.sheetName = this.nameOf(stored.sheetNo);
        const file = fs.createReadStream(stored.path, { highWaterMark: 1 << 16 });
        this.storedSheet = { file, size: fs.statSync(stored.path).size };
        yield* sheetRows(this.events(file, this.sheetName), this.sheetName, this.shared ?? new SharedStrings(), L, this.sheetProgress);
        done = true;
      }
      if (!done) throw new SourceError('Tệp XLSX không có trang tính nào.');
    } finally {
      this.file.destroy();
      if (this.tempDir) fs.rmSync(this.tempDir, { recursive: true, force: true });
    }
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

/** Opens a workbook's first sheet as rows; `limits` replaces the bounds of limits.ts (tests reach each quickly). */
export async function openXlsx(filePath: string, limits: XlsxLimits = XLSX_LIMITS): Promise<RowSource> {
  const size = (await fs.promises.stat(filePath)).size;
  let workbook: WorkbookStream | undefined;
  const source: RowSource = {
    fraction: () => workbook?.fraction(size) ?? 0,
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheet: null,
    async *rows() {
      workbook = new WorkbookStream(filePath, limits);
      const rows = workbook.rows();
      try {
        for (;;) {
          const next = await rows.next();
          source.sheet = workbook.sheetName;
          if (next.done) break;
          yield next.value;
        }
      } catch (err) {
        throw brokenWorkbook(err);
      } finally {
        await rows.return(undefined);
      }
    },
  };
  return source;
}
