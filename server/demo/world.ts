/**
 * Builds the synthetic Thái Nguyên: communes, residents, households, employers, jobs, voluntary participation,
 * pensions, unemployment benefits, contributions and industrial-park reports, then plants known cases of every
 * finding and noise that must not become one. Everything is deterministic for a seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { Rng, Weighted, hashString } from './rng.ts';
import {
  addMonthsToDay, completedMonths, dayOf, firstDay, isoDay, lastDay, monthOfDay, monthYear, ymd,
} from './calendar.ts';
import { BhxhCodeAllocator, PersonalIdAllocator, TaxCodeAllocator, UNKNOWN_ID_PROVINCES, idCenturyDigit } from './ids.ts';
import type { SupportGroup } from '#shared/vocabulary.ts';
import {
  ETHNIC_MIX, KINH, NAME_PARTS, fullName, nameKey, pickGiven, pickMiddle, pickOtherGiven, pickSurname,
} from './names.ts';
import { WORLD_SETTINGS, worldRules, type WageRegion } from './world-rules.ts';
import {
  F_BB, F_BUSY, F_ID_MISMATCH, F_OUTSIDER, F_OWNER, F_PENSION, F_PLANTED, F_TN, F_TWIN, F_UNIQUE_KEY,
  INDUSTRIAL_PARKS, NO_DEATH, OPEN,
  type Benefit, type Commune, type ContractType, type Employer, type Job, type KcnReport,
  type PaymentRow, type Pension, type Persons, type Unit, type UnitType, type Voluntary, type World,
} from './model.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const COMMUNES_CSV = path.join(REPO_ROOT, 'reference', 'communes.csv');

/** Province total of the merger portal figures (reference/SOURCES.md). */
export const PORTAL_TOTAL = 1_799_489;

export interface WorldOptions {
  seed: number;
  scale: number;
  asOf: number; // day
  log?: (msg: string) => void;
}

/** Planted counts at scale 1; each is scaled and floored to a minimum so that even --scale 0.01 has some. */
function plantCount(scale: number, perMillion: number, min = 2): number {
  return Math.max(min, Math.round(perMillion * scale));
}

// ---------------------------------------------------------------------------------------------------------
// Communes

interface CommuneRow {
  code: string; name: string; type: string; old_province: string; wage_region_2026: string;
  population_portal: string; population_suspect: string;
}

