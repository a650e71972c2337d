/**
 * The 12 file kinds of docs/spec/source-files.md: their columns and aliases, how a row becomes the
 * values of its src_<kind> table, the duplicate key, and which column carries the batch period.
 */
import { FILE_KINDS, type FileKind } from '#shared/auth/roles.ts';
import { FILE_KIND_LABELS, HOUSEHOLD_TYPE_LABELS, SUPPORT_GROUP_LABELS } from '#shared/vocabulary.ts';
import { Enumeration } from './fields.ts';
import type { RowCtx } from './row.ts';
import { PLAN_YEARS } from '#shared/province.ts';

export type PgType = 'text' | 'date' | 'int4' | 'int8' | 'bool' | 'jsonb';

export interface ColumnSpec {
  key: string;
  label: string;
  aliases?: string[];
  /**
   * The column must be present (for the commune group: the code or the name column);
   * 'unless-period': the period column, which --period may replace.
   */
  required?: boolean | 'unless-period';
  group?: 'commune';
}

export interface KindSpec {
  kind: FileKind;
  /** Vietnamese name of the file kind. */
  label: string;
  agency: string;
  table: string;
  columns: ColumnSpec[];
  /** src table columns in insert order (after batch_id, row_no) and their types. */
  db: Array<[string, PgType]>;
  /** The db column whose single value in a file becomes the batch period (month or year). */
  period: { column: string; unit: 'month' | 'year' } | null;
  /** Label of what the duplicate key is made of (for messages). */
  keyLabel: string;
  /** Database values of a valid row, or null (the problems are in r.issues). Sets r.key. */
  build(r: RowCtx): unknown[] | null;
}

// ------------------------------------------------------------------ enumerations

const SEX = new Enumeration({ M: 'Nam', F: 'Nữ' }, { M: ['nam giới', 'trai'], F: ['nữ giới', 'gái', 'nu'] });
const LIFE = new Enumeration({ alive: 'Còn sống', deceased: 'Đã chết' }, { alive: ['sống', 'đang sống', 'bình thường'], deceased: ['chết', 'đã mất', 'mất', 'từ trần', 'đã từ trần'] });
export const HOUSEHOLD = new Enumeration(HOUSEHOLD_TYPE_LABELS, { poor: ['nghèo'], near_poor: ['cận nghèo'] });
const TAXPAYER = new Enumeration(
  { enterprise: 'Doanh nghiệp', branch: 'Chi nhánh', household: 'Hộ kinh doanh', other: 'Tổ chức khác' },
  { enterprise: ['DN', 'công ty'], branch: ['chi nhánh doanh nghiệp', 'đơn vị phụ thuộc'], household: ['HKD', 'hộ kinh doanh cá thể', 'hộ, cá nhân kinh doanh'], other: ['tổ chức', 'khác'] },
);
const TAX_STATUS = new Enumeration(
  { active: 'Đang hoạt động', suspended: 'Tạm ngừng kinh doanh', closed: 'Ngừng hoạt động', absent: 'Không hoạt động tại địa chỉ đăng ký' },
  { active: ['hoạt động', 'NNT đang hoạt động'], suspended: ['tạm ngừng', 'tạm ngừng hoạt động', 'tạm nghỉ kinh doanh'], closed: ['đã ngừng hoạt động', 'ngừng hoạt động và đã đóng MST', 'giải thể', 'đóng MST'], absent: ['không hoạt động tại địa chỉ', 'không còn hoạt động tại địa chỉ đăng ký'] },
);
const TAX_METHOD = new Enumeration({ declaration: 'Kê khai', lump_sum: 'Khoán' }, { declaration: ['phương pháp kê khai', 'kê khai thuế'], lump_sum: ['phương pháp khoán', 'thuế khoán'] });
const CONTRACT = new Enumeration(
  { '3m_plus': 'Từ 3 tháng trở lên', under_3m: 'Dưới 3 tháng', none: 'Không ký hợp đồng' },
  { '3m_plus': ['trên 3 tháng', 'từ 3 tháng', 'không xác định thời hạn', 'HĐLĐ từ 3 tháng trở lên'], under_3m: ['dưới 3 tháng', 'HĐLĐ dưới 3 tháng'], none: ['không ký HĐLĐ', 'không hợp đồng'] },
);
const UNIT_TYPE = new Enumeration(
  { state_enterprise: 'DN nhà nước', private_enterprise: 'DN ngoài nhà nước', fdi_enterprise: 'DN có vốn ĐTNN', public_body: 'Hành chính sự nghiệp', household: 'Hộ kinh doanh', other: 'Khác' },
  {
    state_enterprise: ['doanh nghiệp nhà nước', 'DNNN'],
    private_enterprise: ['doanh nghiệp ngoài nhà nước', 'DN ngoài quốc doanh', 'ngoài quốc doanh'],
    fdi_enterprise: ['doanh nghiệp có vốn đầu tư nước ngoài', 'DN có vốn đầu tư nước ngoài', 'FDI', 'DN FDI'],
    public_body: ['HCSN', 'cơ quan hành chính sự nghiệp', 'hành chính, sự nghiệp', 'đơn vị sự nghiệp'],
    household: ['HKD', 'hộ kinh doanh cá thể'],
    other: ['loại khác', 'tổ chức khác'],
  },
);
const UNIT_STATUS = new Enumeration(
  { active: 'Đang hoạt động', paused: 'Tạm dừng đóng', terminated: 'Chấm dứt' },
  { active: ['hoạt động', 'đang tham gia'], paused: ['tạm dừng', 'tạm dừng đóng BHXH', 'tạm ngừng đóng'], terminated: ['chấm dứt tham gia', 'đã chấm dứt', 'ngừng tham gia'] },
);
const SCHEME = new Enumeration({ BB: 'BB', TN: 'TN' }, { BB: ['bắt buộc', 'BHXH bắt buộc'], TN: ['tự nguyện', 'BHXH tự nguyện'] });
const YES_NO = new Enumeration({ yes: 'Có', no: 'Không' }, { yes: ['x', 'c', '1', 'true', 'yes', 'có tham gia'], no: ['k', '0', 'false', 'no', 'không tham gia'] });
const PAYMENT_MODE = new Enumeration(
  { '1': '1 tháng', '3': '3 tháng', '6': '6 tháng', '12': '12 tháng', lump_sum: 'Một lần' },
  { '1': ['1', 'hằng tháng', 'hàng tháng', 'đóng hằng tháng'], '3': ['3', '3 tháng một lần'], '6': ['6', '6 tháng một lần'], '12': ['12', '12 tháng một lần', 'hằng năm'], lump_sum: ['đóng một lần', '1 lần', 'một lần cho nhiều năm'] },
);
// Labels from shared/vocabulary.ts; the aliases are the other spellings agencies write (docs/spec/source-files.md
// lists "Dân tộc thiểu số" and "Khác").
export const SUPPORT = new Enumeration(
  SUPPORT_GROUP_LABELS,
  { poor: ['nghèo'], near_poor: ['cận nghèo'], ethnic_minority: ['DTTS', 'dân tộc thiểu số'], other: ['khác', 'người khác'] },
);
const BENEFIT = new Enumeration(
  { pension: 'Hưu trí', monthly_allowance: 'Trợ cấp BHXH hằng tháng', other: 'Trợ cấp khác' },
  { pension: ['lương hưu', 'hưởng lương hưu'], monthly_allowance: ['trợ cấp BHXH hàng tháng', 'trợ cấp hằng tháng', 'trợ cấp hàng tháng'], other: ['khác'] },
);

