/**
 * Types of the synthetic world. The world holds what is TRUE (persons, employers, jobs, payments) plus, on a
 * record, what an agency wrote when it differs from the truth (a planted wrong ID, name or birth date). Files are
 * rendered from it with cosmetic noise only; truth.csv is computed from it by the rules of docs/spec/findings.md.
 */
import type { SupportGroup } from '#shared/vocabulary.ts';
import type { WageRegion } from './world-rules.ts';

/** Data-entry faults of the generator (server/demo/faults.ts), each a rate per person record. */
export const FAULT_KINDS = ['name-slip', 'date-swap', 'moved', 'id-typo', 'namesake'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Record<FaultKind, number>;

export const OPEN = 1_000_000; // an open-ended month ("Đến tháng" blank)
export const NO_DEATH = 0;

export interface Commune {
  idx: number;
  code: string;
  name: string;
  isWard: boolean;
  oldBacKan: boolean;
  region: WageRegion;
  popPortal: number;
  suspect: boolean;
  /** Persons generated at this scale. */
  population: number;
  /** Target share of the working-age labour force that participates, and the voluntary share of it. */
  coverage: number;
  voluntaryShare: number;
  poorRate: number;
  nearPoorRate: number;
}

export const F_OUTSIDER = 1;
export const F_TWIN = 2;
export const F_ID_MISMATCH = 4; // dan-cu ID contradicts the birth date or sex (planted)
export const F_PENSION = 8;
export const F_BB = 16; // current mandatory worker (base world)
export const F_TN = 32; // current voluntary participant (base world)
export const F_PLANTED = 64; // identity used by a plant: keep other plants away
export const F_OWNER = 128;
export const F_BUSY = 256; // has some other role (informal worker, former worker…)
export const F_UNIQUE_KEY = 512; // (folded name, birth date, sex) unique among residents

/** Columnar person store (residents first, then people from other provinces). */
export interface Persons {
  count: number;
  residents: number;
  birth: Int32Array;
  female: Uint8Array;
  commune: Uint8Array; // 255 = not a resident
  ethnic: Uint8Array;
  sur: Uint16Array;
  mid: Uint16Array;
  giv: Uint16Array;
  household: Int32Array;
  id: Float64Array; // 12-digit personal ID as a number
  death: Int32Array; // day, or NO_DEATH
  flags: Uint16Array;
}

export type ContractType = '3m_plus' | 'under_3m' | 'none' | '';
export type PaymentMode = '1' | '3' | '6' | '12' | 'lump_sum';

/** How a participation record was written when it differs from the person's true data. */
export interface WrittenIdentity {
  id?: string | null; // semantic value (after the import's leading-zero repair); null = blank
  name?: string;
  birth?: number;
  female?: boolean;
  plant: string;
}

export interface Job {
  id: number;
  person: number;
  /** Employer whose social-insurance unit registers the worker. */
  employer: number;
  /** Employer that pays the income (its tax code in thue-tncn): usually the same; a branch for branch staff. */
  payer: number;
  from: number;
  /** Last registered month (OPEN = still registered). */
  to: number;
  /** Last month with income (OPEN = still paid). */
  payTo: number;
  base: number;
  incomeFactor: number;
  /** Planted taxable income for period P. */
  incomeP: number | null;
  contract: ContractType;
  registered: boolean;
  ui: boolean;
  /** Residence commune written on the record (-1 = blank); defaults to the population record's. */
  recordCommune: number | null;
  written: WrittenIdentity | null;
}

export interface Voluntary {
  id: number;
  person: number;
  from: number;
  to: number;
  income: number;
  mode: PaymentMode;
  support: SupportGroup;
  recordCommune: number | null;
  written: WrittenIdentity | null;
}

export type TaxpayerType = 'enterprise' | 'branch' | 'household' | 'other';
export type TaxStatus = 'active' | 'suspended' | 'closed' | 'absent';
export type UnitType = 'state_enterprise' | 'private_enterprise' | 'fdi_enterprise' | 'public_body' | 'household' | 'other';
export type UnitStatus = 'active' | 'paused' | 'terminated';
export type EmployerCategory = 'ip' | 'public' | 'enterprise' | 'branch' | 'other' | 'household';

export interface Unit {
  code: string;
  type: UnitType;
  status: UnitStatus;
  joined: number; // day
  /** Tax code written on the unit (null = blank, public bodies). */
  taxCode: string | null;
}

export interface Employer {
  idx: number;
  category: EmployerCategory;
  taxCode: string;
  inTaxRegistry: boolean;
  taxType: TaxpayerType;
  taxStatus: TaxStatus;
  name: string;
  commune: number;
  address: string;
  ip: number; // index into INDUSTRIAL_PARKS, -1 outside
  founded: number; // day
  industry: string;
  taxMethod: 'declaration' | 'lump_sum' | null;
  owner: number; // household business owner (person), -1
  declaredWorkers: number | null;
  unit: Unit | null;
  parent: number; // branch → parent employer, -1
  /** Registered current workers to assign (base world). */
  slots: number;
  pay: 'good' | 'late' | 'evader';
  /** Industrial-park report: planted gap (workers reported above active participants) or -1. */
  kcnGap: number;
}

export interface Pension {
  person: number;
  type: 'pension' | 'monthly_allowance' | 'other';
  from: number; // month
  /** Written with a legacy 9-digit ID card number (only for people past retirement age). */
  legacyId: string | null;
}

export interface Benefit {
  person: number;
  decisionNo: string;
  decisionDate: number;
  start: number; // day
  end: number; // day, inclusive
  months: number;
  amount: number;
}

export interface PaymentRow {
  employer: number;
  month: number;
  workers: number;
  wageFund: number;
  due: number;
  paid: number;
  paidOn: number | null;
  remindedOn: number | null;
}

export interface KcnReport {
  employer: number;
  month: number;
  reported: number;
}

export interface World {
  seed: number;
  scale: number;
  asOf: number; // day
  period: number; // month P
  communes: Commune[];
  persons: Persons;
  householdCommune: Int32Array;
  householdPoverty: Uint8Array; // 0 none, 1 poor, 2 near-poor
  employers: Employer[];
  jobs: Job[];
  voluntary: Voluntary[];
  pensions: Pension[];
  benefits: Benefit[];
  payments: PaymentRow[];
  kcnReports: KcnReport[];
  bhxhCode: Map<number, string>;
  /** Exact duplicate dan-cu lines (person indices written twice). */
  danCuDuplicates: Set<number>;
  /** Counts of what was planted, by plant name (manifest). */
  planted: Record<string, number>;
  /** Data-entry faults of the sources other than dan-cu (server/demo/faults.ts); absent = none. */
  faults?: FaultRates;
}

export const INDUSTRIAL_PARKS: { name: string; commune: string }[] = [
  { name: 'KCN Yên Bình', commune: '05899' },
  { name: 'KCN Điềm Thụy', commune: '05941' },
  { name: 'KCN Sông Công I', commune: '05528' },
  { name: 'KCN Sông Công II', commune: '05533' },
  { name: 'KCN Nam Phổ Yên', commune: '05860' },
  { name: 'KCN Quyết Thắng', commune: '05455' },
  { name: 'KCN Trung Thành', commune: '05899' },
  { name: 'KCN Phú Bình', commune: '05908' },
  { name: 'KCN Thanh Bình', commune: '02086' },
];
