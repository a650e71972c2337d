/**
 * The demo's old tone placement ("hoà", "thuỵ") and the canonical one of shared/text/vietnamese.ts undo each other:
 * both split a syllable into its tone mark and letters the same way (splitTone).
 */
import { describe, it, expect } from 'vitest';
import { oldToneStyle } from '../../server/demo/names.ts';
import { canonicalVietnamese, splitTone } from '#shared/text/vietnamese.ts';

const PAIRS: Array<[string, string]> = [
  ['Nguyễn Thị Hòa', 'Nguyễn Thị Hoà'],
  ['Phạm Văn Thụy', 'Phạm Văn Thuỵ'],
  ['Lê Thị Khỏe', 'Lê Thị Khoẻ'],
  ['ĐỖ QUANG HÓA', 'ĐỖ QUANG HOÁ'],
  ['Triệu Thị Hòe', 'Triệu Thị Hoè'],
];

describe('tone placement', () => {
  it('splits a syllable into its tone mark and its letters', () => {
    expect(splitTone('Hòa')).toEqual({ tone: '\u0300', letters: ['H', 'o', 'a'] });
    expect(splitTone('thụy'.normalize('NFD'))).toEqual({ tone: '\u0323', letters: ['t', 'h', 'u', 'y'] });
    expect(splitTone('Ước')).toEqual({ tone: '\u0301', letters: ['Ư', 'ơ', 'c'] });
    expect(splitTone('Lan')).toEqual({ tone: '', letters: ['L', 'a', 'n'] });
  });

  it('writes open oa/oe/uy syllables the old way and canonicalVietnamese writes them back', () => {
    for (const [modern, old] of PAIRS) {
      expect(oldToneStyle(modern)).toBe(old);
      expect(canonicalVietnamese(old)).toBe(modern);
    }
  });

  it('leaves closed syllables, three-vowel clusters and "quy" as they are', () => {
    for (const word of ['Hoàng', 'Toán', 'Khuyến', 'Quý', 'Ngoãi', 'Lan', 'Bế']) expect(oldToneStyle(word)).toBe(word);
  });
});
