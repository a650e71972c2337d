/**
 * Character encodings of CSV files: UTF-8 (± BOM), UTF-16 LE/BE (BOM), Windows-1258 and the legacy
 * Vietnamese encodings TCVN3 (ABC) and VNI. Without a BOM the encoding is chosen by decoding a
 * sample with each candidate and counting what cannot be Vietnamese text; when no candidate reads
 * cleanly the file is refused rather than imported as mojibake.
 */
import iconv from 'iconv-lite';
import { vniToUnicode, vniMayContinue } from './vni.ts';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni';

export const ENCODING_LABELS: Record<EncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1258': 'Windows-1258',
  tcvn3: 'TCVN3 (ABC)',
  vni: 'VNI',
};

export interface DetectedEncoding {
  encoding: EncodingName;
  /** Bytes of the byte-order mark to skip. */
  bom: number;
}

export class EncodingError extends Error {}

// ---------------------------------------------------------------- what Vietnamese text looks like

const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const VIET_LETTERS = new Set<string>();
const TONED = new Set<string>();
for (const base of 'aăâeêioôơuưy') {
  for (const b of [base, base.toUpperCase()]) {
    VIET_LETTERS.add(b);
    for (const t of TONES) {
      const c = (b + t).normalize('NFC');
      VIET_LETTERS.add(c);
      TONED.add(c);
    }
  }
}
for (const c of 'đĐ') VIET_LETTERS.add(c);
/** Non-ASCII characters that plainly occur in Vietnamese office files. */
const ALLOWED_SYMBOLS = new Set([...'\u00a0–—‘’“”…•€©®°±×÷§«»·²³½¼¾№']);

function isLetter(ch: string) {
  return /\p{L}/u.test(ch);
}

export interface TextScore {
  /** Characters or words that cannot be Vietnamese text. */
  bad: number;
  nonAscii: number;
}

/** Counts what cannot be Vietnamese: foreign letters, stray combining marks, two tones in one word. */
export function scoreVietnamese(text: string): TextScore {
  const s = text.normalize('NFC');
  let bad = 0;
  let nonAscii = 0;
  let tonesInWord = 0;
  let prevLower = false;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      if (code < 0x20 && code !== 9 && code !== 10 && code !== 13) bad++;
      const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
      if (!letter) tonesInWord = 0;
      prevLower = code >= 97 && code <= 122;
      continue;
    }
    nonAscii++;
    if (code === 0xfffd) { bad += 2; continue; }
    if (VIET_LETTERS.has(ch)) {
      if (TONED.has(ch) && ++tonesInWord === 2) bad++;
      const upper = ch !== ch.toLowerCase();
      if (upper && prevLower) bad++;
      prevLower = !upper;
      continue;
    }
    if (code >= 0x300 && code <= 0x36f) { bad++; continue; } // a mark that did not compose
    if (ALLOWED_SYMBOLS.has(ch)) { tonesInWord = 0; prevLower = false; continue; }
    bad++;
    if (!isLetter(ch)) tonesInWord = 0;
  }
  return { bad, nonAscii };
}

// ---------------------------------------------------------------- decoders

export interface TextDecoderLike {
  write(chunk: Buffer): string;
  end(): string;
}

class VniDecoder implements TextDecoderLike {
  private carry = '';
  write(chunk: Buffer): string {
    const text = this.carry + iconv.decode(chunk, 'win1252');
    const last = text.charAt(text.length - 1);
    if (text.length && vniMayContinue(last)) {
      this.carry = last;
      return vniToUnicode(text.slice(0, -1));
    }
    this.carry = '';
    return vniToUnicode(text);
  }
  end(): string {
    const rest = vniToUnicode(this.carry);
    this.carry = '';
    return rest;
  }
}

/**
 * Windows-1258 writes tone marks as combining characters after their letter ("ô" + U+0301): the decoded text is
 * composed (NFC) so that headers, names and codes compare equal to what other encodings give. A letter at the end
 * of a chunk waits for the next one, whose first characters may be its marks.
 */
