/**
 * Vietnamese names for the synthetic province: surnames by ethnic group (reference/SOURCES.md), middle and given
 * names by sex, and the cosmetic variants agency files really contain (no diacritics, upper case, NFD, old
 * tone-mark placement, extra spaces). Names are stored as indices into these tables.
 */
import { canonicalVietnamese, foldDiacritics, isVowel, splitTone } from '#shared/text/vietnamese.ts';
import { Weighted, type Rng } from './rng.ts';

export const ETHNIC_GROUPS = ['Kinh', 'Tày', 'Nùng', 'Dao', 'Mông', 'Sán Dìu', 'Sán Chay', 'Hoa'] as const;
export type EthnicIndex = number; // index into ETHNIC_GROUPS
export const KINH = 0;

/** Census shares by old province (reference/SOURCES.md); "others" folded into the nearest groups. */
export const ETHNIC_MIX: Record<'Bắc Kạn' | 'Thái Nguyên', number[]> = {
  // Kinh, Tày, Nùng, Dao, Mông, Sán Dìu, Sán Chay, Hoa
  'Bắc Kạn': [12.0, 52.6, 9.2, 17.9, 7.2, 0.3, 0.5, 0.3],
  'Thái Nguyên': [73.4, 11.0, 5.7, 2.3, 0.6, 3.9, 2.9, 0.2],
};

type Table = [string, number][];

const SURNAMES: Table[] = [
  // Kinh (national shares; north: Vũ and Hoàng rather than Võ and Huỳnh)
  [['Nguyễn', 38.4], ['Trần', 12.1], ['Lê', 9.5], ['Phạm', 7.0], ['Hoàng', 5.1], ['Phan', 4.5], ['Vũ', 3.9], ['Đặng', 2.1],
    ['Bùi', 2.0], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1.0], ['Lý', 0.5], ['Đào', 1.0], ['Đinh', 0.9],
    ['Trịnh', 0.6], ['Mai', 0.5], ['Lương', 0.5], ['Hà', 0.8], ['Tạ', 0.4], ['Lưu', 0.4], ['Chu', 0.3], ['Cao', 0.5],
    ['Đoàn', 0.6], ['Vương', 0.3], ['Tô', 0.3], ['Kiều', 0.2], ['Quách', 0.2], ['Đồng', 0.3], ['Lã', 0.1], ['Khổng', 0.1]],
  // Tày
  [['Nông', 16], ['Hoàng', 18], ['Lý', 6], ['Chu', 5], ['Vi', 5], ['Bế', 5], ['Lương', 6], ['Triệu', 6], ['Ma', 6],
    ['Hà', 7], ['Lục', 3], ['Mã', 2], ['Lăng', 2], ['Đàm', 3], ['Nguyễn', 6], ['Hứa', 2]],
  // Nùng
  [['Hoàng', 15], ['Nông', 12], ['Lý', 8], ['Lương', 8], ['Vi', 6], ['Chu', 5], ['Triệu', 6], ['Lăng', 5], ['Mã', 4],
    ['Dương', 4], ['Hứa', 4], ['Nguyễn', 5]],
  // Dao
  [['Bàn', 30], ['Triệu', 25], ['Lý', 12], ['Đặng', 15], ['Phùng', 6], ['Chảo', 5], ['Hoàng', 4]],
  // Mông
  [['Giàng', 18], ['Vừ', 14], ['Thào', 14], ['Lầu', 10], ['Sùng', 10], ['Mùa', 8], ['Vàng', 12], ['Lý', 6], ['Hầu', 4]],
  // Sán Dìu
  [['Diệp', 15], ['Lam', 12], ['Trương', 12], ['Lưu', 10], ['Đặng', 8], ['Phạm', 8], ['Tạ', 8], ['Lục', 6], ['Ninh', 5], ['Dương', 5]],
  // Sán Chay
  [['Hoàng', 14], ['Lâm', 10], ['Trần', 8], ['Lưu', 8], ['La', 8], ['Ninh', 8], ['Đặng', 6], ['Lý', 6], ['Triệu', 6], ['Nguyễn', 8]],
  // Hoa
  [['Trương', 12], ['Lưu', 10], ['Lý', 10], ['Hoàng', 10], ['Dương', 8], ['Tăng', 8], ['Lâm', 8], ['Trần', 8], ['Vương', 8], ['Quan', 6]],
];

