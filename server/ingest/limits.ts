/**
 * What an import file may cost: every bound the readers and the upload route enforce, in one place.
 * A file past a bound is refused with a Vietnamese message ("Tệp … vượt giới hạn …") before it can
 * take the server's memory, disk or CPU. The largest legitimate files are the province-scale extracts
 * (`npm run bench:import`, docs/import.md): a 2-million-row population CSV is 211 MB (UTF-8; twice
 * that in UTF-16), and one Excel sheet holds at most 1 048 576 rows.
 */
import { formatInt } from '#shared/format.ts';

// ------------------------------------------------------------------ upload

/**
 * Default upload cap. The population extract of the whole province (≈ 1,8 M residents) is ≈ 190 MB as
 * UTF-8 CSV and ≈ 380 MB as UTF-16 (both accepted encodings); 512 MB leaves room for extra columns.
 * Uploads stream to disk, so the cap protects the disk, not the memory.
 */
export const DEFAULT_MAX_UPLOAD_MB = 512;

/** The upload cap in bytes: BAOPHU_MAX_UPLOAD_MB (a positive number of megabytes), else the default. */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BAOPHU_MAX_UPLOAD_MB;
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_UPLOAD_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new Error(`BAOPHU_MAX_UPLOAD_MB phải là một số dương (số MB), nhận được "${raw}".`);
  }
  return Math.floor(mb * 1024 * 1024);
}

/** "512 MB", "1,5 MB" ("977 KB" under a megabyte) — a bound as a user reads it. */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatInt(Math.max(1, bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? formatInt(mb) : mb.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

// ------------------------------------------------------------------ XLSX

/** Excel's own sheet limits (Excel specifications and limits): a file saved by Excel never goes past them. */
export const XLSX_MAX_ROWS = 1_048_576;
/** Column XFD. */
export const XLSX_MAX_COLUMNS = 16_384;
/** Excel's limit on the characters of one cell; also the bound on one shared string. */
export const XLSX_MAX_CELL_CHARS = 32_767;

/**
 * Zip entries of one workbook. Excel writes about a dozen parts plus a few per sheet, drawing or
 * picture; a thousand is far beyond any agency export.
 */
export const XLSX_MAX_ENTRIES = 1_000;

/**
 * Decompressed bytes of one worksheet part. A full sheet (1 048 576 rows × 16 columns of shared
 * strings and numbers, ≈ 40 bytes of XML a cell) is ≈ 700 MB; sheets are streamed, never held, so this
 * bounds time and the temporary copy of a sheet stored before its shared strings, not memory.
 */
export const XLSX_MAX_SHEET_BYTES = 2 * 1024 ** 3;

/**
 * Decompressed bytes of the shared-strings part, whose texts are held (as UTF-8) while the sheet is read.
 * A full sheet with four columns of distinct text (ID, name, two addresses: ≈ 190 bytes of XML a row)
 * needs ≈ 200 MB. At 256 MB a refused workbook takes ≈ 275 MB above the process's baseline
 * (`npm run bench:hostile`: peak RSS 360 MB against 84 MB for a two-row workbook).
 */
export const XLSX_MAX_SHARED_STRINGS_BYTES = 256 * 1024 ** 2;

/** Entries of the shared-strings table: four distinct strings per row of a full sheet, and some. */
export const XLSX_MAX_SHARED_STRINGS = 5_000_000;

/** Decompressed bytes of any other part (workbook, relationships, styles, drawings…): parsed whole or skipped. */
export const XLSX_MAX_OTHER_PART_BYTES = 32 * 1024 ** 2;

/** Decompressed bytes of the whole workbook: one full sheet, its shared strings and the rest. */
export const XLSX_MAX_TOTAL_BYTES = 3 * 1024 ** 3;

/**
 * How many times its compressed size a part may inflate to. Sheets and shared strings of real exports
 * inflate 3–7 times (the test corpus, `baophu demo`); a zip bomb a hundred to a thousand times. 100 is
 * Apache POI's default (ZipSecureFile, MIN_INFLATE_RATIO = 0.01). It refuses a bomb after a few MB
 * instead of after the byte bounds above, which stay the bound for a bomb that keeps under the ratio.
 */
export const XLSX_MAX_INFLATE_RATIO = 100;
/** A part is measured against the ratio only past this many inflated bytes (small parts compress well). */
export const XLSX_INFLATE_RATIO_GRACE_BYTES = 4 * 1024 ** 2;

/**
 * Cells of the sheet read, counted up to the last cell with a value in each row (what the reader
 * allocates): a full sheet × 48 columns, three times the widest kind (16 columns). Reading this many
 * takes about two minutes; more is not a spreadsheet an agency exports.
 */
export const XLSX_MAX_CELLS = XLSX_MAX_ROWS * 48;

/**
 * Characters of XML between two tags. The XML parser keeps a text or a tag whole until it ends, so this
 * bounds it before the parser sees it: the longest cell (32 767 characters) written entirely as
 * character references (`&#x1EA1;`, 8 characters each) fits.
 */
export const XLSX_MAX_XML_RUN_CHARS = XLSX_MAX_CELL_CHARS * 8 + 1024;

/** The XLSX bounds as one object (a test may pass smaller ones to the reader to reach each bound quickly). */
export const XLSX_LIMITS = {
  entries: XLSX_MAX_ENTRIES,
  sheetBytes: XLSX_MAX_SHEET_BYTES,
  sharedStringsBytes: XLSX_MAX_SHARED_STRINGS_BYTES,
  sharedStrings: XLSX_MAX_SHARED_STRINGS,
  otherPartBytes: XLSX_MAX_OTHER_PART_BYTES,
  totalBytes: XLSX_MAX_TOTAL_BYTES,
  inflateRatio: XLSX_MAX_INFLATE_RATIO,
  inflateRatioGraceBytes: XLSX_INFLATE_RATIO_GRACE_BYTES,
  cells: XLSX_MAX_CELLS,
  cellChars: XLSX_MAX_CELL_CHARS,
  xmlRunChars: XLSX_MAX_XML_RUN_CHARS,
};
export type XlsxLimits = typeof XLSX_LIMITS;

// ------------------------------------------------------------------ CSV

/**
 * Characters of one CSV record (a line, or several when a quoted field holds line ends): a record is
 * kept whole until it ends. A sensible row is a few hundred characters; a million is a file with no
 * line ends or a quote that never closes.
 */
export const CSV_MAX_RECORD_CHARS = 1_000_000;
/** Cells of one CSV record. */
export const CSV_MAX_CELLS = 10_000;
