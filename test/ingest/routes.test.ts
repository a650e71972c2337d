/**
 * The import API: upload (multipart) → detected kind, header mapping and first rows → confirm →
 * progress as server-sent events → result, reject report and raw file; history with lineage; who may
 * import, see and download what; masking and audit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, login, TEST_PASSWORD, type TestClient } from '../helpers/app.ts';
import { multipartFile, waitForImportJob } from '../helpers/upload.ts';

const FIXTURES = path.resolve('test/fixtures/ingest');
let database: TestDatabase;
let app: FastifyInstance;
let police: TestClient;
let bhxh: TestClient;
let stats: TestClient;
let leader: TestClient;
let xa1: TestClient;
let xa2: TestClient;


async function upload(client: TestClient, fileName: string, content: Buffer | string, kind?: string) {
  const m = multipartFile(fileName, content);
  return client.send('POST', `/api/imports/uploads${kind ? `?kind=${kind}` : ''}`, m.body, m.headers);
}


const auditRows = async (action: string, objectType: string) =>
  (await database.pool.query('SELECT username, object_id, detail FROM audit_log WHERE action = $1 AND object_type = $2 ORDER BY id', [action, objectType])).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  await addUser(database, 'congan', 'police');
  await addUser(database, 'bhxh', 'social_security');
  await addUser(database, 'thongke', 'statistics');
  await addUser(database, 'lanhdao', 'leadership');
  await addUser(database, 'xa1', 'commune', ['05443']);
  await addUser(database, 'xa2', 'commune', ['05665']);
  [police, bhxh, stats, leader, xa1, xa2] = await Promise.all(['congan', 'bhxh', 'thongke', 'lanhdao', 'xa1', 'xa2'].map((u) => login(app, u)));
});
afterAll(async () => {
  await app.close();
  await database.destroy();
});

describe('upload, preview and confirm', () => {
  const file = fs.readFileSync(path.join(FIXTURES, '09-title-numbering-total.csv'));
  // The file this describe imports: the fixture with one more line ending, so that a fresh upload of the fixture
  // itself is never "already imported" whichever test runs first.
  const importedFile = Buffer.concat([file, Buffer.from('\r\n')]);

  /** The one import of this describe, made by whichever test needs it first (each test passes alone and in any order). */
  let importing: Promise<{ uploadId: string; jobId: string; job: any; batchId: number }> | undefined;
  const imported = () =>
    (importing ??= (async () => {
      const up = await upload(police, 'Dân cư tháng 10.csv', importedFile);
      expect(up.status).toBe(200);
      // replace: other tests may have made a current dan-cu batch before (the answer would be 409 without it).
      const ok = await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', replace: true });
      expect(ok.status).toBe(200);
      const job = await waitForImportJob(police, ok.json.jobId);
      expect(job.status).toBe('done');
      return { uploadId: up.json.uploadId, jobId: ok.json.jobId, job, batchId: job.result.batchId };
    })());

  it('detects the kind, the header mapping and shows the first rows', async () => {
    const r = await upload(police, 'Dân cư tháng 10.csv', file);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      fileName: 'Dân cư tháng 10.csv', format: 'csv', encoding: 'UTF-8', delimiter: 'dấu phẩy', kind: 'dan-cu', problem: null, alreadyImported: null,
      header: { rows: [4], missing: [] },
    });
    expect(r.json.guesses[0]).toMatchObject({ kind: 'dan-cu', complete: true, canImport: true });
    expect(r.json.header.mapping['Số định danh cá nhân']).toBe('Số định danh cá nhân');
    expect(r.json.preview.rows.map((x: { rowNo: number }) => x.rowNo)).toEqual([6, 7, 8]);
    expect(r.json.preview.rows[0].values).toMatchObject({ person_id: '019185001234', full_name: 'Nguyễn Thị Hồng Nhung', birth: '12/03/1985' });
  });

  it('previews the same upload as another kind, saying what is missing', async () => {
    const uploadId = (await upload(police, 'Dân cư tháng 10.csv', file)).json.uploadId;
    const r = await police.get(`/api/imports/uploads/${uploadId}?kind=dan-cu`);
    expect(r.status).toBe(200);
    expect(r.json.problem).toBeNull();
    const other = await bhxh.get(`/api/imports/uploads/${uploadId}`);
    expect(other.status).toBe(404); // another account's upload
  });

  it('refuses to import a kind the role does not supply', async () => {
    const uploadId = (await upload(police, 'Dân cư tháng 10.csv', file)).json.uploadId;
    const r = await police.post(`/api/imports/uploads/${uploadId}/confirm`, { kind: 'bhxh-thu' });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toBe('Tài khoản của bạn không có quyền nhập loại tệp bhxh-thu.');
    expect((await upload(stats, 'x.csv', file, 'dan-cu')).status).toBe(403);
    expect((await police.post(`/api/imports/uploads/${uploadId}/confirm`, { kind: 'khong-co' })).json.error.message).toMatch(/Loại tệp không hợp lệ/);
  });

  it('imports in the background; the job ends with the result', async () => {
    const unkinded = (await upload(police, 'Dân cư tháng 10.csv', file)).json.uploadId;
    expect((await police.post(`/api/imports/uploads/${unkinded}/confirm`, {})).status).toBe(400);
    const { uploadId, job, batchId } = await imported();
    expect(job).toMatchObject({ status: 'done', result: { status: 'imported', kind: 'dan-cu', rows: 3, accepted: 3, rejected: 0, fileName: 'Dân cư tháng 10.csv' } });
    const again = await police.post(`/api/imports/uploads/${uploadId}/confirm`, { kind: 'dan-cu' });
    expect(again.status).toBe(404); // an upload is imported once
    const audits = (await auditRows('import', 'import_batch')).filter((a) => a.object_id === String(batchId));
    expect(audits[0]).toMatchObject({ username: 'congan', object_id: String(batchId), detail: { kind: 'dan-cu', status: 'imported', accepted: 3 } });
  });

  it('replays a finished job as server-sent events ending with "done"', async () => {
    const { jobId, batchId } = await imported();
    const r = await police.get(`/api/imports/jobs/${jobId}/events`);
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(r.body).toMatch(/^event: progress\ndata: \{"rowsRead":\d+,"fraction":1\}\n\n/);
    const done = /event: done\ndata: (.*)\n\n$/.exec(r.body);
    expect(JSON.parse(done![1])).toMatchObject({ status: 'imported', batchId });
  });

  it('says an identical upload was already imported, and importing it answers unchanged', async () => {
    const { batchId } = await imported();
    const r = await upload(police, 'ban-sao.csv', importedFile);
    expect(r.json.alreadyImported).toBe(batchId);
    const job = await waitForImportJob(police, (await police.post(`/api/imports/uploads/${r.json.uploadId}/confirm`, { kind: 'dan-cu' })).json.jobId);
    expect(job.result).toMatchObject({ status: 'unchanged', batchId });
  });

  it('keeps the raw file and lets the importer download it (audited)', async () => {
    const { batchId } = await imported();
    const r = await police.get(`/api/imports/${batchId}/raw`);
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body, 'latin1').length).toBeGreaterThan(0);
    expect(r.body).toBe(importedFile.toString('utf8'));
    expect(String(r.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('Dân cư tháng 10.csv')}`);
    expect((await auditRows('export', 'import_raw_file')).at(-1)).toMatchObject({ username: 'congan', object_id: String(batchId) });
  });
});

describe('progress streamed while importing', () => {
  it('streams progress events and the result over a real connection', async () => {
    const rows = ['Số định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã xã'];
    for (let i = 0; i < 40_000; i++) rows.push(`0190${String(90 + (i % 10))}${String(i).padStart(6, '0')},Người Thứ ${i},199${i % 10},Nam,05443`);
    rows.push('123,Sai,1990,Nam,05443');
    const up = await upload(police, 'lon.csv', rows.join('\r\n') + '\r\n');
    expect(up.json.kind).toBe('dan-cu');
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'congan', password: TEST_PASSWORD } });
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(`${address}/api/imports/uploads/${up.json.uploadId}/confirm`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ kind: 'dan-cu', replace: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2]) }));
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)!.data.rowsRead).toBe(40_001);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'imported', rows: 40_001, accepted: 40_000, rejected: 1 } });
    expect(events.at(-1)!.data.errors[0]).toMatchObject({ row: 40_002, column: 'Số định danh cá nhân', value: '123' });
  }, 180_000);
});

describe('refused files and reject reports', () => {
  it('reports a refused file through the job and its report', async () => {
    const up = await upload(police, 'thieu-cot.csv', fs.readFileSync(path.join(FIXTURES, '18-missing-column.csv')));
    expect(up.json).toMatchObject({ kind: null, problem: 'Không nhận ra loại tệp: tiêu đề cột không khớp với loại tệp nào. Hãy chọn loại tệp.' });
    const asDanCu = await police.get(`/api/imports/uploads/${up.json.uploadId}?kind=dan-cu`);
    expect(asDanCu.json.problem).toBe('Thiếu cột bắt buộc: Giới tính.');
    const before = Number((await database.pool.query('SELECT count(*) AS n FROM import_batch')).rows[0].n);
    const job = await waitForImportJob(police, (await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu' })).json.jobId);
    expect(job.result).toMatchObject({ status: 'rejected', message: 'Thiếu cột bắt buộc: Giới tính (dòng tiêu đề: dòng 1).' });
    // The refused file is in the history as a refused batch (never current, no rows), with its reason.
    expect(Number((await database.pool.query('SELECT count(*) AS n FROM import_batch')).rows[0].n)).toBe(before + 1);
    const history = await police.get('/api/imports?kind=dan-cu');
    expect(history.json.batches[0]).toMatchObject({ id: job.result.batchId, refused: true, isCurrent: false, accepted: 0, hasRawFile: false, canRestore: false });
    expect(history.json.batches[0].detail.refusal).toBe('Thiếu cột bắt buộc: Giới tính (dòng tiêu đề: dòng 1).');
    expect((await police.get(`/api/imports/${job.result.batchId}/restore`)).status).toBe(409);
    const report = await police.get(`/api/imports/jobs/${job.jobId}/report?format=csv`);
    expect(report.body.split('\r\n')[1]).toBe('1,Giới tính,,Bị loại,"Thiếu cột bắt buộc ""Giới tính""."');
  });

  it('downloads the reject report of a batch as CSV and XLSX (audited)', async () => {
    const up = await upload(police, 'ngay-sai.csv', fs.readFileSync(path.join(FIXTURES, '12-impossible-dates.csv')));
    const job = await waitForImportJob(police, (await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', replace: true })).json.jobId);
    const id = job.result.batchId;
    const csv = await police.get(`/api/imports/${id}/report?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines.length).toBe(7);
    // The original row follows the reason, column by column as the file had it (officers resubmit corrected rows).
    expect(lines[0]).toBe('Dòng,Cột,Giá trị,Loại,Lý do,Gốc: Số định danh cá nhân,Gốc: Họ và tên,Gốc: Ngày sinh,Gốc: Giới tính,Gốc: Dân tộc,Gốc: Mã xã,Gốc: Địa chỉ thường trú,Gốc: Tình trạng,Gốc: Ngày mất');
    expect(lines[1]).toBe('2,Ngày sinh,31/02/1985,Bị loại,"""31/02/1985"" không phải ngày có thật (tháng 2/1985 có 28 ngày)",019185001234,Nguyễn Thị Hồng Nhung,31/02/1985,Nữ,Kinh,05443,,,');
    const x = await app.inject({ method: 'GET', url: `/api/imports/${id}/report?format=xlsx`, headers: { cookie: (await loginCookie('congan')) } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(7);
    expect((await auditRows('export', 'import_report')).length).toBeGreaterThanOrEqual(2);
    const detail = await police.get(`/api/imports/${id}`);
    expect(detail.json.batch).toMatchObject({ id, kind: 'dan-cu', fileName: 'ngay-sai.csv', rows: 7, accepted: 1, rejected: 6, canDownload: true });
    expect(detail.json.issues[0]).toMatchObject({ row: 2, column: 'Ngày sinh', value: '31/02/1985', message: '"31/02/1985" không phải ngày có thật (tháng 2/1985 có 28 ngày)', severity: 'error' });
  });
});

