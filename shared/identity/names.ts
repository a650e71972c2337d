/**
 * Vietnamese person-name keys for identity linkage. Pure functions; `server/db/migrations/0020_reconcile.sql`
 * defines the same keys in SQL (`rc_fold`, `rc_tone`) and a test checks that both agree.
 *
 * - fold key: lower case, no diacritics (đ → d), punctuation as spaces, single spaces.
 *   'Nguyễn Thị  Đào' → 'nguyen thi dao'. NFC and NFD input give the same key.
 * - tone key: lower case, diacritics kept but each syllable's tone mark moved to the end of the syllable,
 *   so old and new tone placement agree: 'Hoà' and 'Hòa' → the same key; 'Hùng' and 'Hưng' differ.
 */

/** The five Vietnamese tone marks as combining characters (NFD). */
export const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
const PUNCT = /[\s.,;:'"()_/\\-]+/g;
const TONE_RE = new RegExp(`([^ ${TONE_MARKS}]*)([${TONE_MARKS}])([^ ]*)`, 'g');

export function nameFoldKey(name: string | null | undefined): string {
  if (!name) return '';
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(PUNCT, ' ')
    .trim();
}

export function nameToneKey(name: string | null | undefined): string {
  if (!name) return '';
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(PUNCT, ' ')
    .trim()
    .replace(TONE_RE, '$1$3$2')
    .normalize('NFC');
}

export interface NameParts {
  /** Fold keys of family name, middle name(s) joined by a space, given name ('' when absent). */
  family: string;
  middle: string;
  given: string;
  /** The same parts as tone keys. */
  familyTone: string;
  middleTone: string;
  givenTone: string;
  /** All fold tokens and tone tokens, in order. */
  foldTokens: string[];
  toneTokens: string[];
}

/** Splits a name into family (first word), middle (between) and given (last word) name. */
export function nameParts(name: string | null | undefined): NameParts {
  const fold = nameFoldKey(name);
  const tone = nameToneKey(name);
  const f = fold ? fold.split(' ') : [];
  const t = tone ? tone.split(' ') : [];
  const pick = (tokens: string[]) => ({
    family: tokens.length > 1 ? tokens[0] : '',
    middle: tokens.length > 2 ? tokens.slice(1, -1).join(' ') : '',
    given: tokens.length ? tokens[tokens.length - 1] : '',
  });
  const pf = pick(f);
  const pt = pick(t);
  return {
    family: pf.family, middle: pf.middle, given: pf.given,
    familyTone: pt.family, middleTone: pt.middle, givenTone: pt.given,
    foldTokens: f, toneTokens: t,
  };
}

/** True when a tone-key token (or text) carries any Vietnamese diacritic (same test as SQL: tone key ≠ fold key). */
export function hasDiacritics(toneText: string): boolean {
  return nameFoldKey(toneText) !== toneText;
}

/** Two names are the same for a personal-data check when their fold keys agree (spec: without diacritics). */
export function sameNameIgnoringDiacritics(a: string | null | undefined, b: string | null | undefined): boolean {
  return nameFoldKey(a) === nameFoldKey(b);
}

/** Levenshtein distance (small strings). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (!m) return n;
  if (!n) return m;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}
