/**
 * Vietnamese text normalisation shared by import (headers, commune names), identity linkage and the UI.
 * Pure functions, no I/O.
 */

const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const VOWELS = 'aăâeêioôơuưy';
const MODIFIED_VOWELS = 'ăâêôơư';

/** Whether a letter is a Vietnamese vowel (without its tone mark; either case). */
export function isVowel(ch: string) {
  return VOWELS.includes(ch.toLowerCase());
}

/** A syllable's tone mark (a combining character, '' when it has none) and its letters without it, in NFC. */
export function splitTone(syllable: string): { tone: string; letters: string[] } {
  let tone = '';
  let bare = '';
  for (const ch of syllable.normalize('NFD')) {
    if (TONE_MARKS.has(ch)) tone = ch;
    else bare += ch;
  }
  return { tone, letters: [...bare.normalize('NFC')] };
}

/** Places the tone mark of one syllable the way Resolution 1683 spells names (hòa, thụy, hóa). */
function canonicalSyllable(syllable: string): string {
  const { tone, letters } = splitTone(syllable);
  if (!tone) return syllable.normalize('NFC');
  const lower = letters.map((c) => c.toLowerCase());
  // Skip the initial consonant; 'qu' and 'gi' (before another vowel) count as consonants.
  let start = 0;
  while (start < lower.length && !isVowel(lower[start])) start++;
  if (start > 0 && lower[start - 1] === 'q' && lower[start] === 'u') start++;
  if (start > 0 && lower[start - 1] === 'g' && lower[start] === 'i' && start + 1 < lower.length && isVowel(lower[start + 1])) start++;
  let end = start;
  while (end < lower.length && isVowel(lower[end])) end++;
  const cluster = lower.slice(start, end);
  let pos: number;
  if (cluster.length === 0) {
    pos = Math.max(0, start - 1); // 'gì', 'quý'-like edge cases: keep on the last letter available
    if (start >= lower.length) pos = lower.length - 1;
  } else {
    const modified = cluster.map((c, i) => (MODIFIED_VOWELS.includes(c) ? i : -1)).filter((i) => i >= 0);
    const hasFinal = end < lower.length;
    if (modified.length) pos = start + modified[modified.length - 1];
    else if (hasFinal) pos = end - 1;
    else if (cluster.length === 1) pos = start;
    else if (cluster.length === 2) pos = start;
    else pos = start + 1;
  }
  letters[pos] = (letters[pos].normalize('NFD') + tone).normalize('NFC');
  return letters.join('').normalize('NFC');
}

/** NFC with tone marks placed canonically; keeps case, diacritics and spacing. */
export function canonicalVietnamese(text: string): string {
  return text.normalize('NFC').replace(/[\p{L}\p{M}]+/gu, (word) => canonicalSyllable(word));
}

/** Lower case, canonical tone marks, single spaces, trimmed. */
export function normalizeName(text: string): string {
  return canonicalVietnamese(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Removes every diacritic (and đ → d): 'Nguyễn Thị Đào' → 'Nguyen Thi Dao'. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Key for comparing headers: no case, diacritics, spaces or punctuation. */
export function headerKey(text: string): string {
  return foldDiacritics(String(text ?? ''))
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Key for commune names: canonical tone marks, lower case, without the 'Xã'/'Phường' prefix. */
export function communeNameKey(text: string): string {
  return normalizeName(text).replace(/^(xã|phường|thị trấn)\s+/u, '');
}
