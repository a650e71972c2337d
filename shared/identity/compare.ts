/**
 * Field comparisons that tolerate data-entry slips (issue 17). Pure; `server/db/migrations/0074_linkage_evidence.sql`
 * has the same yes/no rules in SQL (`rc_name_slip`, `rc_birth_slip`), which decide whether a record's personal ID
 * is trusted; the graded levels below are what a reviewer is shown and what the unit tests pin down.
 *
 * - Names are compared by parts (family, middle, given). A wrong tone (Hùng/Húng), a letter with another diacritic
 *   (Hùng/Hưng), a syllable written without diacritics (Thị/Thi), a dropped, doubled or swapped letter, a middle
 *   name left out (Nguyễn Văn Hùng / Nguyễn Hùng) each weigh differently, and the given name weighs most.
 * - Birth dates: equal / day and month swapped (03/07 vs 07/03) / only the year known / one field off / other.
 * - Communes: equal / neighbouring / elsewhere.
 */
import { nameParts, levenshtein } from './names.ts';

/** Settings of the ID-as-evidence rules (reconcile_setting `link.id_weight`, `link.slip_edits`). */
export interface LinkEvidence {
  /** Weight of the candidate whose personal ID is the one written on the record. */
  idWeight: number;
  /** Edits between two folded names still taken as a slip of the same name. */
  slipEdits: number;
}

export const DEFAULT_LINK_EVIDENCE: LinkEvidence = { idWeight: 15, slipEdits: 2 };

export type NamePartLevel = 'exact' | 'tone' | 'plain' | 'mark' | 'letter' | 'missing' | 'different';

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Letters with their vowel marks (ă â ê ô ơ ư đ) but without the tone: 'hùng' → 'hung', 'hưng' → 'hưng'. */
function untoned(s: string): string {
  return s.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}

/**
 * How two name parts (tone keys, e.g. 'hùng', 'hưng') compare:
 * exact; `tone` only the tone differs (Hùng/Húng); `plain` one side written without any diacritic (Thị/Thi);
 * `mark` another vowel mark (Hùng/Hưng — a different name more often than a slip); `letter` one or two letters
 * dropped, doubled, swapped or wrong on a part of ≥ 3 letters, the first letter kept; `missing` one side absent; else `different`.
 */
export function compareNamePart(a: string, b: string): NamePartLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  const fa = foldPart(a);
  const fb = foldPart(b);
  if (fa === fb) {
    if (a === fa || b === fb) return 'plain';
    if (untoned(a) === untoned(b)) return 'tone';
    return 'mark';
  }
  // A slip keeps the first letter (Hùng/Dũng are two names, not a typo).
  if (fa[0] === fb[0] && Math.min(fa.length, fb.length) >= 3 && levenshtein(fa, fb) <= 2 && Math.abs(fa.length - fb.length) <= 1) return 'letter';
  return 'different';
}

function foldPart(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').normalize('NFC');
}

/** Weights of each level (log2 likelihood ratios, calibrated on the demo generator with faults: docs/reconcile.md). */
export const NAME_LEVEL_WEIGHT: Record<NamePartLevel, number> = {
  exact: 1, tone: 0.8, plain: 0.85, mark: 0.3, letter: 0.5, missing: 0.6, different: -1,
};
/** Share of the name score each part carries: the given name weighs most. */
export const NAME_PART_SHARE = { family: 0.25, middle: 0.15, given: 0.6 } as const;

export interface NameComparison {
  family: NamePartLevel;
  middle: NamePartLevel;
  given: NamePartLevel;
  /** The middle name is left out on one side, family and given names agree. */
  middleDropped: boolean;
  /** −1 … 1: the parts' weights by share (1 = the same name). */
  score: number;
  /** Whether the two could be one name written with a slip (the rule rc_name_slip applies in SQL). */
  slip: boolean;
}