// ------------------------------------------------------------------ shared columns

const PERSON_ID: ColumnSpec = { key: 'person_id', label: 'Số định danh cá nhân', aliases: ['Số CCCD', 'Số định danh', 'CCCD', 'Số CCCD/CMND', 'Số căn cước', 'Số căn cước công dân', 'Mã định danh cá nhân'], required: true };
const FULL_NAME: ColumnSpec = { key: 'full_name', label: 'Họ và tên', aliases: ['Họ tên', 'Họ và tên người lao động', 'Họ tên người tham gia'], required: true };
const BIRTH: ColumnSpec = { key: 'birth', label: 'Ngày sinh', aliases: ['Ngày tháng năm sinh', 'Ngày, tháng, năm sinh', 'Năm sinh'] };
const SEX_COL: ColumnSpec = { key: 'sex', label: 'Giới tính', aliases: ['Nam/Nữ', 'Giới'] };
const COMMUNE_CODE: ColumnSpec = { key: 'commune_code', label: 'Mã xã', aliases: ['Mã đơn vị hành chính', 'Mã ĐVHC', 'Mã xã/phường', 'Mã xã, phường', 'Mã phường/xã'], group: 'commune' };
const COMMUNE_NAME: ColumnSpec = { key: 'commune_name', label: 'Xã/Phường', aliases: ['Xã, phường', 'Phường/Xã', 'Xã', 'Phường', 'Tên xã', 'Tên xã/phường', 'Tên đơn vị hành chính'], group: 'commune' };
const TAX_CODE: ColumnSpec = { key: 'tax_code', label: 'Mã số thuế', aliases: ['MST', 'Mã số doanh nghiệp', 'MSDN'] };
const PARK: ColumnSpec = { key: 'industrial_park', label: 'Khu công nghiệp', aliases: ['KCN', 'Tên KCN', 'Tên khu công nghiệp'] };

const req = (c: ColumnSpec): ColumnSpec => ({ ...c, required: true });
const opt = (c: ColumnSpec): ColumnSpec => ({ ...c, required: false });
const communeCols = (required: boolean) => [{ ...COMMUNE_CODE, required }, { ...COMMUNE_NAME, required }];

/** Sex for ID checks, without reporting twice. */
const sexOf = (r: RowCtx) => r.enumeration('sex', SEX, true);

// ------------------------------------------------------------------ the kinds

