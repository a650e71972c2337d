/** The masks of shared/privacy.ts per field kind, for a role without personal data and for one with it. */
import { describe, it, expect } from 'vitest';
import { present, presentJson, presentMessage, EVIDENCE_KINDS, AUDIT_DETAIL_KINDS, HIDDEN } from '#shared/privacy.ts';

const leader = { role: 'leadership' as const };
const bhxh = { role: 'social_security' as const };

describe('masking per field kind', () => {
  it('masks each kind for a role without personal data and leaves it for one with it', () => {
    const cases: Array<[Parameters<typeof present>[1], string, string]> = [
      ['personal_id', '019085000101', '019******101'],
      ['tax_code', '019085000101', '019******101'],
      ['tax_code', '0100109106', '0100109106'],
      ['tax_code', '0100109106-001', '0100109106-001'],
      ['name', 'Nguyễn Văn An', 'Nguyễn V. A.'],
      ['business_name', 'Hộ kinh doanh Lương Văn Hộ', 'Hộ kinh doanh Lương V. H.'],
      ['birth_date', '02/03/1985', '••/••/••••'],
      ['death_date', '2025-03-01', '••••-••-••'],
      ['sex', 'Nam', HIDDEN],
      ['ethnicity', 'Tày', HIDDEN],
      ['address', 'Thôn 3, xã Phú Lương', HIDDEN],
      ['phone', '0912345678', '••••••••78'],
      ['free_text', 'Trần Thị Bình 019190000101', 'Trần T. B. 019******101'],
    ];
    for (const [kind, value, masked] of cases) {
      expect(present(leader, kind, value), kind).toBe(masked);
      expect(present(bhxh, kind, value), kind).toBe(value);
      expect(present(null, kind, value), `${kind} at the command line`).toBe(value);
    }
    expect(present(leader, 'name', null)).toBeNull();
  });

  it('keeps an organisation name only next to an organisation tax code', () => {
    expect(present(leader, 'business_name', 'Công ty TNHH An Phát', '0100109106')).toBe('Công ty TNHH An Phát');
    expect(present(leader, 'business_name', 'Tạp hóa Quang', '019070000123')).toBe('Tạp H. Q.');
    expect(presentJson(leader, { taxCode: '019070000123', businessName: 'Tạp hóa Chu Văn Quang' }, EVIDENCE_KINDS))
      .toEqual({ taxCode: '019******123', businessName: 'Tạp H. C. V. Q.' });
    expect(presentJson(leader, { employerTaxCode: '0100109106', employerName: 'Công ty TNHH An Phát' }, EVIDENCE_KINDS))
      .toEqual({ employerTaxCode: '0100109106', employerName: 'Công ty TNHH An Phát' });
  });

  it('masks nested keys and ID-like numbers anywhere in JSON, and quoted values in messages', () => {
    const detail = { decision: 'rejected', residentId: '019085000101', note: 'Gọi 0912345678, ông Lê Văn Bảo', rows: [{ personId: '019185000202' }], other: 'CMND 012345678' };
    expect(presentJson(leader, detail, AUDIT_DETAIL_KINDS)).toEqual({
      decision: 'rejected', residentId: '019******101', note: 'Gọi 091****678, Ô. L. V. B.', rows: [{ personId: '019******202' }], other: 'CMND 012***678',
    });
    expect(presentMessage(leader, 'ngày sinh "31/02/1985" không phải ngày có thật', 'birth_date', '31/02/1985')).toBe('ngày sinh "••/••/••••" không phải ngày có thật');
    expect(presentMessage(leader, 'số định danh 019085000101: mã tỉnh không tồn tại')).toBe('số định danh 019******101: mã tỉnh không tồn tại');
    expect(presentMessage(bhxh, 'số định danh 019085000101')).toBe('số định danh 019085000101');
  });
});
