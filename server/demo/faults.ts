/**
 * Data-entry faults of the sources other than the population extract (issue 17), each at a settable rate, all
 * off by default: a slip in a name, a birth date with day and month swapped or reduced to the year, a person who
 * moved (the record keeps the old commune), a personal ID mistyped by one digit (half to nobody, half to another
 * resident), and namesakes (two residents of one commune with the same name, birth date and sex, one of them in a
 * participation record without an ID).
 *
 * Participation records (bhxh-nguoi) get their faults in the world, as what the agency wrote (`written`), so the
 * truth follows the rules on what the file says (a name slip with a correct ID is a true NTG_SAI_THONG_TIN).
 * The other sources (thue-tncn, bhxh-huong, bhtn-huong, ho-ngheo) get them when the file is written: the truth of
 * those records is the true person's. Faults use their own random streams, so with every rate at 0 the files are
 * byte for byte those of a generator without faults.
 */
import { Rng } from './rng.ts';
import { dayOf, ymd } from './calendar.ts';
import { FAULT_KINDS, type FaultKind, type FaultRates, F_BB, F_BUSY, F_ID_MISMATCH, F_OUTSIDER, F_OWNER, F_PENSION, F_PLANTED, F_TN, F_TWIN, F_UNIQUE_KEY, NO_DEATH, type World } from './model.ts';
import { inSnapshot, personId, personName as nameOf } from './views.ts';


export { FAULT_KINDS, type FaultKind, type FaultRates };

export const NO_FAULTS: FaultRates = { 'name-slip': 0, 'date-swap': 0, moved: 0, 'id-typo': 0, namesake: 0 };

/** Parses `0.02` (every fault) or `name-slip=0.02,date-swap=0.01,…` (the others 0). Throws a Vietnamese message. */
export function parseFaults(spec: string | undefined): FaultRates {
  if (spec === undefined || spec.trim() === '') return { ...NO_FAULTS };
  const rate = (text: string) => {
    const v = Number(text);
    if (!Number.isFinite(v) || v < 0 || v > 0.2) throw new Error(`tỉ lệ lỗi phải là số từ 0 đến 0,2, nhận được "${text}"`);
    return v;
  };
  if (/^[0-9.]+$/.test(spec.trim())) {
    const v = rate(spec.trim());
    return Object.fromEntries(FAULT_KINDS.map((k) => [k, v])) as FaultRates;
  }
  const out = { ...NO_FAULTS };
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(FAULT_KINDS as readonly string[]).includes(k) || v === undefined) {
      throw new Error(`lỗi dữ liệu không hợp lệ "${part}" (dùng ${FAULT_KINDS.join(', ')}, ví dụ name-slip=0.02)`);
    }
    out[k as FaultKind] = rate(v);
  }
  return out;
}

export const anyFaults = (r: FaultRates | undefined) => !!r && FAULT_KINDS.some((k) => r[k] > 0);

// ------------------------------------------------------------------------------------------- name slips

const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const TONE_SET = new Set(TONE_MARKS);
export type NameSlip = 'tone' | 'drop' | 'double' | 'swap' | 'plain' | 'no_middle';

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');

/** Changes the tone of a syllable: removes its mark, or puts another one (on its first vowel when it has none). */
function retone(word: string, rng: Rng): string {
  const nfd = word.normalize('NFD');
  const chars = [...nfd];
  const at = chars.findIndex((c) => TONE_SET.has(c));
  if (at >= 0) {
    const others = TONE_MARKS.filter((t) => t !== chars[at]);
    if (rng.chance(0.3)) chars.splice(at, 1);
    else chars[at] = rng.pick(others);
    return chars.join('').normalize('NFC');
  }
  const v = chars.findIndex((c) => /[aeiouyAEIOUY]/.test(c));
  if (v < 0) return word;
  let end = v + 1;
  while (end < chars.length && /[\u0300-\u036f]/.test(chars[end])) end++;
  chars.splice(end, 0, rng.pick(TONE_MARKS));
  return chars.join('').normalize('NFC');
}