const danCu: KindSpec = {
  kind: 'dan-cu',
  label: FILE_KIND_LABELS['dan-cu'],
  agency: 'Công an tỉnh',
  table: 'src_dan_cu',
  columns: [
    PERSON_ID, FULL_NAME, req(BIRTH), req(SEX_COL),
    { key: 'ethnicity', label: 'Dân tộc' },
    ...communeCols(true),
    { key: 'address', label: 'Địa chỉ thường trú', aliases: ['Địa chỉ', 'Nơi thường trú', 'Nơi đăng ký thường trú'] },
    { key: 'status', label: 'Tình trạng', aliases: ['Trạng thái', 'Tình trạng sống/chết'] },
    { key: 'death_date', label: 'Ngày mất', aliases: ['Ngày chết', 'Ngày từ trần'] },
  ],
  db: [['person_id', 'text'], ['full_name', 'text'], ['birth_date', 'date'], ['birth_precision', 'text'], ['sex', 'text'], ['ethnicity', 'text'], ['commune_code', 'text'], ['address', 'text'], ['deceased', 'bool'], ['death_date', 'date']],
  period: null,
  keyLabel: 'Số định danh cá nhân',
  build(r) {
    const birth = r.birth('birth', true);
    const sex = sexOf(r);
    const id = r.personId('person_id', true, birth?.year ?? null, sex);
    const name = r.text('full_name', true, 200);
    const ethnicity = r.text('ethnicity', false, 50);
    const commune = r.commune(true);
    const address = r.text('address', false, 1000);
    const life = r.enumeration('status', LIFE) ?? 'alive';
    const death = r.date('death_date', false, true);
    if (death && life === 'alive' && r.has('status') && !r.blank('status')) r.error('death_date', 'có ngày mất nhưng tình trạng là "Còn sống"');
    if (death && birth && death < birth.date) r.error('death_date', 'ngày mất trước ngày sinh');
    if (r.failed) return null;
    r.key = id;
    r.keyColumn = 'person_id';
    return [id, name, birth!.date, birth!.precision, sex, ethnicity, commune, address, life === 'deceased' || death !== null, death];
  },
};

const hoNgheo: KindSpec = {
  kind: 'ho-ngheo',
  label: FILE_KIND_LABELS['ho-ngheo'],
  agency: 'UBND xã, Sở Nội vụ',
  table: 'src_ho_ngheo',
  columns: [
    { ...PERSON_ID, aliases: ['Số CCCD', 'Số định danh', 'CCCD', 'Số căn cước'] }, FULL_NAME, opt(BIRTH), ...communeCols(true),
    { key: 'household_type', label: 'Phân loại', aliases: ['Loại hộ', 'Phân loại hộ', 'Hộ nghèo/cận nghèo'], required: true },
    { key: 'year', label: 'Năm', aliases: ['Năm rà soát', 'Năm áp dụng'], required: 'unless-period' },
  ],
  db: [['person_id', 'text'], ['full_name', 'text'], ['birth_date', 'date'], ['birth_precision', 'text'], ['commune_code', 'text'], ['household_type', 'text'], ['year', 'int4']],
  period: { column: 'year', unit: 'year' },
  keyLabel: 'Số định danh cá nhân và Năm',
  build(r) {
    const birth = r.birth('birth');
    const id = r.personId('person_id', true, birth?.year ?? null, null);
    const name = r.text('full_name', true, 200);
    const commune = r.commune(true);
    const type = r.enumeration('household_type', HOUSEHOLD, true);
    const year = r.yearOrOption('year', 2000, 2100);
    if (r.failed) return null;
    r.key = `${id}|${year}`;
    r.keyColumn = 'person_id';
    return [id, name, birth?.date ?? null, birth?.precision ?? null, commune, type, year];
  },
};

const laoDong: KindSpec = {
  kind: 'lao-dong',
  label: FILE_KIND_LABELS['lao-dong'],
  agency: 'Thống kê tỉnh',
  table: 'src_lao_dong',
  columns: [
    ...communeCols(true),
    { key: 'year', label: 'Năm', required: 'unless-period' },
    { key: 'population', label: 'Dân số', aliases: ['Tổng dân số', 'Dân số trung bình'] },
    { key: 'labour_force', label: 'Lực lượng lao động', aliases: ['LLLĐ', 'Lực lượng lao động từ 15 tuổi trở lên', 'LLLĐ từ 15 tuổi trở lên'], required: true },
    { key: 'labour_force_working_age', label: 'Lực lượng lao động trong độ tuổi', aliases: ['LLLĐ trong độ tuổi', 'LLLĐ trong độ tuổi lao động', 'Lực lượng lao động trong độ tuổi lao động'], required: true },
  ],
  db: [['commune_code', 'text'], ['year', 'int4'], ['population', 'int4'], ['labour_force', 'int4'], ['labour_force_working_age', 'int4']],
  period: { column: 'year', unit: 'year' },
  keyLabel: 'Mã xã và Năm',
  build(r) {
    const commune = r.commune(true);
    const year = r.yearOrOption('year', 2000, 2100);
    const population = r.count('population');
    const lf = r.count('labour_force', true);
    const wa = r.count('labour_force_working_age', true);
    if (lf !== null && wa !== null && wa > lf) r.error('labour_force_working_age', `lực lượng lao động trong độ tuổi (${wa}) lớn hơn lực lượng lao động (${lf})`);
    if (lf !== null && population !== null && lf > population) r.error('labour_force', `lực lượng lao động (${lf}) lớn hơn dân số (${population})`);
    if (r.failed) return null;
    r.key = `${commune}|${year}`;
    r.keyColumn = r.has('commune_code') ? 'commune_code' : 'commune_name';
    return [commune, year, population, lf, wa];
  },
};

