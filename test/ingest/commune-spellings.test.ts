/**
 * Commune resolution against the import contract (docs/spec/source-files.md, "Commune"): for every one of the 92
 * communes of reference/communes.csv and every spelling the contract allows — the code (also without its leading
 * zero), the full name, the name without its "Xã"/"Phường" prefix, any case, without diacritics (only where no other
 * commune then reads the same), old tone-mark placement, decomposed (NFD) text, extra spaces, an abbreviated prefix —
 * resolution gives exactly that commune; names that stay ambiguous are refused with the candidates named. Checked on
 * the resolver, through a real CSV import, and on the demo generator (which must be able to write every spelling).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { CommuneIndex } from '../../server/ingest/fields.ts';
import { importFile } from '../../server/ingest/service.ts';
import { COMMUNE_SPELLINGS, communeSpelling, foldedNameClashes } from '../../server/demo/names.ts';

interface Commune { code: string; name: string }

const REFERENCE: Commune[] = Papa.parse<Commune>(fs.readFileSync(path.resolve('reference/communes.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data
  .map((c) => ({ code: c.code, name: c.name }));

// The test's own spelling rules, written from the contract (not taken from the code under test).
const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const bareOf = (name: string) => name.replace(/^(Xã|Phường) /, '');
const OLD_TONE: Record<string, string> = { òa: 'oà', óa: 'oá', ỏa: 'oả', õa: 'oã', ọa: 'oạ', òe: 'oè', óe: 'oé', ỏe: 'oẻ', õe: 'oẽ', ọe: 'oẹ', ùy: 'uỳ', úy: 'uý', ủy: 'uỷ', ũy: 'uỹ', ụy: 'uỵ' };
const oldTone = (s: string) => s.replace(/(òa|óa|ỏa|õa|ọa|òe|óe|ỏe|õe|ọe|ùy|úy|ủy|ũy|ụy)(?=\s|$)/g, (m) => OLD_TONE[m]);

/** Spellings of a name column, each marked whether it is written without diacritics. */
function nameSpellings(c: Commune): Array<{ text: string; folded: boolean }> {
  const bare = bareOf(c.name);
  const abbreviation = c.name.startsWith('Phường') ? 'P.' : 'X.';
  const withMarks = [c.name, bare, c.name.toUpperCase(), bare.toUpperCase(), c.name.toLowerCase(), bare.toLowerCase(), oldTone(c.name),
    oldTone(bare), c.name.normalize('NFD'), bare.normalize('NFD'), `  ${c.name.replace(/ /g, '   ')} `, `${abbreviation} ${bare}`, `${abbreviation}${bare}`];
  const without = [plain(c.name), plain(bare), plain(c.name).toUpperCase(), plain(bare).toUpperCase(), plain(bare).toLowerCase()];
  return [...new Set(withMarks)].map((text) => ({ text, folded: false })).concat([...new Set(without)].map((text) => ({ text, folded: true })));
}
const codeSpellings = (c: Commune) => [c.code, ...(c.code.startsWith('0') ? [c.code.replace(/^0+/, '')] : [])];

/** Communes that read the same without diacritics (computed here from the reference list). */
function foldedTwins(c: Commune): Commune[] {
  const key = plain(bareOf(c.name)).toLowerCase();
  return REFERENCE.filter((o) => plain(bareOf(o.name)).toLowerCase() === key);
}

