import type { Cell } from '../fields.ts';
import type { EncodingName } from './encoding.ts';

/** One row as the spreadsheet user sees it: its row number and its cells (index 0 = column A). */
export interface RawRow {
  rowNo: number;
  cells: Cell[];
}

/** An opened file: what was detected, and its rows in batches. */
export interface RowSource {
  format: 'csv' | 'xlsx';
  encoding: EncodingName | null;
  delimiter: string | null;
  sheet: string | null;
  rows(): AsyncGenerator<RawRow[]>;
  /** How much of the file has been read, 0..1 (for progress bars). */
  fraction(): number;
}

/** The file cannot be read as a table; the message is Vietnamese and says where. */
export class SourceError extends Error {
  constructor(message: string, readonly row = 0) {
    super(message);
  }
}