export function loadCommunes(scale: number, rng: Rng): Commune[] {
  const text = fs.readFileSync(COMMUNES_CSV, 'utf8');
  const parsed = Papa.parse<CommuneRow>(text, { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  // Suspect portal populations (e.g. 601 for a merged commune of two) are floored to a plausible minimum.
  const floored = rows.map((r) => {
    const p = Number(r.population_portal);
    const ward = r.type === 'phường';
    return r.population_suspect === 'yes' ? Math.max(p, ward ? 15_000 : 8_000) : p;
  });
  const sum = floored.reduce((a, b) => a + b, 0);
  const factor = (PORTAL_TOTAL / sum) * scale;
  return rows.map((r, idx) => {
    const isWard = r.type === 'phường';
    const oldBacKan = r.old_province === 'Bắc Kạn';
    const region = r.wage_region_2026 as WageRegion;
    const jitter = 0.9 + 0.2 * rng.float();
    let coverage: number;
    let voluntaryShare: number;
    let poorRate: number;
    let nearPoorRate: number;
    if (isWard) {
      coverage = oldBacKan ? 0.36 : 0.46;
      voluntaryShare = 0.05;
      poorRate = 0.005; nearPoorRate = 0.015;
    } else if (oldBacKan) {
      coverage = 0.13; voluntaryShare = 0.16; poorRate = 0.14; nearPoorRate = 0.12;
    } else if (region === 'II') {
      coverage = 0.36; voluntaryShare = 0.08; poorRate = 0.015; nearPoorRate = 0.03;
    } else if (region === 'III') {
      coverage = 0.28; voluntaryShare = 0.1; poorRate = 0.03; nearPoorRate = 0.05;
    } else {
      coverage = 0.17; voluntaryShare = 0.15; poorRate = 0.08; nearPoorRate = 0.09;
    }
    return {
      idx, code: r.code, name: r.name, isWard, oldBacKan, region,
      popPortal: Number(r.population_portal), suspect: r.population_suspect === 'yes',
      population: Math.max(12, Math.round(floored[idx] * factor)),
      coverage: coverage * jitter, voluntaryShare, poorRate, nearPoorRate,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Static tables

/** Age pyramid, 5-year bands from 0–4 to 95–99 (per cent; a plausible 2026 shape). */
const AGE_BANDS = [6.8, 7.6, 7.9, 7.0, 6.5, 7.0, 8.0, 8.2, 7.5, 6.8, 6.0, 5.5, 4.8, 3.8, 2.7, 1.7, 1.1, 0.7, 0.3, 0.1];
const HOUSEHOLD_SIZES = new Weighted([1, 2, 3, 4, 5, 6], [9, 17, 22, 28, 15, 9]);
const OTHER_BIRTH_PROVINCES = new Weighted(
  ['001', '024', '020', '008', '025', '026', '027', '004', '022', '030', '034', '036', '038', '040'],
  [3, 2, 1, 1.5, 1, 1, 1, 1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
);
const OUTSIDER_PROVINCES = new Weighted(
  ['024', '020', '008', '004', '025', '026', '002', '015', '038', '040', '001', '027', '030', '010', '014', '034', '036'],
  [8, 5, 5, 4, 3, 2, 3, 2, 3, 3, 2, 2, 1, 2, 1, 1, 1],
);
const OUTSIDER_BHXH_PREFIX: Record<string, string> = {
  '024': '24', '020': '20', '008': '08', '004': '04', '025': '25', '026': '26', '002': '02', '015': '15', '038': '38',
  '040': '40', '001': '01', '027': '27', '030': '30', '010': '10', '014': '14', '034': '34', '036': '36',
};

const COMPANY_FORMS = new Weighted(['Công ty TNHH', 'Công ty Cổ phần', 'Công ty TNHH MTV', 'Doanh nghiệp tư nhân'], [45, 25, 22, 8]);
const TRADES = ['Thương mại', 'Xây dựng', 'Dịch vụ', 'Vận tải', 'Chè', 'Cơ khí', 'Thương mại và Dịch vụ', 'Đầu tư', 'Xây dựng và Thương mại',
  'Nông sản', 'May mặc', 'Vật liệu xây dựng', 'Khoáng sản', 'Thực phẩm', 'Du lịch', 'Công nghệ', 'Môi trường', 'Gỗ', 'In', 'Điện'];
const BRANDS = ['Hoàng Long', 'Phú Thịnh', 'An Phát', 'Minh Khang', 'Thái Sơn', 'Hưng Thịnh', 'Đức Tài', 'Tân Cương', 'Sông Cầu', 'Việt Bắc',
  'Tam Đảo', 'Núi Cốc', 'Gia Bảo', 'Trường An', 'Hòa Phát Thái', 'Thành Đạt', 'Kim Sơn', 'Phương Nam', 'Đồng Hỷ', 'Hồ Núi Cốc', 'Ba Bể',
  'Bắc Kạn Xanh', 'Quang Minh', 'Thịnh Vượng', 'Tiến Thành', 'Hải Đăng', 'Bình Minh', 'Kỳ Anh', 'Vạn Xuân', 'Đại Lộc'];
const IP_BRANDS = ['Điện tử Hoàng Sơn Việt Nam', 'Linh kiện Điện tử Kyoei Việt Nam', 'Công nghệ Chính xác Hanwa', 'Điện tử Daesin Vina',
  'Vật liệu mới Tây Bắc', 'May xuất khẩu Phổ Yên', 'Cơ khí chính xác Sông Công', 'Bao bì Yên Bình', 'Thiết bị Quang học Minh Tân',
  'Phụ tùng Ô tô Bắc Việt', 'Điện tử Jinwoo Thái Nguyên', 'Nhựa kỹ thuật Đông Á', 'Dệt may Trung Thành', 'Khuôn mẫu Seojin Vina',
  'Linh kiện Quang học Narae', 'Kim loại Điềm Thụy', 'Pin năng lượng Bắc Hà', 'Giày da Phú Bình', 'Cáp điện Tân Long', 'Cơ điện tử Kosei'];
const INDUSTRIES = ['Bán buôn vật liệu xây dựng', 'Xây dựng nhà các loại', 'Vận tải hàng hóa bằng đường bộ', 'Chế biến chè', 'Sản xuất linh kiện điện tử',
  'Bán lẻ lương thực, thực phẩm', 'Dịch vụ lưu trú ngắn ngày', 'Nhà hàng và dịch vụ ăn uống', 'Khai thác đá, cát, sỏi', 'May trang phục',
  'Sửa chữa máy móc, thiết bị', 'Bán buôn nông sản', 'Hoạt động thiết kế chuyên dụng', 'Sản xuất sản phẩm từ gỗ', 'Giáo dục mầm non tư thục'];
const HOUSEHOLD_TRADES = ['Tạp hóa', 'Ăn uống', 'Sửa chữa xe máy', 'Bán lẻ quần áo', 'Chè búp khô', 'Vật liệu xây dựng', 'Cắt tóc, gội đầu',
  'Bán lẻ thuốc', 'Điện thoại, điện máy', 'Nhà nghỉ', 'Xay xát', 'Rửa xe', 'Bán buôn nông sản', 'Cơ khí nhỏ', 'In ấn, photocopy'];
const STREETS = ['Đường Lương Ngọc Quyến', 'Đường Hoàng Văn Thụ', 'Đường Bắc Kạn', 'Đường Quang Trung', 'Đường Cách Mạng Tháng Tám',
  'Đường Thống Nhất', 'Đường Phan Đình Phùng', 'Đường Minh Cầu', 'Đường Z115', 'Quốc lộ 3', 'Đường Trường Chinh', 'Đường Nguyễn Văn Cừ'];

// ---------------------------------------------------------------------------------------------------------

export function buildWorld(opts: WorldOptions): World {
  const b = new Builder(opts);
  return b.build();
}

class Builder {
  readonly seed: number;
  readonly scale: number;
  readonly asOf: number;
  readonly P: number;
  readonly asOfIso: string;
  readonly pIso: string;
  readonly log: (msg: string) => void;
  readonly rng: (stream: string) => Rng;
  communes!: Commune[];
  p!: Persons;
  householdCommune!: Int32Array;
  householdPoverty!: Uint8Array;
  ids!: PersonalIdAllocator;
  taxCodes!: TaxCodeAllocator;
  bhxhCodes!: BhxhCodeAllocator;
  bhxhCode = new Map<number, string>();
  employers: Employer[] = [];
  jobs: Job[] = [];
  voluntary: Voluntary[] = [];
  pensions: Pension[] = [];
  benefits: Benefit[] = [];
  payments: PaymentRow[] = [];
  kcnReports: KcnReport[] = [];
  planted: Record<string, number> = {};
  danCuDuplicates = new Set<number>();
  /** Sorted name-key hashes of residents, for uniqueness checks. */
  keyHashes!: Uint32Array;
  unitSeq = 0;
  decisionSeq = 0;
  residentsByCommune: Int32Array[] = [];
  retMonths!: { M: number; F: number };
  /** The law the world is built with (reference/legal-params.csv through the rule book). */
  readonly rules = worldRules();

  constructor(opts: WorldOptions) {
    this.seed = opts.seed;
    this.scale = opts.scale;
    this.asOf = opts.asOf;
    this.P = monthOfDay(opts.asOf) - 1;
    this.asOfIso = isoDay(opts.asOf);
    this.pIso = isoDay(firstDay(this.P));
    this.log = opts.log ?? (() => {});
    this.rng = (stream: string) => new Rng(opts.seed, stream);
  }

  build(): World {
    const r = this.rng('communes');
    this.communes = loadCommunes(this.scale, r);
    this.retMonths = { M: this.rules.retirementAgeMonths('M', monthYear(monthOfDay(this.asOf))), F: this.rules.retirementAgeMonths('F', monthYear(monthOfDay(this.asOf))) };
    this.ids = new PersonalIdAllocator(this.rng('ids'));
    this.taxCodes = new TaxCodeAllocator(this.rng('tax-codes'));
    this.bhxhCodes = new BhxhCodeAllocator(this.rng('bhxh-codes'));
    this.log('dân cư');
    this.buildPopulation();
    this.plantTwinsAndIdMismatch();
    this.buildDeathsPensionsPoverty();
    this.log('người tham gia, đơn vị');
    const sets = this.chooseParticipants();
    const outsiders = this.buildOutsiders(sets.outsiderCount);
    this.indexNameKeys(outsiders);
    this.buildEmployers(sets.residentSlots, outsiders.length);
    this.assignCurrentJobs(sets.bbByCommune, outsiders);
    this.buildVoluntary(sets.tn);
    this.buildHistories();
    this.buildHouseholdBusinesses();
    this.log('các trường hợp cài sẵn');
    this.plantEmployerCases();
    this.plantWorkerCases();
    this.plantIdentityCases();
    this.plantDeaths();
    this.plantBenefitAbuse();
    this.plantAgeEdges();
    this.finishEmployers();
    this.buildPayments();
    this.buildKcnReports();
    this.assignBhxhCodes();
    return {
      seed: this.seed, scale: this.scale, asOf: this.asOf, period: this.P, communes: this.communes, persons: this.p,
      householdCommune: this.householdCommune, householdPoverty: this.householdPoverty, employers: this.employers,
      jobs: this.jobs, voluntary: this.voluntary, pensions: this.pensions, benefits: this.benefits, payments: this.payments,
      kcnReports: this.kcnReports, bhxhCode: this.bhxhCode, danCuDuplicates: this.danCuDuplicates, planted: this.planted,
    };
  }

  count(name: string, n = 1) {
    this.planted[name] = (this.planted[name] ?? 0) + n;
  }

  // ------------------------------------------------------------------------------------------------- persons

  ageMonths(i: number, at = this.asOf): number {
    return completedMonths(this.p.birth[i], at);
  }

  retirementMonths(i: number): number {
    return this.p.female[i] ? this.retMonths.F : this.retMonths.M;
  }

  alive(i: number, at = this.asOf): boolean {
    const d = this.p.death[i];
    return d === NO_DEATH || d > at;
  }

  idOf(i: number): string {
    return String(this.p.id[i]).padStart(12, '0');
  }

  nameOf(i: number): string {
    return fullName(this.p.sur[i], this.p.mid[i], this.p.giv[i]);
  }

  allocateId(i: number, province: string) {
    const [y] = ymd(this.p.birth[i]);
    this.p.id[i] = Number(this.ids.next(province, idCenturyDigit(y, this.p.female[i] === 1), y % 100));
  }

  buildPopulation() {
    const rng = this.rng('population');
    const residents = this.communes.reduce((a, c) => a + c.population, 0);
    // Outsiders are appended later; allocate generously (IP workers from other provinces ≤ 12 % of residents).
    const capacity = residents + Math.ceil(residents * 0.12) + 1000;
    this.p = {
      count: 0, residents,
      birth: new Int32Array(capacity), female: new Uint8Array(capacity), commune: new Uint8Array(capacity),
      ethnic: new Uint8Array(capacity), sur: new Uint16Array(capacity), mid: new Uint16Array(capacity),
      giv: new Uint16Array(capacity), household: new Int32Array(capacity), id: new Float64Array(capacity),
      death: new Int32Array(capacity), flags: new Uint16Array(capacity),
    };
    const hhCommune: number[] = [];
    const ageBands = new Weighted(AGE_BANDS.map((_, i) => i), AGE_BANDS);
    const bkTransfer = dayOf(2025, 7, 1);
    let i = 0;
    for (const c of this.communes) {
      const mix = ETHNIC_MIX[c.oldBacKan ? 'Bắc Kạn' : 'Thái Nguyên'].slice();
      mix[KINH] *= c.isWard ? 2.5 : c.region === 'IV' ? 0.55 : 1;
      const ethnicTable = new Weighted(mix.map((_, k) => k), mix);
      const start = i;
      let remaining = c.population;
      while (remaining > 0) {
        const size = Math.min(remaining, HOUSEHOLD_SIZES.pick(rng));
        remaining -= size;
        const hh = hhCommune.length;
        hhCommune.push(c.idx);
        const eth = ethnicTable.pick(rng);
        const hhSurname = pickSurname(rng, eth);
        const headFemale = rng.chance(0.3);
        for (let k = 0; k < size; k++, i++) {
          const female = k === 0 ? headFemale : k === 1 ? !headFemale : rng.chance(0.49);
          let ageDays: number;
          if (k <= 1) ageDays = Math.round((22 + rng.float() * 55) * 365.25);
          else ageDays = Math.round((ageBands.pick(rng) * 5 + rng.float() * 5) * 365.25);
          const birth = this.asOf - ageDays;
          const [by] = ymd(birth);
          this.p.birth[i] = birth;
          this.p.female[i] = female ? 1 : 0;
          this.p.commune[i] = c.idx;
          this.p.ethnic[i] = eth;
          this.p.household[i] = hh;
          this.p.sur[i] = k === 1 && female ? pickSurname(rng, eth) : hhSurname;
          this.p.mid[i] = pickMiddle(rng, female, eth, by);
          this.p.giv[i] = pickGiven(rng, female, eth);
          let province: string;
          if (birth >= bkTransfer) province = '019';
          else if (c.oldBacKan) province = rng.chance(0.85) ? '006' : rng.chance(0.55) ? '019' : OTHER_BIRTH_PROVINCES.pick(rng);
          else province = rng.chance(0.88) ? '019' : rng.chance(0.25) ? '006' : OTHER_BIRTH_PROVINCES.pick(rng);
          this.allocateId(i, province);
        }
      }
      this.residentsByCommune[c.idx] = Int32Array.from({ length: i - start }, (_, k) => start + k);
    }
    this.p.count = i;
    this.householdCommune = Int32Array.from(hhCommune);
    this.householdPoverty = new Uint8Array(hhCommune.length);
  }

  /** Same-name, same-birth-date namesakes in one commune (must not be merged) and dan-cu IDs that contradict the birth date. */
  plantTwinsAndIdMismatch() {
    const rng = this.rng('twins');
    const pairs = plantCount(this.scale, 150, 2);
    for (let k = 0, guard = 0; k < pairs && guard < 100_000; guard++) {
      const c = this.communes[rng.int(this.communes.length)];
      const list = this.residentsByCommune[c.idx];
      if (list.length < 4) continue;
      const a = list[rng.int(list.length)];
      const bb = list[rng.int(list.length)];
      if (a === bb || this.p.flags[a] & F_TWIN || this.p.flags[bb] & F_TWIN) continue;
      const age = this.ageMonths(a) / 12;
      if (age < 16 || age > 55) continue;
      k++;
      this.p.birth[bb] = this.p.birth[a];
      this.p.female[bb] = this.p.female[a];
      this.p.sur[bb] = this.p.sur[a];
      this.p.mid[bb] = this.p.mid[a];
      this.p.giv[bb] = this.p.giv[a];
      this.allocateId(bb, this.idOf(a).slice(0, 3));
      this.p.flags[a] |= F_TWIN;
      this.p.flags[bb] |= F_TWIN;
      this.count('twin_pairs');
    }
    const mismatches = plantCount(this.scale, 250, 2);
    for (let k = 0; k < mismatches; ) {
      const i = rng.int(this.p.count);
      if (this.p.flags[i] & (F_TWIN | F_ID_MISMATCH)) continue;
      const age = this.ageMonths(i) / 12;
      if (age < 20 || age > 55) continue;
      k++;
      const [y] = ymd(this.p.birth[i]);
      const wrongYear = rng.chance(0.6);
      const yy = wrongYear ? (y + rng.pick([1, -1, 10])) % 100 : y % 100;
      const g = idCenturyDigit(y, this.p.female[i] === 1) ^ (wrongYear ? 0 : 1); // flip the sex bit
      this.p.id[i] = Number(this.ids.next(this.idOf(i).slice(0, 3), g, (yy + 100) % 100));
      this.p.flags[i] |= F_ID_MISMATCH;
      this.count('dan_cu_id_contradicts_birth');
    }
    // Exact duplicate lines in the population extract (the later one is rejected on import).
    const dups = plantCount(this.scale, 30, 1);
    for (let k = 0; k < dups; k++) this.danCuDuplicates.add(rng.int(this.p.count));
    this.count('dan_cu_duplicate_lines', this.danCuDuplicates.size);
  }

  buildDeathsPensionsPoverty() {
    const rng = this.rng('deaths');
    const n = this.p.count;
    for (let i = 0; i < n; i++) {
      const age = this.ageMonths(i) / 12;
      if (this.p.flags[i] & (F_TWIN | F_ID_MISMATCH)) continue;
      const hazard = age < 50 ? 0.003 : age < 65 ? 0.012 : age < 75 ? 0.035 : age < 85 ? 0.085 : 0.18;
      if (rng.chance(hazard)) {
        const span = Math.min(5 * 365, Math.floor(age * 365) - 30);
        if (span < 30) continue;
        this.p.death[i] = this.asOf - 1 - rng.int(span);
      }
    }
    const pr = this.rng('pensions');
    const asOfYear = ymd(this.asOf)[0];
    for (let i = 0; i < n; i++) {
      if (!this.alive(i)) continue;
      const c = this.communes[this.p.commune[i]];
      const months = this.ageMonths(i);
      const ret = this.retirementMonths(i);
      if (months >= ret) {
        const rate = c.isWard ? 0.55 : c.oldBacKan ? 0.18 : c.region === 'IV' ? 0.22 : 0.35;
        if (!pr.chance(rate)) continue;
        const r = pr.float();
        const type = r < 0.9 ? 'pension' : r < 0.97 ? 'monthly_allowance' : 'other';
        // Pension from the month the person reached retirement age (or later).
        const from = Math.min(this.P, monthOfDay(this.p.birth[i]) + this.rules.retirementAgeMonths(this.p.female[i] ? 'F' : 'M', asOfYear - Math.floor((months - ret) / 12)) + pr.int(6));
        const legacy = pr.chance(0.04) ? String(100_000_000 + pr.int(899_999_999)).slice(0, 9) : null;
        this.pensions.push({ person: i, type, from, legacyId: legacy });
        this.p.flags[i] |= F_PENSION;
      } else if (months >= 15 * 12 && pr.chance(0.004)) {
        const r = pr.float();
        const type = months >= 50 * 12 && r < 0.3 ? 'pension' : r < 0.75 ? 'monthly_allowance' : 'other';
        const from = this.P - pr.int(Math.max(1, Math.min(120, months - 15 * 12)));
        this.pensions.push({ person: i, type, from, legacyId: null });
        this.p.flags[i] |= F_PENSION;
      }
    }
    const hr = this.rng('poverty');
    for (let h = 0; h < this.householdPoverty.length; h++) {
      const c = this.communes[this.householdCommune[h]];
      const x = hr.float();
      this.householdPoverty[h] = x < c.poorRate ? 1 : x < c.poorRate + c.nearPoorRate ? 2 : 0;
    }
  }

  // ------------------------------------------------------------------------------------------ participants

  workingAge(i: number): boolean {
    const m = this.ageMonths(i);
    return m >= 15 * 12 && m < this.retirementMonths(i);
  }

  /** Free = alive, of working age, not a pensioner and without any role yet. */
  free(i: number, minAge = 18, maxAgeYears = 200): boolean {
    if (!this.alive(i)) return false;
    const f = this.p.flags[i];
    if (f & (F_PENSION | F_BB | F_TN | F_BUSY | F_OWNER | F_PLANTED | F_OUTSIDER)) return false;
    const m = this.ageMonths(i);
    return m >= minAge * 12 && m < Math.min(this.retirementMonths(i) - 1, maxAgeYears * 12);
  }

  chooseParticipants() {
    const rng = this.rng('participants');
    const bbByCommune: Int32Array[] = [];
    const tn: number[] = [];
    let residentSlots = 0;
    for (const c of this.communes) {
      const list = this.residentsByCommune[c.idx];
      let workingAge = 0;
      for (const i of list) if (this.alive(i) && this.workingAge(i)) workingAge++;
      const walf = Math.round(0.76 * workingAge);
      const target = c.coverage * walf;
      const tnTarget = Math.round(target * c.voluntaryShare);
      const bbTarget = Math.round(target - tnTarget);
      // Efraimidis–Spirakis weighted sampling without replacement: key = u^(1/w), take the largest.
      const cand: { i: number; k: number }[] = [];
      for (const i of list) {
        if (!this.free(i, 18)) continue;
        const age = this.ageMonths(i) / 12;
        const w = age < 22 ? 0.6 : age < 30 ? 1.3 : age < 40 ? 1.4 : age < 50 ? 1.0 : age < 55 ? 0.6 : 0.35;
        cand.push({ i, k: rng.float() ** (1 / w) });
      }
      cand.sort((a, b) => b.k - a.k || a.i - b.i);
      const chosen = cand.slice(0, bbTarget).map((x) => x.i);
      for (const i of chosen) this.p.flags[i] |= F_BB;
      bbByCommune[c.idx] = Int32Array.from(chosen);
      residentSlots += chosen.length;
      const cand2: { i: number; k: number }[] = [];
      for (const i of list) {
        if (!this.free(i, 16)) continue;
        const age = this.ageMonths(i) / 12;
        let w = age < 25 ? 0.2 : age < 40 ? 0.8 : age < 55 ? 1.5 : 1.2;
        const pov = this.householdPoverty[this.p.household[i]];
        if (pov === 1) w *= 2.5;
        else if (pov === 2) w *= 2;
        cand2.push({ i, k: rng.float() ** (1 / w) });
      }
      cand2.sort((a, b) => b.k - a.k || a.i - b.i);
      for (const x of cand2.slice(0, tnTarget)) {
        this.p.flags[x.i] |= F_TN;
        tn.push(x.i);
      }
    }
    // Industrial parks: a third of all registered slots; 30 % of their workers come from other provinces.
    const total = residentSlots / 0.9;
    const outsiderCount = Math.round(total * 0.33 * 0.3);
    return { bbByCommune, tn, residentSlots, outsiderCount };
  }

  buildOutsiders(count: number): number[] {
    const rng = this.rng('outsiders');
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      const i = this.p.count++;
      const female = rng.chance(0.6);
      const eth = rng.chance(0.85) ? KINH : rng.pick([1, 2, 3, 4]);
      const birth = this.asOf - Math.round((19 + rng.float() * 26) * 365.25);
      this.p.birth[i] = birth;
      this.p.female[i] = female ? 1 : 0;
      this.p.commune[i] = 255;
      this.p.ethnic[i] = eth;
      this.p.household[i] = -1;
      this.p.sur[i] = pickSurname(rng, eth);
      this.p.mid[i] = pickMiddle(rng, female, eth, ymd(birth)[0]);
      this.p.giv[i] = pickGiven(rng, female, eth);
      this.p.flags[i] = F_OUTSIDER | F_BB;
      this.allocateId(i, OUTSIDER_PROVINCES.pick(rng));
      out.push(i);
    }
    return out;
  }

  keyHash(i: number, salt = 0): number {
    return hashString(`${nameKey(this.nameOf(i))}|${this.p.birth[i]}|${this.p.female[i]}`, salt);
  }

  /**
   * Indexes (folded name, birth date, sex) of residents; marks the residents whose key is unique (safe for records
   * linked by name) and renames people from other provinces who would collide with a resident.
   */
  indexNameKeys(outsiders: number[]) {
    const n = this.p.residents;
    const h = new Uint32Array(n);
    for (let i = 0; i < n; i++) h[i] = this.keyHash(i);
    const sorted = h.slice().sort();
    const countOf = (x: number) => {
      let lo = 0, hi = sorted.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
      let c = 0;
      while (lo + c < sorted.length && sorted[lo + c] === x) c++;
      return c;
    };
    for (let i = 0; i < n; i++) if (countOf(h[i]) === 1) this.p.flags[i] |= F_UNIQUE_KEY;
    this.keyHashes = sorted;
    const rng = this.rng('outsider-names');
    for (const i of outsiders) {
      let guard = 0;
      while (countOf(this.keyHash(i)) > 0 && guard++ < 50) this.p.giv[i] = pickGiven(rng, this.p.female[i] === 1, this.p.ethnic[i]);
    }
  }

  // ------------------------------------------------------------------------------------------- employers

  newUnitCode(oldBacKan: boolean): string {
    const n = ++this.unitSeq;
    const letters = 'ABCDEFGHKLMNPQRSTUVXY';
    return `${oldBacKan ? 'BK' : 'TA'}${String((n * 7919) % 100000).padStart(5, '0')}${letters[n % letters.length]}`;
  }

  communeWeights(kind: 'urban' | 'population'): Weighted<number> {
    return new Weighted(
      this.communes.map((c) => c.idx),
      this.communes.map((c) => c.population * (kind === 'urban' ? (c.isWard ? 4 : c.region === 'II' ? 2 : c.region === 'IV' ? 0.4 : 1) : 1)),
    );
  }

  addEmployer(e: Omit<Employer, 'idx'>): Employer {
    const full = { ...e, idx: this.employers.length } as Employer;
    this.employers.push(full);
    return full;
  }

  companyName(rng: Rng): string {
    return `${COMPANY_FORMS.pick(rng)} ${rng.pick(TRADES)} ${rng.pick(BRANDS)}`;
  }

  address(rng: Rng, c: Commune): string {
    return c.isWard ? `Số ${rng.range(1, 480)} ${rng.pick(STREETS)}, ${c.name}` : `${rng.chance(0.5) ? 'Xóm' : 'Thôn'} ${rng.pick(BRANDS)}, ${c.name}`;
  }

  unitFor(e: { commune: number }, type: UnitType, taxCode: string | null): Unit {
    return { code: this.newUnitCode(this.communes[e.commune].oldBacKan), type, status: 'active', joined: 0, taxCode };
  }

  buildEmployers(residentSlots: number, outsiderCount: number) {
    const rng = this.rng('employers');
    const s = this.scale;
    const total = residentSlots + outsiderCount;
    const ipSlots = Math.round(total * 0.33);
    const publicSlots = Math.round(total * 0.22);
    const otherSlots = total - ipSlots - publicSlots;
    const urban = this.communeWeights('urban');
    const codeOf = (c: number) => this.communes.find((x) => x.code === INDUSTRIAL_PARKS[c].commune)!.idx;
    const founded = () => dayOf(1995 + rng.int(30), 1 + rng.int(12), 1 + rng.int(28));
    const base = (): Omit<Employer, 'idx' | 'category' | 'taxCode' | 'taxType' | 'name' | 'commune' | 'address'> => ({
      inTaxRegistry: true, taxStatus: 'active', ip: -1, founded: founded(), industry: rng.pick(INDUSTRIES), taxMethod: null, owner: -1,
      declaredWorkers: null, unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
    });

    // Industrial-park employers: a few giants and many medium firms (count grows with √scale so that small
    // provinces still have several).
    const nIp = Math.max(4, Math.round(300 * Math.sqrt(s)));
    const ipWeights: number[] = [];
    for (let k = 0; k < nIp; k++) {
      const ipIdx = k < 4 ? [0, 0, 2, 4][k] : rng.int(INDUSTRIAL_PARKS.length);
      const c = codeOf(ipIdx);
      const taxCode = this.taxCodes.next(this.communes[c].oldBacKan ? '47' : '46');
      const e = this.addEmployer({
        ...base(), category: 'ip', taxCode, taxType: 'enterprise', commune: c, ip: ipIdx,
        name: `Công ty TNHH ${k < IP_BRANDS.length ? IP_BRANDS[k] : `${rng.pick(IP_BRANDS)} ${k}`}`,
        address: `${INDUSTRIAL_PARKS[ipIdx].name.replace('KCN', 'Khu công nghiệp')}, ${this.communes[c].name}`,
        industry: rng.pick(['Sản xuất linh kiện điện tử', 'May trang phục', 'Sản xuất sản phẩm từ kim loại', 'Sản xuất sản phẩm từ plastic']),
      });
      e.unit = this.unitFor(e, rng.chance(0.6) ? 'fdi_enterprise' : 'private_enterprise', taxCode);
      ipWeights.push(k < 4 ? [60, 22, 15, 10][k] * (nIp / 20) : rng.logNormal(1, 1.0));
    }
    this.distribute(this.employers.filter((e) => e.category === 'ip'), ipWeights, ipSlots);

    // Public bodies: commune People's Committees, schools, health stations; provincial bodies in the city.
    const publicBodies: Employer[] = [];
    const publicWeights: number[] = [];
    const keep = Math.min(1, s * 1.2);
    for (const c of this.communes) {
      const bodies: [string, number][] = [[`Ủy ban nhân dân ${c.name.toLowerCase().startsWith('phường') ? c.name.replace('Phường', 'phường') : c.name.replace('Xã', 'xã')}`, 40],
        [`Trạm Y tế ${c.name.replace('Phường', 'phường').replace('Xã', 'xã')}`, 12]];
      const schools = Math.max(2, Math.round(c.popPortal / 6000));
      const kinds = ['Trường Mầm non', 'Trường Tiểu học', 'Trường THCS', 'Trường Tiểu học và THCS', 'Trường THPT'];
      for (let k = 0; k < schools; k++) bodies.push([`${kinds[k % kinds.length]} ${c.name.replace(/^(Xã|Phường) /, '')}${k >= kinds.length ? ` ${Math.floor(k / kinds.length) + 1}` : ''}`, 38]);
      if (c.isWard && !c.oldBacKan && c.region === 'II') {
        for (const n of ['Sở Y tế', 'Bệnh viện Đa khoa', 'Trường Cao đẳng', 'Trung tâm Kiểm soát bệnh tật', 'Ban Quản lý dự án']) bodies.push([`${n} ${rng.pick(BRANDS)}`, 120]);
      }
      for (const [name, size] of bodies) {
        if (!rng.chance(keep) && publicBodies.length > 2) continue;
        const blankTax = rng.chance(0.05);
        const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
        const e = this.addEmployer({ ...base(), category: 'public', taxCode, taxType: 'other', name, commune: c.idx, address: this.address(rng, c), inTaxRegistry: !blankTax, industry: 'Hoạt động quản lý nhà nước, giáo dục, y tế' });
        e.unit = this.unitFor(e, 'public_body', blankTax ? null : taxCode);
        publicBodies.push(e);
        publicWeights.push(size * (0.7 + 0.6 * rng.float()));
      }
    }
    this.distribute(publicBodies, publicWeights, publicSlots);

    // Enterprises (registered or not), branches and other organisations.
    const registered: Employer[] = [];
    const regWeights: number[] = [];
    const nEnt = Math.max(30, Math.round(10_500 * s));
    for (let k = 0; k < nEnt; k++) {
      const c = this.communes[urban.pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      const x = rng.float();
      const taxStatus = x < 0.8 ? 'active' : x < 0.88 ? 'suspended' : x < 0.95 ? 'closed' : 'absent';
      const e = this.addEmployer({ ...base(), category: 'enterprise', taxCode, taxType: 'enterprise', name: this.companyName(rng), commune: c.idx, address: this.address(rng, c), taxStatus });
      if (taxStatus === 'active' && rng.chance(0.55)) {
        e.unit = this.unitFor(e, rng.chance(0.04) ? 'state_enterprise' : 'private_enterprise', taxCode);
        registered.push(e);
        regWeights.push(rng.logNormal(6, 1.1));
      } else if (taxStatus === 'active') {
        // Unregistered, no employees declared or paid: not a finding.
        e.declaredWorkers = rng.chance(0.5) ? 0 : null;
      } else {
        e.declaredWorkers = rng.chance(0.6) ? rng.range(1, 12) : null; // inactive: never a finding
      }
    }
    const nBranch = Math.max(4, Math.round(1_300 * s));
    const parents = this.employers.filter((e) => e.category === 'enterprise' && e.unit);
    for (let k = 0; k < nBranch; k++) {
      const c = this.communes[urban.pick(rng)];
      const outOfProvince = rng.chance(0.35) || parents.length === 0;
      const parent = outOfProvince ? null : rng.pick(parents);
      const parentCode = parent ? parent.taxCode : this.taxCodes.next(rng.pick(['01', '01', '23', '03', '02']));
      const suffix = String(1 + rng.int(3)).padStart(3, '0');
      const taxCode = `${parentCode}-${suffix}`;
      if (this.employers.some((e) => e.taxCode === taxCode)) continue;
      const parentName = parent ? parent.name : this.companyName(rng);
      const e = this.addEmployer({
        ...base(), category: 'branch', taxCode, taxType: 'branch', name: `Chi nhánh ${parentName} tại ${c.name.replace(/^(Xã|Phường) /, '')}`,
        commune: c.idx, address: this.address(rng, c), parent: parent ? parent.idx : -1,
      });
      if (rng.chance(0.75)) {
        e.unit = this.unitFor(e, 'private_enterprise', taxCode);
        registered.push(e);
        regWeights.push(rng.logNormal(5, 1.0));
      } else {
        e.declaredWorkers = 0;
      }
    }
    const nOther = Math.max(6, Math.round(800 * s));
    for (let k = 0; k < nOther; k++) {
      const c = this.communes[this.communeWeights('population').pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      const name = rng.chance(0.6) ? `Hợp tác xã ${rng.pick(['Chè', 'Nông nghiệp', 'Dịch vụ', 'Vận tải', 'Mây tre đan'])} ${rng.pick(BRANDS)}` : `Hội ${rng.pick(['Doanh nghiệp nhỏ và vừa', 'Làm vườn', 'Chữ thập đỏ', 'Người cao tuổi', 'Nông dân'])} ${c.name.replace(/^(Xã|Phường) /, '')}`;
      const e = this.addEmployer({ ...base(), category: 'other', taxCode, taxType: 'other', name, commune: c.idx, address: this.address(rng, c), taxStatus: rng.chance(0.9) ? 'active' : 'suspended' });
      if (e.taxStatus === 'active' && rng.chance(0.5)) {
        e.unit = this.unitFor(e, 'other', taxCode);
        registered.push(e);
        regWeights.push(rng.logNormal(4, 0.8));
      } else if (e.taxStatus === 'active') e.declaredWorkers = 0;
    }
    this.distribute(registered, regWeights, otherSlots);
  }

  /** Integer slots proportional to weights (largest remainder), at least one each while slots last. */
  distribute(list: Employer[], weights: number[], total: number) {
    if (!list.length) return;
    const W = weights.reduce((a, b) => a + b, 0);
    const raw = weights.map((w) => (total * w) / W);
    const slots = raw.map(Math.floor);
    let rest = total - slots.reduce((a, b) => a + b, 0);
    const order = raw.map((r, k) => [r - Math.floor(r), k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) slots[order[k][1]]++;
    // Give empty employers one slot taken from the largest.
    for (let k = 0; k < slots.length; k++) {
      if (slots[k] > 0) continue;
      let big = 0;
      for (let j = 1; j < slots.length; j++) if (slots[j] > slots[big]) big = j;
      if (slots[big] <= 1) break;
      slots[big]--;
      slots[k]++;
    }
    list.forEach((e, k) => { e.slots = slots[k]; });
  }

  // ------------------------------------------------------------------------------------------------ jobs

  regionOf(employer: number): WageRegion {
    return this.communes[this.employers[employer].commune].region;
  }

  minWage(employer: number, month = this.P): number {
    return this.rules.regionalMinWage(this.regionOf(employer), isoDay(firstDay(month)));
  }

  /** A normal contribution base: above the regional minimum, and income never above twice the base. */
  normalBase(rng: Rng, employer: number): number {
    const e = this.employers[employer];
    const min = this.minWage(employer);
    let base: number;
    if (e.category === 'public') base = rng.pick([2.34, 2.67, 3.0, 3.33, 3.66, 3.99, 4.32, 4.65, 4.98, 5.36]) * this.rules.referenceLevel(this.pIso);
    else if (rng.chance(0.4)) base = Math.ceil((min * 1.07) / 1000) * 1000;
    else base = Math.round((min * (1.1 + Math.abs(rng.normal()) * 0.5)) / 10000) * 10000;
    return Math.min(this.rules.contributionCap(this.pIso), Math.round(base));
  }

  newJob(rng: Rng, person: number, employer: number, from: number, to: number, registered = true): Job {
    const e = this.employers[employer];
    const job: Job = {
      id: this.jobs.length, person, employer, payer: employer, from, to, payTo: to,
      base: this.normalBase(rng, employer),
      incomeFactor: e.category === 'public' ? 1.1 + rng.float() * 0.4 : 1.05 + rng.float() * 0.7,
      incomeP: null, contract: rng.chance(0.9) ? '3m_plus' : '', registered,
      ui: e.category === 'public' ? rng.chance(0.5) : e.category === 'household' ? false : rng.chance(0.97),
      recordCommune: null, written: null,
    };
    this.jobs.push(job);
    return job;
  }

  maxTenure(person: number): number {
    return Math.max(0, completedMonths(this.p.birth[person], lastDay(this.P)) - 18 * 12);
  }

  assignCurrentJobs(bbByCommune: Int32Array[], outsiders: number[]) {
    const rng = this.rng('assign');
    const pools = bbByCommune.map((l) => this.rng(`pool-${l.length}`).shuffle(Int32Array.from(l)));
    const ptr = new Int32Array(pools.length);
    const withSlots = this.employers.filter((e) => e.slots > 0);
    rng.shuffle(withSlots);
    const ipTotal = withSlots.filter((e) => e.category === 'ip').reduce((a, e) => a + e.slots, 0);
    let outsiderPtr = 0;
    const need = new Map<number, number>();
    const assigned: [number, number][] = [];
    for (const e of withSlots) {
      let residentsNeeded = e.slots;
      if (e.category === 'ip') {
        const o = Math.min(outsiders.length - outsiderPtr, Math.round((e.slots / ipTotal) * outsiders.length));
        for (let k = 0; k < o; k++) assigned.push([outsiders[outsiderPtr++], e.idx]);
        residentsNeeded -= o;
      }
      const localShare = e.category === 'ip' ? 0.25 : 0.6;
      const local = Math.round(residentsNeeded * localShare);
      const pool = pools[e.commune];
      let took = 0;
      while (took < local && ptr[e.commune] < pool.length) {
        assigned.push([pool[ptr[e.commune]++], e.idx]);
        took++;
      }
      need.set(e.idx, residentsNeeded - took);
    }
    // Outsiders left over (rounding) go to the largest park employer.
    const biggestIp = withSlots.filter((e) => e.category === 'ip').sort((a, b) => b.slots - a.slots)[0];
    while (outsiderPtr < outsiders.length && biggestIp) {
      assigned.push([outsiders[outsiderPtr++], biggestIp.idx]);
      need.set(biggestIp.idx, Math.max(0, (need.get(biggestIp.idx) ?? 0) - 1));
    }
    const global: number[] = [];
    pools.forEach((pool, c) => { for (let k = ptr[c]; k < pool.length; k++) global.push(pool[k]); });
    rng.shuffle(global);
    let g = 0;
    for (const e of withSlots) {
      let n = need.get(e.idx) ?? 0;
      while (n-- > 0 && g < global.length) assigned.push([global[g++], e.idx]);
    }
    // Anyone left (rounding) joins a random registered employer.
    while (g < global.length) assigned.push([global[g++], rng.pick(withSlots).idx]);
    const tr = this.rng('tenure');
    for (const [person, employer] of assigned) {
      const e = this.employers[employer];
      const mean = e.category === 'public' ? 90 : e.category === 'ip' ? 30 : 45;
      const tenure = Math.min(tr.exponentialInt(mean), this.maxTenure(person), 360);
      this.newJob(tr, person, employer, this.P - tenure, OPEN);
    }
    // Second concurrent registered jobs (a person counts once).
    const second = plantCount(this.scale, 1500, 1);
    const current = this.jobs.slice();
    for (let k = 0; k < second; k++) {
      const j = tr.pick(current);
      if (this.p.flags[j.person] & F_OUTSIDER) continue;
      const other = tr.pick(withSlots);
      if (other.idx === j.employer || other.category === 'ip') continue;
      this.newJob(tr, j.person, other.idx, this.P - tr.int(24), OPEN);
      this.count('second_registered_job');
    }
  }

  buildVoluntary(tn: number[]) {
    const rng = this.rng('voluntary');
    for (const i of tn) this.newVoluntary(rng, i, this.P - Math.min(rng.exponentialInt(30), this.ageMonths(i) - 15 * 12), OPEN);
  }

  supportGroup(i: number): SupportGroup {
    const pov = this.p.household[i] >= 0 ? this.householdPoverty[this.p.household[i]] : 0;
    if (pov === 1) return 'poor';
    if (pov === 2) return 'near_poor';
    if (this.p.ethnic[i] !== KINH) return 'ethnic_minority';
    return 'other';
  }

  newVoluntary(rng: Rng, person: number, from: number, to: number): Voluntary {
    const floor = this.rules.ruralPovertyLine(this.pIso);
    const income = rng.chance(0.7) ? floor : Math.round(rng.logNormal(3_000_000, 0.4) / 50_000) * 50_000;
    const x = rng.float();
    const v: Voluntary = {
      id: this.voluntary.length, person, from, to, income: Math.max(floor, Math.min(income, this.rules.contributionCap(this.pIso))),
      mode: x < 0.5 ? '1' : x < 0.65 ? '3' : x < 0.8 ? '6' : x < 0.95 ? '12' : 'lump_sum',
      support: this.supportGroup(person), recordCommune: null, written: null,
    };
    this.voluntary.push(v);
    return v;
  }

  randomRegistered(rng: Rng, exclude = -1, allowIp = true): Employer {
    for (;;) {
      const e = rng.pick(this.registeredActive);
      if (e.idx !== exclude && (allowIp || e.category !== 'ip')) return e;
    }
  }

  registeredActive: Employer[] = [];

  newBenefit(rng: Rng, person: number, start: number, months: number, wageBase: number, employer: number): Benefit {
    const end = addMonthsToDay(start, months) - 1;
    const min = this.minWage(employer, monthOfDay(start));
    const benefit = this.rules.unemploymentBenefit(wageBase, min, isoDay(start));
    const amount = Math.round(Math.min(benefit.share, benefit.cap) / 1000) * 1000;
    const n = ++this.decisionSeq;
    const [y] = ymd(start);
    const b: Benefit = {
      person, decisionNo: `${(n * 37) % 9000 + 100 + Math.floor(n / 9000) * 10000}/QĐ-SNV`, decisionDate: start - rng.range(3, 15),
      start, end, months, amount,
    };
    void y;
    this.benefits.push(b);
    return b;
  }

  benefitMonths(tenure: number): number {
    return this.rules.benefitMonths(tenure, this.asOfIso);
  }

  /** Closed employers (terminated units), job changers, former workers, lapsed voluntary participants, benefits. */
  buildHistories() {
    const rng = this.rng('histories');
    this.registeredActive = this.employers.filter((e) => e.unit && e.slots > 0);
    const urban = this.communeWeights('urban');
    // Closed employers whose unit was terminated after their last worker left.
    const closed: Employer[] = [];
    const nClosed = plantCount(this.scale, 500, 3);
    for (let k = 0; k < nClosed; k++) {
      const c = this.communes[urban.pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      const e = this.addEmployer({
        category: 'enterprise', taxCode, inTaxRegistry: true, taxType: 'enterprise', taxStatus: rng.chance(0.8) ? 'closed' : 'suspended',
        name: this.companyName(rng), commune: c.idx, address: this.address(rng, c), ip: -1, founded: dayOf(2000 + rng.int(20), 1 + rng.int(12), 1 + rng.int(28)),
        industry: rng.pick(INDUSTRIES), taxMethod: null, owner: -1, declaredWorkers: rng.chance(0.5) ? rng.range(1, 10) : null,
        unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
      });
      e.unit = this.unitFor(e, 'private_enterprise', taxCode);
      e.unit.status = rng.chance(0.85) ? 'terminated' : 'paused';
      closed.push(e);
    }
    const W0 = this.P - 23;
    const bbJobs = this.jobs.filter((j) => j.to === OPEN && !(this.p.flags[j.person] & F_OUTSIDER));
    // Job changers: previous registered job, sometimes an unemployment benefit in between, new job after it.
    for (const j of bbJobs) {
      if (!rng.chance(0.12)) continue;
      const tenure2 = rng.range(12, 96);
      if (this.maxTenure(j.person) < tenure2 + 24) continue;
      const prevEmployer = rng.chance(0.2) ? rng.pick(closed) : this.randomRegistered(rng, j.employer);
      if (rng.chance(0.35)) {
        const months = this.benefitMonths(tenure2);
        const fm = W0 + rng.int(Math.max(1, this.P - months - 3 - W0));
        const start = firstDay(fm) + rng.int(27);
        const prevTo = fm - 1 - rng.int(2);
        const prev = this.newJob(rng, j.person, prevEmployer.idx, prevTo - tenure2, prevTo);
        const b = this.newBenefit(rng, j.person, start, months, prev.base, prevEmployer.idx);
        const lm = monthOfDay(b.end);
        j.from = Math.min(this.P, lm + 1 + rng.int(3));
      } else {
        j.from = W0 + 1 + rng.int(this.P - W0);
        const prevTo = j.from - 1 - rng.int(4);
        this.newJob(rng, j.person, prevEmployer.idx, prevTo - tenure2, prevTo);
      }
    }
    // Former workers: a job that ended within the 24 months; many receive unemployment benefit after it.
    const formerCount = Math.round(bbJobs.length * 0.07);
    const pool = this.freePool(rng, 20, 58);
    for (let k = 0; k < formerCount && k < pool.length; k++) {
      const i = pool[k];
      const to = W0 + rng.int(this.P - W0);
      const tenure = rng.range(4, 120);
      const employer = rng.chance(0.25) ? rng.pick(closed) : this.randomRegistered(rng);
      const job = this.newJob(rng, i, employer.idx, to - Math.min(tenure, this.maxTenure(i)), to);
      this.p.flags[i] |= F_BUSY;
      if (to - job.from >= 12 && rng.chance(0.45)) {
        const start = firstDay(to + 1 + rng.int(2)) + rng.int(27);
        if (start < this.asOf - 5) this.newBenefit(rng, i, start, this.benefitMonths(to - job.from), job.base, employer.idx);
      }
    }
    // Terminate closed employers' units after their last job.
    const lastJobEnd = new Map<number, number>();
    for (const j of this.jobs) lastJobEnd.set(j.employer, Math.max(lastJobEnd.get(j.employer) ?? W0 - 6, j.to));
    for (const e of closed) {
      const last = lastJobEnd.get(e.idx) ?? W0 - 6;
      e.unit!.joined = firstDay(last - rng.range(24, 120));
    }
    this.closedEmployers = closed;
    // Lapsed voluntary participants (stopped paying within the 24 months).
    const lapsed = Math.round(this.voluntary.length * 0.15);
    const pool2 = this.freePool(rng, 25, 58);
    for (let k = 0; k < lapsed && k < pool2.length; k++) {
      const i = pool2[k];
      const to = W0 + rng.int(this.P - W0);
      this.newVoluntary(rng, i, to - rng.range(3, 60), to);
      this.p.flags[i] |= F_BUSY;
    }
  }

  closedEmployers: Employer[] = [];

  /** Shuffled residents free of any role, within an age range. */
  freePool(rng: Rng, minAge: number, maxAge: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.p.residents; i++) if (this.free(i, minAge, maxAge)) out.push(i);
    return rng.shuffle(out);
  }

  buildHouseholdBusinesses() {
    const rng = this.rng('household-business');
    const n = Math.max(40, Math.round(40_000 * this.scale));
    const candidates = this.freePool(rng, 22, 68);
    const bb = this.jobs.filter((j) => j.to === OPEN && j.registered && !(this.p.flags[j.person] & F_OUTSIDER)).map((j) => j.person);
    const tnNow = this.voluntary.filter((v) => v.to === OPEN).map((v) => v.person);
    let cp = 0;
    const usedOwners = new Set<number>();
    for (let k = 0; k < n; k++) {
      const declaration = rng.chance(0.15);
      let owner: number;
      const x = rng.float();
      if (declaration && x < 0.12 && bb.length) owner = rng.pick(bb);
      else if (declaration && x < 0.2 && tnNow.length) owner = rng.pick(tnNow);
      else {
        if (cp >= candidates.length) break;
        owner = candidates[cp++];
      }
      if (usedOwners.has(owner)) continue;
      usedOwners.add(owner);
      this.p.flags[owner] |= F_OWNER;
      const c = this.communes[this.p.commune[owner]];
      const y = rng.float();
      const taxStatus = y < 0.88 ? 'active' : y < 0.95 ? 'suspended' : 'closed';
      const taxCode = rng.chance(0.8) ? this.idOf(owner) : this.taxCodes.next(rng.pick(['80', '81']));
      const trade = rng.pick(HOUSEHOLD_TRADES);
      const e = this.addEmployer({
        category: 'household', taxCode, inTaxRegistry: true, taxType: 'household', taxStatus,
        name: rng.chance(0.6) ? `Hộ kinh doanh ${this.nameOf(owner)}` : `${trade} ${NAME_PARTS[this.p.giv[owner]]}`,
        commune: c.idx, address: this.address(rng, c), ip: -1, founded: dayOf(2005 + rng.int(20), 1 + rng.int(12), 1 + rng.int(28)),
        industry: trade, taxMethod: declaration ? 'declaration' : 'lump_sum', owner, declaredWorkers: rng.chance(0.6) ? 0 : rng.range(1, 3),
        unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
      });
      // Since 1/7/2025 owners taxed by declaration must participate: some have registered their own unit.
      if (declaration && taxStatus === 'active' && !(this.p.flags[owner] & (F_BB | F_TN)) && rng.chance(0.22)) {
        e.unit = this.unitFor(e, 'household', taxCode);
        const from = Math.max(this.P - 15, this.P - rng.int(16));
        const job = this.newJob(rng, owner, e.idx, from, OPEN);
        job.base = Math.ceil(this.minWage(e.idx) / 100_000) * 100_000 + rng.int(10) * 100_000;
        job.payer = -1; // the owner pays no wage to himself
        this.count('household_owner_registered');
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- plants

  /** Unregistered employers that pay wages (DN_CHUA_DANG_KY) and their workers (NLD_CHUA_THAM_GIA). */
  plantEmployerCases() {
    const rng = this.rng('plant-employers');
    const informal = this.freePool(rng, 18, 52);
    let ip = 0;
    const nextInformal = () => {
      const i = informal[ip++ % informal.length];
      this.p.flags[i] |= F_BUSY;
      return i;
    };
    const unregistered = (contracts: ContractType[], employer: Employer) => {
      const n = rng.range(1, 6);
      for (let k = 0; k < n; k++) {
        const j = this.newJob(rng, nextInformal(), employer.idx, this.P - rng.int(30), OPEN, false);
        j.contract = rng.pick(contracts);
        j.base = Math.round((this.minWage(employer.idx) * (1.05 + rng.float() * 0.6)) / 10000) * 10000;
      }
      employer.declaredWorkers = rng.chance(0.7) ? n + rng.int(3) : rng.chance(0.5) ? 0 : null;
    };
    const urban = this.communeWeights('urban');
    // A1: active enterprises paying wages without a unit.
    const a1 = plantCount(this.scale, 1_500);
    for (let k = 0; k < a1; k++) {
      const c = this.communes[urban.pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      const e = this.addEmployer({
        category: 'enterprise', taxCode, inTaxRegistry: true, taxType: 'enterprise', taxStatus: 'active', name: this.companyName(rng), commune: c.idx,
        address: this.address(rng, c), ip: -1, founded: dayOf(2010 + rng.int(16), 1 + rng.int(12), 1 + rng.int(28)), industry: rng.pick(INDUSTRIES),
        taxMethod: null, owner: -1, declaredWorkers: null, unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
      });
      if (rng.chance(0.15)) e.declaredWorkers = rng.range(1, 9); // declared to tax only, nobody on the PIT file
      else unregistered(['3m_plus', '3m_plus', '3m_plus', '', 'under_3m', 'none'], e);
      this.count('unregistered_enterprise_paying_wages');
    }
    // Noise: suspended or absent enterprises with workers are not findings; nor household businesses with employees.
    const inactive = plantCount(this.scale, 300, 1);
    for (let k = 0; k < inactive; k++) {
      const c = this.communes[urban.pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      this.addEmployer({
        category: 'enterprise', taxCode, inTaxRegistry: true, taxType: 'enterprise', taxStatus: rng.pick(['suspended', 'absent'] as const), name: this.companyName(rng),
        commune: c.idx, address: this.address(rng, c), ip: -1, founded: dayOf(2010 + rng.int(15), 1 + rng.int(12), 1 + rng.int(28)),
        industry: rng.pick(INDUSTRIES), taxMethod: null, owner: -1, declaredWorkers: rng.range(2, 15), unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
      });
      this.count('noise_inactive_enterprise_with_workers');
    }
    // A2: registered parents whose branch has no unit of its own; branch staff are registered under the parent.
    const a2 = plantCount(this.scale, 400);
    const parents = this.registeredActive.filter((e) => e.category === 'enterprise' && e.slots >= 2);
    const currentByEmployer = new Map<number, Job[]>();
    for (const j of this.jobs) {
      if (j.to !== OPEN) continue;
      const l = currentByEmployer.get(j.employer) ?? [];
      l.push(j);
      currentByEmployer.set(j.employer, l);
    }
    const usedTax = new Set(this.employers.map((e) => e.taxCode));
    for (let k = 0; k < a2 && parents.length; k++) {
      const parent = rng.pick(parents);
      const suffix = String(4 + rng.int(5)).padStart(3, '0');
      const taxCode = `${parent.taxCode}-${suffix}`;
      if (usedTax.has(taxCode)) continue;
      usedTax.add(taxCode);
      const c = this.communes[urban.pick(rng)];
      const branch = this.addEmployer({
        category: 'branch', taxCode, inTaxRegistry: true, taxType: 'branch', taxStatus: 'active', name: `Chi nhánh ${parent.name} tại ${c.name.replace(/^(Xã|Phường) /, '')}`,
        commune: c.idx, address: this.address(rng, c), ip: -1, founded: dayOf(2015 + rng.int(10), 1 + rng.int(12), 1 + rng.int(28)), industry: parent.industry,
        taxMethod: null, owner: -1, declaredWorkers: null, unit: null, parent: parent.idx, slots: 0, pay: 'good', kcnGap: -1,
      });
      const staff = (currentByEmployer.get(parent.idx) ?? []).filter((j) => j.to === OPEN && j.registered && j.payer === parent.idx);
      const n = Math.min(staff.length - 1, rng.range(1, 3));
      for (let q = 0; q < n; q++) staff[q].payer = branch.idx;
      branch.declaredWorkers = n > 0 && rng.chance(0.5) ? n : rng.range(1, 4);
      this.count('branch_without_own_unit');
    }
    // A3: active enterprises whose only unit was terminated, still declaring workers to tax (no PIT rows in P).
    const a3 = plantCount(this.scale, 150, 1);
    for (let k = 0; k < a3; k++) {
      const e = rng.pick(this.closedEmployers);
      if (e.unit!.status !== 'terminated' || e.taxStatus === 'active') continue;
      e.taxStatus = 'active';
      e.declaredWorkers = rng.range(1, 20);
      this.count('terminated_unit_still_operating');
    }
    // A4: other organisations (cooperatives, associations) paying wages without a unit.
    const a4 = plantCount(this.scale, 200, 1);
    for (let k = 0; k < a4; k++) {
      const c = this.communes[this.communeWeights('population').pick(rng)];
      const taxCode = this.taxCodes.next(c.oldBacKan ? '47' : '46');
      const e = this.addEmployer({
        category: 'other', taxCode, inTaxRegistry: true, taxType: 'other', taxStatus: 'active', name: `Hợp tác xã ${rng.pick(['Chè', 'Nông nghiệp', 'Dịch vụ', 'Vận tải'])} ${rng.pick(BRANDS)}`,
        commune: c.idx, address: this.address(rng, c), ip: -1, founded: dayOf(2012 + rng.int(14), 1 + rng.int(12), 1 + rng.int(28)), industry: 'Hoạt động dịch vụ nông nghiệp',
        taxMethod: null, owner: -1, declaredWorkers: null, unit: null, parent: -1, slots: 0, pay: 'good', kcnGap: -1,
      });
      unregistered(['3m_plus', '', 'under_3m'], e);
      this.count('unregistered_organisation_paying_wages');
    }
    // Industrial-park employers that report more workers than they register (KCN_LECH_LAO_DONG), with the
    // unregistered workers on the PIT file: some long contracts (NLD_CHUA_THAM_GIA), some short.
    const ips = this.employers.filter((e) => e.category === 'ip');
    const outsiders: number[] = [];
    for (let i = this.p.residents; i < this.p.count; i++) outsiders.push(i);
    let flagged = 0;
    for (const e of ips) {
      if (!(rng.chance(0.35) || (flagged === 0 && e === ips[ips.length - 1]))) continue;
      const active = e.slots;
      const gap = Math.max(WORLD_SETTINGS.kcnGap.minWorkers, Math.ceil(active * WORLD_SETTINGS.kcnGap.minShare)) + rng.int(Math.max(1, Math.round(active * 0.08)));
      e.kcnGap = gap;
      const unreg = Math.min(gap, 40 + rng.int(20));
      for (let k = 0; k < unreg; k++) {
        const j = this.newJob(rng, nextInformal(), e.idx, this.P - rng.int(8), OPEN, false);
        j.contract = rng.chance(0.6) ? 'under_3m' : '3m_plus';
      }
      flagged++;
      this.count('kcn_reports_above_registered');
    }
    // Under-declared workers at registered employers (NLD_CHUA_THAM_GIA + DN_KHAI_THIEU_LAO_DONG).
    const c2 = plantCount(this.scale, 1_500);
    for (let k = 0; k < c2; k++) {
      const e = this.randomRegistered(rng, -1, false);
      if (e.category === 'public' || !e.unit?.taxCode) { k--; continue; }
      const n = rng.range(1, 3);
      for (let q = 0; q < n; q++) {
        const j = this.newJob(rng, nextInformal(), e.idx, this.P - rng.int(24), OPEN, false);
        j.contract = rng.chance(0.8) ? '3m_plus' : '';
      }
      this.count('employer_under_declaring');
    }
    // Noise: short or no contracts, unregistered — not findings.
    const shortNoise = plantCount(this.scale, 600, 1);
    for (let k = 0; k < shortNoise; k++) {
      const e = this.randomRegistered(rng, -1, false);
      if (!e.unit?.taxCode) continue;
      const j = this.newJob(rng, nextInformal(), e.idx, this.P - rng.int(3), OPEN, false);
      j.contract = rng.chance(0.7) ? 'under_3m' : 'none';
      this.count('noise_short_contract_unregistered');
    }
  }

  /** Registered workers dropped while still paid, voluntary participants on a payroll, second unregistered jobs, low wages. */
  plantWorkerCases() {
    const rng = this.rng('plant-workers');
    const current = this.jobs.filter((j) => j.to === OPEN && j.registered && j.payer === j.employer && j.payer >= 0 && !(this.p.flags[j.person] & F_OUTSIDER)
      && this.employers[j.employer].category !== 'public' && this.employers[j.employer].category !== 'household');
    const jobsOf = new Map<number, number>();
    for (const j of this.jobs) jobsOf.set(j.person, (jobsOf.get(j.person) ?? 0) + 1);
    const single = rng.shuffle(current.filter((j) => jobsOf.get(j.person) === 1));
    let sp = 0;
    const take = () => {
      const j = single[sp++];
      this.p.flags[j.person] |= F_PLANTED;
      return j;
    };
    const c3 = plantCount(this.scale, 300, 1);
    for (let k = 0; k < c3 && sp < single.length; k++) {
      const j = take();
      j.to = this.P - rng.range(1, 6);
      if (j.to < j.from) j.from = j.to - rng.range(0, 12);
      this.count('registration_ended_still_paid');
    }
    // Voluntary participants on a payroll with a long contract.
    const tnNow = rng.shuffle(this.voluntary.filter((v) => v.to === OPEN && !(this.p.flags[v.person] & (F_PLANTED | F_OWNER))));
    const c4 = plantCount(this.scale, 150, 1);
    for (let k = 0; k < c4 && k < tnNow.length; k++) {
      const e = this.randomRegistered(rng, -1, false);
      if (!e.unit?.taxCode || e.category === 'public') { continue; }
      const j = this.newJob(rng, tnNow[k].person, e.idx, this.P - rng.int(12), OPEN, false);
      j.contract = '3m_plus';
      this.p.flags[tnNow[k].person] |= F_PLANTED;
      this.count('voluntary_participant_on_payroll');
    }
    // Noise: a registered worker's second, unregistered job with a long contract is not a finding.
    const second = plantCount(this.scale, 300, 1);
    for (let k = 0; k < second && sp < single.length; k++) {
      const j = take();
      const e = this.randomRegistered(rng, j.employer, false);
      if (!e.unit?.taxCode || e.category === 'public') continue;
      const s = this.newJob(rng, j.person, e.idx, this.P - rng.int(12), OPEN, false);
      s.contract = '3m_plus';
      this.count('noise_second_unregistered_job');
    }
    // Noise: registration starting in P (active) while paid in P.
    // Low declared wages (DN_KHAI_THAP_LUONG) and the equal-to-threshold noise.
    const low = plantCount(this.scale, 2_500);
    for (let k = 0; k < low && sp < single.length; k++) {
      const j = take();
      const min = this.minWage(j.employer);
      if (rng.chance(0.5)) {
        j.base = Math.max(this.rules.referenceLevel(this.pIso), min - rng.range(1, 60) * 10_000);
        this.count('wage_below_regional_minimum');
      } else {
        j.base = min + rng.int(20) * 10_000;
        j.incomeP = 2 * j.base + rng.range(1, 300) * 10_000;
        this.count('wage_below_half_income');
      }
    }
    const edges = plantCount(this.scale, 200, 1);
    for (let k = 0; k < edges && sp < single.length; k++) {
      const j = take();
      j.base = this.minWage(j.employer);
      this.count('noise_wage_equal_regional_minimum');
      if (sp < single.length) {
        const j2 = take();
        j2.incomeP = 2 * j2.base;
        this.count('noise_wage_exactly_half_income');
      }
    }
    this.singleJobs = single.slice(sp);
  }

  singleJobs: Job[] = [];

  /** Participation records written with a wrong, blank or contradictory personal ID, name, birth date or sex. */
  plantIdentityCases() {
    const rng = this.rng('plant-identity');
    const candidates = (this.singleJobs as (Job | Voluntary)[])
      .concat(this.voluntary.filter((v) => v.to === OPEN))
      .filter((r) => {
        const f = this.p.flags[r.person];
        return !(f & (F_OUTSIDER | F_TWIN | F_ID_MISMATCH | F_PLANTED | F_OWNER)) && f & F_UNIQUE_KEY && this.alive(r.person);
      });
    rng.shuffle(candidates);
    let cp = 0;
    const n = plantCount(this.scale, 3_000, 9);
    const kinds = new Weighted(
      ['blank', 'length', 'not_digits', 'province', 'birth_year_digits', 'name', 'birth_date', 'sex', 'other_id'],
      [15, 10, 8, 10, 12, 15, 10, 5, 15],
    );
    for (let k = 0; k < n && cp < candidates.length; k++) {
      const kind = k < 9 ? kinds.items[k] : kinds.pick(rng);
      const r = candidates[cp++];
      const i = r.person;
      this.p.flags[i] |= F_PLANTED;
      const id = this.idOf(i);
      const [y, m, d] = ymd(this.p.birth[i]);
      const female = this.p.female[i] === 1;
      switch (kind) {
        case 'blank': r.written = { id: null, plant: kind }; break;
        case 'length': r.written = { id: rng.chance(0.5) ? id.slice(0, 10) : id + String(rng.int(10)), plant: kind }; break;
        case 'not_digits': {
          const pos = 4 + rng.int(8);
          r.written = { id: id.slice(0, pos) + rng.pick(['O', 'l', 'A', '.']) + id.slice(pos + 1), plant: kind };
          break;
        }
        case 'province': r.written = { id: rng.pick(UNKNOWN_ID_PROVINCES) + id.slice(3), plant: kind }; break;
        case 'birth_year_digits': {
          const yy = (y + rng.pick([1, 2, -1, 9])) % 100;
          r.written = { id: this.ids.next(id.slice(0, 3), idCenturyDigit(y, female), (yy + 100) % 100), plant: kind };
          break;
        }
        case 'name': {
          const g = pickOtherGiven(rng, female, this.p.giv[i]);
          r.written = { name: fullName(this.p.sur[i], this.p.mid[i], g), plant: kind };
          break;
        }
        case 'birth_date': {
          const nd = d <= 27 ? d + 1 : d - 1;
          r.written = { birth: dayOf(y, m, rng.chance(0.5) ? nd : d) + (rng.chance(0.5) ? 0 : 0), plant: kind };
          if (r.written.birth === this.p.birth[i]) r.written.birth = dayOf(y, m, nd);
          break;
        }
        case 'sex': r.written = { female: !female, plant: kind }; break;
        case 'other_id': r.written = { id: this.ids.next(id.slice(0, 3), idCenturyDigit(y, female), y % 100), plant: kind }; break;
      }
      r.recordCommune = this.p.commune[i];
      this.count(`record_id_${kind}`);
    }
    // Noise: the same defects on records that ended before P are not findings.
    const jobCount = new Map<number, number>();
    for (const j of this.jobs) jobCount.set(j.person, (jobCount.get(j.person) ?? 0) + 1);
    const ended = rng.shuffle(this.jobs.filter((j) => j.registered && j.to !== OPEN && j.to < this.P && j.to >= this.P - 23
      && !(this.p.flags[j.person] & (F_OUTSIDER | F_PLANTED | F_TWIN)) && this.p.flags[j.person] & F_UNIQUE_KEY
      && jobCount.get(j.person) === 1));
    const endedN = plantCount(this.scale, 300, 1);
    for (let k = 0; k < endedN && k < ended.length; k++) {
      const j = ended[k];
      j.written = { id: k % 2 ? null : this.idOf(j.person).slice(0, 10), plant: 'ended' };
      j.recordCommune = this.p.commune[j.person];
      this.p.flags[j.person] |= F_PLANTED;
      this.count('noise_bad_id_on_ended_record');
    }
  }

  /** Deceased residents still recorded as participants or as receiving unemployment benefit (NTG_DA_CHET). */
  plantDeaths() {
    const rng = this.rng('plant-deaths');
    const pStart = firstDay(this.P);
    const pool = this.freePool(rng, 22, 58);
    let pp = 0;
    const die = (i: number, day: number) => {
      this.p.death[i] = day;
      this.p.flags[i] |= F_PLANTED;
    };
    const n = plantCount(this.scale, 1_500, 2);
    for (let k = 0; k < n && pp < pool.length; k++) {
      const i = pool[pp++];
      const death = pStart - 1 - rng.int(700);
      die(i, death);
      const deathMonth = monthOfDay(death);
      if (rng.chance(0.8)) {
        const e = this.randomRegistered(rng);
        const j = this.newJob(rng, i, e.idx, deathMonth - rng.range(3, 60), OPEN);
        j.payTo = deathMonth - 1; // the employer stopped paying but never reported the death
      } else {
        this.newVoluntary(rng, i, deathMonth - rng.range(3, 40), OPEN);
      }
      this.count('deceased_still_participating');
    }
    const ub = plantCount(this.scale, 500, 1);
    for (let k = 0; k < ub && pp < pool.length; k++) {
      const i = pool[pp++];
      const start = pStart - rng.range(20, 150);
      const death = start + rng.range(5, pStart - start - 1);
      if (death >= pStart || death <= start) continue;
      const months = Math.max(this.benefitMonths(60), Math.ceil((pStart - start) / 30) + 1);
      const e = this.randomRegistered(rng, -1, false);
      const prev = this.newJob(rng, i, e.idx, monthOfDay(start) - rng.range(24, 80), monthOfDay(start) - 1);
      this.newBenefit(rng, i, start, Math.min(12, months), prev.base, e.idx);
      die(i, death);
      this.count('deceased_receiving_benefit');
    }
    // Noise: deaths within P (on or after its first day) with an active record are not findings.
    const within = plantCount(this.scale, 100, 1);
    for (let k = 0; k < within && pp < pool.length; k++) {
      const i = pool[pp++];
      const death = k === 0 ? pStart : pStart + rng.int(lastDay(this.P) - pStart + 1);
      die(i, death);
      const e = this.randomRegistered(rng);
      const j = this.newJob(rng, i, e.idx, this.P - rng.range(3, 40), OPEN);
      j.payTo = this.P - 1;
      this.count('noise_death_within_period');
    }
  }

  /** New jobs while receiving unemployment benefit (BHTN_TRUC_LOI) and the boundary cases that are not. */
  plantBenefitAbuse() {
    const rng = this.rng('plant-benefit');
    const pool = rng.shuffle(this.singleJobs.filter((j) => !(this.p.flags[j.person] & (F_PLANTED | F_OWNER)) && this.maxTenure(j.person) > 60));
    let pp = 0;
    const make = (offset: 'inside' | 'first' | 'after') => {
      const j = pool[pp++];
      this.p.flags[j.person] |= F_PLANTED;
      const months = rng.range(3, 8);
      const fm = this.P - 23 + rng.int(Math.max(1, 23 - months - 2));
      const start = firstDay(fm) + rng.int(27);
      const prevTo = fm - 1;
      const prevEmployer = this.randomRegistered(rng, j.employer);
      const prev = this.newJob(rng, j.person, prevEmployer.idx, prevTo - rng.range(14, 60), prevTo);
      const b = this.newBenefit(rng, j.person, start, months, prev.base, prevEmployer.idx);
      const lm = monthOfDay(b.end);
      j.from = offset === 'inside' ? fm + rng.range(1, lm - fm) : offset === 'first' ? fm : lm + 1;
      j.to = OPEN;
    };
    const n = plantCount(this.scale, 2_200, 2);
    for (let k = 0; k < n && pp < pool.length; k++) { make('inside'); this.count('new_job_during_benefit'); }
    const noise = plantCount(this.scale, 200, 1);
    for (let k = 0; k < noise && pp < pool.length; k++) { make(k % 2 ? 'first' : 'after'); this.count('noise_new_job_at_benefit_boundary'); }
  }

  /** Residents exactly at the age limits, and benefits ending on as_of or the day before (TIEM_NANG_TU_NGUYEN edges). */
  plantAgeEdges() {
    const rng = this.rng('plant-ages');
    const pool = this.freePool(rng, 20, 50);
    let pp = 0;
    const per = Math.max(1, Math.round(4 * Math.sqrt(this.scale * 10)));
    const setBirth = (i: number, birth: number, label: string) => {
      const [y] = ymd(birth);
      const oldProvince = this.idOf(i).slice(0, 3);
      this.p.birth[i] = birth;
      this.p.mid[i] = pickMiddle(rng, this.p.female[i] === 1, this.p.ethnic[i], y);
      this.allocateId(i, oldProvince);
      this.p.flags[i] |= F_PLANTED;
      this.p.flags[i] &= ~F_UNIQUE_KEY;
      this.count(label);
    };
    const [ay, am, ad] = ymd(this.asOf);
    for (let k = 0; k < per && pp + 4 < pool.length; k++) {
      setBirth(pool[pp++], dayOf(ay - 15, am, ad), 'edge_turns_15_on_as_of');
      setBirth(pool[pp++], dayOf(ay - 15, am, ad) + 1, 'edge_turns_15_day_after_as_of');
      const man = pool[pp++];
      this.p.female[man] = 0;
      this.p.giv[man] = pickGiven(rng, false, this.p.ethnic[man]);
      const retM = this.retMonths.M;
      const atRet = addMonthsToDay(this.asOf, -retM);
      setBirth(man, atRet, 'edge_reaches_retirement_age_on_as_of');
      const woman = pool[pp++];
      this.p.female[woman] = 1;
      this.p.giv[woman] = pickGiven(rng, true, this.p.ethnic[woman]);
      setBirth(woman, addMonthsToDay(this.asOf, -this.retMonths.F) + 1, 'edge_one_day_before_retirement_age');
    }
    // Unemployment benefit ending on as_of (excluded) or the day before (not excluded).
    for (let k = 0; k < per * 2 && pp < pool.length; k++) {
      const i = pool[pp++];
      this.p.flags[i] |= F_PLANTED;
      const months = rng.range(3, 6);
      const endTarget = this.asOf - (k % 2);
      // start such that addMonthsToDay(start, months) - 1 === endTarget
      const start = addMonthsToDay(endTarget + 1, -months);
      if (addMonthsToDay(start, months) - 1 !== endTarget) continue;
      const e = this.randomRegistered(rng, -1, false);
      const prev = this.newJob(rng, i, e.idx, monthOfDay(start) - rng.range(20, 70), monthOfDay(start) - 1);
      this.newBenefit(rng, i, start, months, prev.base, e.idx);
      this.count(k % 2 ? 'edge_benefit_ended_day_before_as_of' : 'edge_benefit_ends_on_as_of');
    }
  }

  // ------------------------------------------------------------------------------------ employers' dates

  finishEmployers() {
    const rng = this.rng('employer-dates');
    const earliest = new Map<number, number>();
    const headcount = new Map<number, number>();
    for (const j of this.jobs) {
      if (j.registered) earliest.set(j.employer, Math.min(earliest.get(j.employer) ?? OPEN, j.from));
      if (j.to === OPEN || j.payTo === OPEN) {
        headcount.set(j.employer, (headcount.get(j.employer) ?? 0) + 1);
        if (j.payer !== j.employer && j.payer >= 0) headcount.set(j.payer, (headcount.get(j.payer) ?? 0) + 1);
      }
    }
    for (const e of this.employers) {
      const first = earliest.get(e.idx);
      if (e.unit && first !== undefined && first !== OPEN) e.unit.joined = firstDay(first) + rng.int(20);
      else if (e.unit && !e.unit.joined) e.unit.joined = e.founded + rng.range(30, 400);
      if (e.unit && e.unit.joined < e.founded) e.founded = e.unit.joined - rng.range(20, 900);
      if (e.founded > this.asOf) e.founded = this.asOf - rng.range(30, 300);
      if (e.unit && e.unit.joined > this.asOf) e.unit.joined = this.asOf - rng.range(1, 20);
      if (e.declaredWorkers === null && e.unit && e.category !== 'household' && rng.chance(0.85)) {
        const n = headcount.get(e.idx) ?? 0;
        e.declaredWorkers = Math.max(0, Math.round(n * (0.9 + rng.float() * 0.2)));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- payments

  buildPayments() {
    const rng = this.rng('payments');
    const from = this.P - 11;
    // The rates of each month's wages (the 12 months up to P).
    const rates = Array.from({ length: 12 }, (_, k) => this.rules.contributionRates(isoDay(firstDay(from + k))));
    const workers = new Map<number, { n: Int32Array; fund: Float64Array; due: Float64Array }>();
    for (const j of this.jobs) {
      if (!j.registered) continue;
      const e = this.employers[j.employer];
      if (!e.unit) continue;
      let w = workers.get(e.idx);
      if (!w) {
        w = { n: new Int32Array(12), fund: new Float64Array(12), due: new Float64Array(12) };
        workers.set(e.idx, w);
      }
      for (let m = Math.max(from, j.from); m <= Math.min(this.P, j.to); m++) {
        w.n[m - from]++;
        w.fund[m - from] += j.base;
        const r = rates[m - from];
        w.due[m - from] += Math.round(j.base * (r.socialInsurance + r.healthInsurance + (j.ui ? r.unemployment : 0)));
      }
    }
    const units = [...workers.keys()].sort((a, b) => a - b);
    const late = new Set<number>();
    const evaders = new Set<number>();
    const candidates = rng.shuffle(units.filter((u) => {
      const w = workers.get(u)!;
      return w.n[11] > 0 && w.n[6] > 0 && this.employers[u].unit!.status === 'active';
    }));
    const nEvade = plantCount(this.scale, 1_500, 2);
    const nLate = plantCount(this.scale, 2_000, 2);
    candidates.slice(0, nEvade).forEach((u) => evaders.add(u));
    candidates.slice(nEvade, nEvade + nLate).forEach((u) => late.add(u));
    const evasionDays = this.rules.evasionMinDays(this.asOfIso);
    const dueMonthsAfter = this.rules.deadlineMonthsAfter(this.asOfIso);
    for (const u of units) {
      const e = this.employers[u];
      e.pay = evaders.has(u) ? 'evader' : late.has(u) ? 'late' : 'good';
      const w = workers.get(u)!;
      // Evaders: a run of unpaid months ending at P-1 with reminders; late payers: recent months or no reminder.
      let unpaidFrom = OPEN;
      let lateStyle = 0;
      if (e.pay === 'evader') unpaidFrom = this.P - 1 - rng.range(2, 9);
      if (e.pay === 'late') lateStyle = rng.int(3);
      for (let k = 0; k < 12; k++) {
        const m = from + k;
        if (w.n[k] === 0) continue;
        const deadline = lastDay(m + dueMonthsAfter);
        const due = w.due[k];
        const row: PaymentRow = { employer: u, month: m, workers: w.n[k], wageFund: w.fund[k], due, paid: due, paidOn: null, remindedOn: null };
        const overdueDays = this.asOf - deadline;
        if (deadline >= this.asOf) {
          // Not yet due: some have paid already.
          if (rng.chance(0.55) && e.pay === 'good') row.paidOn = firstDay(m + 1) + rng.int(Math.max(1, this.asOf - firstDay(m + 1)));
          else row.paid = 0;
        } else if (e.pay === 'evader' && m >= unpaidFrom && m <= this.P - 1) {
          row.paid = rng.chance(0.7) ? 0 : Math.round(due * (0.2 + 0.6 * rng.float()));
          if (overdueDays >= evasionDays || rng.chance(0.5)) row.remindedOn = deadline + rng.range(5, Math.max(6, Math.min(overdueDays - 1, 50)));
        } else if (e.pay === 'late' && ((lateStyle === 0 && m === this.P - 1) || (lateStyle === 1 && m >= this.P - 2 && m <= this.P - 1) || (lateStyle === 2 && m === this.P - 4))) {
          row.paid = rng.chance(0.6) ? 0 : Math.round(due * (0.3 + 0.6 * rng.float()));
          // A reminder only where it does not make the month evasion (≤ 60 days overdue); old arrears without one.
          if (overdueDays < evasionDays && rng.chance(0.5)) row.remindedOn = deadline + rng.range(3, Math.max(4, overdueDays - 1));
        } else if (rng.chance(0.06)) {
          // Paid late but in full (after a reminder, sometimes): not a finding today.
          row.paidOn = Math.min(this.asOf - 1, deadline + rng.range(5, 60));
          if (rng.chance(0.4)) row.remindedOn = Math.min(row.paidOn - 1, deadline + rng.range(2, 20));
          this.count('noise_month_paid_late_in_full');
        } else {
          row.paidOn = deadline - rng.int(25);
          if (rng.chance(0.01)) row.paid = due + rng.range(1, 50) * 10_000; // overpaid (credit)
        }
        if (row.paid > 0 && row.paidOn === null) row.paidOn = Math.min(this.asOf - 1, deadline + rng.range(-20, 40));
        if (row.remindedOn !== null && row.remindedOn >= this.asOf) row.remindedOn = this.asOf - 1;
        this.payments.push(row);
      }
      if (e.pay !== 'good') this.count(e.pay === 'evader' ? 'unit_evading' : 'unit_paying_late');
    }
  }

  // ------------------------------------------------------------------------------------------ KCN reports

  buildKcnReports() {
    const rng = this.rng('kcn');
    const activeIn = (e: Employer, m: number) => {
      const persons = new Set<number>();
      for (const j of this.jobsByEmployer(e.idx)) if (j.registered && j.from <= m && j.to >= m) persons.add(j.person);
      return persons.size;
    };
    for (const e of this.employers) {
      if (e.category !== 'ip') continue;
      for (let m = this.P - 2; m <= this.P; m++) {
        const active = activeIn(e, m);
        let reported: number;
        if (m === this.P && e.kcnGap >= 0) {
          const gap = Math.max(e.kcnGap, WORLD_SETTINGS.kcnGap.minWorkers, Math.ceil(active * WORLD_SETTINGS.kcnGap.minShare));
          reported = active + gap;
        } else if (m === this.P) {
          // Small differences below both thresholds (or fewer reported than registered).
          reported = Math.max(0, active + rng.range(-3, Math.min(4, Math.floor((active - 1) / 10))));
        } else {
          // Earlier months: anything (only P counts).
          reported = Math.max(0, active + (rng.chance(0.2) ? rng.range(5, 30) : rng.range(-3, 3)));
        }
        this.kcnReports.push({ employer: e.idx, month: m, reported });
      }
    }
  }

  private byEmployer: Map<number, Job[]> | null = null;
  jobsByEmployer(idx: number): Job[] {
    if (!this.byEmployer) {
      this.byEmployer = new Map();
      for (const j of this.jobs) {
        const l = this.byEmployer.get(j.employer) ?? [];
        l.push(j);
        this.byEmployer.set(j.employer, l);
      }
    }
    return this.byEmployer.get(idx) ?? [];
  }

  assignBhxhCodes() {
    const give = (i: number) => {
      if (this.bhxhCode.has(i)) return;
      let prefix: string;
      if (this.p.flags[i] & F_OUTSIDER) prefix = OUTSIDER_BHXH_PREFIX[this.idOf(i).slice(0, 3)] ?? '01';
      else prefix = this.communes[this.p.commune[i]].oldBacKan ? '06' : '19';
      this.bhxhCode.set(i, this.bhxhCodes.next(prefix));
    };
    for (const j of this.jobs) if (j.registered) give(j.person);
    for (const v of this.voluntary) give(v.person);
  }
}

export type { Builder };
