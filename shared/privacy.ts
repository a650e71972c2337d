/**
 * Personal data, decided in one place: the kinds of personal fields, whether a role sees each kind, and how a
 * kind is masked for a role that does not. Every presenter and export (API JSON, CSV, XLSX, the audit view) asks
 * this module; no other file masks anything. The maps at the end name every personal field the product carries
 * (source columns, finding evidence, audit details), so a new field is classified here or not at all.
 *
 * Why these masks — a Vietnamese 12-digit personal ID is `PPP G YY NNNNNN`: province of birth registration,
 * century + sex, year of birth, then a serial. A masked ID keeps `PPP` and the last 3 serial digits (enough to
 * tell two rows apart and to read a number back over the phone). Shown next to it, a birth year would give back
 * `YY`, a sex (with the century the year implies) `G`: 9 of the 12 digits, leaving 1 000 candidates in a province.
 * So for a role without personal data:
 *   - birth and death dates are hidden entirely (digits replaced, the shape kept so the reader sees a date was there);
 *   - sex is hidden (it is the G digit);
 *   - ethnicity is hidden: a minority ethnicity singles a person out within a commune, and ethnic origin is
 *     sensitive personal data (Nghị định 13/2023/NĐ-CP Điều 2 khoản 4);
 *   - addresses are hidden (the commune stays, in its own column);
 *   - names keep the family name and initials ('Nguyễn V. A.');
 *   - a tax code is an organisation's, except a 12-digit one: a household business's tax code is its owner's
 *     personal ID, so it is masked like one, and the business's name (often 'Hộ kinh doanh <owner's name>') is
 *     masked like a name unless the tax code it goes with is an organisation's;
 *   - free text a user typed (search terms, notes) may hold an ID or a name: 9- and 12-digit numbers (old and new
 *     ID cards) are masked like IDs and the words like a name.
 * Kept on purpose: the commune, and on the outreach list the support group and the net payment — they are what
 * the list is for, and the payment gives the group back anyway (a coarse flag: poor, near-poor, minority, other).
 */
import { ROLES, type RoleCode } from './auth/roles.ts';

export type FieldKind =
  | 'personal_id' // số định danh cá nhân, old 9-digit ID card, social-insurance code (mã số BHXH)
  | 'tax_code' // an organisation's tax code; a 12-digit one is a household owner's personal ID
  | 'name' // a person's full name
  | 'business_name' // a taxpayer's or unit's name; a household business's is its owner's name
  | 'birth_date'
  | 'death_date'
  | 'sex'
  | 'ethnicity'
  | 'address'
  | 'phone'
  | 'free_text'; // what a user typed: search terms, notes

/** Who looks: a signed-in role, or null for the operator at the command line (who has the database itself). */
export type Viewer = { role: RoleCode } | null;

/** Shown in place of a value of a kind the role does not see at all. */
export const HIDDEN = '(ẩn)';

/** Whether the viewer sees personal data unmasked (the role's capability in shared/auth/roles.ts). */
export function seesPersonalData(viewer: Viewer): boolean {
  return viewer === null || ROLES[viewer.role].seesPersonalData;
}

const PERSONAL_TAX_CODE = /^\d{12}$/;

/** A tax code that is a person's ID (a household business's owner). */
export const isPersonalTaxCode = (taxCode: string | null | undefined) => !!taxCode && PERSONAL_TAX_CODE.test(taxCode.trim());

/** '019201001234' → '019******234'; shorter values keep only their last 2 characters. */
function maskId(id: string): string {
  if (id.length >= 9) return id.slice(0, 3) + '*'.repeat(id.length - 6) + id.slice(-3);
  return '*'.repeat(Math.max(0, id.length - 2)) + id.slice(-2);
}

/** 'Nguyễn Văn An' → 'Nguyễn V. A.' (family name kept, the rest as initials). */
function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return parts[0].charAt(0) + '.';
  return [parts[0], ...parts.slice(1).map((p) => p.charAt(0).toUpperCase() + '.')].join(' ');
}

const HOUSEHOLD_PREFIX = /^(hộ kinh doanh|hộ kd|hkd)\s+/iu;
function maskBusinessName(name: string): string {
  const prefix = HOUSEHOLD_PREFIX.exec(name);
  return prefix ? prefix[0] + maskName(name.slice(prefix[0].length)) : maskName(name);
}

/** Search terms and notes: ID-like numbers masked as IDs, words as a name (first kept, the rest initials). */
function maskFreeText(text: string): string {
  let wordsSeen = 0;
  return text.split(/(\s+)/).map((token) => {
    if (/^\s*$/.test(token)) return token;
    if (/\d{9}/.test(token)) return token.replace(/\d{9,}/g, maskId);
    if (!/\p{L}/u.test(token)) return token;
    return wordsSeen++ === 0 ? token : token.charAt(0).toUpperCase() + '.';
  }).join('');
}

