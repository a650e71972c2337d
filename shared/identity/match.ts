/**
 * Probabilistic person matching (Fellegi–Sunter style log2 weights) for records that cannot be linked by
 * personal ID. Pure; the SQL in `server/reconcile/linkage.ts` computes the same score set-based with the
 * same weights (passed as parameters), and a test checks both agree.
 *
 * Name parts are compared separately. Agreement on a common part is weak evidence, on a rare one strong:
 * the agreement weight of a part is log2(m / u) where u is the part's share among residents
 * (term-frequency adjustment: 'nguyen', 'van', 'thi' are common, a rare given name is strong), capped.
 */
import { nameParts, hasDiacritics, levenshtein } from './names.ts';
import { compareCommune } from './compare.ts';

export interface MatchWeights {
  /** m-probabilities (how often the part agrees for a true match). */
  mFamily: number; mMiddle: number; mGiven: number;
  /** Caps of the name agreement weights. */
  capFamily: number; capMiddle: number; capGiven: number;
  /** Smallest u used (a token seen once among 1.8 million is not infinitely strong). */
  uFloor: number;
  /** The same letters, both sides with diacritics that differ (Hùng / Hưng): a different name. */
  diacriticConflict: number;
  /** The same letters, one side written without diacritics: agreement minus this. */
  plainPenalty: number;
  /** One edit apart (typo) on a part of ≥ 4 letters. */
  fuzzyName: number;
  disagreeFamily: number; disagreeMiddle: number; disagreeGiven: number;
  /** The same words in another order (given name written first). */
  reorderPenalty: number;
  dobExact: number; dobTransposed: number; dobYearOff: number; dobSameMonth: number; dobSameYearOnly: number;
  dobMonthPrecision: number; dobYearPrecision: number; dobDisagree: number;
  sexAgree: number; sexDisagree: number;
  communeAgree: number; communeDisagree: number;
  /** The record's commune borders the resident's (reference/commune-neighbours.csv): a move, most often a short one. */
  communeNeighbour: number;
}

export const DEFAULT_MATCH_WEIGHTS: MatchWeights = {
  mFamily: 0.95, mMiddle: 0.9, mGiven: 0.95,
  capFamily: 8, capMiddle: 6, capGiven: 12,
  uFloor: 1 / 200_000,
  diacriticConflict: -3,
  plainPenalty: 0.5,
  fuzzyName: 1,
  disagreeFamily: -5, disagreeMiddle: -6, disagreeGiven: -8,
  reorderPenalty: 1,
  dobExact: 10, dobTransposed: 3, dobYearOff: 3, dobSameMonth: -3, dobSameYearOnly: -6,
  dobMonthPrecision: 6, dobYearPrecision: 4, dobDisagree: -12,
  sexAgree: 1, sexDisagree: -6,
  communeAgree: 3, communeDisagree: -1, communeNeighbour: 1,
};

export interface MatchRecord {
  name: string;
  /** 'YYYY-MM-DD' (first day of what is known) and how much is known. */
  birthDate?: string | null;
  birthPrecision?: 'D' | 'M' | 'Y' | null;
  sex?: 'M' | 'F' | null;
  commune?: string | null;
}

/** Share of a name part among residents (0..1); unknown tokens get the floor. */
export interface NameFrequencies {
  family(token: string): number;
  middle(token: string): number;
  given(token: string): number;
}

export interface MatchComponents {
  family: number; middle: number; given: number; reorder: boolean;
  birth: number; sex: number; commune: number;
}

export interface MatchScore { score: number; components: MatchComponents }

const log2 = Math.log2;
export const agreeWeight = (m: number, u: number, cap: number, floor: number) => Math.min(cap, log2(m / Math.max(u, floor)));

type PartLevel = 'exact' | 'plain' | 'conflict' | 'fuzzy' | 'disagree' | 'missing';

/** How two name parts compare (fold and tone keys of the same part). */
export function partLevel(foldA: string, toneA: string, foldB: string, toneB: string): PartLevel {
  if (!foldA || !foldB) return 'missing';
  if (toneA === toneB) return 'exact';
  if (foldA === foldB) return hasDiacritics(toneA) && hasDiacritics(toneB) ? 'conflict' : 'plain';
  if (Math.min(foldA.length, foldB.length) >= 4 && levenshtein(foldA, foldB) <= 1) return 'fuzzy';
  return 'disagree';
}

