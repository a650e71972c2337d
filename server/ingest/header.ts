/**
 * Finds the header of a table among its first rows: title rows above it, a second header row below
 * a merged group header, a numbering or unit row under it. Columns are matched to the spec by their
 * aliases ignoring case, diacritics, spaces and punctuation (`headerKey`). Also recognises the
 * total rows that end many reports, and guesses the file kind from a header.
 */
import { headerKey } from '#shared/text/vietnamese.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { cellText, isBlank, type Cell } from './fields.ts';
import { KINDS, type ColumnSpec, type KindSpec } from './kinds.ts';
import type { RawRow } from './read/types.ts';

/** How many rows from the top may hold titles and the header. */
export const HEADER_SCAN_ROWS = 30;

export interface HeaderMatch {
  kind: FileKind;
  /** Spreadsheet row numbers of the header row(s). */
  headerRows: number[];
  /** Index (in the scanned rows) of the first row after the header. */
  dataStart: number;
  /** Spec column key → cell index. */
  index: Record<string, number>;
  /** Spec column key → the header as written in the file. */
  names: Record<string, string>;
  /** Header as written → spec column label (what the user sees as "mapping"). */
  mapping: Record<string, string>;
  /** Headers of columns that are not part of the kind (ignored, reported). */
  ignored: string[];
  /** Spec labels of required columns that are missing. */
  missing: string[];
  /** Number of distinct spec columns found. */
  matched: number;
  /** Every named column of the header, in file order: its cell index and its header as written. */
  columns: Array<{ index: number; header: string }>;
  /** Headers of a manual mapping that are not in the header row (the mapping cannot apply). */
  unknownHeaders: string[];
}

/** A manual mapping chosen by the user: header as written → spec column key ('' = ignore the column). */
export type ManualMapping = Record<string, string>;

/** Why a manual mapping cannot be used for a kind (a field it does not have, a field chosen twice), or null. */
export function manualMappingProblem(spec: KindSpec, manual: ManualMapping): string | null {
  const seen = new Map<string, string>();
  for (const [header, key] of Object.entries(manual)) {
    if (!key) continue;
    const col = spec.columns.find((c) => c.key === key);
    if (!col) return `Ánh xạ cột "${header}": "${key}" không phải trường của loại tệp ${spec.kind} (${spec.label}).`;
    const other = seen.get(key);
    if (other !== undefined) return `Ánh xạ cột: hai cột "${other}" và "${header}" cùng được gán vào trường "${col.label}".`;
    seen.set(key, header);
  }
  return null;
}

const aliasCache = new Map<FileKind, Map<string, ColumnSpec>>();

function variants(text: string): string[] {
  const t = text.normalize('NFC');
  const keys = new Set<string>([headerKey(t)]);
  keys.add(headerKey(t.replace(/\([^)]*\)/g, ' ')));
  keys.add(headerKey(t.replace(/^\s*(\(?\d+\)?[.:)]?|[a-z]\)|[ivx]+\.)\s+/i, '')));
  keys.delete('');
  return [...keys];
}

function aliasMap(spec: KindSpec): Map<string, ColumnSpec> {
  let map = aliasCache.get(spec.kind);
  if (!map) {
    map = new Map();
    for (const col of spec.columns) {
      for (const name of [col.label, ...(col.aliases ?? [])]) {
        for (const k of variants(name)) if (!map.has(k)) map.set(k, col);
      }
    }
    aliasCache.set(spec.kind, map);
  }
  return map;
}

function lookup(map: Map<string, ColumnSpec>, cell: Cell): ColumnSpec | undefined {
  if (isBlank(cell) || typeof cell !== 'string') return undefined;
  if (cell.length > 120) return undefined;
  for (const k of variants(cell)) {
    const col = map.get(k);
    if (col) return col;
  }
  return undefined;
}

interface Candidate {
  index: Record<string, number>;
  names: Record<string, string>;
  ignored: string[];
  matched: number;
  missing: string[];
  /** Header text per cell index ('' where the header row names nothing). */
  labels: string[];
}

function requiredMissing(spec: KindSpec, index: Record<string, number>, periodGiven: boolean): string[] {
  const missing: string[] = [];
  let groupRequired = false;
  let groupPresent = false;
  for (const col of spec.columns) {
    if (col.group === 'commune') {
      if (col.required) groupRequired = true;
      if (index[col.key] !== undefined) groupPresent = true;
      continue;
    }
    const required = col.required === true || (col.required === 'unless-period' && !periodGiven);
    if (required && index[col.key] === undefined) missing.push(col.label);
  }
  if (groupRequired && !groupPresent) {
    const names = spec.columns.filter((c) => c.group === 'commune').map((c) => c.label);
    missing.push(names.join(' hoặc '));
  }
  return missing;
}