/** 9-digit (old ID card) and 12-digit (personal ID) numbers inside any text. */
function scrubIdNumbers(text: string): string {
  return text.replace(/(?<!\d)(\d{12}|\d{9})(?!\d)/g, maskId);
}

/** The masked form of a non-empty value of a kind. */
function mask(kind: FieldKind, value: string, ownerTaxCode?: string | null): string {
  switch (kind) {
    case 'personal_id': return maskId(value);
    case 'tax_code': return isPersonalTaxCode(value) ? maskId(value.trim()) : value;
    case 'name': return maskName(value);
    // Without the tax code that goes with it, a business name may be a household owner's name.
    case 'business_name': return ownerTaxCode && !isPersonalTaxCode(ownerTaxCode) ? value : maskBusinessName(value);
    case 'birth_date':
    case 'death_date': return value.replace(/\d/g, '•');
    case 'phone': return value.replace(/\d(?=(?:\D*\d){2})/g, '•');
    case 'sex':
    case 'ethnicity':
    case 'address': return HIDDEN;
    case 'free_text': return maskFreeText(value);
  }
}

/**
 * A value of a kind as this viewer may see it. `ownerTaxCode`: for a business name, the tax code it goes with.
 * Null and '' pass through.
 */
export function present(viewer: Viewer, kind: FieldKind, value: string | null | undefined, ownerTaxCode?: string | null): string | null {
  if (value == null || value === '') return value ?? null;
  return seesPersonalData(viewer) ? value : mask(kind, String(value), ownerTaxCode);
}

/** The same, for a value that may be missing: '' when absent (export cells, sentences). */
export const show = (viewer: Viewer, kind: FieldKind, value: string | null | undefined, ownerTaxCode?: string | null) =>
  present(viewer, kind, value, ownerTaxCode) ?? '';

export type KeyKinds = Readonly<Record<string, FieldKind>>;

/**
 * A JSON value (evidence, audit details, a row of a file) as this viewer may see it: strings under a key of
 * `keyKinds` are masked as that kind, wherever they sit; a business name is kept when its object also holds an
 * organisation's tax code; any other string has its ID-like numbers masked.
 */
export function presentJson<T>(viewer: Viewer, value: T, keyKinds: KeyKinds): T {
  if (seesPersonalData(viewer)) return value;
  return walk(value, undefined, undefined, keyKinds) as T;
}

function walk(value: unknown, kind: FieldKind | undefined, ownerTaxCode: string | null | undefined, keyKinds: KeyKinds): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, kind, ownerTaxCode, keyKinds));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const taxCode = entries.find(([k, v]) => keyKinds[k] === 'tax_code' && typeof v === 'string')?.[1] as string | undefined;
    return Object.fromEntries(entries.map(([k, v]) => [k, walk(v, keyKinds[k] ?? kind, taxCode, keyKinds)]));
  }
  if (typeof value !== 'string' || value === '') return value;
  return kind ? mask(kind, value, ownerTaxCode) : scrubIdNumbers(value);
}

/**
 * A message that may quote a value of a kind (an import issue: 'số định danh 019… : …'): the quoted value is
 * masked as its kind, and any other ID-like number in it as an ID.
 */
export function presentMessage(viewer: Viewer, message: string, kind?: FieldKind, value?: string | null): string {
  if (seesPersonalData(viewer)) return message;
  const quoted = kind && value ? message.split(value).join(mask(kind, value)) : message;
  return scrubIdNumbers(quoted);
}

// ------------------------------------------------------------------------------------------------------------------
// Where personal fields are: every key below is classified once.

/** Columns of the agencies' files (server/ingest/kinds.ts keys): previews, issues, reject reports. */
export const SOURCE_COLUMN_KINDS: KeyKinds = {
  person_id: 'personal_id',
  owner_person_id: 'personal_id',
  bhxh_code: 'personal_id',
  full_name: 'name',
  birth: 'birth_date',
  death_date: 'death_date',
  sex: 'sex',
  ethnicity: 'ethnicity',
  address: 'address',
  phone: 'phone',
  tax_code: 'tax_code',
  payer_tax_code: 'tax_code',
  name: 'business_name',
};

/** Keys of findings' evidence (server/reconcile/checks.ts) and of the link-review records. */
export const EVIDENCE_KINDS: KeyKinds = {
  idAsWritten: 'personal_id',
  personId: 'personal_id',
  residentId: 'personal_id',
  bhxhCode: 'personal_id',
  name: 'name',
  birthDate: 'birth_date',
  deathDate: 'death_date',
  sex: 'sex',
  ethnicity: 'ethnicity',
  taxCode: 'tax_code',
  employerTaxCode: 'tax_code',
  parentTaxCode: 'tax_code',
  businessName: 'business_name',
  employerName: 'business_name',
};

/** Keys of audit-log details (server/auth/audit.ts callers). */
export const AUDIT_DETAIL_KINDS: KeyKinds = {
  ...EVIDENCE_KINDS,
  search: 'free_text',
  note: 'free_text',
  reason: 'free_text',
};
