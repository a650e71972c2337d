/**
 * A hand-made province for the checks, one subject per boundary case of docs/spec/findings.md.
 * as_of 2026-11-25, P = 2026-10. Commune A = 05443 (wage region II, 4.730.000), B = 05716 (region IV).
 * Each entry of EXPECT says which (code, subject) must be raised and which must not.
 */
import type { Database } from '../../server/db/connect.ts';
import { insertSource, pid, resident, participant, type Row } from './fixture.ts';

export const AS_OF = '2026-11-25';
export const PERIOD = '2026-10';
const P = '2026-10-01';
export const A = '05443';
export const B = '05716';

let serial = 100;
const id = (year: number, sex: 'M' | 'F', province = '019') => pid(year, sex, serial++, province);

export const R = {
  control: id(1985, 'M'),
  other: id(1990, 'F'),
  age15: id(2011, 'M'),
  age14: id(2011, 'M'),
  manAtRetirement: id(1965, 'M'),
  manBelowRetirement: id(1965, 'M'),
  womanAtRetirement: id(1969, 'F'),
  womanBelowRetirement: id(1969, 'F'),
  deceased: id(1980, 'M'),
  pensioner: id(1975, 'F'),
  benefitToday: id(1988, 'M'),
  benefitEnded: id(1988, 'F'),
  poor: id(1992, 'F'),
  ethnic: id(1993, 'M'),
  nearPoor: id(1994, 'F'),
  worker3m: id(1995, 'M'),
  workerShort: id(1996, 'F'),
  workerVoluntary: id(1997, 'M'),
  workerOtherMonth: id(1998, 'F'),
  minWage: id(1987, 'M'),
  belowMinWage: id(1987, 'F'),
  belowHalfIncome: id(1986, 'M'),
  owner: id(1970, 'M'),
  ownerLumpSum: id(1971, 'F'),
  ownerVoluntary: id(1972, 'M'),
  nameDiacritics: id(1983, 'M'),
  nameTone: id(1984, 'F'),
  birthDiffers: id(1982, 'F'),
  sexDiffers: id(1981, 'M'),
  fuzzyTarget: id(1979, 'F'),
  diedBeforeP: id(1960, 'M'),
  diedOnP: id(1961, 'M'),
  diedOnBenefit: id(1978, 'F'),
  bhtnNewJob: id(1990, 'M'),
  bhtnSameMonth: id(1991, 'M'),
  bhtnAfter: id(1992, 'M'),
  bhtnLastMonth: id(1993, 'F'),
};
export const OTHER_PROVINCE_ID = pid(1977, 'M', 555, '001');
export const S = {
  blankId: 'BH0000000001',
  contradicting: '019185000999', // G = 1 (female, 1900s) on a man's record
  notInExtract: pid(1979, 'F', 777),
  absent: pid(1976, 'M', 888, '001'),
};

export const E = {
  registered: '0100109106',
  branch: '0100109106-001',
  noWorkers: '0200000001',
  terminatedUnit: '0200000002',
  suspended: '0200000003',
  kcnGap: '0300000001',
  kcnSmallGap: '0300000002',
  kcnTenPercent: '0300000003',
  kcnBelowTenPercent: '0300000004',
};
export const U = { late: 'U002', notYetDue: 'U003', evaded: 'U005', lateNoReminder: 'U006', paid: 'U007' };

export interface Expectation { code: string; subject: string; raised: boolean; why: string }

