/**
 * VNI (VNI-Windows) legacy Vietnamese encoding: a base letter followed by one diacritic byte from
 * the Latin-1 range ("Nguyeãn" = Nguyễn, "ñ" = đ, "ô" = ơ, "ö" = ư), plus a few single-byte letters
 * (ỉ ĩ ị ỵ). Decoded here after a Windows-1252 decode of the bytes.
 */

type Mod = { tone?: string; shape?: 'circ' | 'breve' };
const ACUTE = '\u0301', GRAVE = '\u0300', HOOK = '\u0309', TILDE = '\u0303', DOT = '\u0323';
const CIRC = '\u0302', BREVE = '\u0306', HORN = '\u031b';

/** Lower-case modifier characters (the upper-case ones are their toUpperCase()). */
const MODIFIERS: Record<string, Mod> = {
  'ù': { tone: ACUTE }, 'ø': { tone: GRAVE }, 'û': { tone: HOOK }, 'õ': { tone: TILDE }, 'ï': { tone: DOT },
  'â': { shape: 'circ' }, 'á': { shape: 'circ', tone: ACUTE }, 'à': { shape: 'circ', tone: GRAVE },
  'å': { shape: 'circ', tone: HOOK }, 'ã': { shape: 'circ', tone: TILDE }, 'ä': { shape: 'circ', tone: DOT },
  'ê': { shape: 'breve' }, 'é': { shape: 'breve', tone: ACUTE }, 'è': { shape: 'breve', tone: GRAVE },
  'ú': { shape: 'breve', tone: HOOK }, 'ü': { shape: 'breve', tone: TILDE }, 'ë': { shape: 'breve', tone: DOT },
};

/** Single characters with a VNI meaning of their own. */
const SINGLES: Record<string, string> = {
  'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư', 'ñ': 'đ', 'Ñ': 'Đ',
  'æ': 'ỉ', 'Æ': 'Ỉ', 'ó': 'ĩ', 'Ó': 'Ĩ', 'ò': 'ị', 'Ò': 'Ị', 'î': 'ỵ', 'Î': 'Ỵ',
};

const modChars = Object.keys(MODIFIERS).flatMap((c) => [c, c.toUpperCase()]).join('');
const PATTERN = new RegExp(`([aAeEoOuUyYôÔöÖ])([${modChars}])|([${Object.keys(SINGLES).join('')}])`, 'g');

function combine(base: string, modChar: string): string | null {
  const mod = MODIFIERS[modChar.toLowerCase()];
  const b = base.toLowerCase();
  let letter = base;
  if (b === 'ô' || b === 'ö') {
    if (mod.shape) return null;
    const plain = b === 'ô' ? 'o' : 'u';
    letter = (base === base.toLowerCase() ? plain : plain.toUpperCase()) + HORN; // ơ / ư
  } else if (mod.shape === 'circ') {
    if (!'aeo'.includes(b)) return null;
    letter = base + CIRC;
  } else if (mod.shape === 'breve') {
    if (b !== 'a') return null;
    letter = base + BREVE;
  }
  return (letter + (mod.tone ?? '')).normalize('NFC');
}

/** Converts text that was decoded byte-for-byte as Windows-1252 from a VNI file. */
export function vniToUnicode(text: string): string {
  return text.replace(PATTERN, (_all, base: string | undefined, mod: string | undefined, single: string | undefined) => {
    if (single) return SINGLES[single];
    const combined = combine(base!, mod!);
    if (combined !== null) return combined;
    // Not a VNI pair: convert the base alone if it is a single, keep the modifier as written.
    return (SINGLES[base!] ?? base!) + mod!;
  });
}

/** True when a character may be the base of a pair whose modifier is in the next chunk. */
export const vniMayContinue = (ch: string) => /[aAeEoOuUyYôÔöÖ]/.test(ch);

const REVERSE: Array<[string, string]> = (() => {
  const pairs: Array<[string, string]> = Object.entries(SINGLES).map(([k, v]) => [v, k]);
  const bases = ['a', 'e', 'o', 'u', 'y', 'ô', 'ö'];
  for (const base of bases) {
    for (const mod of Object.keys(MODIFIERS)) {
      for (const [b, m] of [[base, mod], [base.toUpperCase(), mod.toUpperCase()]]) {
        const c = combine(b, m);
        if (c) pairs.push([c, b + m]);
      }
    }
  }
  return pairs;
})();

/** Unicode → VNI characters (for writing test fixtures; the bytes are then Windows-1252). */
export function unicodeToVni(text: string): string {
  const map = new Map<string, string>();
  for (const [u, v] of REVERSE) if (!map.has(u)) map.set(u, v);
  let out = '';
  for (const ch of text.normalize('NFC')) out += map.get(ch) ?? ch;
  return out;
}