/** One slip in a three-part name (the kind is returned so tests can see what was done). */
export function slipName(name: string, rng: Rng, kind?: NameSlip): { name: string; kind: NameSlip } {
  const words = name.trim().split(/\s+/);
  const k: NameSlip = kind ?? rng.pick(['tone', 'tone', 'drop', 'double', 'swap', 'plain', 'no_middle'] as const);
  if (k === 'no_middle' && words.length >= 3) return { name: [words[0], words[words.length - 1]].join(' '), kind: k };
  // The word to change: the given name half of the time, else the family or middle name.
  const idx = rng.chance(0.5) ? words.length - 1 : rng.int(Math.max(1, words.length - 1));
  const w = [...words[idx].normalize('NFC')];
  let out: string;
  switch (k) {
    case 'tone': out = retone(words[idx], rng); break;
    case 'plain': {
      const p = fold(words[idx]);
      out = p === words[idx] ? retone(words[idx], rng) : p;
      break;
    }
    case 'drop': {
      if (w.length < 3) { out = retone(words[idx], rng); break; }
      const at = 1 + rng.int(w.length - 1);
      w.splice(at, 1);
      out = w.join('');
      break;
    }
    case 'double': {
      const at = 1 + rng.int(w.length - 1);
      w.splice(at, 0, w[at]);
      out = w.join('');
      break;
    }
    default: { // swap two neighbouring letters (not the first)
      if (w.length < 3) { out = retone(words[idx], rng); break; }
      const at = 1 + rng.int(w.length - 2);
      [w[at], w[at + 1]] = [w[at + 1], w[at]];
      out = w.join('');
      out = out === words[idx] ? retone(words[idx], rng) : out;
    }
  }
  const copy = [...words];
  copy[idx] = out;
  return { name: copy.join(' '), kind: k === 'no_middle' ? 'tone' : k };
}

// ------------------------------------------------------------------------------------------ dates and IDs

/** A birth day with day and month swapped, or null when that is not a different valid date. */
export function swapDayMonth(day: number): number | null {
  const [y, m, d] = ymd(day);
  if (d > 12 || d === m) return null;
  return dayOf(y, d, m);
}

/** Personal IDs of the residents (dan-cu), for "mistyped to another resident". */
function residentIds(w: World): Map<string, number> {
  const ids = new Map<string, number>();
  for (let i = 0; i < w.persons.residents; i++) ids.set(personId(w, i), i);
  return ids;
}

/**
 * An ID mistyped by one digit. `toResident`: another resident's ID when one lies a digit away, else (at demo
 * scale such neighbours are rare) a random other resident's; otherwise a serial digit changed to an ID nobody has.
 */
export function mistypeId(id: string, rng: Rng, toResident: boolean, ids: Map<string, number>, self: number): string {
  if (toResident) {
    for (let pos = 11; pos >= 0; pos--) {
      for (let dg = 0; dg < 10; dg++) {
        const v = id.slice(0, pos) + dg + id.slice(pos + 1);
        if (v !== id && ids.has(v) && ids.get(v) !== self) return v;
      }
    }
    const all = [...ids.keys()];
    for (let t = 0; t < 20; t++) {
      const v = rng.pick(all);
      if (ids.get(v) !== self) return v;
    }
  }
  for (let t = 0; t < 50; t++) {
    const pos = 6 + rng.int(6);
    const dg = String((Number(id[pos]) + 1 + rng.int(9)) % 10);
    const v = id.slice(0, pos) + dg + id.slice(pos + 1);
    if (!ids.has(v)) return v;
  }
  return id;
}

// ------------------------------------------------------------------------------ faults of the files

export interface RecordFault {
  id: string;
  name: string;
  /** Birth day and its precision as written. */
  birth: number;
  prec: 'D' | 'Y';
  /** Another commune index written (moved), or -1 = unchanged. */
  commune: number;
}

/**
 * The fault (at most one) of one person record of a source other than bhxh-nguoi and dan-cu. `fields` says what
 * the source carries. Returns null when the record is written as it is.
 */
export class FileFaults {
  private readonly ids: Map<string, number>;
  constructor(private readonly w: World, private readonly rates: FaultRates) {
    this.ids = anyFaults(rates) ? residentIds(w) : new Map();
  }

  get on() {
    return anyFaults(this.rates);
  }