const dnThue: KindSpec = {
  kind: 'dn-thue',
  label: FILE_KIND_LABELS['dn-thue'],
  agency: 'Thuế tỉnh',
  table: 'src_dn_thue',
  columns: [
    req(TAX_CODE),
    { key: 'name', label: 'Tên người nộp thuế', aliases: ['Tên doanh nghiệp', 'Tên', 'Tên NNT', 'Tên đơn vị'], required: true },
    { key: 'taxpayer_type', label: 'Loại hình', aliases: ['Loại hình NNT', 'Loại người nộp thuế', 'Loại hình doanh nghiệp'], required: true },
    ...communeCols(true),
    { key: 'address', label: 'Địa chỉ', aliases: ['Địa chỉ trụ sở', 'Địa chỉ kinh doanh'] },
    { key: 'founded_on', label: 'Ngày thành lập', aliases: ['Ngày cấp MST', 'Ngày cấp mã số thuế', 'Ngày bắt đầu hoạt động'] },
    { key: 'status', label: 'Trạng thái', aliases: ['Tình trạng', 'Trạng thái hoạt động'], required: true },
    { key: 'industry', label: 'Ngành nghề chính', aliases: ['Ngành nghề kinh doanh chính', 'Ngành nghề', 'Ngành kinh doanh chính'] },
    { key: 'tax_method', label: 'Phương pháp tính thuế', aliases: ['Phương pháp nộp thuế'] },
    { key: 'owner_person_id', label: 'Số định danh chủ hộ', aliases: ['CCCD chủ hộ', 'Số CCCD chủ hộ', 'Số định danh chủ hộ kinh doanh'] },
    { key: 'declared_workers', label: 'Số lao động', aliases: ['Số lao động khai thuế', 'Số lao động kê khai'] },
    PARK,
  ],
  db: [['tax_code', 'text'], ['name', 'text'], ['taxpayer_type', 'text'], ['commune_code', 'text'], ['address', 'text'], ['founded_on', 'date'], ['status', 'text'], ['industry', 'text'], ['tax_method', 'text'], ['owner_person_id', 'text'], ['declared_workers', 'int4'], ['industrial_park', 'text']],
  period: null,
  keyLabel: 'Mã số thuế',
  build(r) {
    const type = r.enumeration('taxpayer_type', TAXPAYER, true);
    const tax = r.taxCode('tax_code', true, type === 'household' ? ['enterprise', 'branch', 'personal'] : ['enterprise', 'branch']);
    if (tax && type && tax.kind === 'branch' && type !== 'branch') r.warn('tax_code', `mã số thuế dạng chi nhánh nhưng loại hình là "${TAXPAYER.labels[type]}"`);
    const name = r.text('name', true, 300);
    const commune = r.commune(true);
    const address = r.text('address', false, 1000);
    const founded = r.date('founded_on', false, true);
    const status = r.enumeration('status', TAX_STATUS, true);
    const industry = r.text('industry', false, 300);
    const method = r.enumeration('tax_method', TAX_METHOD);
    let owner: string | null = null;
    if (!r.blank('owner_person_id')) {
      const [value, valid] = r.personIdLenient('owner_person_id', null, null);
      owner = value;
      void valid;
    }
    const workers = r.count('declared_workers');
    const park = r.text('industrial_park', false, 200);
    if (r.failed) return null;
    r.key = tax!.value;
    r.keyColumn = 'tax_code';
    return [tax!.value, name, type, commune, address, founded, status, industry, method, owner, workers, park];
  },
};

const thueTncn: KindSpec = {
  kind: 'thue-tncn',
  label: FILE_KIND_LABELS['thue-tncn'],
  agency: 'Thuế tỉnh',
  table: 'src_thue_tncn',
  columns: [
    { key: 'payer_tax_code', label: 'Mã số thuế tổ chức trả thu nhập', aliases: ['MST đơn vị', 'MST tổ chức', 'MST tổ chức trả thu nhập', 'Mã số thuế đơn vị', 'MST đơn vị trả thu nhập'], required: true },
    { ...PERSON_ID, aliases: ['MST cá nhân', 'Số CCCD', 'Mã số thuế cá nhân', 'Số định danh', 'CCCD'] },
    FULL_NAME,
    { key: 'period', label: 'Kỳ', aliases: ['Tháng', 'Kỳ tính thuế', 'Kỳ kê khai'], required: 'unless-period' },
    { key: 'taxable_income', label: 'Thu nhập chịu thuế', aliases: ['Tổng thu nhập', 'Tổng thu nhập chịu thuế', 'Thu nhập chịu thuế TNCN'], required: true },
    { key: 'tax_withheld', label: 'Thuế đã khấu trừ', aliases: ['Số thuế đã khấu trừ', 'Thuế TNCN đã khấu trừ'] },
    { key: 'contract_type', label: 'Loại hợp đồng', aliases: ['Loại HĐLĐ', 'Hợp đồng lao động'] },
  ],
  db: [['payer_tax_code', 'text'], ['person_id', 'text'], ['full_name', 'text'], ['period', 'date'], ['taxable_income', 'int8'], ['tax_withheld', 'int8'], ['contract_type', 'text']],
  period: { column: 'period', unit: 'month' },
  keyLabel: 'MST tổ chức, Số định danh cá nhân và Kỳ',
  build(r) {
    const payer = r.taxCode('payer_tax_code', true, ['enterprise', 'branch', 'personal']);
    const id = r.personId('person_id', true, null, null);
    const name = r.text('full_name', true, 200);
    const period = r.periodOrOption('period');
    const income = r.amount('taxable_income', true);
    const withheld = r.amount('tax_withheld');
    const contract = r.enumeration('contract_type', CONTRACT);
    if (r.failed) return null;
    r.key = `${payer!.value}|${id}|${period}`;
    r.keyColumn = 'person_id';
    return [payer!.value, id, name, period, income, withheld, contract];
  },
};

