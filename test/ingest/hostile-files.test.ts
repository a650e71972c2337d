/**
 * Hostile import files — workbooks no spreadsheet program writes, built here byte by byte as real zip
 * files (test/helpers/hostile-files.ts), and CSV files without line ends — are refused with a
 * Vietnamese message naming the place, by the reader, by the upload API (as a commune account, on a
 * real server that stays up and keeps no staged file) and by `baophu import` (exit 1); the memory a
 * zip bomb can take is bounded (peak RSS of a child process). Limits: server/ingest/limits.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSource } from '../../server/ingest/source.ts';
import { openXlsx } from '../../server/ingest/read/xlsx.ts';
import { SourceError } from '../../server/ingest/read/types.ts';
import { XLSX_LIMITS, type XlsxLimits } from '../../server/ingest/limits.ts';
import type { RawRow } from '../../server/ingest/read/types.ts';
import { TMP_ROOT } from '../helpers/paths.ts';
import { createTestDatabase, envFor, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { startServer, SERVER_TEST_PASSWORD, type RunningServer } from '../helpers/server.ts';
import { hoNgheoRows, inlineCell, part, repeatedPart, sharedStringsBomb, SHEET_HEAD, SHEET_TAIL, workbook } from '../helpers/hostile-files.ts';

let dir: string;
const file = (name: string) => path.join(dir, name);

/** name → [bytes, the message it must be refused with]. */
const HOSTILE: Record<string, { bytes: () => Buffer; message: RegExp }> = {
  'ref-column.xlsx': {
    // The 2 KB workbook of the issue: its only data cell is ZZZZZZ2 (column 321 272 406).
    bytes: () => workbook({ sheetData: `<row r="2">${inlineCell('ZZZZZZ2', 'x')}</row>` }),
    message: /^Trang "Danh sách", ô ZZZZZZ2: địa chỉ ô vượt giới hạn của Excel \(cột cuối là XFD, dòng cuối là 1\.048\.576\)/,
  },
  'ref-row.xlsx': {
    bytes: () => workbook({ sheetData: hoNgheoRows() + `<row r="1048577">${inlineCell('A1048577', 'x')}</row>` }),
    message: /^Trang "Danh sách", dòng 1048577: số dòng vượt giới hạn của Excel \(1\.048\.576 dòng\)/,
  },
  'ref-xfe.xlsx': {
    bytes: () => workbook({ sheetData: hoNgheoRows() + `<row r="3">${inlineCell('XFE3', 'x')}</row>` }),
    message: /^Trang "Danh sách", ô XFE3: địa chỉ ô vượt giới hạn của Excel/,
  },
  'shared-strings-bomb.xlsx': {
    // ≈ 3,7 MB on disk, its shared strings inflate to 1 GB.
    bytes: () => workbook({ sheetData: hoNgheoRows(), sharedStrings: sharedStringsBomb(1024) }),
    message: /^Tệp XLSX vượt giới hạn tỉ lệ nén: phần "xl\/sharedStrings\.xml" giải nén ra hơn 100 lần dung lượng nén/,
  },
  'lying-bomb.xlsx': {
    // The same bomb, its headers declaring 1 000 bytes.
    bytes: () => workbook({ sheetData: hoNgheoRows(), sharedStrings: sharedStringsBomb(1024, { declaredSize: 1000 }) }),
    message: /^Tệp XLSX vượt giới hạn tỉ lệ nén: phần "xl\/sharedStrings\.xml"/,
  },
  'long-shared-string.xlsx': {
    bytes: () => workbook({ sheetData: hoNgheoRows(), sharedStrings: `<si><t>${'Đ'.repeat(40_000)}</t></si>` }),
    message: /^Tệp XLSX vượt giới hạn 32\.767 ký tự cho một chuỗi \(chuỗi dùng chung thứ 1\)/,
  },
  'long-inline-string.xlsx': {
    bytes: () => workbook({ sheetData: hoNgheoRows() + `<row r="3">${inlineCell('B3', 'x'.repeat(40_000))}</row>` }),
    message: /^Tệp XLSX vượt giới hạn 32\.767 ký tự cho một ô \(trang "Danh sách", ô B3, dòng 3\)/,
  },
  'endless-text.xlsx': {
    // 300 MB of text with no tag: the XML parser would keep it whole.
    bytes: () => workbook({ sheet: repeatedPart('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>`, 'A'.repeat(1 << 20), 300, `</t></is></c></row>${SHEET_TAIL}`) }),
    message: /^Tệp XLSX vượt giới hạn 263\.160 ký tự cho một đoạn văn bản hoặc một thẻ XML \(phần "Danh sách"\)/,
  },
  'deep-nesting.xlsx': {
    bytes: () => workbook({ sheetData: hoNgheoRows() + '<row r="3">' + '<x>'.repeat(5000) + '</x>'.repeat(5000) + '</row>' }),
    message: /^Tệp XLSX vượt giới hạn 100 cấp thẻ XML lồng nhau/,
  },
  'no-line-end.csv': {
    bytes: () => Buffer.concat([Buffer.from('Số định danh cá nhân,Họ và tên\r\n019185001234,Nguyễn Văn An\r\n'), Buffer.alloc(2 << 20, 'x')]),
    message: /^Dòng 3 dài quá 1\.000\.000 ký tự hoặc quá 10\.000 ô/,
  },
  'never-closing-quote.csv': {
    bytes: () => Buffer.concat([Buffer.from('Số định danh cá nhân,Họ và tên\r\n019185001234,"Nguyễn Văn An\r\n'), Buffer.alloc(2 << 20, 'y')]),
    message: /^Dòng 2: dấu ngoặc kép \("\) mở nhưng không đóng/,
  },
  'many-long-fields.csv': {
    // Every field under the old per-field bound (1 000 000), three of them on one line; before, any number.
    bytes: () => Buffer.concat([Buffer.from('Số định danh cá nhân,Họ và tên\r\n'), Buffer.from(Array(3).fill('z'.repeat(999_000)).join(',')), Buffer.from('\r\n')]),
    message: /^Dòng 2 dài quá 1\.000\.000 ký tự/,
  },
};

async function readAll(filePath: string): Promise<RawRow[]> {
  const source = await openSource(filePath, filePath);
  const rows: RawRow[] = [];
  for await (const batch of source.rows()) rows.push(...batch);
  return rows;
}

async function refusal(read: Promise<unknown>): Promise<string> {
  try {
    await read;
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

beforeAll(() => {
  dir = path.join(TMP_ROOT, `hostile-${process.pid}-${crypto.randomBytes(3).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, h] of Object.entries(HOSTILE)) fs.writeFileSync(file(name), h.bytes());
  fs.writeFileSync(file('ok.xlsx'), workbook({ sheetData: hoNgheoRows() }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the readers refuse hostile files', () => {
  it('reads the well-formed workbook the hostile ones are built like', async () => {
    const rows = await readAll(file('ok.xlsx'));
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2]);
    expect(rows[1].cells).toEqual(['019185001234', 'Nguyễn Văn An', '01/02/1985', '05443', 'Phường Phan Đình Phùng', 'Hộ nghèo', '2026']);
    expect(fs.statSync(file('ref-column.xlsx')).size).toBeLessThan(2500);
    expect(fs.statSync(file('shared-strings-bomb.xlsx')).size).toBeLessThan(4 << 20);
  });

  for (const [name, h] of Object.entries(HOSTILE)) {
    it(`refuses ${name}`, async () => {
      expect(await refusal(readAll(file(name)))).toMatch(h.message);
    });
  }

  it('takes no size from <dimension> or merged cells', async () => {
    const sheetData = hoNgheoRows();
    const sheet = part('xl/worksheets/sheet1.xml', SHEET_HEAD.replace('<sheetData>', '<dimension ref="A1:XFD1048576"/><sheetData>') + sheetData
      + '</sheetData><mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:ZZZZZZ99999999"/></mergeCells></worksheet>');
    fs.writeFileSync(file('dimension.xlsx'), workbook({ sheet }));
    const rows = await readAll(file('dimension.xlsx'));
    expect(rows.map((r) => r.cells.length)).toEqual([7, 7]);
  });

  it('reads a sheet stored before its shared strings, and keeps no temporary copy', async () => {
    const shared = '<si><t>Họ và tên</t></si><si><t>Nguyễn Thị Hằng</t></si>';
    const sheetData = `<row r="1"><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>1</v></c></row>`;
    fs.writeFileSync(file('sheet-first.xlsx'), workbook({ sheetData, sharedStrings: shared, sheetFirst: true }));
    const rows = await readAll(file('sheet-first.xlsx'));
    expect(rows).toEqual([{ rowNo: 1, cells: [null, 'Họ và tên'] }, { rowNo: 2, cells: [null, 'Nguyễn Thị Hằng'] }]);
    fs.writeFileSync(file('sheet-first-bad.xlsx'), workbook({ sheetData: `<row r="1"><c r="A1" t="s"><v>7</v></c></row>`, sharedStrings: shared, sheetFirst: true }));
    expect(await refusal(readAll(file('sheet-first-bad.xlsx')))).toBe('Trang "Danh sách", ô A1: chuỗi dùng chung số 7 không có trong tệp — tệp bị hỏng. Hãy mở bằng Excel và lưu lại.');
  });

  // Each bound, reached quickly with smaller limits than the real ones (the mechanism is the same).
  const small = (over: Partial<XlsxLimits>): XlsxLimits => ({ ...XLSX_LIMITS, ...over });
  const readWith = async (name: string, limits: XlsxLimits) => {
    const source = await openXlsx(file(name), limits);
    for await (const batch of source.rows()) void batch;
  };

  it('bounds the number of shared strings, zip entries, cells, part and total sizes', async () => {
    const strings = Array.from({ length: 50 }, (_, i) => `<si><t>chuỗi ${i}</t></si>`).join('');
    const cells = Array.from({ length: 20 }, (_, r) => `<row r="${r + 1}">${inlineCell(`C${r + 1}`, 'x')}</row>`).join('');
    const media = part('xl/media/image1.png', Buffer.alloc(3 << 20, 7));
    fs.writeFileSync(file('many.xlsx'), workbook({ sheetData: cells, sharedStrings: strings, extra: [media] }));
    expect(await refusal(readWith('many.xlsx', small({ sharedStrings: 49 })))).toBe('Tệp XLSX vượt giới hạn 49 chuỗi dùng chung. Tệp không được nhập.');
    expect(await refusal(readWith('many.xlsx', small({ entries: 5 })))).toBe('Tệp XLSX vượt giới hạn 5 thành phần nén (zip). Tệp không được nhập.');
    // 20 rows × 3 cells (A and B are blank up to C).
    expect(await refusal(readWith('many.xlsx', small({ cells: 59 })))).toBe('Tệp XLSX vượt giới hạn 59 ô (trang "Danh sách", đến dòng 20). Tệp không được nhập.');
    await readWith('many.xlsx', small({ cells: 60 }));
    expect(await refusal(readWith('many.xlsx', small({ otherPartBytes: 2 << 20 })))).toBe('Tệp XLSX vượt giới hạn khi giải nén: phần "xl/media/image1.png" lớn hơn 2 MB. Tệp không được nhập.');
    expect(await refusal(readWith('many.xlsx', small({ totalBytes: 1 << 20 })))).toBe('Tệp XLSX vượt giới hạn khi giải nén: tổng dung lượng lớn hơn 1 MB. Tệp không được nhập.');
    expect(await refusal(readWith('many.xlsx', small({ sharedStringsBytes: 1000 })))).toBe('Tệp XLSX vượt giới hạn khi giải nén: phần "xl/sharedStrings.xml" lớn hơn 1 KB. Tệp không được nhập.');
  });

  it('keeps the peak memory of reading zip bombs bounded, one or two at once (child process RSS)', () => {
    const script = `
      import fs from 'node:fs';
      import { openSource } from ${JSON.stringify(path.resolve('server/ingest/source.ts'))};
      const read = async (f) => { try { const s = await openSource(f, f); for await (const b of s.rows()) void b; return 'read'; } catch (e) { return e.message; } };
      const files = process.argv.slice(2);
      const messages = await Promise.all(files.map(read));
      const hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
      console.log(JSON.stringify({ messages, hwmMb: Math.round(hwm / 1024) }));`;
    const scriptFile = file('rss.mts');
    fs.writeFileSync(scriptFile, script);
    const run = (...files: string[]) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', scriptFile, ...files.map(file)], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { messages: string[]; hwmMb: number };
    };
    const baseline = run('ok.xlsx');
    expect(baseline.messages).toEqual(['read']);
    const one = run('shared-strings-bomb.xlsx');
    expect(one.messages[0]).toMatch(HOSTILE['shared-strings-bomb.xlsx'].message);
    const two = run('shared-strings-bomb.xlsx', 'lying-bomb.xlsx');
    expect(two.messages.every((m) => /^Tệp XLSX vượt giới hạn/.test(m))).toBe(true);
    // Before the bounds: one bomb took the process to ≈ 2,4 GB (bench/hostile-xlsx.ts).
    expect(one.hwmMb - baseline.hwmMb).toBeLessThan(250);
    expect(two.hwmMb - baseline.hwmMb).toBeLessThan(400);
  });
});

// ------------------------------------------------------------------ the command line

describe('baophu import refuses hostile files (exit 1, the message, no crash)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.destroy());

  for (const name of ['ref-column.xlsx', 'shared-strings-bomb.xlsx', 'many-long-fields.csv']) {
    it(name, () => {
      const r = runCli(['import', 'ho-ngheo', file(name)], envFor(database));
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(HOSTILE[name].message);
    });
  }

  it('says the same in --json', () => {
    const r = runCli(['import', 'ho-ngheo', file('ref-column.xlsx'), '--json'], envFor(database));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'rejected', errors: [{ message: expect.stringMatching(HOSTILE['ref-column.xlsx'].message) }] });
  });
});

// ------------------------------------------------------------------ the upload API, on a real server

describe('uploading hostile files as a commune account', () => {
  let server: RunningServer;
  let cookie = '';
  let csrf = '';
  const stagingDir = () => path.join(server.dataDir, 'uploads');
  const staged = () => (fs.existsSync(stagingDir()) ? fs.readdirSync(stagingDir()) : []);

  beforeAll(async () => {
    // A small cap, so that the bombs (≈ 3,7 MB) reach the reader and 6 MB does not.
    server = await startServer({ buildWeb: false, env: { BAOPHU_MAX_UPLOAD_MB: '5' } });
    await server.addUser('xa1', 'commune', { communes: ['05443'] });
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'xa1', password: SERVER_TEST_PASSWORD }) });
    expect(res.status).toBe(200);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    csrf = (await res.json()).csrfToken;
  }, 180_000);
  afterAll(async () => server?.stop());

  const upload = async (name: string, bytes: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${server.url}/api/imports/uploads`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: form });
    return { status: res.status, json: await res.json() };
  };
  const stillServes = async () => {
    const res = await fetch(`${server.url}/api/imports/kinds`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()).kinds.find((k: { kind: string }) => k.kind === 'ho-ngheo').canImport).toBe(true);
  };

  it('accepts the well-formed workbook (and keeps it for the preview)', async () => {
    const r = await upload('ho-ngheo.xlsx', fs.readFileSync(file('ok.xlsx')));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ kind: 'ho-ngheo', problem: null });
    expect(staged()).toEqual([r.json.uploadId]);
    const del = await fetch(`${server.url}/api/imports/uploads/${r.json.uploadId}`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
    expect(del.status).toBe(200);
    expect(staged()).toEqual([]);
  });

  for (const name of ['ref-column.xlsx', 'ref-row.xlsx', 'shared-strings-bomb.xlsx', 'lying-bomb.xlsx', 'long-shared-string.xlsx', 'deep-nesting.xlsx', 'no-line-end.csv', 'never-closing-quote.csv', 'many-long-fields.csv']) {
    it(`refuses ${name} with 422 and its message, keeps nothing, and answers the next request`, async () => {
      const r = await upload(name, fs.readFileSync(file(name)));
      expect(r.status).toBe(422);
      expect(r.json.error.message).toMatch(HOSTILE[name].message);
      expect(staged()).toEqual([]);
      await stillServes();
    });
  }

  it('refuses a file over the upload cap with 413 and the cap in the message, keeping nothing', async () => {
    const r = await upload('lon.csv', Buffer.alloc(6 << 20, 'a'));
    expect(r.status).toBe(413);
    expect(r.json.error.message).toBe('Tệp vượt giới hạn tải lên 5 MB (BAOPHU_MAX_UPLOAD_MB); không có gì được lưu. Hãy tách tệp hoặc báo quản trị hệ thống.');
    expect(staged()).toEqual([]);
    await stillServes();
  });

  it('refuses a form of many large text fields before the file (held in memory) with 413', async () => {
    const form = new FormData();
    for (let i = 0; i < 50; i++) form.append(`truong${i}`, 'x'.repeat(60_000));
    form.append('file', new Blob([new Uint8Array(fs.readFileSync(file('ok.xlsx')))]), 'ho-ngheo.xlsx');
    const res = await fetch(`${server.url}/api/imports/uploads`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: form });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/quá lớn/);
    expect(staged()).toEqual([]);
    await stillServes();
  });

  it('deletes the staged part of an upload cut short mid-stream', async () => {
    const boundary = 'baophu' + crypto.randomBytes(6).toString('hex');
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dang-do.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const { port } = new URL(server.url);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/imports/uploads', headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 4 << 20 } });
    req.on('error', () => undefined);
    req.write(head);
    req.write(Buffer.alloc(1 << 20, 'b'));
    await expect.poll(() => staged().length, { timeout: 15_000 }).toBe(1);
    req.destroy();
    await expect.poll(() => staged().length, { timeout: 15_000 }).toBe(0);
    await stillServes();
  });
});
