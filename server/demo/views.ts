/**
 * Semantic rows of the world, shared by the truth computation and the file writers so that both see exactly the
 * same records: participation records of the snapshot, income rows per month, and small accessors.
 */
import { mixFloat } from './rng.ts';
import { fullName } from './names.ts';
import { F_OUTSIDER, OPEN, type Job, type Voluntary, type World } from './model.ts';

export function personId(w: World, i: number): string {
  return String(w.persons.id[i]).padStart(12, '0');
}

export function personName(w: World, i: number): string {
  return fullName(w.persons.sur[i], w.persons.mid[i], w.persons.giv[i]);
}

export function isResident(w: World, i: number): boolean {
  return !(w.persons.flags[i] & F_OUTSIDER);
}

export interface ParticipationRecord {
  source: Job | Voluntary;
  person: number;
  scheme: 'BB' | 'TN';
  /** Personal ID as written, after the import's lost-zero repair; null = blank. */
  id: string | null;
  bhxhCode: string;
  name: string;
  birth: number;
  female: boolean;
  /** Residence commune index written on the record, or -1 (blank). */
  commune: number;
  employer: number; // -1 for voluntary
  ui: boolean;
  base: number;
  from: number;
  to: number; // OPEN = blank
  planted: string | null;
}

/** Whether a record belongs to the snapshot of P: active at some time in the 24 months up to P. */
export function inSnapshot(from: number, to: number, P: number): boolean {
  return from <= P && (to === OPEN || to >= P - 23);
}

export function isActive(r: { from: number; to: number }, P: number): boolean {
  return r.from <= P && (r.to === OPEN || r.to >= P);
}

/** Default residence commune written on a record: the population record's, sometimes another or blank. */
function recordCommune(w: World, person: number, explicit: number | null, salt: number): number {
  if (explicit !== null) return explicit;
  if (!isResident(w, person)) return mixFloat(w.seed, salt, 11) < 0.5 ? -1 : -2; // -2: employer's commune
  const x = mixFloat(w.seed, salt, 12);
  if (x < 0.03) return -1;
  if (x < 0.06) return Math.floor(mixFloat(w.seed, salt, 13) * w.communes.length);
  return w.persons.commune[person];
}

/** The person as a participation record writes them: the planted fault where there is one, else the truth. */
function asWritten(w: World, r: Job | Voluntary): Pick<ParticipationRecord, 'id' | 'bhxhCode' | 'name' | 'birth' | 'female' | 'planted'> {
  return {
    id: r.written && 'id' in r.written ? r.written.id ?? null : personId(w, r.person),
    bhxhCode: w.bhxhCode.get(r.person) ?? '',
    name: r.written?.name ?? personName(w, r.person),
    birth: r.written?.birth ?? w.persons.birth[r.person],
    female: r.written?.female ?? w.persons.female[r.person] === 1,
    planted: r.written?.plant ?? null,
  };
}

export function* participationRecords(w: World): Generator<ParticipationRecord> {
  const P = w.period;
  for (const j of w.jobs) {
    if (!j.registered || !inSnapshot(j.from, j.to, P)) continue;
    let commune = recordCommune(w, j.person, j.recordCommune, j.id * 2 + 1);
    if (commune === -2) commune = w.employers[j.employer].commune;
    yield {
      source: j, person: j.person, scheme: 'BB', ...asWritten(w, j),
      commune, employer: j.employer, ui: j.ui, base: j.base, from: j.from, to: j.to,
    };
  }
  for (const v of w.voluntary) {
    if (!inSnapshot(v.from, v.to, P)) continue;
    let commune = recordCommune(w, v.person, v.recordCommune, v.id * 2 + 2);
    if (commune === -2) commune = -1;
    yield {
      source: v, person: v.person, scheme: 'TN', ...asWritten(w, v),
      commune, employer: -1, ui: false, base: v.income, from: v.from, to: v.to,
    };
  }
}

/** Whether a job has a thue-tncn row for month m. */
export function paidIn(w: World, j: Job, m: number): boolean {
  if (j.payer < 0) return false;
  const payer = w.employers[j.payer];
  if (!payer.inTaxRegistry) return false;
  return j.from <= m && (j.payTo === OPEN || j.payTo >= m);
}

/** Taxable income of a job in month m (VND). Never more than twice the base unless planted. */
export function incomeOf(w: World, j: Job, m: number): number {
  if (m === w.period && j.incomeP !== null) return j.incomeP;
  const jitter = 0.95 + 0.13 * mixFloat(w.seed, j.id, m);
  return Math.round((j.base * j.incomeFactor * jitter) / 1000) * 1000;
}

/** Illustrative personal income tax withheld (progressive on income above a 15.5 million deduction). */
export function taxWithheld(income: number): number {
  const taxable = income - 15_500_000 - Math.round(income * 0.105);
  if (taxable <= 0) return 0;
  const bands: [number, number][] = [[10_000_000, 0.05], [20_000_000, 0.1], [30_000_000, 0.2], [Infinity, 0.3]];
  let left = taxable;
  let tax = 0;
  for (const [width, rate] of bands) {
    const part = Math.min(left, width);
    tax += part * rate;
    left -= part;
    if (left <= 0) break;
  }
  return Math.round(tax / 1000) * 1000;
}

/** The thue-tncn months: P-1 and P. */
export function incomeMonths(w: World): number[] {
  return [w.period - 1, w.period];
}