export const EXPECT: Expectation[] = [
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.other, raised: true, why: 'not participating, working age' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.control, raised: false, why: 'active participant' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.age15, raised: true, why: '15 years exactly on as_of' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.age14, raised: false, why: '15 the day after as_of' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.manAtRetirement, raised: false, why: 'man 61 years 6 months on as_of' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.manBelowRetirement, raised: true, why: 'man one day short of 61 y 6 m' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.womanAtRetirement, raised: false, why: 'woman 57 years on as_of' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.womanBelowRetirement, raised: true, why: 'woman one day short of 57' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.deceased, raised: false, why: 'deceased' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.pensioner, raised: false, why: 'pensioner' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.benefitToday, raised: false, why: 'unemployment benefit ends on as_of (inclusive)' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.benefitEnded, raised: true, why: 'benefit ended the day before as_of' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.worker3m, raised: false, why: 'raised as NLD_CHUA_THAM_GIA instead' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.workerShort, raised: true, why: 'short contract: not NLD' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.owner, raised: false, why: 'raised as HKD_CHUA_THAM_GIA instead' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.ownerLumpSum, raised: true, why: 'lump-sum household: not HKD' },
  { code: 'TIEM_NANG_TU_NGUYEN', subject: R.fuzzyTarget, raised: false, why: 'participates through a record linked by name + birth + sex' },

  { code: 'NLD_CHUA_THAM_GIA', subject: R.worker3m, raised: true, why: 'paid in P, contract ≥ 3 months, not participating' },
  { code: 'NLD_CHUA_THAM_GIA', subject: R.workerShort, raised: false, why: 'contract under 3 months' },
  { code: 'NLD_CHUA_THAM_GIA', subject: R.workerVoluntary, raised: true, why: 'voluntary participant only, contract blank' },
  { code: 'NLD_CHUA_THAM_GIA', subject: R.workerOtherMonth, raised: false, why: 'paid in another month' },
  { code: 'NLD_CHUA_THAM_GIA', subject: R.control, raised: false, why: 'mandatory participant' },
  { code: 'DN_KHAI_THIEU_LAO_DONG', subject: E.registered, raised: true, why: '2 unregistered workers' },
  { code: 'DN_KHAI_THIEU_LAO_DONG', subject: E.terminatedUnit, raised: true, why: 'registered in bhxh-don-vi, even if the unit is terminated (also DN_CHUA_DANG_KY)' },

  { code: 'DN_KHAI_THAP_LUONG', subject: R.control, raised: false, why: 'base exactly 50 % of income' },
  { code: 'DN_KHAI_THAP_LUONG', subject: R.minWage, raised: false, why: 'base exactly the regional minimum' },
  { code: 'DN_KHAI_THAP_LUONG', subject: R.belowMinWage, raised: true, why: 'base 1 đồng below the regional minimum' },
  { code: 'DN_KHAI_THAP_LUONG', subject: R.belowHalfIncome, raised: true, why: 'base below 50 % of income' },

  { code: 'DN_CHUA_DANG_KY', subject: E.branch, raised: true, why: 'branch with workers and no unit of its own' },
  { code: 'DN_CHUA_DANG_KY', subject: E.registered, raised: false, why: 'has an active unit' },
  { code: 'DN_CHUA_DANG_KY', subject: E.noWorkers, raised: false, why: 'pays no wages' },
  { code: 'DN_CHUA_DANG_KY', subject: E.terminatedUnit, raised: true, why: 'only a terminated unit' },
  { code: 'DN_CHUA_DANG_KY', subject: E.suspended, raised: false, why: 'not active' },

  { code: 'HKD_CHUA_THAM_GIA', subject: R.owner, raised: true, why: 'declaration household, owner not participating' },
  { code: 'HKD_CHUA_THAM_GIA', subject: R.ownerLumpSum, raised: false, why: 'lump-sum tax' },
  { code: 'HKD_CHUA_THAM_GIA', subject: R.ownerVoluntary, raised: false, why: 'voluntary participation counts' },

  { code: 'DN_CHAM_DONG', subject: U.late, raised: true, why: 'partly paid month past its deadline' },
  { code: 'DN_CHAM_DONG', subject: U.notYetDue, raised: false, why: 'deadline not passed' },
  { code: 'DN_CHAM_DONG', subject: U.lateNoReminder, raised: true, why: '86 days late, no reminder: late, not evasion' },
  { code: 'DN_TRON_DONG', subject: U.lateNoReminder, raised: false, why: 'no reminder' },
  { code: 'DN_TRON_DONG', subject: U.evaded, raised: true, why: '86 days late with a reminder' },
  { code: 'DN_CHAM_DONG', subject: U.evaded, raised: false, why: 'evasion, not late' },
  { code: 'DN_CHAM_DONG', subject: U.paid, raised: false, why: 'paid' },

  { code: 'NTG_SAI_THONG_TIN', subject: S.blankId, raised: true, why: 'blank ID: subject is the BHXH code' },
  { code: 'NTG_SAI_THONG_TIN', subject: S.contradicting, raised: true, why: 'century/sex digit contradicts sex' },
  { code: 'NTG_SAI_THONG_TIN', subject: R.nameDiacritics, raised: false, why: 'name differs only by diacritics' },
  { code: 'NTG_SAI_THONG_TIN', subject: R.nameTone, raised: false, why: 'name differs only by tone placement' },
  { code: 'NTG_SAI_THONG_TIN', subject: R.birthDiffers, raised: true, why: 'birth date differs' },
  { code: 'NTG_SAI_THONG_TIN', subject: R.sexDiffers, raised: true, why: 'sex differs' },
  { code: 'NTG_SAI_THONG_TIN', subject: S.notInExtract, raised: true, why: 'ID not in extract, links by name+birth+sex to another ID' },
  { code: 'NTG_SAI_THONG_TIN', subject: S.absent, raised: false, why: 'ID absent from the extract, no match (other province)' },

  { code: 'NTG_DA_CHET', subject: R.diedBeforeP, raised: true, why: 'died before the first day of P' },
  { code: 'NTG_DA_CHET', subject: R.diedOnP, raised: false, why: 'died on the first day of P' },
  { code: 'NTG_DA_CHET', subject: R.diedOnBenefit, raised: true, why: 'benefit period overlapping P after death' },

  { code: 'BHTN_TRUC_LOI', subject: R.bhtnNewJob, raised: true, why: 'job from the 2nd benefit month' },
  { code: 'BHTN_TRUC_LOI', subject: R.bhtnSameMonth, raised: false, why: 'job from the first benefit month' },
  { code: 'BHTN_TRUC_LOI', subject: R.bhtnAfter, raised: false, why: 'job after the last benefit month' },
  { code: 'BHTN_TRUC_LOI', subject: R.bhtnLastMonth, raised: true, why: 'job from the last benefit month' },

  { code: 'KCN_LECH_LAO_DONG', subject: E.kcnGap, raised: true, why: '15 reported, 10 active: gap 5, 50 %' },
  { code: 'KCN_LECH_LAO_DONG', subject: E.kcnSmallGap, raised: false, why: '14 reported, 10 active: gap 4' },
  { code: 'KCN_LECH_LAO_DONG', subject: E.kcnTenPercent, raised: true, why: '55 reported, 50 active: exactly 10 %' },
  { code: 'KCN_LECH_LAO_DONG', subject: E.kcnBelowTenPercent, raised: false, why: '65 reported, 60 active: below 10 %' },
];

