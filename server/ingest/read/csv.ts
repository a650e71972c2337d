/**
 * Streaming CSV reader: detects the encoding (read/encoding.ts) and the separator (comma, semicolon
 * or tab), then parses RFC 4180 records (quoted fields may hold separators, quotes and new lines).
 * Row numbers are record numbers as a spreadsheet shows them (title and blank rows count).
 */
import fs from 'node:fs';
import { createDecoder, detectEncoding, type DetectedEncoding } from './encoding.ts';
import type { RawRow, RowSource } from './types.ts';
import { SourceError } from './types.ts';
import { formatInt } from '#shared/format.ts';
import { CSV_MAX_CELLS, CSV_MAX_RECORD_CHARS } from '../limits.ts';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A record still open past the bounds: a quote that never closes, or a file without line ends. */
function recordTooLong(inQuotes: boolean, quotedStartRow: number, rowNo: number): SourceError {
  return inQuotes
    ? new SourceError(`Dòng ${formatInt(quotedStartRow)}: dấu ngoặc kép (") mở nhưng không đóng — phần còn lại của tệp bị gộp vào một ô`, quotedStartRow)
    : new SourceError(
      `Dòng ${formatInt(rowNo)} dài quá ${formatInt(CSV_MAX_RECORD_CHARS)} ký tự hoặc quá ${formatInt(CSV_MAX_CELLS)} ô — tệp vượt giới hạn, không phải là bảng CSV hợp lệ`,
      rowNo,
    );
}

export const DELIMITER_LABELS: Record<string, string> = { ',': 'dấu phẩy', ';': 'dấu chấm phẩy', '\t': 'tab', '|': 'dấu |' };

/** Picks the separator that splits the first lines most consistently. */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let inQuotes = false;
  let line = '';
  for (let i = 0; i < text.length && lines.length < 50; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (line) lines.push(line);
      line = '';
    } else if (!inQuotes) line += ch;
  }
  if (line && lines.length < 50) lines.push(line);
  let best = ',';
  let bestScore = [0, 0];
  for (const d of [',', ';', '\t', '|']) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = l.split(d).length - 1;
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    let modal = 0;
    let freq = 0;
    for (const [n, f] of counts) if (f > freq || (f === freq && n > modal)) [modal, freq] = [n, f];
    const score = [freq, modal];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Incremental RFC 4180 parser over decoded text chunks. */
export class CsvParser {
  private field = '';
  private row: string[] = [];
  /** Characters of the fields of `row` (the record so far, without `field`). */
  private rowChars = 0;
  private inQuotes = false;
  /** A quote or CR at the end of the previous chunk, decided by the next one. */
  private carry = '';
  private rowNo = 0;
  private quotedStartRow = 0;
  private readonly delim: number;

  constructor(delimiter: string) {
    this.delim = delimiter.charCodeAt(0);
  }

  private emit(out: RawRow[]) {
    this.row.push(this.field);
    this.field = '';
    this.rowNo++;
    out.push({ rowNo: this.rowNo, cells: this.row });
    this.row = [];
    this.rowChars = 0;
  }

