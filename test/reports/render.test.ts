/**
 * The xlsx annex of a document (no database): one sheet per annex table — names Excel accepts and unique, Vietnamese
 * headers, numbers as numbers with a thousands format, dates as dates, a source line — then "Nguồn số liệu" with every
 * source once; a table without `annex` stays out of the workbook. The docx of the same document is a zip that
 * LibreOffice opens (test/reports/demo.test.ts converts real ones).
 */
import ExcelJS from 'exceljs';
import { describe, it, expect } from 'vitest';
import { renderXlsx } from '../../server/reports/render/xlsx.ts';
import { renderDocx } from '../../server/reports/render/docx.ts';
import { cellText } from '../../server/reports/render/cells.ts';
import { longTable } from '../../server/reports/builders/common.ts';
import type { ReportDocument } from '../../server/reports/model.ts';

const src = (n: number) => ({ label: `Lô nhập bhxh-nguoi số ${n}`, ref: `import_batch:${n}` });
const doc: ReportDocument = {
  kind: 'debts',
  header: { issuerParent: 'BẢO HIỂM XÃ HỘI VIỆT NAM', issuer: 'BẢO HIỂM XÃ HỘI TỈNH THÁI NGUYÊN', number: 'Số:        /BC-BHXH', place: 'Thái Nguyên', date: '2026-12-05', docType: 'BÁO CÁO', subject: 'Danh sách thử' },
  recipients: ['Sở Nội vụ;'],
  blocks: [
    { kind: 'heading', level: 1, text: 'I. TỔNG HỢP' },
    { kind: 'paragraph', text: 'Đoạn văn.', sources: [src(1)] },
    {
      kind: 'table', title: 'Bảng A', annex: 'Danh sách: đơn vị [chi tiết] theo xã, phường rất dài',
      columns: [{ header: 'Đơn vị', format: 'text' }, { header: 'Số tiền nợ (đồng)', format: 'money' }, { header: 'Tỷ lệ', format: 'percent' }, { header: 'Đôn đốc', format: 'date' }],
      rows: [['Công ty A', 1234567, 45.3, '2026-10-05'], ['Công ty B', 0, null, null]], sources: [src(1), src(2)],
    },
    { kind: 'table', title: 'Bảng B', annex: 'Danh sách: đơn vị [chi tiết] theo xã, phường rất dài', columns: [{ header: 'X', format: 'int' }], rows: [[1]], sources: [src(2)], annexOnly: true },
    { kind: 'table', title: 'Bảng chỉ trong văn bản', columns: [{ header: 'Y', format: 'int' }], rows: [[2]], sources: [src(3)] },
  ],
  copiesTo: ['Như trên;', 'Lưu: VT.'],
  signature: { authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: '' },
  sources: [src(1), src(2), src(3)],
};

describe('report renderers', () => {
  it('writes one sheet per annex table with formats and the sources sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await renderXlsx(doc) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toHaveLength(3);
    expect(names[0]).toBe('Danh sách đơn vị chi tiết theo xã, phường rất dài'.slice(0, 31).trim());
    expect(names[0].length).toBeLessThanOrEqual(31);
    expect(names[1]).not.toBe(names[0]);
    expect(names[2]).toBe('Nguồn số liệu');
    const a = wb.worksheets[0];
    expect(a.getRow(2).values).toEqual([undefined, 'Đơn vị', 'Số tiền nợ (đồng)', 'Tỷ lệ', 'Đôn đốc']);
    expect(a.getCell('B3').value).toBe(1234567);
    expect(a.getColumn(2).numFmt).toBe('#,##0');
    expect(a.getCell('D3').value).toBeInstanceOf(Date);
    expect(String(a.getCell('A6').value)).toContain('import_batch:2');
    const s = wb.getWorksheet('Nguồn số liệu')!;
    expect(s.getRow(2).values).toEqual([undefined, 'STT', 'Nguồn số liệu', 'Mã']);
    expect([3, 4, 5].map((r) => s.getCell(`C${r}`).value)).toEqual(['import_batch:1', 'import_batch:2', 'import_batch:3']);
  });

  it('formats cells the Vietnamese way', () => {
    expect(cellText(1234567, 'money')).toBe('1.234.567');
    expect(cellText(45.3, 'percent')).toBe('45,3 %');
    expect(cellText('2026-10-05', 'date')).toBe('05/10/2026');
    expect(cellText('2026-10', 'period')).toBe('10/2026');
    expect(cellText(null, 'int')).toBe('');
  });

  it('writes a docx (a zip) for the same document', async () => {
    const b = await renderDocx(doc);
    expect(b.subarray(0, 2).toString()).toBe('PK');
    expect(b.length).toBeGreaterThan(5000);
  });

  it('keeps a long list whole in the annex and its first rows in the body', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [i + 1]);
    const table = { kind: 'table' as const, title: 'Danh sách', columns: [{ header: 'STT', format: 'int' as const }], rows, sources: [src(1)], annex: 'Danh sách vận động' };
    expect(longTable({ ...table, rows: rows.slice(0, 1000) }, 1000, 300, 'người')).toHaveLength(1);
    const [body, annex] = longTable(table, 1000, 300, 'người') as Array<Extract<ReportDocument['blocks'][number], { kind: 'table' }>>;
    expect(body.rows).toHaveLength(300);
    expect(body.annex).toBeUndefined();
    expect(body.title).toBe('Danh sách — 300 người đầu tiên (đủ 1.500 người tại phụ lục "Danh sách vận động")');
    expect(annex.annexOnly).toBe(true);
    expect(annex.rows).toHaveLength(1500);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await renderXlsx({ ...doc, blocks: [body, annex] }) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Danh sách vận động', 'Nguồn số liệu']);
    expect(wb.worksheets[0].getCell('A1502').value).toBe(1500);
  });
});
