/**
 * What a person reads must be Vietnamese: this finds, in the visible text of a page, strings that are codes
 * (finding codes, file-kind codes, rule keys, a commune code shown alone), English UI words or raw JSON.
 * Allowed: the abbreviations officers use (BHXH, KCN, CCCD…), listed below.
 */

/** Abbreviations and names that are Vietnamese usage, not codes. */
export const ALLOWED_TERMS = new Set([
  'BHXH', 'BHYT', 'BHTN', 'BHTNLĐ', 'KCN', 'CCN', 'CCCD', 'CMND', 'CSV', 'XLSX', 'PDF', 'DOCX', 'MST', 'UBND', 'HĐND',
  'VND', 'Zalo', 'NQ', 'CP', 'QĐ', 'TT', 'BLĐTBXH', 'BTC', 'NĐ', 'CSDL', 'TNCN', 'HKD', 'DN', 'NLĐ', 'QH', 'TTg',
  'BQL', 'LLLĐ', 'ID', 'OK', 'GDP', 'UTF', 'Excel', 'TP', 'VNĐ', 'NSNN', 'NHCSXH', 'BĐ', 'HTX',
]);

/** Common English words of user interfaces (lower case), as whole words. */
export const ENGLISH_WORDS = [
  'error', 'loading', 'submit', 'cancel', 'undefined', 'null', 'nan', 'invalid', 'required', 'save', 'delete', 'edit',
  'search', 'filter', 'page', 'rows', 'true', 'false', 'status', 'draft', 'submitted', 'approved', 'new', 'open',
  'resolved', 'dismissed', 'read', 'change', 'export', 'import', 'login', 'logout', 'review', 'user', 'total', 'count',
  'amount', 'code', 'label', 'format', 'month', 'year', 'period', 'channel', 'kind', 'on_track', 'off_track', 'at_risk',
  'warning', 'success', 'failed', 'unknown', 'object', 'file', 'download', 'upload', 'none', 'no data', 'not found',
];

export interface Offence { kind: string; text: string; line: string }

const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g; // TIEM_NANG_TU_NGUYEN, DN_CHAM_DONG
const KEBAB = /\b[a-z]+(?:-[a-z]+)+\b/g; // bhxh-thu, dan-cu
const DOTTED = /\b[a-z_]+(?:\.[a-z_]+){1,}\b/g; // rate.employer.retirement, docs/calculators.md parts
const SNAKE = /\b[a-z]+(?:_[a-z]+)+\b/g; // finding_list, target_set
const JSON_OBJECT = /\{\s*"\w+"\s*:/g;
const PATHLIKE = /\b[\w-]+\/[\w./-]+\.(?:md|ts|tsx|json|sql)\b/g; // docs/calculators.md
const FILE_NAME = /[^\s\t]+\.(?:csv|xlsx|xls|docx|pdf|txt)\b/gi;
const COMMUNE_CODE_ALONE = /^\s*\d{5}\s*$/; // a table cell or line holding only a commune code

/** Lines of the visible text that break the rules, with the reason. */
export function offences(visible: string, extraAllowed: readonly string[] = []): Offence[] {
  const found: Offence[] = [];
  const allowed = new Set([...ALLOWED_TERMS, ...extraAllowed]);
  const english = new RegExp(`(^|[^\\p{L}])(${ENGLISH_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?=$|[^\\p{L}])`, 'iu');
  for (const raw of visible.split('\n')) {
    // The name of an uploaded file is the officer's own text (bhxh-thu.xlsx), not a code.
    const line = raw.replace(FILE_NAME, ' ').trim();
    if (!line) continue;
    const add = (kind: string, text: string) => found.push({ kind, text, line: line.slice(0, 200) });
    for (const m of line.match(CODE) ?? []) add('mã', m);
    for (const m of line.match(KEBAB) ?? []) if (!allowed.has(m)) add('mã loại tệp', m);
    for (const m of line.match(DOTTED) ?? []) if (!/^\d/.test(m) && !allowed.has(m)) add('khóa quy tắc', m);
    for (const m of line.match(SNAKE) ?? []) add('mã', m);
    for (const m of line.match(JSON_OBJECT) ?? []) add('JSON', m);
    for (const m of line.match(PATHLIKE) ?? []) add('đường dẫn tệp', m);
    const e = english.exec(line);
    if (e) add('tiếng Anh', e[2]);
    for (const cell of raw.split('\t')) if (COMMUNE_CODE_ALONE.test(cell)) add('mã xã đứng một mình', cell.trim());
  }
  return found;
}