const bhxhDonVi: KindSpec = {
  kind: 'bhxh-don-vi',
  label: FILE_KIND_LABELS['bhxh-don-vi'],
  agency: 'Bảo hiểm xã hội tỉnh',
  table: 'src_bhxh_don_vi',
  columns: [
    { key: 'unit_code', label: 'Mã đơn vị', aliases: ['Mã ĐV', 'Mã đơn vị BHXH', 'Mã đơn vị tham gia'], required: true },
    TAX_CODE,
    { key: 'name', label: 'Tên đơn vị', aliases: ['Tên đơn vị tham gia', 'Tên doanh nghiệp'], required: true },
    ...communeCols(true),
    { key: 'unit_type', label: 'Loại hình', aliases: ['Loại hình đơn vị', 'Khối', 'Loại hình doanh nghiệp'] },
    PARK,
    { key: 'joined_on', label: 'Ngày tham gia', aliases: ['Ngày bắt đầu tham gia', 'Ngày đăng ký tham gia'] },
    { key: 'status', label: 'Trạng thái', aliases: ['Tình trạng', 'Trạng thái tham gia'] },
  ],
  db: [['unit_code', 'text'], ['tax_code', 'text'], ['name', 'text'], ['commune_code', 'text'], ['unit_type', 'text'], ['industrial_park', 'text'], ['joined_on', 'date'], ['status', 'text']],
  period: null,
  keyLabel: 'Mã đơn vị',
  build(r) {
    const unit = r.code('unit_code', true);
    const tax = r.taxCode('tax_code', false, ['enterprise', 'branch', 'personal']);
    const name = r.text('name', true, 300);
    const commune = r.commune(true);
    const type = r.enumeration('unit_type', UNIT_TYPE);
    const park = r.text('industrial_park', false, 200);
    const joined = r.date('joined_on', false, true);
    const status = r.enumeration('status', UNIT_STATUS) ?? 'active';
    if (r.failed) return null;
    r.key = unit;
    r.keyColumn = 'unit_code';
    return [unit, tax?.value ?? null, name, commune, type, park, joined, status];
  },
};

const bhxhThu: KindSpec = {
  kind: 'bhxh-thu',
  label: FILE_KIND_LABELS['bhxh-thu'],
  agency: 'Bảo hiểm xã hội tỉnh',
  table: 'src_bhxh_thu',
  columns: [
    { key: 'unit_code', label: 'Mã đơn vị', aliases: ['Mã ĐV', 'Mã đơn vị BHXH'], required: true },
    { key: 'period', label: 'Kỳ', aliases: ['Tháng', 'Kỳ đóng', 'Tháng đóng'], required: 'unless-period' },
    { key: 'workers', label: 'Số lao động', aliases: ['Số lao động tham gia', 'Số LĐ'], required: true },
    { key: 'wage_fund', label: 'Quỹ lương', aliases: ['Quỹ lương đóng', 'Quỹ lương đóng BHXH', 'Tổng quỹ lương'], required: true },
    { key: 'amount_due', label: 'Phải đóng', aliases: ['Số phải đóng', 'Số tiền phải đóng'], required: true },
    { key: 'amount_paid', label: 'Đã đóng', aliases: ['Số đã đóng', 'Số tiền đã đóng'], required: true },
    { key: 'paid_on', label: 'Ngày đóng', aliases: ['Ngày nộp', 'Ngày đóng tiền'] },
    { key: 'reminded_on', label: 'Ngày đôn đốc', aliases: ['Ngày nhắc nợ', 'Ngày gửi văn bản đôn đốc'] },
  ],
  db: [['unit_code', 'text'], ['period', 'date'], ['workers', 'int4'], ['wage_fund', 'int8'], ['amount_due', 'int8'], ['amount_paid', 'int8'], ['paid_on', 'date'], ['reminded_on', 'date']],
  period: { column: 'period', unit: 'month' },
  keyLabel: 'Mã đơn vị và Kỳ',
  build(r) {
    const unit = r.code('unit_code', true);
    const period = r.periodOrOption('period');
    const workers = r.count('workers', true);
    const fund = r.amount('wage_fund', true);
    const due = r.amount('amount_due', true);
    const paid = r.amount('amount_paid', true);
    const paidOn = r.date('paid_on', false, true);
    const reminded = r.date('reminded_on', false, true);
    if (paidOn && period && paidOn < period) r.error('paid_on', 'ngày đóng trước tháng của kỳ đóng');
    if (r.failed) return null;
    r.key = `${unit}|${period}`;
    r.keyColumn = 'unit_code';
    return [unit, period, workers, fund, due, paid, paidOn, reminded];
  },
};

