/** The visible-text rules of the journey test catch what officers reported (issue 18) and let Vietnamese usage pass. */
import { describe, it, expect } from 'vitest';
import { offences } from './visible-text.ts';

describe('visible text rules', () => {
  it.each([
    ['06/12/2026 11:54\tadmin\tXem dữ liệu cá nhân\tfinding_list\t\t{"page":1,"rows":50}', 'finding_list'],
    ['Đăng nhập\tuser #1', 'user'],
    ['Thay đổi\ttarget_set #commune/2027', 'target_set'],
    ['Nghi trục lợi trợ cấp thất nghiệp (BHTN_TRUC_LOI)3', 'BHTN_TRUC_LOI'],
    ['#7\tbhxh-thu\tToàn bộ', 'bhxh-thu'],
    ['rate.employer.retirement\t14 %', 'rate.employer.retirement'],
    ['Kết quả mô phỏng dựa trên giả định (docs/calculators.md)', 'docs/calculators.md'],
    ['Kịch bản không hợp lệ — scenarios.0.year_to: từ 2026 đến 2030', 'year_to'],
    ['05443\t315\t13', '05443'],
    ['Loading…', 'Loading'],
    ['Giá trị: undefined', 'undefined'],
  ])('flags «%s»', (line, text) => {
    expect(offences(line).map((o) => o.text)).toContain(text);
  });

  it('lets Vietnamese text, abbreviations, numbers, dates and file names pass', () => {
    const text = [
      'Tỷ lệ tham gia BHXH, BHYT, BHTN của KCN, CCN — 1.234.567 đ, 14 %, 06/12/2026',
      'Phường Phan Đình Phùng mã 05443\t315',
      'Tệp gốc bhxh-thu.xlsx (XLSX, CSV) — UBND xã, MST, CCCD',
      'Nghị quyết 403/NQ-CP; Nghị định 58/2020/NĐ-CP',
    ].join('\n');
    expect(offences(text)).toEqual([]);
  });
});