export function compareNames(a: string, b: string, slipEdits = DEFAULT_LINK_EVIDENCE.slipEdits): NameComparison {
  const pa = nameParts(a);
  const pb = nameParts(b);
  const family = compareNamePart(pa.familyTone, pb.familyTone);
  const given = compareNamePart(pa.givenTone, pb.givenTone);
  const middleDropped = (!pa.middle) !== (!pb.middle) && pa.family === pb.family && pa.given === pb.given;
  const middle = middleDropped ? 'missing' : compareNamePart(pa.middleTone, pb.middleTone);
  const score = NAME_PART_SHARE.family * NAME_LEVEL_WEIGHT[family] + NAME_PART_SHARE.middle * NAME_LEVEL_WEIGHT[middle]
    + NAME_PART_SHARE.given * NAME_LEVEL_WEIGHT[given];
  return { family, middle, given, middleDropped, score: Math.round(score * 1000) / 1000, slip: nameSlip(a, b, slipEdits) };
}

/**
 * The SQL rule rc_name_slip on folded names: equal, the same family and given name, or ≤ `edits` edits with as
 * many words and the same first letter of each word (a slip rarely changes an initial: Hùng/Dũng are two names).
 */
export function nameSlip(a: string, b: string, edits = DEFAULT_LINK_EVIDENCE.slipEdits): boolean {
  const fa = nameParts(a).foldTokens.join(' ');
  const fb = nameParts(b).foldTokens.join(' ');
  if (fa === fb) return true;
  const ta = fa.split(' ');
  const tb = fb.split(' ');
  if (ta.length > 1 && tb.length > 1 && ta[0] === tb[0] && ta[ta.length - 1] === tb[tb.length - 1]) return true;
  return ta.length === tb.length && ta.every((t, i) => t[0] === tb[i][0]) && Math.abs(fa.length - fb.length) <= edits && levenshtein(fa, fb) <= edits;
}

export type BirthLevel = 'equal' | 'swapped' | 'year_only' | 'one_field' | 'different' | 'unknown';

/** Birth dates 'YYYY-MM-DD' with precision ('D' day, 'M' month, 'Y' year only). */
export function compareBirth(a: string | null | undefined, pa: string | null | undefined, b: string | null | undefined, pb: string | null | undefined): BirthLevel {
  if (!a || !b) return 'unknown';
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  if ((pa ?? 'D') !== 'D' || (pb ?? 'D') !== 'D') return ya === yb ? 'year_only' : 'different';
  if (ya === yb && ma === mb && da === db) return 'equal';
  if (ya === yb && ma === db && da === mb) return 'swapped';
  if (Number(ya === yb) + Number(ma === mb) + Number(da === db) === 2) return 'one_field';
  return 'different';
}

/** The SQL rule rc_birth_slip: anything but `different` is within a slip. */
export function birthSlip(a: string | null | undefined, pa: string | null | undefined, b: string | null | undefined, pb: string | null | undefined): boolean {
  return compareBirth(a, pa, b, pb) !== 'different';
}

/**
 * Two personal IDs one slip apart (the signature of a mistyped ID): the same length and one digit wrong, or two
 * neighbouring digits swapped. Same rule as rc_id_slip in server/db/migrations/0078_linkage_neighbours.sql.
 */
export function idSlip(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b || a === b || a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

export type CommuneLevel = 'equal' | 'neighbour' | 'elsewhere' | 'unknown';

/** Communes compared with a neighbour table (commune code → the codes that share a border). */
export function compareCommune(a: string | null | undefined, b: string | null | undefined, neighbours?: ReadonlyMap<string, ReadonlySet<string>>): CommuneLevel {
  if (!a || !b) return 'unknown';
  if (a === b) return 'equal';
  return neighbours?.get(a)?.has(b) || neighbours?.get(b)?.has(a) ? 'neighbour' : 'elsewhere';
}

/**
 * Whether a record's ID can be trusted for the resident it names: the name within a slip, the birth date within a
 * slip and the same sex (each when the record has it). Mirrors step 1b of server/reconcile/linkage.ts.
 */
export function idAgrees(
  record: { name: string; birthDate?: string | null; birthPrecision?: string | null; sex?: 'M' | 'F' | null },
  resident: { name: string; birthDate?: string | null; birthPrecision?: string | null; sex?: 'M' | 'F' | null },
  edits = DEFAULT_LINK_EVIDENCE.slipEdits,
): boolean {
  if (record.sex && resident.sex && record.sex !== resident.sex) return false;
  if (!birthSlip(record.birthDate, record.birthPrecision, resident.birthDate, resident.birthPrecision)) return false;
  return nameSlip(record.name, resident.name, edits);
}
