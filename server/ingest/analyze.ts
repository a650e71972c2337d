/**
 * What an uploaded file looks like before it is imported: its format and encoding, which kinds its
 * header fits, the header mapping for the chosen kind, and its first data rows. Nothing is written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FileKind } from '#shared/auth/roles.ts';
import { cellText, isBlank } from './fields.ts';
import { guessKinds, HEADER_SCAN_ROWS, isTotalRow, matchHeader, type KindGuess, type ManualMapping } from './header.ts';
import { KINDS } from './kinds.ts';
import { openSource, SourceError } from './source.ts';
import { ENCODING_LABELS } from './read/encoding.ts';
import { DELIMITER_LABELS } from './read/csv.ts';
import type { RawRow } from './read/types.ts';

export interface FileAnalysis {
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sha256: string;
  size: number;
  /** Kinds whose header fits, best first (complete headers first). */
  guesses: KindGuess[];
  /** The kind asked for, else the best complete guess. */
  kind: FileKind | null;
  header: {
    rows: number[];
    mapping: Record<string, string>;
    ignored: string[];
    missing: string[];
    /** Every named column of the header in file order, with the field it goes to (null = ignored). */
    columns: Array<{ header: string; key: string | null }>;
  } | null;
  /** First data rows, by spec column (keys of `columns`). */
  preview: { columns: Array<{ key: string; label: string; header: string }>; rows: Array<{ rowNo: number; values: Record<string, string> }> };
  /** Why the file cannot be imported as `kind` (Vietnamese), or null. */
  problem: string | null;
  /** The file cannot be read as a table at all (whatever the kind): `problem` says why and where. */
  unreadable: boolean;
}

const PREVIEW_ROWS = 10;

async function sha256Of(filePath: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export async function analyzeFile(filePath: string, fileName: string, kind?: FileKind, periodGiven = false, mapping: ManualMapping = {}): Promise<FileAnalysis> {
  const size = fs.statSync(filePath).size;
  const result: FileAnalysis = {
    format: null, encoding: null, delimiter: null, sheet: null, sha256: await sha256Of(filePath), size,
    guesses: [], kind: kind ?? null, header: null, preview: { columns: [], rows: [] }, problem: null, unreadable: false,
  };
  const top: RawRow[] = [];
  let rest: RawRow[] = [];
  try {
    const source = await openSource(filePath, fileName);
    result.format = source.format;
    result.encoding = source.encoding ? ENCODING_LABELS[source.encoding] : null;
    result.delimiter = source.delimiter ? (DELIMITER_LABELS[source.delimiter] ?? source.delimiter) : null;
    const iterator = source.rows();
    while (top.length < HEADER_SCAN_ROWS + PREVIEW_ROWS + 5) {
      const next = await iterator.next();
      if (next.done) break;
      top.push(...next.value);
    }
    await iterator.return(undefined);
    result.sheet = source.sheet;
  } catch (err) {
    if (err instanceof SourceError) {
      result.problem = err.message;
      result.unreadable = true;
      return result;
    }
    throw err;
  }
  result.guesses = guessKinds(top, periodGiven);
  const chosen = kind ?? result.guesses.find((g) => g.missing.length === 0)?.kind ?? null;
  result.kind = chosen;
  if (!chosen) {
    result.problem = 'Không nhận ra loại tệp: tiêu đề cột không khớp với loại tệp nào. Hãy chọn loại tệp.';
    return result;
  }
  const spec = KINDS[chosen];
  const match = matchHeader(spec, top, periodGiven, mapping);
  if (!match) {
    result.problem = `Không tìm thấy dòng tiêu đề của loại tệp ${chosen} (${spec.label}) trong ${HEADER_SCAN_ROWS} dòng đầu.`;
    return result;
  }
  const keyAt = new Map(Object.entries(match.index).map(([key, at]) => [at, key]));
  result.header = {
    rows: match.headerRows, mapping: match.mapping, ignored: match.ignored, missing: match.missing,
    columns: match.columns.map((c) => ({ header: c.header, key: keyAt.get(c.index) ?? null })),
  };
  if (match.unknownHeaders.length) result.problem = `Ánh xạ cột: không có cột ${match.unknownHeaders.map((h) => `"${h}"`).join(', ')} trong dòng tiêu đề của tệp.`;
  else if (match.missing.length) result.problem = `Thiếu cột bắt buộc: ${match.missing.join(', ')}.`;
  const columns = spec.columns.filter((c) => match.index[c.key] !== undefined);
  result.preview.columns = columns.map((c) => ({ key: c.key, label: c.label, header: match.names[c.key] }));
  rest = top.slice(match.dataStart);
  for (const row of rest) {
    if (result.preview.rows.length >= PREVIEW_ROWS) break;
    if (columns.every((c) => isBlank(row.cells[match.index[c.key]])) || isTotalRow(row.cells)) continue;
    const values: Record<string, string> = {};
    for (const c of columns) values[c.key] = cellText(row.cells[match.index[c.key]]).slice(0, 200);
    result.preview.rows.push({ rowNo: row.rowNo, values });
  }
  if (!result.problem && result.preview.rows.length === 0) result.problem = 'Tệp không có dòng dữ liệu nào (chỉ có tiêu đề).';
  return result;
}