const bhxhNguoi: KindSpec = {
  kind: 'bhxh-nguoi',
  label: FILE_KIND_LABELS['bhxh-nguoi'],
  agency: 'Bảo hiểm xã hội tỉnh',
  table: 'src_bhxh_nguoi',
  columns: [
    opt(PERSON_ID),
    { key: 'bhxh_code', label: 'Mã số BHXH', aliases: ['Mã BHXH', 'Số sổ BHXH', 'Mã số BHXH cũ'] },
    FULL_NAME, req(BIRTH), req(SEX_COL), ...communeCols(false),
    { key: 'scheme', label: 'Loại hình', aliases: ['Loại đối tượng', 'Loại hình tham gia', 'Đối tượng'], required: true },
    { key: 'unemployment', label: 'Tham gia BHTN', aliases: ['BHTN', 'Có tham gia BHTN'] },
    { key: 'unit_code', label: 'Mã đơn vị', aliases: ['Mã ĐV', 'Mã đơn vị BHXH'] },
    { key: 'contribution_base', label: 'Mức đóng', aliases: ['Mức lương đóng', 'Mức thu nhập', 'Mức thu nhập làm căn cứ đóng', 'Tiền lương đóng', 'Mức lương đóng BHXH'], required: true },
    { key: 'from_period', label: 'Từ tháng', aliases: ['Tham gia từ tháng'], required: true },
    { key: 'to_period', label: 'Đến tháng', aliases: ['Tham gia đến tháng'] },
    { key: 'payment_mode', label: 'Phương thức đóng', aliases: ['Phương thức', 'Phương thức đóng BHXH tự nguyện'] },
    { key: 'support_group', label: 'Nhóm hỗ trợ', aliases: ['Đối tượng hỗ trợ', 'Nhóm được hỗ trợ'] },
    { key: 'snapshot', label: 'Kỳ', aliases: ['Kỳ dữ liệu', 'Kỳ báo cáo'], required: 'unless-period' },
  ],
  db: [['person_id', 'text'], ['person_id_valid', 'bool'], ['bhxh_code', 'text'], ['full_name', 'text'], ['birth_date', 'date'], ['birth_precision', 'text'], ['sex', 'text'], ['commune_code', 'text'], ['scheme', 'text'], ['unemployment_insured', 'bool'], ['unit_code', 'text'], ['contribution_base', 'int8'], ['from_period', 'date'], ['to_period', 'date'], ['payment_mode', 'text'], ['support_group', 'text'], ['snapshot_period', 'date']],
  period: { column: 'snapshot_period', unit: 'month' },
  keyLabel: 'người (số định danh, mã BHXH hoặc họ tên + ngày sinh), loại hình, đơn vị, Từ tháng và Kỳ',
  build(r) {
    const birth = r.birth('birth', true);
    const sex = sexOf(r);
    const [id, valid] = r.personIdLenient('person_id', birth?.year ?? null, sex);
    let bhxh = r.text('bhxh_code', false, 20);
    if (bhxh !== null) {
      bhxh = bhxh.replace(/\s/g, '');
      if (/^\d{9}$/.test(bhxh)) {
        bhxh = '0' + bhxh;
        r.warn('bhxh_code', `đã bổ sung số 0 đầu bị mất của mã số BHXH: ${bhxh}`);
      } else if (!/^\d{10}$/.test(bhxh)) r.warn('bhxh_code', 'mã số BHXH phải gồm 10 chữ số — giữ nguyên');
    }
    const name = r.text('full_name', true, 200);
    const commune = r.commune(false);
    const scheme = r.enumeration('scheme', SCHEME, true);
    const unemployment = r.enumeration('unemployment', YES_NO);
    const unit = r.code('unit_code');
    const base = r.amount('contribution_base', true);
    const from = r.period('from_period', true);
    const to = r.period('to_period');
    let mode = r.enumeration('payment_mode', PAYMENT_MODE);
    let support = r.enumeration('support_group', SUPPORT);
    const snapshot = r.periodOrOption('snapshot');
    if (from && to && to < from) r.error('to_period', 'Đến tháng trước Từ tháng');
    if (scheme === 'BB' && unit === null) r.error('unit_code', 'thiếu Mã đơn vị (bắt buộc với loại hình BB)', '');
    if (base === 0) r.error('contribution_base', 'mức đóng phải lớn hơn 0');
    let insured = unemployment === 'yes';
    if (scheme === 'TN') {
      if (insured) {
        r.warn('unemployment', 'BHTN chỉ áp dụng cho loại hình BB — ghi nhận là Không');
        insured = false;
      }
    } else if (scheme === 'BB') {
      if (mode !== null) { r.warn('payment_mode', 'phương thức đóng chỉ áp dụng cho loại hình TN — bỏ qua'); mode = null; }
      if (support !== null) { r.warn('support_group', 'nhóm hỗ trợ chỉ áp dụng cho loại hình TN — bỏ qua'); support = null; }
    }
    if (r.failed) return null;
    const who = id ?? (bhxh ? `bhxh:${bhxh}` : `${name!.toLowerCase()}|${birth!.date}`);
    r.key = `${who}|${scheme}|${unit ?? ''}|${from}|${snapshot}`;
    r.keyColumn = id ? 'person_id' : bhxh ? 'bhxh_code' : 'full_name';
    return [id, valid, bhxh, name, birth!.date, birth!.precision, sex, commune, scheme, insured, unit, base, from, to, mode, support, snapshot];
  },
};

