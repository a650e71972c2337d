/** Pure rules of the import: identifiers, dates, periods, amounts, communes, encodings, CSV parsing. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { classifyPersonalId, checkPersonalId } from '#shared/identity/personal-id.ts';
import { classifyTaxCode, isValidTaxCode10, taxCheckDigit } from '#shared/identity/tax-code.ts';
import { CommuneIndex, excelSerialToDate, parseBirth, parseDateParts, parseNonNegativeInt, parsePeriod, parseText, today } from '../../server/ingest/fields.ts';
import { detectEncoding, decodeAll, createDecoder } from '../../server/ingest/read/encoding.ts';
import { unicodeToVni, vniToUnicode } from '../../server/ingest/read/vni.ts';
import { CsvByteParser, CsvParser, detectDelimiter } from '../../server/ingest/read/csv.ts';
import { isNumberingRow, isTotalRow, matchHeader } from '../../server/ingest/header.ts';
import { KINDS } from '../../server/ingest/kinds.ts';
import { formatInt } from '#shared/format.ts';
import type { RawRow } from '../../server/ingest/read/types.ts';
import fs from 'node:fs';

const NOW = today(new Date('2026-11-25T10:00:00+07:00'));

describe('personal IDs (rules §7)', () => {
  it('classifies 12, 11 (repaired), 9 (legacy) digits and refuses the rest', () => {
    expect(classifyPersonalId('019185001234')).toEqual({ kind: 'id12', value: '019185001234', repaired: false });
    expect(classifyPersonalId('19185001234')).toEqual({ kind: 'id12', value: '019185001234', repaired: true });
    expect(classifyPersonalId('019 185 001 234')).toMatchObject({ kind: 'id12', value: '019185001234' });
    expect(classifyPersonalId('012345678')).toEqual({ kind: 'legacy9', value: '012345678' });
    expect(classifyPersonalId('0191850012')).toMatchObject({ kind: 'invalid', reason: 'phải gồm 12 chữ số (có 10)' });
    expect(classifyPersonalId('1.92E+10')).toMatchObject({ kind: 'invalid' });
    // Separators only where they group digits; anywhere else the ID is wrong and kept as written.
    expect(classifyPersonalId('019.185.001.234')).toEqual({ kind: 'id12', value: '019185001234', repaired: false });
    expect(classifyPersonalId('19.185.001.234')).toEqual({ kind: 'id12', value: '019185001234', repaired: true });
    expect(classifyPersonalId('019 1 85 001234')).toEqual({ kind: 'id12', value: '019185001234', repaired: false });
    expect(classifyPersonalId('012.345.678')).toEqual({ kind: 'legacy9', value: '012345678' });
    expect(classifyPersonalId('0191886.6054')).toEqual({ kind: 'invalid', value: '0191886.6054', reason: 'chỉ được gồm chữ số (dấu chấm, khoảng trắng chỉ được dùng để phân nhóm chữ số)' });
    expect(classifyPersonalId('01918500 1234')).toMatchObject({ kind: 'invalid', value: '01918500 1234' });
    expect(classifyPersonalId(' 019 185 0012 ')).toMatchObject({ kind: 'invalid', value: '019 185 0012' });
    expect(classifyPersonalId('019.185.001.2')).toMatchObject({ kind: 'invalid', value: '019.185.001.2' });
  });

  it('checks the century/sex digit and birth-year digits', () => {
    expect(checkPersonalId('019185001234', 1985, 'F').problems).toEqual([]);
    expect(checkPersonalId('019301001238', 2001, 'F').problems).toEqual([]);
    expect(checkPersonalId('019085001234', 1985, 'F').problems).toEqual(['chữ số thế kỷ/giới tính 0 không khớp với năm sinh 1985 và giới tính Nữ (phải là 1)']);
    expect(checkPersonalId('019186001234', 1985, 'F').problems).toEqual(['hai chữ số năm sinh 86 không khớp với năm sinh 1985']);
    expect(checkPersonalId('999185001234', 1985, 'F')).toMatchObject({ provinceKnown: false });
  });
});

describe('tax codes (rules §7)', () => {
  it('computes the check digit: 0100109106 is valid', () => {
    expect(taxCheckDigit('010010910')).toBe(6);
    expect(isValidTaxCode10('0100109106')).toBe(true);
    expect(isValidTaxCode10('0100109107')).toBe(false);
  });

  it('any 9 digits plus their check digit form a valid code, and changing the last digit breaks it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (first9) => {
        const d = taxCheckDigit(first9);
        expect(isValidTaxCode10(first9 + d)).toBe(true);
        expect(isValidTaxCode10(first9 + ((d + 1) % 10))).toBe(false);
      }),
    );
  });

  it('recognises branches, personal IDs and lost leading zeros', () => {
    expect(classifyTaxCode('0100109106-001')).toEqual({ kind: 'branch', value: '0100109106-001', repaired: false });
    expect(classifyTaxCode('0100109106001')).toEqual({ kind: 'branch', value: '0100109106-001', repaired: true });
    expect(classifyTaxCode('100109106')).toEqual({ kind: 'enterprise', value: '0100109106', repaired: true });
    expect(classifyTaxCode('019185001234')).toEqual({ kind: 'personal', value: '019185001234', repaired: false });
    expect(classifyTaxCode('0100109107-001')).toMatchObject({ kind: 'invalid' });
  });
});

describe('dates, periods and birth dates', () => {
  it('accepts dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd and Excel serials, only real calendar dates', () => {
    expect(parseDateParts('05/11/2026')).toEqual({ ok: true, value: { y: 2026, m: 11, d: 5 } });
    expect(parseDateParts('5/1/2026')).toEqual({ ok: true, value: { y: 2026, m: 1, d: 5 } });
    expect(parseDateParts('2026-11-05')).toEqual({ ok: true, value: { y: 2026, m: 11, d: 5 } });
    expect(parseDateParts('05/11/2026 00:00:00')).toMatchObject({ ok: true });
    expect(parseDateParts(46331)).toEqual({ ok: true, value: { y: 2026, m: 11, d: 5 } });
    expect(parseDateParts('29/02/2024')).toMatchObject({ ok: true });
    expect(parseDateParts('29/02/2026')).toMatchObject({ ok: false });
    expect(parseDateParts('31/04/2026')).toMatchObject({ ok: false });
  });

  it('Excel serials agree with the calendar (1900 system)', () => {
    expect(excelSerialToDate(1)).toEqual({ y: 1900, m: 1, d: 1 });
    expect(excelSerialToDate(61)).toEqual({ y: 1900, m: 3, d: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 80000 }), (serial) => {
        const p = excelSerialToDate(serial)!;
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
        expect([p.y, p.m, p.d]).toEqual([expected.getUTCFullYear(), expected.getUTCMonth() + 1, expected.getUTCDate()]);
      }),
    );
  });

  it('records how much of a birth date is known', () => {
    expect(parseBirth('1985', NOW)).toEqual({ ok: true, value: { date: '1985-01-01', precision: 'Y', year: 1985 } });
    expect(parseBirth(1985, NOW)).toEqual({ ok: true, value: { date: '1985-01-01', precision: 'Y', year: 1985 } });
    // An XLSX date cell before 1927 arrives as a four-digit serial, not a year.
    expect(parseBirth(9916, NOW)).toEqual({ ok: true, value: { date: '1927-02-23', precision: 'D', year: 1927 } });
    expect(parseBirth('9916', NOW)).toMatchObject({ ok: false });
    expect(parseBirth('3/1985', NOW)).toEqual({ ok: true, value: { date: '1985-03-01', precision: 'M', year: 1985 } });
    expect(parseBirth('12/03/1985', NOW)).toEqual({ ok: true, value: { date: '1985-03-12', precision: 'D', year: 1985 } });
    expect(parseBirth('26/11/2026', NOW)).toMatchObject({ ok: false });
  });

  it('reads periods mm/yyyy, m/yyyy, yyyy-mm and first-of-month dates', () => {
    for (const v of ['10/2026', '10/2026', '2026-10', 'Tháng 10/2026', '01/10/2026', 46296]) expect(parsePeriod(v)).toEqual({ ok: true, value: '2026-10-01' });
    expect(parsePeriod('15/10/2026')).toMatchObject({ ok: false });
    expect(parsePeriod('13/2026')).toMatchObject({ ok: false });
  });
});

describe('amounts', () => {
  it('reads thousand separators and refuses negative, textual and fractional values', () => {
    for (const v of ['1.500.000', '1,500,000', '1 500 000', '1500000', '1.500.000 đ', '1.500.000,00', 1500000]) {
      expect(parseNonNegativeInt(v, 'amount')).toEqual({ ok: true, value: 1500000 });
    }
    expect(parseNonNegativeInt('-1.500.000', 'amount')).toMatchObject({ ok: false, message: 'số tiền âm (-1.500.000) không được chấp nhận' });
    expect(parseNonNegativeInt('(1.500.000)', 'amount')).toMatchObject({ ok: false });
    expect(parseNonNegativeInt('một triệu', 'amount')).toMatchObject({ ok: false });
    expect(parseNonNegativeInt('1,5', 'amount')).toMatchObject({ ok: false });
  });

  it('reads back any amount formatted the Vietnamese way (1.234.567)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (n) => {
      expect(parseNonNegativeInt(formatInt(n), 'amount')).toEqual({ ok: true, value: n });
    }));
  });
});

describe('text and communes', () => {
  it('normalises text to NFC with single spaces and refuses the replacement character', () => {
    expect(parseText('  Nguye\u0302\u0303n   Văn\tA ')).toEqual({ ok: true, value: 'Nguyễn Văn A' });
    expect(parseText('Nguy\ufffd\ufffdn')).toMatchObject({ ok: false });
  });

  const communes = new CommuneIndex(
    fs.readFileSync('reference/communes.csv', 'utf8').trim().split('\n').slice(1).map((l) => {
      const [code, name] = l.split(',');
      return { code, name, name_key: '' };
    }),
  );

  it('restores leading zeros of commune codes', () => {
    expect(communes.parseCode('5443')).toEqual({ ok: true, value: '05443' });
    expect(communes.parseCode(1840)).toMatchObject({ ok: true, value: '01840' });
    expect(communes.parseCode('19', true)).toEqual({ ok: true, value: '19' });
    expect(communes.parseCode('19')).toMatchObject({ ok: false });
  });

  it('matches names with tone marks normalised, and without diacritics only when one commune fits', () => {
    expect(communes.parseName('Xã Định Hoá')).toEqual({ ok: true, value: '05569' });
    expect(communes.parseName('Văn Lang')).toEqual({ ok: true, value: '02143' });
    expect(communes.parseName('Văn Lăng')).toEqual({ ok: true, value: '05665' });
    expect(communes.parseName('Van Lang')).toMatchObject({ ok: false });
    expect(communes.parseName('phuong phan dinh phung')).toMatchObject({ ok: true, value: '05443' });
  });
});

describe('encodings', () => {
  const text = 'Họ và tên;Ngày sinh\r\nNguyễn Thị Hồng Nhung;12/03/1985\r\nĐặng Văn Lường;1990\r\nHoàng Thị Thủy Ước Ỷ;1995\r\n';

  it('detects TCVN3 and VNI and converts them back to the same Unicode', () => {
    const tcvn = iconv.encode(text, 'tcvn');
    expect(detectEncoding(tcvn).encoding).toBe('tcvn3');
    expect(decodeAll(tcvn, 'tcvn3')).toBe(text);
    const vni = iconv.encode(unicodeToVni(text), 'win1252');
    expect(detectEncoding(vni).encoding).toBe('vni');
    expect(decodeAll(vni, 'vni')).toBe(text);
  });

  it('VNI decoding is exact for every Vietnamese letter', () => {
    const letters = [...'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY'].flatMap((b) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((t) => (b + t).normalize('NFC')));
    const all = letters.join(' ') + ' đĐ';
    expect(vniToUnicode(unicodeToVni(all))).toBe(all);
  });

  it('decodes across chunk boundaries (UTF-8, VNI) whatever the split', () => {
    for (const encoding of ['utf-8', 'vni', 'tcvn3'] as const) {
      const bytes = encoding === 'utf-8' ? Buffer.from(text) : encoding === 'vni' ? iconv.encode(unicodeToVni(text), 'win1252') : iconv.encode(text, 'tcvn');
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const d = createDecoder(encoding);
          let out = '';
          let prev = 0;
          for (const p of [...points, bytes.length]) {
            out += d.write(bytes.subarray(prev, p));
            prev = p;
          }
          out += d.end();
          expect(out).toBe(text);
        }),
      );
    }
  });
});

describe('CSV parsing', () => {
  const parseAll = (chunks: string[], delim = ',') => {
    const p = new CsvParser(delim);
    const out: RawRow[] = [];
    for (const c of chunks) p.push(c, out);
    p.end(out);
    return out.map((r) => [r.rowNo, r.cells]);
  };

  it('handles quotes, doubled quotes, separators and new lines inside quotes, CRLF, CR and a missing last newline', () => {
    const csv = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n1,2,3\r4,5,6';
    expect(parseAll([csv])).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['x, y', 'say "hi"', 'line1\nline2']],
      [3, ['1', '2', '3']],
      [4, ['4', '5', '6']],
    ]);
  });

  it('gives the same records however the text is split into chunks', () => {
    const csv = 'Số CCCD;"Họ; tên"\r\n"019185001234";"Nguyễn ""Hồng""\r\nNhung"\r\n\r\n019090001235;Đặng\r\n"";x\r';
    const whole = parseAll([csv], ';');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: csv.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of [...points, csv.length]) {
          chunks.push(csv.slice(prev, p));
          prev = p;
        }
        expect(parseAll(chunks, ';')).toEqual(whole);
      }),
    );
  });

  it('reads the same records from UTF-8 bytes as from text, however the bytes are split (even inside a character)', () => {
    const parseBytes = (chunks: Buffer[], delim: string) => {
      const p = new CsvByteParser(delim);
      const out: RawRow[] = [];
      for (const c of chunks) p.push(c, out);
      p.end(out);
      return out.map((r) => [r.rowNo, r.cells]);
    };
    const alphabet = ['a', '1', ' ', ',', ';', '"', '""', '\r', '\n', '\r\n', 'Đ', 'ễ', 'Hồng', '𝕏', '\t'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }),
        fc.constantFrom(',', ';', '\t'),
        (parts, cuts, delim) => {
          const text = parts.join('');
          const bytes = Buffer.from(text, 'utf8');
          let expected: unknown;
          try {
            expected = parseAll([text], delim);
          } catch (err) {
            expected = (err as Error).message;
          }
          const points = [...new Set(cuts.filter((c) => c < bytes.length))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let prev = 0;
          for (const at of [...points, bytes.length]) {
            chunks.push(bytes.subarray(prev, at));
            prev = at;
          }
          let actual: unknown;
          try {
            actual = parseBytes(chunks, delim);
          } catch (err) {
            actual = (err as Error).message;
          }
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseBytes([Buffer.from('a,"x, y","say ""hi""",line1\r\n"Nguy'), Buffer.from('ễn ""Hồng""\nNhung",2\r4,5')], ',')).toEqual([
      [1, ['a', 'x, y', 'say "hi"', 'line1']],
      [2, ['Nguyễn "Hồng"\nNhung', '2']],
      [3, ['4', '5']],
    ]);
  });

  it('decodes broken UTF-8 bytes in a field as U+FFFD (the row is then rejected)', () => {
    const p = new CsvByteParser(',');
    const out: RawRow[] = [];
    p.push(Buffer.from([0x61, 0x2c, 0x4e, 0xc3, 0x28, 0x0a]), out);
    p.end(out);
    expect(out[0].cells).toEqual(['a', 'N\ufffd(']);
  });

  it('refuses a field that never ends, also when read from bytes', () => {
    const p = new CsvByteParser(',');
    expect(() => p.push(Buffer.from('a,"' + 'x'.repeat(1_000_001)), [])).toThrow(/mở nhưng không đóng/);
    const q = new CsvByteParser(',');
    expect(() => {
      q.push(Buffer.from('a\nb,"xyz'), []);
      q.end([]);
    }).toThrow(/^Dòng 2: dấu ngoặc kép \("\) mở nhưng không đóng đến hết tệp/);
  });

  it('refuses a field that never ends (1 000 000 characters)', () => {
    const p = new CsvParser(',');
    expect(() => p.push('a,"' + 'x'.repeat(1_000_001), [])).toThrow(/mở nhưng không đóng/);
  });

  it('detects the separator even below title rows', () => {
    expect(detectDelimiter('BÁO CÁO\r\nĐơn vị: người\r\na;b;c\r\n1;2;3\r\n4;5;6\r\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\r\n1\t2,5\t3\r\n')).toBe('\t');
    expect(detectDelimiter('a,b,c\r\n"1;2",2,3\r\n')).toBe(',');
  });
});

describe('header rows', () => {
  const rows = (cells: string[][]): RawRow[] => cells.map((c, i) => ({ rowNo: i + 1, cells: c }));

  it('recognises numbering and total rows', () => {
    expect(isNumberingRow(['(1)', '(2)', '(3)', '(4)'])).toBe(true);
    expect(isNumberingRow(['A', 'B', 'C'])).toBe(true);
    expect(isNumberingRow(['05443', '2025', '12000', '8000'])).toBe(false);
    expect(isTotalRow(['', 'Tổng cộng', '', '1.234'])).toBe(true);
    expect(isTotalRow(['Cộng xã Văn Lăng', '', '12'])).toBe(true);
    expect(isTotalRow(['019185001234', 'Cộng', 'x'])).toBe(false);
  });

  it('finds the header below title rows and reports what is missing', () => {
    const m = matchHeader(KINDS['dan-cu'], rows([['BÁO CÁO'], [], ['Số CCCD', 'Họ tên', 'Ngày sinh', 'Mã xã']]))!;
    expect(m.headerRows).toEqual([3]);
    expect(m.missing).toEqual(['Giới tính']);
    expect(matchHeader(KINDS['dan-cu'], rows([['a', 'b'], ['1', '2']]))).toBeNull();
  });
});
