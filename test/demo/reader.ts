/**
 * A small, independent reader of the generated files for the demo tests (not the import module): detects the CSV
 * encoding (BOM, UTF-8 validity, else Windows-1258), parses with papaparse, reads XLSX with exceljs (skipping title,
 * numbering and total rows), and maps headers to the columns of docs/spec/source-files.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { headerKey } from '#shared/text/vietnamese.ts';

export interface SpecColumn { name: string; required: boolean; keys: string[] }

/** Canonical columns and aliases per kind, parsed from the spec's tables. */
export function specColumns(): Map<string, SpecColumn[]> {
  const text = fs.readFileSync(path.resolve('docs/spec/source-files.md'), 'utf8');
  const out = new Map<string, SpecColumn[]>();
  let kind: string | null = null;
  for (const line of text.split('\n')) {
    const h = /^## ([a-z-]+) — /.exec(line);
    if (h) { kind = h[1]; out.set(kind, []); continue; }
    if (!kind || !line.startsWith('|') || line.startsWith('|---') || line.startsWith('| Column')) continue;
    const [, col, aliases] = line.split('|').map((s) => s.trim());
    const required = col.endsWith('*');
    const name = col.replace(/\*$/, '');
    const names = [name, ...aliases.split(/[,;]|\bor\b/).map((s) => s.trim()).filter(Boolean)];
    out.get(kind)!.push({ name, required, keys: names.map(headerKey) });
  }
  return out;
}

export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'cp1258';

export function detectEncoding(buf: Buffer): Encoding {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf8bom';
  if (buf[0] === 0xff && buf[1] === 0xfe) return 'utf16le';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return 'utf8';
  } catch {
    return 'cp1258';
  }
}

export function decode(buf: Buffer, enc: Encoding): string {
  if (enc === 'utf8bom') return buf.subarray(3).toString('utf8');
  if (enc === 'utf16le') return buf.subarray(2).toString('utf16le');
  if (enc === 'cp1258') return iconv.decode(buf, 'windows-1258').normalize('NFC');
  return buf.toString('utf8');
}

export interface Table {
  file: string;
  format: 'csv' | 'xlsx';
  encoding?: Encoding;
  separator?: string;
  headers: string[];
  /** Column index of each spec column (by canonical name), -1 when absent. */
  index: Map<string, number>;
  unknownHeaders: string[];
  rows: string[][];
  /** XLSX: data cells that are numbers (IDs that lost leading zeros). */
  numericIdCells?: number;
}

function mapHeaders(kind: string, headers: string[], spec: Map<string, SpecColumn[]>) {
  const cols = spec.get(kind)!;
  const index = new Map<string, number>();
  const unknownHeaders: string[] = [];
  headers.forEach((h, k) => {
    const key = headerKey(h);
    const col = cols.find((c) => c.keys.includes(key) && !index.has(c.name));
    if (col) index.set(col.name, k);
    else unknownHeaders.push(h);
  });
  return { index, unknownHeaders };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return String(v);
}

export async function readTable(dir: string, kind: string, spec = specColumns()): Promise<Table> {
  const csv = path.join(dir, `${kind}.csv`);
  if (fs.existsSync(csv)) {
    const buf = fs.readFileSync(csv);
    const encoding = detectEncoding(buf);
    const text = decode(buf, encoding);
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    const [headers, ...rows] = parsed.data;
    const { index, unknownHeaders } = mapHeaders(kind, headers, spec);
    return { file: csv, format: 'csv', encoding, separator: parsed.meta.delimiter, headers, index, unknownHeaders, rows };
  }
  const xlsx = path.join(dir, `${kind}.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const ws = wb.worksheets[0];
  const all: ExcelJS.CellValue[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    all[n - 1] = values;
  });
  const cols = spec.get(kind)!;
  const headerRow = all.findIndex((r) => r?.some((v) => cols.some((c) => c.keys.includes(headerKey(cellText(v))))));
  const headers = all[headerRow].map(cellText);
  const { index, unknownHeaders } = mapHeaders(kind, headers, spec);
  const rows: string[][] = [];
  let numericIdCells = 0;
  const idCol = index.get('Số định danh cá nhân');
  for (const r of all.slice(headerRow + 1)) {
    if (!r || r.every((v) => v === null || v === undefined || v === '')) continue;
    const first = cellText(r.find((v) => v !== null && v !== undefined && v !== '') ?? '');
    if (/^\(\d+\)$/.test(first)) continue; // numbering row
    if (/^(tổng cộng|cộng)$/i.test(first.trim())) continue; // total row
    if (idCol !== undefined && typeof r[idCol] === 'number') numericIdCells++;
    rows.push(headers.map((_, k) => cellText(r[k] ?? null)));
  }
  return { file: xlsx, format: 'xlsx', headers, index, unknownHeaders, rows, numericIdCells };
}

/** Accessor for a row by canonical column name. */
export function getter(t: Table) {
  return (row: string[], col: string): string => {
    const k = t.index.get(col);
    return k === undefined ? '' : (row[k] ?? '').trim();
  };
}