const MIDDLE_MALE: Table = [['Văn', 40], ['Đức', 8], ['Minh', 7], ['Quang', 5], ['Hữu', 5], ['Công', 4], ['Xuân', 4], ['Mạnh', 3],
  ['Thanh', 4], ['Ngọc', 3], ['Tuấn', 2], ['Anh', 2], ['Đình', 4], ['Trọng', 3], ['Duy', 3], ['Gia', 2], ['Bảo', 2],
  ['Thế', 3], ['Tiến', 2], ['Việt', 2], ['Hải', 2], ['Quốc', 3]];
const MIDDLE_FEMALE: Table = [['Thị', 55], ['Thu', 5], ['Ngọc', 5], ['Thanh', 4], ['Minh', 3], ['Phương', 3], ['Hồng', 3], ['Kim', 3],
  ['Bích', 2], ['Thúy', 2], ['Hải', 2], ['Diệu', 1], ['Khánh', 2], ['Bảo', 2], ['Mai', 2], ['Thùy', 2], ['Hoài', 1]];
const MIDDLE_MONG_MALE: Table = [['A', 45], ['Văn', 30], ['Seo', 15], ['Mí', 5]];

const GIVEN_MALE: Table = [['Hùng', 5], ['Dũng', 5], ['Tuấn', 5], ['Hoàng', 3], ['Minh', 5], ['Nam', 4], ['Long', 4], ['Thắng', 4],
  ['Quân', 3], ['Hải', 4], ['Sơn', 4], ['Tùng', 3], ['Đức', 4], ['Huy', 4], ['Khánh', 3], ['Phong', 3], ['Trung', 4],
  ['Hiếu', 3], ['Cường', 4], ['Thành', 4], ['Bình', 4], ['Tiến', 3], ['Vinh', 3], ['Hòa', 3], ['Thụy', 1], ['Lâm', 2],
  ['Kiên', 2], ['Phúc', 3], ['Quang', 3], ['Đạt', 3], ['Duy', 3], ['An', 3], ['Bảo', 2], ['Khôi', 2], ['Nghĩa', 3],
  ['Toàn', 3], ['Việt', 2], ['Trường', 2], ['Chiến', 3], ['Hưng', 3], ['Tâm', 2], ['Thiện', 1], ['Lực', 1], ['Hậu', 2],
  ['Tú', 2], ['Khoa', 2], ['Quý', 1], ['Thuận', 2], ['Doanh', 1], ['Lợi', 1], ['Thọ', 1], ['Nhật', 1], ['Đông', 1],
  ['Thủy', 1], ['Khỏe', 1], ['Xoan', 1]];
const GIVEN_FEMALE: Table = [['Hoa', 4], ['Lan', 4], ['Hương', 5], ['Hằng', 4], ['Hà', 4], ['Linh', 5], ['Trang', 5], ['Thảo', 4],
  ['Nga', 3], ['Mai', 4], ['Huyền', 4], ['Ngọc', 3], ['Phương', 4], ['Thủy', 3], ['Yến', 3], ['Nhung', 3], ['Hạnh', 3],
  ['Thúy', 3], ['Dung', 3], ['Liên', 2], ['Loan', 2], ['Hòa', 2], ['Quỳnh', 3], ['Vân', 3], ['Anh', 4], ['Chi', 2],
  ['Giang', 2], ['Nhi', 2], ['Oanh', 2], ['Tuyết', 2], ['Xuân', 2], ['Hồng', 2], ['Thu', 3], ['Thoa', 2], ['Duyên', 2],
  ['Ánh', 2], ['Uyên', 1], ['Hiền', 3], ['Lụa', 1], ['Hoài', 1], ['Nhàn', 1], ['My', 1], ['Ngân', 2], ['Trâm', 1],
  ['Khuê', 1], ['Thụy', 1], ['Hòe', 1]];