let database: TestDatabase;
let index: CommuneIndex;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // The index the import builds: the communes of the database, as migrated from reference/communes.csv.
  index = new CommuneIndex((await database.pool.query("SELECT code, name, name_key FROM commune WHERE province_code = '19'")).rows);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-communes-'));
});
afterAll(async () => {
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('commune resolution, every commune and every spelling of the contract', () => {
  it('the reference list has the 92 communes, and the database the same', () => {
    expect(REFERENCE).toHaveLength(92);
    expect(index.size).toBe(92);
  });

  it('a code, with or without its leading zero, gives that commune', () => {
    for (const c of REFERENCE) for (const s of codeSpellings(c)) expect(index.parseCode(s), s).toEqual({ ok: true, value: c.code });
  });

  it('every name spelling gives exactly that commune; without diacritics, an ambiguous name names its candidates', () => {
    let checked = 0;
    for (const c of REFERENCE) {
      const twins = foldedTwins(c);
      for (const { text, folded } of nameSpellings(c)) {
        const r = index.parseName(text);
        checked++;
        if (folded && twins.length > 1) {
          expect(r.ok, text).toBe(false);
          for (const t of twins) expect(!r.ok && r.message, text).toContain(`${t.name} ${t.code}`);
        } else {
          expect(r.ok && r.value, JSON.stringify(text)).toBe(c.code);
        }
      }
    }
    expect(checked).toBeGreaterThan(92 * 15);
  });

  it('"Phuong Tien" is Xã Phượng Tiến: a first word that looks like a prefix is also read as part of the name', () => {
    const phuongTien = REFERENCE.find((c) => c.name === 'Xã Phượng Tiến')!;
    for (const text of ['Phuong Tien', 'PHUONG TIEN', 'phuong tien', 'Xa Phuong Tien']) {
      expect(index.parseName(text)).toMatchObject({ ok: true, value: phuongTien.code });
    }
  });

  it('a CSV with every spelling of every commune imports every row into its commune', async () => {
    const header = ['Số định danh cá nhân', 'Họ và tên', 'Mã xã', 'Xã/Phường', 'Phân loại', 'Năm'];
    const rows: string[][] = [];
    const expected: Array<string | null> = [];
    const ambiguous: string[] = [];
    const add = (code: string, name: string, expect: string | null) => {
      const serial = String(rows.length + 1).padStart(6, '0');
      rows.push([`019085${serial}`, 'Nguyễn Văn An', code, name, 'Hộ nghèo', '2026']);
      expected.push(expect);
    };
    for (const c of REFERENCE) {
      for (const s of codeSpellings(c)) add(s, '', c.code);
      const twins = foldedTwins(c);
      for (const { text, folded } of nameSpellings(c)) {
        if (folded && twins.length > 1) {
          add('', text, null);
          ambiguous.push(text);
        } else add('', text, c.code);
      }
    }
    const quote = (v: string) => (/[",\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
    const file = path.join(dir, 'ho-ngheo-moi-cach-viet.csv');
    fs.writeFileSync(file, '\ufeff' + [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n');

    const result = await importFile(database, { kind: 'ho-ngheo', filePath: file });
    expect(result.status).toBe('imported');
    expect(result.rows).toBe(rows.length);
    expect(result.rejected).toBe(ambiguous.length);
    for (const e of result.errors) expect(e.message).toMatch(/khớp nhiều xã khi bỏ dấu/);
    const stored = (await database.pool.query('SELECT row_no, commune_code FROM src_ho_ngheo WHERE batch_id = $1', [result.batchId])).rows;
    const byRow = new Map(stored.map((r) => [Number(r.row_no), r.commune_code as string]));
    const wrong = expected.flatMap((code, i) => (byRow.get(i + 2) ?? null) === code ? [] : [`dòng ${i + 2}: ${JSON.stringify(rows[i][2] || rows[i][3])} → ${byRow.get(i + 2)} (cần ${code})`]);
    expect(wrong).toEqual([]);
  });
});

describe('the demo generator', () => {
  const clashes = foldedNameClashes(REFERENCE);

  it('can write every spelling the contract allows, for every commune', () => {
    for (const c of REFERENCE) {
      const produced = new Set(COMMUNE_SPELLINGS.map((s) => communeSpelling(c, s, clashes)).filter((s): s is string => s !== null).map((s) => s.normalize('NFC').trim().replace(/\s+/g, ' ')));
      const allowed = [...codeSpellings(c), ...nameSpellings(c).filter((s) => !(s.folded && foldedTwins(c).length > 1)).map((s) => s.text)];
      // Every kind of spelling (case variants of one kind are one kind): compare case-insensitively after NFC and spaces.
      const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase().replace(/^(x|p)\.\s*/, '$1. ');
      const producedKinds = new Set([...produced].map(norm));
      const missing = allowed.map(norm).filter((s) => !producedKinds.has(s));
      expect(missing, c.name).toEqual([]);
    }
  });

  it('writes only spellings that resolve to their commune (never an ambiguous one)', () => {
    for (const c of REFERENCE) {
      for (const s of COMMUNE_SPELLINGS) {
        const text = communeSpelling(c, s, clashes);
        if (text === null) continue;
        const r = /^\d+$/.test(text) ? index.parseCode(text) : index.parseName(text);
        expect(r.ok && r.value, `${s}: ${text}`).toBe(c.code);
      }
    }
    expect([...clashes].sort()).toEqual(REFERENCE.filter((c) => foldedTwins(c).length > 1).map((c) => c.code).sort());
  });
});