const bhxhHuong: KindSpec = {
  kind: 'bhxh-huong',
  label: FILE_KIND_LABELS['bhxh-huong'],
  agency: 'Bảo hiểm xã hội tỉnh',
  table: 'src_bhxh_huong',
  columns: [
    PERSON_ID, FULL_NAME, req(BIRTH),
    { key: 'benefit_type', label: 'Loại chế độ', aliases: ['Chế độ hưởng', 'Loại chế độ hưởng', 'Chế độ'], required: true },
    { key: 'from_period', label: 'Từ tháng', aliases: ['Hưởng từ tháng', 'Tháng bắt đầu hưởng'], required: true },
  ],
  db: [['person_id', 'text'], ['full_name', 'text'], ['birth_date', 'date'], ['birth_precision', 'text'], ['benefit_type', 'text'], ['from_period', 'date']],
  period: null,
  keyLabel: 'Số định danh cá nhân và Loại chế độ',
  build(r) {
    const birth = r.birth('birth', true);
    const id = r.personId('person_id', true, birth?.year ?? null, null);
    const name = r.text('full_name', true, 200);
    const type = r.enumeration('benefit_type', BENEFIT, true);
    const from = r.period('from_period', true);
    if (r.failed) return null;
    r.key = `${id}|${type}`;
    r.keyColumn = 'person_id';
    return [id, name, birth!.date, birth!.precision, type, from];
  },
};

const bhtnHuong: KindSpec = {
  kind: 'bhtn-huong',
  label: FILE_KIND_LABELS['bhtn-huong'],
  agency: 'Trung tâm Dịch vụ việc làm, Sở Nội vụ',
  table: 'src_bhtn_huong',
  columns: [
    PERSON_ID, FULL_NAME, opt(BIRTH),
    { key: 'decision_no', label: 'Số quyết định', aliases: ['Số QĐ', 'Quyết định số'], required: true },
    { key: 'decision_date', label: 'Ngày quyết định', aliases: ['Ngày QĐ', 'Ngày ký quyết định'] },
    { key: 'start_date', label: 'Hưởng từ ngày', aliases: ['Từ ngày', 'Ngày bắt đầu hưởng'], required: true },
    { key: 'end_date', label: 'Hưởng đến ngày', aliases: ['Đến ngày', 'Ngày kết thúc hưởng'], required: true },
    { key: 'months', label: 'Số tháng hưởng', aliases: ['Số tháng', 'Số tháng được hưởng'], required: true },
    { key: 'monthly_amount', label: 'Mức hưởng hằng tháng', aliases: ['Mức hưởng', 'Mức hưởng hàng tháng', 'Mức trợ cấp hằng tháng'], required: true },
  ],
  db: [['person_id', 'text'], ['full_name', 'text'], ['birth_date', 'date'], ['birth_precision', 'text'], ['decision_no', 'text'], ['decision_date', 'date'], ['start_date', 'date'], ['end_date', 'date'], ['months', 'int4'], ['monthly_amount', 'int8']],
  period: null,
  keyLabel: 'Số quyết định',
  build(r) {
    const birth = r.birth('birth');
    const id = r.personId('person_id', true, birth?.year ?? null, null);
    const name = r.text('full_name', true, 200);
    const decision = r.text('decision_no', true, 100);
    const decided = r.date('decision_date', false, true);
    const start = r.date('start_date', true);
    const end = r.date('end_date', true);
    const months = r.count('months', true);
    const amount = r.amount('monthly_amount', true);
    if (months !== null && (months < 1 || months > 12)) r.error('months', `số tháng hưởng ${months} ngoài khoảng 1–12`);
    if (start && end && end < start) r.error('end_date', 'Hưởng đến ngày trước Hưởng từ ngày');
    if (amount === 0) r.error('monthly_amount', 'mức hưởng phải lớn hơn 0');
    if (r.failed) return null;
    r.key = decision!.toUpperCase();
    r.keyColumn = 'decision_no';
    return [id, name, birth?.date ?? null, birth?.precision ?? null, decision, decided, start, end, months, amount];
  },
};