function partWeight(level: PartLevel, agree: number, disagree: number, w: MatchWeights): number {
  switch (level) {
    case 'exact': return agree;
    case 'plain': return agree - w.plainPenalty;
    case 'conflict': return w.diacriticConflict;
    case 'fuzzy': return w.fuzzyName;
    case 'disagree': return disagree;
    default: return 0;
  }
}

/** Birth-date weight; dates are 'YYYY-MM-DD' with a precision ('D' day, 'M' month, 'Y' year). */
export function birthWeight(a: string | null | undefined, pa: string | null | undefined, b: string | null | undefined, pb: string | null | undefined, w: MatchWeights): number {
  if (!a || !b) return 0;
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  const precA = pa || 'D';
  const precB = pb || 'D';
  if (precA === 'Y' || precB === 'Y') return ya === yb ? w.dobYearPrecision : w.dobDisagree;
  if (precA === 'M' || precB === 'M') return ya === yb && ma === mb ? w.dobMonthPrecision : ya === yb ? 0 : w.dobDisagree;
  if (ya === yb && ma === mb && da === db) return w.dobExact;
  if (ya === yb && ma === db && da === mb) return w.dobTransposed;
  if (Math.abs(ya - yb) === 1 && ma === mb && da === db) return w.dobYearOff;
  if (ya === yb && ma === mb) return w.dobSameMonth;
  if (ya === yb) return w.dobSameYearOnly;
  return w.dobDisagree;
}

/** Scores a record against a resident candidate. Frequencies are those of the record's own name parts. */
export function scoreMatch(
  rec: MatchRecord, cand: MatchRecord, freq: NameFrequencies, w: MatchWeights = DEFAULT_MATCH_WEIGHTS,
  neighbours?: ReadonlyMap<string, ReadonlySet<string>>,
): MatchScore {
  const a = nameParts(rec.name);
  const b = nameParts(cand.name);
  const famAgree = agreeWeight(w.mFamily, freq.family(a.family), w.capFamily, w.uFloor);
  const midAgree = agreeWeight(w.mMiddle, freq.middle(a.middle), w.capMiddle, w.uFloor);
  const givAgree = agreeWeight(w.mGiven, freq.given(a.given), w.capGiven, w.uFloor);
  let family = partWeight(partLevel(a.family, a.familyTone, b.family, b.familyTone), famAgree, w.disagreeFamily, w);
  let middle = partWeight(partLevel(a.middle, a.middleTone, b.middle, b.middleTone), midAgree, w.disagreeMiddle, w);
  let given = partWeight(partLevel(a.given, a.givenTone, b.given, b.givenTone), givAgree, w.disagreeGiven, w);
  const sortedA = [...a.toneTokens].sort().join(' ');
  const sortedB = [...b.toneTokens].sort().join(' ');
  const reorder = a.toneTokens.join(' ') !== b.toneTokens.join(' ') && sortedA === sortedB;
  if (reorder) {
    family = famAgree - w.reorderPenalty;
    middle = a.middle ? midAgree : 0;
    given = givAgree;
  }
  const birth = birthWeight(rec.birthDate, rec.birthPrecision, cand.birthDate, cand.birthPrecision, w);
  const sex = !rec.sex || !cand.sex ? 0 : rec.sex === cand.sex ? w.sexAgree : w.sexDisagree;
  const communeLevel = compareCommune(rec.commune, cand.commune, neighbours);
  const commune = communeLevel === 'unknown' ? 0 : communeLevel === 'equal' ? w.communeAgree : communeLevel === 'neighbour' ? w.communeNeighbour : w.communeDisagree;
  const score = family + middle + given + birth + sex + commune;
  return { score: Math.round(score * 100) / 100, components: { family, middle, given, reorder, birth, sex, commune } };
}

export interface LinkThresholds {
  /** At or above: linked automatically (when clearly ahead of the runner-up). */
  upper: number;
  /** At or above (and below upper, or ambiguous): review queue. Below: unlinked. */
  lower: number;
  /** The best candidate must lead the second by at least this much to be linked automatically. */
  margin: number;
}

export const DEFAULT_LINK_THRESHOLDS: LinkThresholds = { upper: 20, lower: 10, margin: 4 };

export type LinkDecision = 'linked' | 'review' | 'unlinked';

/** The decision for a record given its best and second-best candidate scores. */
export function decideLink(best: number | null, second: number | null, t: LinkThresholds = DEFAULT_LINK_THRESHOLDS): LinkDecision {
  if (best == null || best < t.lower) return 'unlinked';
  if (best >= t.upper && (second == null || best - second >= t.margin)) return 'linked';
  return 'review';
}