  apply(rng: Rng, person: number, fields: { birth: boolean; commune: boolean }): Partial<RecordFault> | null {
    if (!this.on) return null;
    const r = this.rates;
    const x = rng.float();
    let acc = r['name-slip'];
    if (x < acc) return { name: slipName(nameOf(this.w, person), rng).name };
    acc += r['date-swap'];
    if (x < acc) {
      if (!fields.birth) return null;
      const b = this.w.persons.birth[person];
      const swapped = rng.chance(0.5) ? swapDayMonth(b) : null;
      return swapped === null ? { birth: b, prec: 'Y' } : { birth: swapped, prec: 'D' };
    }
    acc += r['id-typo'];
    if (x < acc) return { id: mistypeId(personId(this.w, person), rng, rng.chance(0.5), this.ids, person) };
    acc += r.moved;
    if (x < acc && fields.commune && this.w.persons.residents > person) {
      const c = this.w.persons.commune[person];
      let other = rng.int(this.w.communes.length);
      if (other === c) other = (other + 1) % this.w.communes.length;
      return { commune: other };
    }
    return null;
  }
}

// ------------------------------------------------------------------------------ faults of the world

/**
 * Applies the faults of bhxh-nguoi records and plants namesakes. Returns the IDs of the namesake residents (both of
 * each pair): `baophu eval` leaves them out of scoring (a namesake record goes to review, never guessed).
 */
export function applyWorldFaults(w: World, rates: FaultRates): string[] {
  if (!anyFaults(rates)) return [];
  const rng = new Rng(w.seed, 'faults-bhxh-nguoi');
  const p = w.persons;
  const ids = residentIds(w);
  const namesakes: string[] = [];
  const P = w.period;
  // Residents free of any role, by (commune, sex, birth year): namesake partners.
  const FREE = F_OUTSIDER | F_TWIN | F_ID_MISMATCH | F_PLANTED | F_OWNER | F_BB | F_TN | F_PENSION | F_BUSY;
  const free = new Map<string, number[]>();
  for (let i = 0; i < p.residents; i++) {
    if (p.flags[i] & FREE || p.death[i] !== NO_DEATH) continue;
    const key = `${p.commune[i]}|${p.female[i]}|${ymd(p.birth[i])[0]}`;
    const l = free.get(key);
    if (l) l.push(i); else free.set(key, [i]);
  }
  const records = [...w.jobs.filter((j) => j.registered), ...w.voluntary];
  for (const r of records) {
    if (r.written || !inSnapshot(r.from, r.to, P)) continue;
    const i = r.person;
    if (p.flags[i] & (F_OUTSIDER | F_PLANTED | F_TWIN | F_ID_MISMATCH)) continue;
    const x = rng.float();
    let acc = rates['name-slip'];
    if (x < acc) {
      r.written = { name: slipName(nameOf(w, i), rng).name, plant: 'fault_name_slip' };
      count(w, 'fault_name_slip');
      continue;
    }
    acc += rates['date-swap'];
    if (x < acc) {
      const swapped = swapDayMonth(p.birth[i]);
      if (swapped !== null) {
        r.written = { birth: swapped, plant: 'fault_date_swap' };
        count(w, 'fault_date_swap');
      }
      continue;
    }
    acc += rates['id-typo'];
    if (x < acc) {
      const toResident = rng.chance(0.5);
      r.written = { id: mistypeId(personId(w, i), rng, toResident, ids, i), plant: toResident ? 'fault_id_other' : 'fault_id_nobody' };
      count(w, toResident ? 'fault_id_other' : 'fault_id_nobody');
      continue;
    }
    acc += rates.moved;
    if (x < acc) {
      let other = rng.int(w.communes.length);
      if (other === p.commune[i]) other = (other + 1) % w.communes.length;
      r.recordCommune = other;
      count(w, 'fault_moved');
      continue;
    }
    acc += rates.namesake;
    if (x < acc && p.death[i] === NO_DEATH) {
      const l = free.get(`${p.commune[i]}|${p.female[i]}|${ymd(p.birth[i])[0]}`);
      if (!l?.length) continue;
      const j = l.splice(rng.int(l.length), 1)[0];
      p.sur[j] = p.sur[i]; p.mid[j] = p.mid[i]; p.giv[j] = p.giv[i]; p.birth[j] = p.birth[i];
      p.flags[i] = (p.flags[i] & ~F_UNIQUE_KEY) | F_PLANTED;
      p.flags[j] = (p.flags[j] & ~F_UNIQUE_KEY) | F_PLANTED;
      r.written = { id: null, plant: 'fault_namesake' };
      r.recordCommune = p.commune[i];
      namesakes.push(personId(w, i), personId(w, j));
      count(w, 'fault_namesake');
    }
  }
  return namesakes;
}

function count(w: World, name: string) {
  w.planted[name] = (w.planted[name] ?? 0) + 1;
}