  /** Parses a chunk; completed records are appended to out. */
  push(input: string, out: RawRow[], final = false): void {
    const chunk = this.carry ? this.carry + input : input;
    this.carry = '';
    const n = chunk.length;
    const delim = this.delim;
    let start = 0;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          i = n;
          break;
        }
        if (q + 1 >= n && !final) {
          // Is it a closing quote or the first of a doubled one? The next chunk tells.
          this.field += chunk.slice(start, q);
          this.carry = '"';
          start = i = n;
          break;
        }
        if (q + 1 < n && chunk.charCodeAt(q + 1) === QUOTE) {
          this.field += chunk.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        this.field += chunk.slice(start, q);
        this.inQuotes = false;
        i = q + 1;
        start = i;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === delim) {
        this.field += chunk.slice(start, i);
        this.row.push(this.field);
        this.rowChars += this.field.length;
        this.field = '';
        start = ++i;
      } else if (c === LF || c === CR) {
        if (c === CR && i + 1 >= n && !final) {
          this.field += chunk.slice(start, i);
          this.carry = '\r';
          start = i = n;
          break;
        }
        this.field += chunk.slice(start, i);
        this.emit(out);
        i += c === CR && i + 1 < n && chunk.charCodeAt(i + 1) === LF ? 2 : 1;
        start = i;
      } else if (c === QUOTE && start === i && this.field === '') {
        this.inQuotes = true;
        this.quotedStartRow = this.rowNo + 1;
        start = ++i;
      } else i++;
    }
    if (start < n) this.field += chunk.slice(start, n);
    if (this.rowChars + this.field.length > CSV_MAX_RECORD_CHARS || this.row.length > CSV_MAX_CELLS) {
      throw recordTooLong(this.inQuotes, this.quotedStartRow, this.rowNo + 1);
    }
  }

  end(out: RawRow[]): void {
    this.push('', out, true);
    if (this.inQuotes) {
      throw new SourceError(`Dòng ${formatInt(this.quotedStartRow)}: dấu ngoặc kép (") mở nhưng không đóng đến hết tệp`, this.quotedStartRow);
    }
    if (this.field !== '' || this.row.length > 0) this.emit(out);
  }
}

/** Buffer's own slicing decoders (no argument checks: the per-field cost of toString matters here). */
interface SliceDecoding {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * The same RFC 4180 records as CsvParser, read straight from UTF-8 bytes: separators, quotes and
 * line ends are ASCII, so fields are found on bytes and decoded one by one — an ASCII field as
 * Latin-1 (a one-byte string), others as UTF-8 (invalid bytes become U+FFFD as with TextDecoder).
 * Several times faster than decoding a whole chunk and scanning its characters. An incomplete
 * record at the end of a chunk is kept and read again with the next chunk.
 */
export class CsvByteParser {
  private rest: Buffer | null = null;
  private rowNo = 0;
  private readonly delim: number;

  constructor(delimiter: string) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Parses a chunk; completed records are appended to out. */
  push(chunk: Buffer, out: RawRow[], final = false): void {
    const buf = this.rest ? (chunk.length ? Buffer.concat([this.rest, chunk]) : this.rest) : chunk;
    this.rest = null;
    const dec = buf as unknown as SliceDecoding;
    const n = buf.length;
    const delim = this.delim;
    let recStart = 0;
    while (recStart < n) {
      const cells: string[] = [];
      let i = recStart;
      let segStart = i;
      let acc: string | null = null; // the field's text before segStart (quoted parts, doubled quotes)
      let hi = 0; // OR of the bytes of the current unquoted segment (>= 0x80: not ASCII)
      let inQuotes = false;
      let quotedStartRow = 0;
      let ended = false;
      while (i < n) {
        if (inQuotes) {
          const q = buf.indexOf(QUOTE, i);
          if (q === -1 || (q + 1 >= n && !final)) {
            i = n; // the closing quote (or what follows it) is in a later chunk
            break;
          }
          if (q + 1 < n && buf[q + 1] === QUOTE) {
            acc = (acc ?? '') + dec.utf8Slice(segStart, q + 1);
            i = segStart = q + 2;
            continue;
          }
          acc = (acc ?? '') + dec.utf8Slice(segStart, q);
          inQuotes = false;
          i = segStart = q + 1;
          hi = 0;
          continue;
        }
        const c = buf[i];
        if (c === delim || c === LF || c === CR) {
          if (c === CR && i + 1 >= n && !final) {
            i = n; // CR LF split between chunks: read the record again with the next chunk
            break;
          }
          const tail = segStart === i ? '' : hi < 0x80 ? dec.latin1Slice(segStart, i) : dec.utf8Slice(segStart, i);
          cells.push(acc === null ? tail : acc + tail);
          acc = null;
          hi = 0;
          if (c === delim) {
            i = segStart = i + 1;
            continue;
          }
          i += c === CR && buf[i + 1] === LF ? 2 : 1;
          ended = true;
          break;
        }
        if (c === QUOTE && i === segStart && (acc === null || acc === '')) {
          inQuotes = true;
          quotedStartRow = this.rowNo + 1;
          i = segStart = i + 1;
          continue;
        }
        hi |= c;
        i++;
      }
      if (ended) {
        this.rowNo++;
        out.push({ rowNo: this.rowNo, cells });
        recStart = i;
        continue;
      }
      // The buffer ends inside this record.
      if (!final) {
        this.checkOpenRecord(buf, recStart, cells.length, inQuotes, quotedStartRow);
        this.rest = Buffer.from(buf.subarray(recStart));
        return;
      }
      if (inQuotes) {
        throw new SourceError(`Dòng ${formatInt(quotedStartRow)}: dấu ngoặc kép (") mở nhưng không đóng đến hết tệp`, quotedStartRow);
      }
      const tail = segStart >= n ? '' : hi < 0x80 ? dec.latin1Slice(segStart, n) : dec.utf8Slice(segStart, n);
      const field = acc === null ? tail : acc + tail;
      if (field !== '' || cells.length > 0) {
        cells.push(field);
        this.rowNo++;
        out.push({ rowNo: this.rowNo, cells });
      }
      return;
    }
  }