async function loginCookie(username: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('who sees what', () => {
  it('masks personal data in previews for roles that do not see it', async () => {
    const r = await upload(stats, 'dan-cu.csv', fs.readFileSync(path.join(FIXTURES, '01-utf8-bom-comma.csv')));
    expect(r.status).toBe(200);
    expect(r.json.guesses[0]).toMatchObject({ kind: 'dan-cu', canImport: false });
    expect(r.json.preview.rows[0].values.person_id).toBe('019******234');
    expect(r.json.preview.rows[0].values.full_name).toBe('Nguyễn T. H. N.');
    expect((await stats.post(`/api/imports/uploads/${r.json.uploadId}/confirm`, { kind: 'dan-cu' })).status).toBe(403);
  });

  it('lists history by kind and period with lineage, only for kinds the role imports', async () => {
    // Its own import (other tests' batches may or may not exist: the counts are compared with the table).
    const own = '\ufeffSố định danh cá nhân,Họ và tên,Ngày sinh,Giới tính,Mã xã\r\n019185007777,Lịch Sử Nhập,01/02/1985,Nữ,05443\r\n';
    const up = await upload(police, 'lich-su.csv', own);
    const job = await waitForImportJob(police, (await police.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'dan-cu', replace: true })).json.jobId);
    expect(job.result).toMatchObject({ status: 'imported', accepted: 1 });
    const count = async (where: string) => Number((await database.pool.query(`SELECT count(*) AS n FROM import_batch ${where}`)).rows[0].n);
    const mine = await police.get('/api/imports?kind=dan-cu');
    expect(mine.json.total).toBe(await count(`WHERE kind = 'dan-cu'`));
    expect(mine.json.batches[0]).toMatchObject({ id: job.result.batchId, kind: 'dan-cu', importedBy: 'congan', canDownload: true, isCurrent: true });
    expect(mine.json.batches[0].sha256).toMatch(/^[a-f0-9]{64}$/);
    expect((await bhxh.get('/api/imports?kind=dan-cu')).json.total).toBe(0);
    const current = await police.get('/api/imports?current=true');
    expect(current.json.batches.map((b: { id: number }) => b.id)).toContain(job.result.batchId);
    expect(current.json.batches.every((b: { isCurrent: boolean }) => b.isCurrent)).toBe(true);
    const all = await leader.get('/api/imports');
    expect(all.json.total).toBe(await count(''));
    expect(all.json.batches[0].id).toBe(job.result.batchId);
    expect(all.json.batches[0].canDownload).toBe(false);
    const id = all.json.batches[0].id;
    expect((await leader.get(`/api/imports/${id}/raw`)).status).toBe(403);
    expect((await leader.get(`/api/imports/${id}`)).json.issues).toEqual([]);
    expect((await bhxh.get(`/api/imports/${id}`)).status).toBe(404);
    expect((await police.get('/api/imports?period=2026-13')).status).toBe(400);
  });

  it('commune accounts import for their commune and see only their own imports', async () => {
    const file = '\ufeffSố định danh cá nhân,Họ và tên,Mã xã,Phân loại,Năm\r\n019185001234,Nguyễn Thị Hồng Nhung,05443,Hộ nghèo,2026\r\n019090001235,Đặng Văn Lường,05665,Hộ cận nghèo,2026\r\n';
    const up = await upload(xa1, 'ho-ngheo.csv', file);
    expect(up.json.kind).toBe('ho-ngheo');
    const job = await waitForImportJob(xa1, (await xa1.post(`/api/imports/uploads/${up.json.uploadId}/confirm`, { kind: 'ho-ngheo' })).json.jobId);
    expect(job.result).toMatchObject({ status: 'imported', accepted: 1, rejected: 1 });
    expect(job.result.errors[0].message).toBe('Xã, phường 05665 nằm ngoài phạm vi tài khoản nhập dữ liệu');
    const id = job.result.batchId;
    expect((await xa1.get('/api/imports')).json.batches.map((b: { id: number }) => b.id)).toEqual([id]);
    expect((await xa2.get('/api/imports')).json.total).toBe(0);
    expect((await xa2.get(`/api/imports/${id}/raw`)).status).toBe(404);
    expect((await xa1.get(`/api/imports/${id}/raw`)).status).toBe(200);
  });

  it('lists the kinds with their columns and what the user may import', async () => {
    const r = await xa1.get('/api/imports/kinds');
    expect(r.json.kinds).toHaveLength(12);
    expect(r.json.kinds.filter((k: { canImport: boolean }) => k.canImport).map((k: { kind: string }) => k.kind)).toEqual(['ho-ngheo']);
    const danCu = r.json.kinds.find((k: { kind: string }) => k.kind === 'dan-cu');
    expect(danCu.columns[0]).toMatchObject({ label: 'Số định danh cá nhân', required: true });
  });
});