const kcnLaoDong: KindSpec = {
  kind: 'kcn-lao-dong',
  label: FILE_KIND_LABELS['kcn-lao-dong'],
  agency: 'Ban Quản lý các khu công nghiệp',
  table: 'src_kcn_lao_dong',
  columns: [
    req(TAX_CODE),
    { key: 'name', label: 'Tên doanh nghiệp', aliases: ['Tên đơn vị', 'Tên công ty', 'Doanh nghiệp'], required: true },
    req(PARK),
    { key: 'period', label: 'Kỳ', aliases: ['Kỳ báo cáo', 'Tháng'], required: 'unless-period' },
    { key: 'reported_workers', label: 'Số lao động báo cáo', aliases: ['Số lao động', 'Tổng số lao động', 'Số lao động hiện có'], required: true },
  ],
  db: [['tax_code', 'text'], ['name', 'text'], ['industrial_park', 'text'], ['period', 'date'], ['reported_workers', 'int4']],
  period: { column: 'period', unit: 'month' },
  keyLabel: 'Mã số thuế và Kỳ',
  build(r) {
    const tax = r.taxCode('tax_code', true);
    const name = r.text('name', true, 300);
    const park = r.text('industrial_park', true, 200);
    const period = r.periodOrOption('period');
    const workers = r.count('reported_workers', true);
    if (r.failed) return null;
    r.key = `${tax!.value}|${period}`;
    r.keyColumn = 'tax_code';
    return [tax!.value, name, park, period, workers];
  },
};

/** Target years: the plan's (Resolution 403/NQ-CP horizon, shared/province.ts; docs/spec/source-files.md). */
const TARGET_YEARS = PLAN_YEARS;

const chiTieu: KindSpec = {
  kind: 'chi-tieu',
  label: FILE_KIND_LABELS['chi-tieu'],
  agency: 'Sở Nội vụ',
  table: 'src_chi_tieu',
  columns: [
    { key: 'year', label: 'Năm', aliases: ['Năm giao chỉ tiêu'], required: 'unless-period' },
    { ...COMMUNE_CODE, aliases: ['Mã đơn vị', 'Mã đơn vị hành chính', 'Mã ĐVHC', 'Mã xã/phường'], required: true },
    { ...COMMUNE_NAME, aliases: ['Tên đơn vị', 'Đơn vị', 'Xã, phường', 'Tên xã'], required: true },
    { key: 'target_total', label: 'Chỉ tiêu BHXH', aliases: ['Tổng số người tham gia BHXH', 'Chỉ tiêu tổng số người tham gia BHXH', 'Chỉ tiêu tham gia BHXH'], required: true },
    { key: 'target_voluntary', label: 'Chỉ tiêu BHXH tự nguyện', aliases: ['Số người tham gia BHXH tự nguyện', 'Chỉ tiêu tự nguyện'], required: true },
    { key: 'target_mandatory', label: 'Chỉ tiêu BHXH bắt buộc', aliases: ['Số người tham gia BHXH bắt buộc', 'Chỉ tiêu bắt buộc'] },
    { key: 'target_unemployment', label: 'Chỉ tiêu BHTN', aliases: ['Số người tham gia BHTN', 'Chỉ tiêu bảo hiểm thất nghiệp'] },
    { key: 'basis', label: 'Căn cứ', aliases: ['Văn bản', 'Căn cứ giao chỉ tiêu', 'Văn bản giao chỉ tiêu'] },
  ],
  db: [['year', 'int4'], ['commune_code', 'text'], ['target_total', 'int4'], ['target_voluntary', 'int4'], ['target_mandatory', 'int4'], ['target_unemployment', 'int4'], ['basis', 'text']],
  period: { column: 'year', unit: 'year' },
  keyLabel: 'Năm và Mã xã',
  build(r) {
    const year = r.yearOrOption('year', TARGET_YEARS.min, TARGET_YEARS.max);
    const commune = r.commune(true, true);
    const total = r.count('target_total', true);
    const voluntary = r.count('target_voluntary', true);
    const mandatory = r.count('target_mandatory');
    const ui = r.count('target_unemployment');
    const basis = r.text('basis', false, 300);
    if (total !== null && voluntary !== null && voluntary > total) r.error('target_voluntary', `chỉ tiêu tự nguyện (${voluntary}) lớn hơn chỉ tiêu BHXH (${total})`);
    if (total !== null && mandatory !== null && mandatory > total) r.error('target_mandatory', `chỉ tiêu bắt buộc (${mandatory}) lớn hơn chỉ tiêu BHXH (${total})`);
    if (r.failed) return null;
    r.key = `${year}|${commune}`;
    r.keyColumn = r.has('commune_code') ? 'commune_code' : 'commune_name';
    return [year, commune, total, voluntary, mandatory, ui, basis];
  },
};

export const KINDS: Record<FileKind, KindSpec> = {
  'dan-cu': danCu,
  'ho-ngheo': hoNgheo,
  'lao-dong': laoDong,
  'dn-thue': dnThue,
  'thue-tncn': thueTncn,
  'bhxh-don-vi': bhxhDonVi,
  'bhxh-thu': bhxhThu,
  'bhxh-nguoi': bhxhNguoi,
  'bhxh-huong': bhxhHuong,
  'bhtn-huong': bhtnHuong,
  'kcn-lao-dong': kcnLaoDong,
  'chi-tieu': chiTieu,
};

export function isFileKind(value: string): value is FileKind {
  return (FILE_KINDS as readonly string[]).includes(value);
}