  end(out: RawRow[]): void {
    this.push(Buffer.alloc(0), out, true);
  }

  /**
   * A record still open at the end of a chunk is kept and read again with the next one: refuse it once it
   * is longer than any sensible row (in characters, as CsvParser counts them; bytes over-count non-ASCII
   * text) or has too many cells, so that neither the memory nor the re-reading grows without bound.
   */
  private checkOpenRecord(buf: Buffer, recStart: number, cells: number, inQuotes: boolean, quotedStartRow: number) {
    const tooLong = buf.length - recStart > CSV_MAX_RECORD_CHARS && buf.toString('utf8', recStart).length > CSV_MAX_RECORD_CHARS;
    if (tooLong || cells > CSV_MAX_CELLS) throw recordTooLong(inQuotes, quotedStartRow, this.rowNo + 1);
  }
}

const SAMPLE_BYTES = 256 * 1024;

export async function openCsv(filePath: string): Promise<RowSource> {
  const fd = await fs.promises.open(filePath, 'r');
  let detected: DetectedEncoding;
  let sample: Buffer;
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fd.read(buf, 0, SAMPLE_BYTES, 0);
    sample = buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
  detected = detectEncoding(sample);
  const sampleText = (() => {
    const d = createDecoder(detected.encoding);
    return d.write(sample.subarray(detected.bom));
  })();
  const delimiter = detectDelimiter(sampleText);

  const size = (await fs.promises.stat(filePath)).size;
  let consumed = 0;
  async function* rows(): AsyncGenerator<RawRow[]> {
    if (detected.encoding === 'utf-8') {
      const parser = new CsvByteParser(delimiter);
      const stream = fs.createReadStream(filePath, { start: detected.bom, highWaterMark: 1 << 18 });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        consumed += chunk.length;
        const out: RawRow[] = [];
        parser.push(chunk, out);
        if (out.length) yield out;
      }
      const out: RawRow[] = [];
      parser.end(out);
      if (out.length) yield out;
      return;
    }
    const decoder = createDecoder(detected.encoding);
    const parser = new CsvParser(delimiter);
    const stream = fs.createReadStream(filePath, { start: detected.bom, highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      const out: RawRow[] = [];
      parser.push(decoder.write(chunk), out);
      if (out.length) yield out;
    }
    const out: RawRow[] = [];
    parser.push(decoder.end(), out);
    parser.end(out);
    if (out.length) yield out;
  }

  return { format: 'csv', encoding: detected.encoding, delimiter, sheet: null, rows, fraction: () => (size ? consumed / size : 1) };
}