function composedDecoder(d: { write(chunk: Buffer): string; end(): string | undefined }): TextDecoderLike {
  let carry = '';
  return {
    write: (chunk) => {
      const text = carry + d.write(chunk);
      let cut = text.length;
      while (cut > 0 && /\p{M}/u.test(text[cut - 1])) cut--;
      cut = Math.max(0, cut - 1);
      carry = text.slice(cut);
      return text.slice(0, cut).normalize('NFC');
    },
    end: () => {
      const rest = (carry + (d.end() ?? '')).normalize('NFC');
      carry = '';
      return rest;
    },
  };
}

export function createDecoder(encoding: EncodingName): TextDecoderLike {
  switch (encoding) {
    case 'utf-8': {
      const d = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
      return { write: (c) => d.decode(c, { stream: true }), end: () => d.decode() };
    }
    case 'utf-16le':
    case 'utf-16be': {
      const d = iconv.getDecoder(encoding === 'utf-16le' ? 'utf16le' : 'utf16be');
      return { write: (c) => d.write(c), end: () => d.end() ?? '' };
    }
    case 'windows-1258':
      return composedDecoder(iconv.getDecoder('cp1258'));
    case 'tcvn3': {
      const d = iconv.getDecoder('tcvn');
      return { write: (c) => d.write(c), end: () => d.end() ?? '' };
    }
    case 'vni':
      return new VniDecoder();
  }
}

export function decodeAll(bytes: Buffer, encoding: EncodingName): string {
  const d = createDecoder(encoding);
  return d.write(bytes) + d.end();
}

// ---------------------------------------------------------------- detection

function looksUtf16(sample: Buffer, le: boolean): boolean {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return false;
  let zerosAtHigh = 0;
  let zerosAtLow = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i + (le ? 1 : 0)] === 0) zerosAtHigh++;
    if (sample[i + (le ? 0 : 1)] === 0) zerosAtLow++;
  }
  return zerosAtHigh > n / 2 / 3 && zerosAtLow < n / 2 / 50;
}

function isValidUtf8(sample: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The single-byte encodings tried when a file is neither UTF-8 nor UTF-16, in order of preference on a tie. */
const SINGLE_BYTE: EncodingName[] = ['windows-1258', 'vni', 'tcvn3'];

/**
 * Chooses the encoding of a CSV file from its first bytes. Throws EncodingError (Vietnamese
 * message) when no candidate yields readable Vietnamese.
 */
export function detectEncoding(sample: Buffer): DetectedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (looksUtf16(sample, true)) return { encoding: 'utf-16le', bom: 0 };
  if (looksUtf16(sample, false)) return { encoding: 'utf-16be', bom: 0 };
  let ascii = true;
  for (let i = 0; i < sample.length; i++) if (sample[i] >= 0x80) { ascii = false; break; }
  if (ascii || isValidUtf8(sample)) return { encoding: 'utf-8', bom: 0 };

  const scored = SINGLE_BYTE.map((encoding) => ({ encoding, ...scoreVietnamese(decodeAll(sample, encoding)) }));
  const best = scored.reduce((a, b) => (b.bad < a.bad ? b : a));
  const tolerance = Math.max(3, Math.floor(best.nonAscii / 100));
  if (best.bad > tolerance) {
    // Maybe UTF-8 with a few broken bytes: say so rather than guessing.
    const utf8 = scoreVietnamese(decodeAll(sample, 'utf-8'));
    const hint = utf8.bad < best.bad ? ' Tệp có vẻ là UTF-8 nhưng có byte hỏng.' : '';
    throw new EncodingError(
      `Không nhận dạng được bảng mã của tệp (đã thử UTF-8, UTF-16, Windows-1258, TCVN3, VNI: vẫn còn ký tự không phải tiếng Việt).${hint} ` +
        'Hãy mở tệp bằng Excel và lưu lại dạng "CSV UTF-8" hoặc XLSX.',
    );
  }
  return { encoding: best.encoding, bom: 0 };
}