const GIVEN_MONG_MALE: Table = [['Páo', 3], ['Súa', 2], ['Chứ', 2], ['Dình', 2], ['Pó', 2], ['Lử', 1], ['Sính', 2], ['Tủa', 2],
  ['Chá', 1], ['Dế', 1], ['Mua', 1], ['Nủ', 1]];
const GIVEN_MONG_FEMALE: Table = [['Mỷ', 3], ['Máy', 2], ['Dợ', 2], ['Sua', 2], ['Chía', 2], ['Mỉ', 2], ['Pà', 1], ['Sử', 1], ['Dính', 1], ['Của', 1]];
const GIVEN_DAO_MALE: Table = [['Chàn', 2], ['Lìn', 2], ['Quẩy', 2], ['Phấy', 1], ['Tòng', 2], ['Kiêm', 1], ['Sinh', 2], ['Chiêu', 1], ['Phin', 1], ['Vần', 1]];
const GIVEN_DAO_FEMALE: Table = [['Mẩy', 3], ['Nhất', 1], ['Chòi', 1], ['Xiêm', 1], ['Liều', 1], ['Nhàn', 1], ['Slâu', 1]];

/** Every name part once, canonical NFC; parts are referred to by index. */
export const NAME_PARTS: string[] = [];
const partIndex = new Map<string, number>();
function intern(text: string): number {
  const canonical = canonicalVietnamese(text);
  let i = partIndex.get(canonical);
  if (i === undefined) {
    i = NAME_PARTS.length;
    NAME_PARTS.push(canonical);
    partIndex.set(canonical, i);
  }
  return i;
}
function table(t: Table): Weighted<number> {
  return new Weighted(t.map(([n]) => intern(n)), t.map(([, w]) => w));
}

const surnameTables = SURNAMES.map(table);
const middleMale = table(MIDDLE_MALE);
const middleFemale = table(MIDDLE_FEMALE);
const middleMaleYoung = table(MIDDLE_MALE.map(([n, w]) => [n, n === 'Văn' ? 12 : w]));
const middleFemaleYoung = table(MIDDLE_FEMALE.map(([n, w]) => [n, n === 'Thị' ? 15 : w]));
const middleMongMale = table(MIDDLE_MONG_MALE);
const givenMale = table(GIVEN_MALE);
const givenFemale = table(GIVEN_FEMALE);
const givenMongMale = table(GIVEN_MONG_MALE);
const givenMongFemale = table(GIVEN_MONG_FEMALE);
const givenDaoMale = table(GIVEN_DAO_MALE);
const givenDaoFemale = table(GIVEN_DAO_FEMALE);

export const MONG = 4;
export const DAO = 3;

export function pickSurname(rng: Rng, ethnic: EthnicIndex): number {
  return surnameTables[ethnic].pick(rng);
}

export function pickMiddle(rng: Rng, female: boolean, ethnic: EthnicIndex, birthYear: number): number {
  if (ethnic === MONG) return female ? intern('Thị') : middleMongMale.pick(rng);
  const young = birthYear >= 1995;
  if (female) return (young ? middleFemaleYoung : middleFemale).pick(rng);
  return (young ? middleMaleYoung : middleMale).pick(rng);
}

export function pickGiven(rng: Rng, female: boolean, ethnic: EthnicIndex): number {
  if (ethnic === MONG && rng.chance(0.7)) return (female ? givenMongFemale : givenMongMale).pick(rng);
  if (ethnic === DAO && rng.chance(0.5)) return (female ? givenDaoFemale : givenDaoMale).pick(rng);
  return (female ? givenFemale : givenMale).pick(rng);
}

