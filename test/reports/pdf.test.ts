import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderPdf } from '../../server/reports/render/pdf.ts';
import type { ReportDocument } from '../../server/reports/model.ts';
import { LONG_ROWS, PARAGRAPHS, sampleReport } from './pdf-sample.ts';

let dir = '';
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const info = (file: string) => Object.fromEntries(run('pdfinfo', [file]).split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
const text = (file: string, page?: number) => run('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-']);

async function write(doc: ReportDocument, name: string): Promise<string> {
  const file = path.join(dir, name);
  const pdf = await renderPdf(doc);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  fs.writeFileSync(file, pdf);
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baophu-pdf-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('report PDF (server/reports/render/pdf.ts)', () => {
  it('writes an A4 report whose extracted text is the document, Vietnamese intact', async () => {
    const doc = sampleReport();
    const file = await write(doc, 'annual.pdf');
    const meta = info(file);
    expect(meta['Page size']).toMatch(/^595\.2\d? x 841\.8\d? pts \(A4\)$/);
    const pages = Number(meta.Pages);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(12);
    expect(meta.Title).toBe('Báo cáo Đánh giá kết quả thực hiện Nghị quyết số 403/NQ-CP năm 2026');

    const all = text(file);
    expect(all).toBe(all.normalize('NFC'));
    const tokens = new Set(all.split(/\s+/));
    const compact = all.replace(/\s+/g, '');
    for (const p of PARAGRAPHS) {
      for (const word of p.split(/\s+/)) {
        // A word with a hyphen or slash may be wrapped after it; every other word comes back whole.
        if (/[-/]/.test(word)) expect(compact).toContain(word);
        else expect(tokens, `word «${word}»`).toContain(word);
      }
    }
    for (const s of ['ặn', 'ẫy', 'ễ', 'ỹ', 'ỵ', 'ợ', 'ự', 'Đường', 'Ơn', 'Ưng', 'Ủy']) expect(all).toContain(s);
    expect(all).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(all).toContain('UBND TỈNH THÁI NGUYÊN');
    expect(all).toContain('SỞ NỘI VỤ');
    expect(all).toContain('Số: 125/BC-SNV');
    expect(all).toContain('Thái Nguyên, ngày 05 tháng 12 năm 2026');
    expect(all).toContain('BÁO CÁO');
    expect(compact).toContain('ĐánhgiákếtquảthựchiệnNghịquyếtsố403/NQ-CPnăm2026');
    expect(all).toContain('Kính gửi:');
    for (const r of ['- Bộ Nội vụ;', '- Bộ Tài chính;', '- Ủy ban nhân dân tỉnh Thái Nguyên.']) expect(all).toContain(r);
    expect(all).toContain('I. KẾT QUẢ THỰC HIỆN');
    expect(all).toContain('1. Số người tham gia và tỷ lệ bao phủ');
    expect(all).toContain('Nơi nhận:');
    expect(all).toContain('- Lưu: VT, CCVC.');
    expect(all).toContain('KT. GIÁM ĐỐC');
    expect(all).toContain('PHÓ GIÁM ĐỐC');
    expect(all).toContain('Nguyễn Thị Hướng');
    // Table cells in Vietnamese formats: 1.234.567, 81,5 %, months as mm/yyyy, money in full.
    expect(all).toMatch(/ 1 Phường Đồng Hỷ 1 +1\.234\.567 +1\.000\.000 +81,5 % +2\.500\.000\.000 +10\/2026/);
    expect(all).toMatch(new RegExp(` ${LONG_ROWS} Phường Đồng Hỷ ${LONG_ROWS} +1\\.234\\.636 +1\\.000\\.483 +81,5 % +2\\.500\\.000\\.069 +10\\/2026`));
    expect(all).toContain('Bảng 1. Kết quả theo xã, phường');
    // The charts' captions and the sources of the figures.
    expect(all).toContain('Biểu đồ: Số người tham gia BHXH năm 2026');
    expect(all).toContain('Biểu đồ: Tiến độ thực hiện chỉ tiêu theo xã, phường');
    expect(all).toContain('Nguồn số liệu: Lô nhập bhxh-tham-gia số 12 (31/10/2026); Lần tính tiến độ số 9.');
    expect(all).toContain('PHỤ LỤC: NGUỒN SỐ LIỆU');
    expect(all).toMatch(/Lần tính tiến độ số 9 +progress_run:9/);

    // The long table crosses pages and its header row is repeated on each of them; the pages are numbered from 2.
    const tablePages: number[] = [];
    for (let p = 1; p <= pages; p++) {
      const t = text(file, p);
      if (p > 1) expect(t.split('\n').find((l) => l.trim())!.trim()).toBe(String(p));
      if (/Phường Đồng Hỷ \d+/.test(t)) {
        tablePages.push(p);
        expect(t).toMatch(/STT +Xã, phường +Chỉ tiêu/);
      }
    }
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    const rowsSeen = tablePages.flatMap((p) => [...text(file, p).matchAll(/ (\d+) Phường Đồng Hỷ (\d+) /g)].map((m) => Number(m[2])));
    expect(rowsSeen).toEqual(Array.from({ length: LONG_ROWS }, (_, i) => i + 1));

    // The two charts are images at print resolution.
    const images = run('pdfimages', ['-list', file]).split('\n').slice(2).map((l) => l.trim().split(/\s+/)).filter((cols) => cols[2] === 'image');
    expect(images).toHaveLength(2);
    for (const img of images) expect(Number(img[3])).toBe(1800);
    expect(new Set(images.map((img) => img[0])).size).toBe(2);
  });

  it('writes a one-page document with a single addressee on one line and no images', async () => {
    const doc: ReportDocument = {
      ...sampleReport(),
      recipients: ['Ủy ban nhân dân tỉnh Thái Nguyên'],
      blocks: [{ kind: 'paragraph', text: PARAGRAPHS[1] }],
      signature: { title: 'Giám đốc', name: 'Trần Văn Đức' },
      sources: [],
    };
    const file = await write(doc, 'short.pdf');
    expect(info(file).Pages).toBe('1');
    const all = text(file);
    expect(all).toContain('Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.');
    expect(all).toContain('GIÁM ĐỐC');
    expect(all).not.toContain('KT.');
    expect(all).toContain('Trần Văn Đức');
    expect(all).not.toContain('PHỤ LỤC');
    expect(run('pdfimages', ['-list', file]).split('\n').slice(2).filter((l) => l.trim())).toHaveLength(0);
  });

  it('writes text given decomposed (NFD) back as NFC', async () => {
    const nfd = 'Người lao động được hưởng chế độ ốm đau'.normalize('NFD');
    const doc: ReportDocument = { ...sampleReport(), blocks: [{ kind: 'paragraph', text: nfd }], sources: [] };
    const all = text(await write(doc, 'nfd.pdf'));
    expect(all.replace(/\s+/g, ' ')).toContain('Người lao động được hưởng chế độ ốm đau');
  });
});