function evaluate(spec: KindSpec, map: Map<string, ColumnSpec>, top: Cell[], sub: Cell[] | null, periodGiven: boolean): Candidate {
  const index: Record<string, number> = {};
  const names: Record<string, string> = {};
  const ignored: string[] = [];
  const labels: string[] = [];
  const width = Math.max(top.length, sub?.length ?? 0);
  for (let c = 0; c < width; c++) {
    const t1 = top[c];
    const t2 = sub ? sub[c] : undefined;
    let col: ColumnSpec | undefined;
    let text = '';
    labels[c] = !isBlank(t2) ? cellText(t2) : !isBlank(t1) ? cellText(t1) : '';
    if (sub && (col = lookup(map, t2))) text = cellText(t2);
    else if ((col = lookup(map, t1))) text = cellText(t1);
    else if (sub && !isBlank(t1) && !isBlank(t2) && (col = lookup(map, `${cellText(t1)} ${cellText(t2)}`))) text = `${cellText(t1)} ${cellText(t2)}`;
    if (col) {
      if (index[col.key] === undefined) {
        index[col.key] = c;
        names[col.key] = text;
      } else ignored.push(`${text} (trùng cột)`);
      continue;
    }
    const label = !isBlank(t2) ? cellText(t2) : !isBlank(t1) ? cellText(t1) : '';
    if (label) ignored.push(label);
  }
  const keys = Object.keys(index);
  const matched = keys.filter((k) => k !== 'commune_name' || index.commune_code === undefined).length;
  return { index, names, ignored, matched, missing: requiredMissing(spec, index, periodGiven), labels };
}

/** Applies a manual mapping to the found header: each named column goes to the chosen spec column (or none). */
function applyManual(spec: KindSpec, cand: Candidate, manual: ManualMapping, periodGiven: boolean): { cand: Candidate; unknown: string[] } {
  const index = { ...cand.index };
  const names = { ...cand.names };
  const unknown: string[] = [];
  for (const [header, key] of Object.entries(manual)) {
    const at = cand.labels.indexOf(header);
    if (at < 0) {
      unknown.push(header);
      continue;
    }
    for (const k of Object.keys(index)) if (index[k] === at) { delete index[k]; delete names[k]; }
    if (key) {
      index[key] = at;
      names[key] = header;
    }
  }
  const used = new Set(Object.values(index));
  const ignored = cand.labels.filter((l, i) => l && !used.has(i));
  const matched = Object.keys(index).filter((k) => k !== 'commune_name' || index.commune_code === undefined).length;
  return { cand: { ...cand, index, names, ignored, matched, missing: requiredMissing(spec, index, periodGiven) }, unknown };
}

function better(a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  const aOk = a.missing.length === 0 ? 1 : 0;
  const bOk = b.missing.length === 0 ? 1 : 0;
  if (aOk !== bOk) return aOk > bOk;
  return a.matched > b.matched;
}

/**
 * The header of `spec` among the first rows, or null when no row names at least two of its columns.
 * A header spread over two rows (a merged group header above sub-headers) is recognised.
 */
export function matchHeader(spec: KindSpec, rows: RawRow[], periodGiven = false, manual: ManualMapping = {}): HeaderMatch | null {
  const map = aliasMap(spec);
  let best: (Candidate & { at: number; two: boolean }) | null = null;
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  const singles = rows.slice(0, limit + 1).map((row) => evaluate(spec, map, row.cells, null, periodGiven));
  for (let r = 0; r < limit; r++) {
    const single = singles[r];
    if (single.matched > 0 && better(single, best)) best = { ...single, at: r, two: false };
    if (r + 1 < rows.length) {
      // Two header rows only when together they name more columns than either row alone.
      const two = evaluate(spec, map, rows[r].cells, rows[r + 1].cells, periodGiven);
      if (two.matched > single.matched && two.matched > (singles[r + 1]?.matched ?? 0) && better(two, best)) best = { ...two, at: r, two: true };
    }
  }
  if (!best || best.matched < 2) return null;
  let unknownHeaders: string[] = [];
  if (Object.keys(manual).length) {
    const applied = applyManual(spec, best, manual, periodGiven);
    best = { ...applied.cand, at: best.at, two: best.two };
    unknownHeaders = applied.unknown;
  }
  let dataStart = best.at + (best.two ? 2 : 1);
  for (let k = 0; k < 2 && dataStart < rows.length && (isNumberingRow(rows[dataStart].cells) || isUnitRow(rows[dataStart].cells)); k++) dataStart++;
  const mapping: Record<string, string> = {};
  for (const col of spec.columns) {
    const name = best.names[col.key];
    if (name !== undefined) mapping[mapping[name] === undefined ? name : `${name} [${col.key}]`] = col.label;
  }
  return {
    kind: spec.kind,
    headerRows: best.two ? [rows[best.at].rowNo, rows[best.at + 1].rowNo] : [rows[best.at].rowNo],
    dataStart,
    index: best.index,
    names: best.names,
    mapping,
    ignored: best.ignored,
    missing: best.missing,
    matched: best.matched,
    columns: best.labels.flatMap((header, index) => (header ? [{ index, header }] : [])),
    unknownHeaders,
  };
}