/** Another given name of the same sex (for planted "name differs" records): guaranteed to differ after folding. */
export function pickOtherGiven(rng: Rng, female: boolean, current: number): number {
  const t = female ? givenFemale : givenMale;
  for (;;) {
    const g = t.pick(rng);
    if (foldDiacritics(NAME_PARTS[g]).toLowerCase() !== foldDiacritics(NAME_PARTS[current]).toLowerCase()) return g;
  }
}

export function fullName(surname: number, middle: number, given: number): string {
  return `${NAME_PARTS[surname]} ${NAME_PARTS[middle]} ${NAME_PARTS[given]}`;
}

/** Comparison key of findings.md: no diacritics, case or spacing (tone placement is covered by folding). */
export function nameKey(name: string): string {
  return foldDiacritics(name.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Old ("hoà", "thuỵ") tone placement: open syllables ending in oa/oe/uy carry the mark on the second vowel. */
export function oldToneStyle(text: string): string {
  return text.normalize('NFC').replace(/\p{L}+/gu, (word) => {
    const { tone, letters } = splitTone(word);
    if (!tone) return word;
    const lower = letters.map((c) => c.toLowerCase());
    const n = lower.length;
    if (n < 2) return word;
    const a = lower[n - 2];
    const b = lower[n - 1];
    const pair = a + b;
    if (!['oa', 'oe', 'uy'].includes(pair)) return word;
    if (n >= 3 && isVowel(lower[n - 3])) return word;
    if (pair === 'uy' && n >= 3 && lower[n - 3] === 'q') return word;
    letters[n - 1] = (letters[n - 1].normalize('NFD') + tone).normalize('NFC');
    return letters.join('');
  });
}

export type NameNoise = 'none' | 'plain' | 'upper' | 'nfd' | 'old_tone' | 'spaces' | 'upper_plain';

/** A cosmetic variant of a name that the comparison rules of findings.md treat as equal. */
export function applyNameNoise(name: string, noise: NameNoise): string {
  switch (noise) {
    case 'plain': return foldDiacritics(name);
    case 'upper': return name.toLocaleUpperCase('vi');
    case 'upper_plain': return foldDiacritics(name).toUpperCase();
    case 'nfd': return name.normalize('NFD');
    case 'old_tone': return oldToneStyle(name);
    case 'spaces': return ` ${name.replace(/ /g, '  ')} `;
    default: return name;
  }
}

/** Picks a cosmetic name noise with the given overall rate. */
export function pickNameNoise(rng: Rng, rate: number): NameNoise {
  if (!rng.chance(rate)) return 'none';
  const r = rng.float();
  if (r < 0.3) return 'plain';
  if (r < 0.45) return 'upper';
  if (r < 0.55) return 'upper_plain';
  if (r < 0.7) return 'nfd';
  if (r < 0.88) return 'old_tone';
  return 'spaces';
}

// ------------------------------------------------------------------ commune spellings

/** Every way the import contract lets a file name a commune (docs/spec/source-files.md, "Commune"). */
export const COMMUNE_SPELLINGS = [
  'code', 'code_no_zero', 'full', 'bare', 'upper', 'upper_bare', 'lower', 'plain', 'plain_bare', 'upper_plain_bare',
  'old_tone', 'old_tone_bare', 'nfd', 'spaces', 'abbreviated',
] as const;
export type CommuneSpelling = (typeof COMMUNE_SPELLINGS)[number];

const withoutPrefix = (name: string) => name.replace(/^(Xã|Phường|Thị trấn) /, '');
const foldedKeys = (name: string) => [foldDiacritics(name).toLowerCase(), foldDiacritics(withoutPrefix(name)).toLowerCase()];

/** Codes of the communes whose names without diacritics are also another commune's (Văn Lang / Văn Lăng). */
export function foldedNameClashes(communes: ReadonlyArray<{ code: string; name: string }>): Set<string> {
  const owners = new Map<string, Set<string>>();
  for (const c of communes) for (const k of foldedKeys(c.name)) owners.set(k, (owners.get(k) ?? new Set()).add(c.code));
  const clashes = new Set<string>();
  for (const codes of owners.values()) if (codes.size > 1) for (const code of codes) clashes.add(code);
  return clashes;
}

/**
 * One spelling of a commune, or null where the contract does not allow it for this commune: a code without
 * its leading zero needs one, and a name without diacritics is allowed only when no other commune then reads
 * the same. A name without diacritics and prefix may begin with a word that looks like a prefix
 * ("Phuong Tien" is Xã Phượng Tiến).
 */
export function communeSpelling(c: { code: string; name: string }, spelling: CommuneSpelling, clashes: Set<string>): string | null {
  const bare = withoutPrefix(c.name);
  if (spelling.includes('plain') && clashes.has(c.code)) return null;
  switch (spelling) {
    case 'code': return c.code;
    case 'code_no_zero': return c.code.startsWith('0') ? c.code.replace(/^0+/, '') : null;
    case 'full': return c.name;
    case 'bare': return bare;
    case 'upper': return c.name.toLocaleUpperCase('vi');
    case 'upper_bare': return bare.toLocaleUpperCase('vi');
    case 'lower': return c.name.toLocaleLowerCase('vi');
    case 'plain': return foldDiacritics(c.name);
    case 'plain_bare': return foldDiacritics(bare);
    case 'upper_plain_bare': return foldDiacritics(bare).toUpperCase();
    case 'old_tone': return oldToneStyle(c.name);
    case 'old_tone_bare': return oldToneStyle(bare);
    case 'nfd': return c.name.normalize('NFD');
    case 'spaces': return ` ${c.name.replace(/ /g, '  ')} `;
    case 'abbreviated': return `${c.name.startsWith('Phường') ? 'P.' : 'X.'} ${bare}`;
  }
}

/** A commune as an agency's name column writes it: mostly the full name or the bare name, sometimes any other spelling. */
export function pickCommuneSpelling(rng: Rng, c: { code: string; name: string }, clashes: Set<string>): string {
  const r = rng.float();
  if (r < 0.5) return c.name;
  if (r < 0.75) return withoutPrefix(c.name);
  for (;;) {
    const spelled = communeSpelling(c, rng.pick(COMMUNE_SPELLINGS), clashes);
    if (spelled !== null) return spelled;
  }
}

const VILLAGE_PREFIX_BK = ['Nà', 'Khuổi', 'Bản', 'Pác', 'Cốc', 'Phiêng', 'Thôm', 'Nặm', 'Khau', 'Lủng'];
const VILLAGE_SUFFIX_BK = ['Mòn', 'Ngòa', 'Cháo', 'Lẹng', 'Phầy', 'Slam', 'Luông', 'Hin', 'Tào', 'Đán', 'Vạng', 'Quang', 'Bó', 'Chang'];
const VILLAGE_TN = ['Đồng Tâm', 'Tân Lập', 'Làng Mới', 'Đồng Bông', 'Gò Chè', 'Hợp Thành', 'Trung Tâm', 'Đầm Mua', 'Cây Thị', 'Bãi Phẳng',
  'Đồng Xe', 'Na Ri', 'Làng Vân', 'Tiên Phong', 'Cầu Gỗ', 'Soi Mít', 'Đồng Tiến', 'Thái Hòa', 'Quyết Tiến', 'Hòa Bình'];

/** Address of household `n` in a commune: hamlets in communes, residential groups (tổ dân phố) in wards. */
export function householdAddress(rng: Rng, communeName: string, isWard: boolean, oldBacKan: boolean): string {
  if (isWard) return `Tổ dân phố ${rng.range(1, 45)}, ${communeName}`;
  const hamlet = oldBacKan
    ? `Thôn ${rng.pick(VILLAGE_PREFIX_BK)} ${rng.pick(VILLAGE_SUFFIX_BK)}`
    : rng.chance(0.5) ? `Xóm ${rng.pick(VILLAGE_TN)}` : `Thôn ${rng.pick(VILLAGE_TN)}`;
  return `${hamlet}, ${communeName}`;
}
