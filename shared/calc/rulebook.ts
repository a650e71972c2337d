/**
 * The law as data, in memory: the rows of `legal_param` and `public_holiday`, asked by key and date.
 * Pure (no I/O): the server loads it with `loadRuleBook(db)` (server/calc/rules.ts); calculators take
 * one and name every rule they used.
 */
import { formatDate } from '../format.ts';
import { addDays } from './dates.ts';

export type RuleStatus = 'law' | 'press' | 'derived' | 'unverified' | 'setting';

export interface LegalRule {
  key: string;
  value: number;
  unit: string;
  effectiveFrom: string;
  /** Inclusive; null = still in force. */
  effectiveTo: string | null;
  source: string;
  status: RuleStatus;
  note: string | null;
  /** Its Vietnamese name, shown to people instead of the key. */
  label: string;
}

/** A rule as a calculation used it (what `at` answers). */
export interface RuleRef {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: RuleStatus;
}

export interface Holiday {
  day: string;
  name: string;
}

/** No rule (or holiday data) in force: the message is Vietnamese and names the key and the date. */
export class RuleMissingError extends Error {
  constructor(readonly key: string, readonly date: string, message?: string) {
    super(message ?? `Chưa có quy định "${key}" có hiệu lực tại ngày ${formatDate(date)} (bảng tham số pháp lý).`);
  }
}

export const STATUS_LABELS: Record<RuleStatus, string> = {
  law: 'văn bản pháp luật',
  press: 'theo báo chí/BHXH Việt Nam',
  derived: 'suy ra',
  unverified: 'chưa kiểm chứng',
  setting: 'giả định có thể điều chỉnh',
};

export class RuleBook {
  private readonly byKey = new Map<string, LegalRule[]>();
  private readonly holidays = new Map<string, string>();
  readonly holidayFirst: string | null;
  readonly holidayLast: string | null;

  constructor(rules: LegalRule[], holidays: Holiday[] = []) {
    for (const r of rules) {
      const list = this.byKey.get(r.key) ?? [];
      list.push(r);
      this.byKey.set(r.key, list);
    }
    // Latest start first: a newer row wins where open-ended rows overlap.
    for (const list of this.byKey.values()) list.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    for (const h of holidays) this.holidays.set(h.day, h.name);
    const days = [...this.holidays.keys()].sort();
    this.holidayFirst = days[0] ?? null;
    this.holidayLast = days[days.length - 1] ?? null;
  }

  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** Every row of a key, newest first. */
  history(key: string): LegalRule[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  /** The whole row of key in force at date (with its note), or null; the newest start wins where rows overlap. */
  row(key: string, date: string): LegalRule | null {
    return this.byKey.get(key)?.find((r) => r.effectiveFrom <= date && (r.effectiveTo === null || r.effectiveTo >= date)) ?? null;
  }

  find(key: string, date: string): RuleRef | null {
    const row = this.row(key, date);
    if (!row) return null;
    const { note: _note, ...ref } = row;
    return ref;
  }

  /** The rule in force for key at date; throws a Vietnamese RuleMissingError when none is. */
  at(key: string, date: string): RuleRef {
    const found = this.find(key, date);
    if (!found) throw new RuleMissingError(key, date);
    return found;
  }

  /** The rules in force at date (one per key). */
  inForce(date: string): RuleRef[] {
    return this.keys().map((k) => this.find(k, date)).filter((r): r is RuleRef => r !== null);
  }

  /** The rows in force at date (one per key, with their notes), by key. */
  rowsInForce(date: string): LegalRule[] {
    return this.keys().map((k) => this.row(k, date)).filter((r): r is LegalRule => r !== null);
  }

  /**
   * Splits the days from..to (inclusive) into runs with one rule each; throws when a day has none.
   */
  segments(key: string, from: string, to: string): Array<{ from: string; to: string; days: number; rule: RuleRef }> {
    const out: Array<{ from: string; to: string; days: number; rule: RuleRef }> = [];
    let day = from;
    while (day <= to) {
      const rule = this.at(key, day);
      // The run ends where this row ends or where a newer row starts, whichever comes first.
      let end = rule.effectiveTo && rule.effectiveTo < to ? rule.effectiveTo : to;
      for (const r of this.byKey.get(key) ?? []) {
        if (r.effectiveFrom > day && r.effectiveFrom <= end && r.effectiveFrom > rule.effectiveFrom) end = addDays(r.effectiveFrom, -1);
      }
      const days = Math.round((Date.parse(end) - Date.parse(day)) / 86_400_000) + 1;
      out.push({ from: day, to: end, days, rule });
      day = addDays(end, 1);
    }
    return out;
  }

  /** Whether holiday data covers the year of date. */
  coversHolidays(date: string): boolean {
    return !!this.holidayFirst && !!this.holidayLast && date.slice(0, 4) >= this.holidayFirst.slice(0, 4) && date.slice(0, 4) <= this.holidayLast.slice(0, 4);
  }

  /** The holiday's name, or null; throws when there is no holiday data for that year. */
  holiday(date: string): string | null {
    if (!this.coversHolidays(date)) {
      throw new RuleMissingError('public_holiday', date, `Chưa có dữ liệu ngày nghỉ lễ năm ${date.slice(0, 4)} (bảng ngày nghỉ lễ).`);
    }
    return this.holidays.get(date) ?? null;
  }
}

/** A rule as listed in a result: what was used, with its source and status. */
export interface UsedRule {
  key: string;
  label: string;
  value: number;
  unit: string;
  effective_from: string;
  effective_to: string | null;
  source: string;
  status: RuleStatus;
}

/** Wraps a RuleBook and remembers every rule asked for, in order, once each. */
export class RuleRecorder {
  private readonly used = new Map<string, UsedRule>();
  constructor(readonly book: RuleBook) {}

  ref(key: string, date: string): RuleRef {
    const r = this.book.at(key, date);
    this.note(r);
    return r;
  }
  /** The value of the rule in force. */
  at(key: string, date: string): number {
    return this.ref(key, date).value;
  }
  note(r: RuleRef) {
    const id = `${r.key}@${r.effectiveFrom}`;
    if (!this.used.has(id)) {
      this.used.set(id, { key: r.key, label: r.label, value: r.value, unit: r.unit, effective_from: r.effectiveFrom, effective_to: r.effectiveTo, source: r.source, status: r.status });
    }
  }
  list(): UsedRule[] {
    return [...this.used.values()];
  }
}