/** Loads the world into the src_* tables. */
export async function loadWorld(database: Database) {
  const residents: Row[] = [
    resident(R.control, 'Nguyễn Văn An', '1985-03-02', 'M'),
    resident(R.other, 'Trần Thị Bình', '1990-05-10', 'F'),
    resident(R.age15, 'Hoàng Văn Cường', '2011-11-25', 'M'),
    resident(R.age14, 'Hoàng Văn Dũng', '2011-11-26', 'M'),
    resident(R.manAtRetirement, 'Phạm Văn Đông', '1965-05-25', 'M'),
    resident(R.manBelowRetirement, 'Phạm Văn Đoàn', '1965-05-26', 'M'),
    resident(R.womanAtRetirement, 'Lê Thị Gấm', '1969-11-25', 'F'),
    resident(R.womanBelowRetirement, 'Lê Thị Giang', '1969-11-26', 'F'),
    resident(R.deceased, 'Vũ Văn Hải', '1980-01-01', 'M', A, { deceased: true, death_date: '2025-03-01' }),
    resident(R.pensioner, 'Đỗ Thị Hạnh', '1975-02-02', 'F'),
    resident(R.benefitToday, 'Bùi Văn Hậu', '1988-04-04', 'M'),
    resident(R.benefitEnded, 'Bùi Thị Hiền', '1988-06-06', 'F'),
    resident(R.poor, 'Nông Thị Hoa', '1992-07-07', 'F', B),
    resident(R.ethnic, 'Hoàng Văn Khánh', '1993-08-08', 'M', B, { ethnicity: 'Tày' }),
    resident(R.nearPoor, 'Triệu Thị Lan', '1994-09-09', 'F', B, { ethnicity: 'Dao' }),
    resident(R.worker3m, 'Ngô Văn Long', '1995-10-10', 'M'),
    resident(R.workerShort, 'Dương Thị Mai', '1996-11-11', 'F'),
    resident(R.workerVoluntary, 'Lý Văn Minh', '1997-12-12', 'M'),
    resident(R.workerOtherMonth, 'Phan Thị Nga', '1998-01-13', 'F'),
    resident(R.minWage, 'Đặng Văn Nam', '1987-02-14', 'M'),
    resident(R.belowMinWage, 'Đặng Thị Ngọc', '1987-03-15', 'F'),
    resident(R.belowHalfIncome, 'Hồ Văn Phúc', '1986-04-16', 'M'),
    resident(R.owner, 'Chu Văn Quang', '1970-05-17', 'M'),
    resident(R.ownerLumpSum, 'Chu Thị Quyên', '1971-06-18', 'F'),
    resident(R.ownerVoluntary, 'Bế Văn Sơn', '1972-07-19', 'M'),
    resident(R.nameDiacritics, 'Lê Văn Bảo', '1983-08-20', 'M'),
    resident(R.nameTone, 'Lê Thị Hoà', '1984-09-21', 'F'),
    resident(R.birthDiffers, 'Tạ Thị Kim', '1982-10-22', 'F'),
    resident(R.sexDiffers, 'Mạc Văn Lực', '1981-11-23', 'M'),
    resident(R.fuzzyTarget, 'Quách Thị Xuyến', '1979-12-24', 'F'),
    resident(R.diedBeforeP, 'Kiều Văn Tám', '1960-01-25', 'M', A, { deceased: true, death_date: '2026-09-30' }),
    resident(R.diedOnP, 'Kiều Văn Chín', '1961-02-26', 'M', A, { deceased: true, death_date: '2026-10-01' }),
    resident(R.diedOnBenefit, 'Lò Thị Mười', '1978-03-27', 'F', A, { deceased: true, death_date: '2026-08-01' }),
    resident(R.bhtnNewJob, 'Âu Văn Tuấn', '1990-04-28', 'M'),
    resident(R.bhtnSameMonth, 'Âu Văn Tú', '1991-05-29', 'M'),
    resident(R.bhtnAfter, 'Âu Văn Thành', '1992-06-30', 'M'),
    resident(R.bhtnLastMonth, 'Âu Thị Thu', '1993-07-01', 'F'),
  ];
  await insertSource(database, 'dan-cu', residents);

  await insertSource(database, 'ho-ngheo', [
    { person_id: R.poor, full_name: 'Nông Thị Hoa', birth_date: '1992-07-07', birth_precision: 'D', commune_code: B, household_type: 'poor', year: 2026 },
    { person_id: R.nearPoor, full_name: 'Triệu Thị Lan', birth_date: '1994-09-09', birth_precision: 'D', commune_code: B, household_type: 'near_poor', year: 2026 },
  ]);

  await insertSource(database, 'bhxh-don-vi', [
    { unit_code: 'U001', tax_code: E.registered, name: 'Công ty TNHH An Phát', commune_code: A, status: 'active' },
    { unit_code: 'U009', tax_code: E.terminatedUnit, name: 'Công ty CP Bình Minh', commune_code: A, status: 'terminated' },
    { unit_code: U.late, tax_code: '0400000002', name: 'Công ty Chậm Đóng', commune_code: A, status: 'active' },
    { unit_code: U.notYetDue, tax_code: '0400000003', name: 'Công ty Chưa Đến Hạn', commune_code: A, status: 'active' },
    { unit_code: U.evaded, tax_code: '0400000005', name: 'Công ty Trốn Đóng', commune_code: B, status: 'active' },
    { unit_code: U.lateNoReminder, tax_code: '0400000006', name: 'Công ty Chưa Đôn Đốc', commune_code: B, status: 'active' },
    { unit_code: U.paid, tax_code: '0400000007', name: 'Công ty Đóng Đủ', commune_code: B, status: 'active' },
    { unit_code: 'K001', tax_code: E.kcnGap, name: 'Công ty KCN Một', commune_code: A, industrial_park: 'KCN Yên Bình', status: 'active' },
    { unit_code: 'K002', tax_code: E.kcnSmallGap, name: 'Công ty KCN Hai', commune_code: A, industrial_park: 'KCN Yên Bình', status: 'active' },
    { unit_code: 'K003', tax_code: E.kcnTenPercent, name: 'Công ty KCN Ba', commune_code: A, industrial_park: 'KCN Yên Bình', status: 'active' },
    { unit_code: 'K004', tax_code: E.kcnBelowTenPercent, name: 'Công ty KCN Bốn', commune_code: A, industrial_park: 'KCN Yên Bình', status: 'active' },
  ]);

  await insertSource(database, 'dn-thue', [
    { tax_code: E.registered, name: 'Công ty TNHH An Phát', taxpayer_type: 'enterprise', commune_code: A, status: 'active', declared_workers: 10 },
    { tax_code: E.branch, name: 'Chi nhánh An Phát', taxpayer_type: 'branch', commune_code: A, status: 'active', declared_workers: 3 },
    { tax_code: E.noWorkers, name: 'Công ty Không Lao Động', taxpayer_type: 'enterprise', commune_code: A, status: 'active', declared_workers: 0 },
    { tax_code: E.terminatedUnit, name: 'Công ty CP Bình Minh', taxpayer_type: 'enterprise', commune_code: A, status: 'active', declared_workers: 0 },
    { tax_code: E.suspended, name: 'Công ty Tạm Ngừng', taxpayer_type: 'enterprise', commune_code: A, status: 'suspended', declared_workers: 5 },
    { tax_code: R.owner, name: 'Hộ kinh doanh Quang', taxpayer_type: 'household', commune_code: A, status: 'active', tax_method: 'declaration', owner_person_id: R.owner },
    { tax_code: R.ownerLumpSum, name: 'Hộ kinh doanh Quyên', taxpayer_type: 'household', commune_code: A, status: 'active', tax_method: 'lump_sum', owner_person_id: R.ownerLumpSum },
    { tax_code: R.ownerVoluntary, name: 'Hộ kinh doanh Sơn', taxpayer_type: 'household', commune_code: A, status: 'active', tax_method: 'declaration', owner_person_id: R.ownerVoluntary },
  ]);

  const tncn = (person: string, name: string, payer: string, income: number, contract: string | null, period = P): Row =>
    ({ payer_tax_code: payer, person_id: person, full_name: name, period, taxable_income: income, contract_type: contract });
  await insertSource(database, 'thue-tncn', [
    tncn(R.worker3m, 'Ngô Văn Long', E.registered, 8_000_000, '3m_plus'),
    tncn(R.workerShort, 'Dương Thị Mai', E.registered, 5_000_000, 'under_3m'),
    tncn(R.workerVoluntary, 'Lý Văn Minh', E.registered, 7_000_000, null),
    tncn(R.workerOtherMonth, 'Phan Thị Nga', E.registered, 7_000_000, '3m_plus', '2026-09-01'),
    tncn(R.control, 'Nguyễn Văn An', E.registered, 12_000_000, '3m_plus'),
    tncn(R.belowHalfIncome, 'Hồ Văn Phúc', E.registered, 12_000_002, '3m_plus'),
    tncn(OTHER_PROVINCE_ID, 'Người Tỉnh Khác', E.terminatedUnit, 9_000_000, '3m_plus'),
  ]);

  const parts: Row[] = [
    participant(R.control, 'Nguyễn Văn An', '1985-03-02', 'M'),
    participant(R.workerVoluntary, 'Lý Văn Minh', '1997-12-12', 'M', { scheme: 'TN', unit_code: null, contribution_base: 1_500_000 }),
    participant(R.minWage, 'Đặng Văn Nam', '1987-02-14', 'M', { contribution_base: 4_730_000 }),
    participant(R.belowMinWage, 'Đặng Thị Ngọc', '1987-03-15', 'F', { contribution_base: 4_729_999 }),
    participant(R.belowHalfIncome, 'Hồ Văn Phúc', '1986-04-16', 'M', { contribution_base: 6_000_000 }),
    participant(R.ownerVoluntary, 'Bế Văn Sơn', '1972-07-19', 'M', { scheme: 'TN', unit_code: null, contribution_base: 1_500_000 }),
    participant(null, 'Nguyễn Thị Vân', '1970-01-01', 'F', { bhxh_code: S.blankId }),
    participant(S.contradicting, 'Trịnh Văn Xuân', '1985-05-05', 'M'),
    participant(R.nameDiacritics, 'Le Van Bao', '1983-08-20', 'M'),
    participant(R.nameTone, 'Lê Thị Hòa', '1984-09-21', 'F'),
    participant(R.birthDiffers, 'Tạ Thị Kim', '1982-01-22', 'F'),
    participant(R.sexDiffers, 'Mạc Văn Lực', '1981-11-23', 'F'),
    participant(S.notInExtract, 'Quách Thị Xuyến', '1979-12-24', 'F'),
    participant(S.absent, 'Người Nơi Khác', '1976-01-01', 'M'),
    participant(R.diedBeforeP, 'Kiều Văn Tám', '1960-01-25', 'M'),
    participant(R.diedOnP, 'Kiều Văn Chín', '1961-02-26', 'M'),
    participant(R.bhtnNewJob, 'Âu Văn Tuấn', '1990-04-28', 'M', { from_period: '2026-07-01' }),
    participant(R.bhtnSameMonth, 'Âu Văn Tú', '1991-05-29', 'M', { from_period: '2026-06-01' }),
    participant(R.bhtnAfter, 'Âu Văn Thành', '1992-06-30', 'M', { from_period: '2026-10-01' }),
    participant(R.bhtnLastMonth, 'Âu Thị Thu', '1993-07-01', 'F', { from_period: '2026-09-01' }),
    // A participation that ended before P does not count.
    participant(R.other, 'Trần Thị Bình', '1990-05-10', 'F', { from_period: '2024-01-01', to_period: '2026-09-01' }),
  ];
  // Industrial-park employers: active participants with IDs from another province (absent from the extract).
  let k = 1;
  for (const [unit, n] of [['K001', 10], ['K002', 10], ['K003', 50], ['K004', 60]] as const) {
    for (let i = 0; i < n; i++) {
      const y = 1980 + (k % 20);
      parts.push(participant(pid(y, 'M', 10_000 + k, '001'), `Công Nhân Số ${k}`, `${y}-01-01`, 'M', { unit_code: unit, commune_code: null }));
      k++;
    }
  }
  await insertSource(database, 'bhxh-nguoi', parts, P);

  await insertSource(database, 'bhxh-huong', [
    { person_id: R.pensioner, full_name: 'Đỗ Thị Hạnh', birth_date: '1975-02-02', birth_precision: 'D', benefit_type: 'pension', from_period: '2024-01-01' },
  ]);
  const ben = (person: string, name: string, start: string, end: string, months: number, no: string): Row =>
    ({ person_id: person, full_name: name, decision_no: no, start_date: start, end_date: end, months, monthly_amount: 3_000_000 });
  await insertSource(database, 'bhtn-huong', [
    ben(R.benefitToday, 'Bùi Văn Hậu', '2026-09-01', AS_OF, 3, 'QD-1'),
    ben(R.benefitEnded, 'Bùi Thị Hiền', '2026-08-25', '2026-11-24', 3, 'QD-2'),
    ben(R.diedOnBenefit, 'Lò Thị Mười', '2026-07-01', '2026-10-01', 3, 'QD-3'),
    ben(R.bhtnNewJob, 'Âu Văn Tuấn', '2026-06-10', '2026-09-09', 3, 'QD-4'),
    ben(R.bhtnSameMonth, 'Âu Văn Tú', '2026-06-10', '2026-09-09', 3, 'QD-5'),
    ben(R.bhtnAfter, 'Âu Văn Thành', '2026-06-10', '2026-09-09', 3, 'QD-6'),
    ben(R.bhtnLastMonth, 'Âu Thị Thu', '2026-06-10', '2026-09-09', 3, 'QD-7'),
  ]);

  const thu = (unit: string, period: string, due: number, paid: number, reminded: string | null = null): Row =>
    ({ unit_code: unit, period, workers: 12, wage_fund: 100_000_000, amount_due: due, amount_paid: paid, reminded_on: reminded });
  await insertSource(database, 'bhxh-thu', [
    thu(U.late, '2026-09-01', 10_000_000, 9_000_000),
    thu(U.notYetDue, '2026-10-01', 10_000_000, 0, '2026-11-20'),
    thu(U.evaded, '2026-07-01', 20_000_000, 0, '2026-09-15'),
    thu(U.lateNoReminder, '2026-07-01', 20_000_000, 0),
    thu(U.paid, '2026-07-01', 20_000_000, 20_000_000),
  ]);

  await insertSource(database, 'kcn-lao-dong', [
    { tax_code: E.kcnGap, name: 'Công ty KCN Một', industrial_park: 'KCN Yên Bình', period: P, reported_workers: 15 },
    { tax_code: E.kcnSmallGap, name: 'Công ty KCN Hai', industrial_park: 'KCN Yên Bình', period: P, reported_workers: 14 },
    { tax_code: E.kcnTenPercent, name: 'Công ty KCN Ba', industrial_park: 'KCN Yên Bình', period: P, reported_workers: 55 },
    { tax_code: E.kcnBelowTenPercent, name: 'Công ty KCN Bốn', industrial_park: 'KCN Yên Bình', period: P, reported_workers: 65 },
  ], P);
}