/** A row "(1) (2) (3)…", "1 2 3…" or "A B C…" under a header. */
export function isNumberingRow(cells: Cell[]): boolean {
  const texts = cells.filter((c) => !isBlank(c)).map((c) => cellText(c));
  if (texts.length < 2) return false;
  const nums: number[] = [];
  for (const t of texts) {
    const m = /^\(?\s*(\d{1,3}|[A-Za-z])\s*\)?(\s*=.*)?$/.exec(t);
    if (!m) return false;
    nums.push(/\d/.test(m[1]) ? Number(m[1]) : m[1].toUpperCase().charCodeAt(0));
  }
  for (let i = 1; i < nums.length; i++) if (nums[i] !== nums[i - 1] + 1) return false;
  return true;
}

/** A row of units under a header: "(người)", "(đồng)", "Đơn vị: đồng". */
export function isUnitRow(cells: Cell[]): boolean {
  const texts = cells.filter((c) => !isBlank(c)).map((c) => cellText(c));
  if (texts.length === 0) return false;
  return texts.every((t) => /^\(\D+\)$/.test(t) || /^đơn vị( tính)?\s*:/i.test(t) || /^(người|đồng|vnđ|lao động)$/i.test(t));
}

const TOTAL_KEYS = new Set(['cong', 'tong', 'tongso', 'tongcong', 'congtong', 'tongsocong', 'congchung', 'tongcongchung']);

/**
 * Cheap pre-check: the folded key of a total row starts with "cong" or "tong", so a cell whose
 * first letter or digit is an ASCII digit or an ASCII letter other than c/t cannot be one (an ID, a
 * code, most names). Anything else (e.g. a first letter with diacritics) gets the full check.
 */
function mayStartTotal(c: string): boolean {
  for (let i = 0; i < c.length; i++) {
    const ch = c.charCodeAt(i);
    if (ch >= 48 && ch <= 57) return false;
    const lower = ch | 0x20;
    if (lower >= 97 && lower <= 122) return lower === 99 || lower === 116;
    if (ch >= 0x80) return true;
  }
  return false;
}

/** "Tổng cộng", "Cộng", "Tổng số" (also subtotals "Cộng xã …") in the first cells of a row. */
export function isTotalRow(cells: Cell[]): boolean {
  for (let i = 0; i < Math.min(cells.length, 4); i++) {
    const c = cells[i];
    if (isBlank(c)) continue;
    if (typeof c !== 'string') return false;
    if (!mayStartTotal(c)) return false;
    const k = headerKey(c);
    return TOTAL_KEYS.has(k) || k.startsWith('tongcong') || /^cong(xa|phuong|khu|kcn|toan)/.test(k);
  }
  return false;
}

export interface KindGuess {
  kind: FileKind;
  label: string;
  matched: number;
  columns: number;
  missing: string[];
}

/** Scores every kind against the first rows: complete headers first, then the most columns matched. */
export function guessKinds(rows: RawRow[], periodGiven = false): KindGuess[] {
  const guesses: KindGuess[] = [];
  for (const spec of Object.values(KINDS)) {
    const m = matchHeader(spec, rows, periodGiven);
    if (!m) continue;
    guesses.push({ kind: spec.kind, label: spec.label, matched: m.matched, columns: spec.columns.filter((c) => c.key !== 'commune_name').length, missing: m.missing });
  }
  return guesses.sort((a, b) => (a.missing.length === 0 ? 0 : 1) - (b.missing.length === 0 ? 0 : 1) || b.matched - a.matched || b.matched / b.columns - a.matched / a.columns);
}
