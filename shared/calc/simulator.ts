/**
 * The provincial top-up simulator (pure). A scenario sets the province's top-up per support group
 * (percent of the same base as the State support), the years, and an uptake assumption: new voluntary
 * enrolment from the pool of potential participants responds to the net monthly price at the minimum
 * income with a constant price elasticity. See docs/calculators.md for the model and its defaults.
 */
import { RuleRecorder, type RuleBook, type UsedRule } from './rulebook.ts';
import { voluntarySupport } from './calculators.ts';
import { SUPPORT_GROUPS, type SupportGroup } from '../vocabulary.ts';
import { PLAN_YEARS } from '../province.ts';

/** The simulator's years: the plan's (shared/province.ts). */
export const SIM_YEARS = PLAN_YEARS;

export interface UptakeAssumption {
  /** Constant price elasticity of new enrolment (negative: a lower price → more new participants). */
  elasticity: number;
  /** Share of the remaining potential pool that enrols in a year at the price without a top-up. */
  base_rate: number;
  /** Floor of the price ratio (a free scheme does not create unlimited enrolment). */
  min_price_ratio: number;
  /** Share of participants who keep paying into the next year. */
  retention: number;
  /** Children born per participant per year (maternity allowance). */
  birth_rate: number;
}

export interface ScenarioParams {
  name: string;
  /** Provincial top-up in percent per group, e.g. { poor: 50 }. */
  topup: Record<SupportGroup, number>;
  /** Provincial top-up of the maternity allowance, đồng per child (0 = none). */
  maternity_topup: number;
  year_from: number;
  year_to: number;
  /** Omitted fields take the defaults of legal_param (sim.*). */
  uptake: Partial<UptakeAssumption>;
}

export interface SimulationData {
  as_of: string;
  period: string | null;
  current: Record<SupportGroup, number>;
  potential: Record<SupportGroup, number>;
  potential_source: 'findings' | 'population';
  /** Voluntary targets per year (null = no target imported). */
  targets: Record<number, number | null>;
  notes: string[];
  /**
   * The no-top-up year-end stock the dashboard forecasts (same actuals, same forecast function), by group; the
   * baseline of that year is this figure and the scenario adds the top-up's effect to it. Null: no progress figures.
   */
  baseline?: { year: number; total: number; groups: Record<SupportGroup, number> } | null;
}

export interface GroupYear {
  participants: number;
  baseline_participants: number;
  new_participants: number;
  potential_left: number;
  net_min_payment: number;
  baseline_net_min_payment: number;
  state_support: number;
  local_support: number;
  price_factor: number;
  central_cost: number;
  provincial_cost: number;
}

export interface YearResult {
  year: number;
  rule_date: string;
  groups: Record<SupportGroup, GroupYear>;
  participants: number;
  baseline_participants: number;
  extra_vs_baseline: number;
  central_cost: number;
  provincial_cost: number;
  births: number;
  maternity_central_cost: number;
  maternity_provincial_cost: number;
  target: number | null;
  target_pct: number | null;
  target_gap: number | null;
  baseline_target_pct: number | null;
}

export interface SimulationResult {
  scenario: ScenarioParams & { uptake: UptakeAssumption };
  data: SimulationData;
  years: YearResult[];
  totals: { central_cost: number; provincial_cost: number; maternity_central_cost: number; maternity_provincial_cost: number };
  rules: UsedRule[];
}

const UPTAKE_KEYS: Record<keyof UptakeAssumption, string> = {
  elasticity: 'sim.uptake.elasticity',
  base_rate: 'sim.uptake.base_rate',
  min_price_ratio: 'sim.uptake.min_price_ratio',
  retention: 'sim.retention',
  birth_rate: 'sim.birth_rate',
};

/** The Hà Nội (2025) precedent of the rules file: +50 % poor, +60 % near-poor, +10 % others. */
export const HANOI_PRECEDENT: Record<SupportGroup, number> = { poor: 50, near_poor: 60, ethnic_minority: 10, other: 10 };

export function simulate(book: RuleBook, params: ScenarioParams, data: SimulationData): SimulationResult {
  const rules = new RuleRecorder(book);
  const uptake = { ...({} as UptakeAssumption) };
  for (const [k, key] of Object.entries(UPTAKE_KEYS)) {
    const given = params.uptake[k as keyof UptakeAssumption];
    uptake[k as keyof UptakeAssumption] = given ?? rules.at(key, data.as_of);
  }
  let n = { ...data.current } as Record<SupportGroup, number>;
  let nBase = { ...data.current } as Record<SupportGroup, number>;
  const pool = { ...data.potential } as Record<SupportGroup, number>;
  const poolBase = { ...data.potential } as Record<SupportGroup, number>;
  const forecast = data.baseline ?? null;
  // A forecast for a year before the first simulated one is where that first year starts from.
  if (forecast && forecast.year < params.year_from) {
    n = { ...forecast.groups };
    nBase = { ...forecast.groups };
  }
  const years: YearResult[] = [];
  const totals = { central_cost: 0, provincial_cost: 0, maternity_central_cost: 0, maternity_provincial_cost: 0 };

  for (let year = params.year_from; year <= params.year_to; year++) {
    // Amounts of a year are those in force at mid-year (the rural poverty line changes on 1/1/2027).
    const date = `${year}-07-01`;
    const groups = {} as Record<SupportGroup, GroupYear>;
    let births = 0;
    for (const g of SUPPORT_GROUPS) {
      const s = voluntarySupport(rules, g, date, params.topup[g] ?? 0);
      const local = Math.min(s.local, s.minContribution - s.state);
      const netBase = s.minContribution - s.state;
      const netScn = netBase - local;
      const ratio = netBase > 0 ? Math.max(netScn / netBase, uptake.min_price_ratio) : 1;
      const factor = ratio ** uptake.elasticity;
      const newScn = Math.min(pool[g], pool[g] * uptake.base_rate * factor);
      const newBase = Math.min(poolBase[g], poolBase[g] * uptake.base_rate);
      // In the dashboard's forecast year the no-top-up stock is its forecast; the top-up adds its extra enrolment.
      const anchored = forecast?.year === year;
      const nextBase = anchored ? forecast.groups[g] : nBase[g] * uptake.retention + newBase;
      const next = anchored ? nextBase + (newScn - newBase) : n[g] * uptake.retention + newScn;
      const avg = (n[g] + next) / 2;
      births += avg * uptake.birth_rate;
      groups[g] = {
        participants: Math.round(next),
        baseline_participants: Math.round(nextBase),
        new_participants: Math.round(newScn),
        potential_left: Math.round(pool[g] - newScn),
        net_min_payment: netScn,
        baseline_net_min_payment: netBase,
        state_support: s.state,
        local_support: local,
        price_factor: Math.round(factor * 1000) / 1000,
        central_cost: Math.round(avg * s.state * 12),
        provincial_cost: Math.round(avg * local * 12),
      };
      n[g] = next;
      nBase[g] = nextBase;
      pool[g] -= newScn;
      poolBase[g] -= newBase;
    }
    const allowance = rules.at('maternity.voluntary_allowance', date);
    const sum = (f: (x: GroupYear) => number) => SUPPORT_GROUPS.reduce((a, g) => a + f(groups[g]), 0);
    const participants = sum((x) => x.participants);
    const baseline = sum((x) => x.baseline_participants);
    const target = data.targets[year] ?? null;
    const y: YearResult = {
      year,
      rule_date: date,
      groups,
      participants,
      baseline_participants: baseline,
      extra_vs_baseline: participants - baseline,
      central_cost: sum((x) => x.central_cost),
      provincial_cost: sum((x) => x.provincial_cost),
      births: Math.round(births),
      maternity_central_cost: Math.round(births * allowance),
      maternity_provincial_cost: Math.round(births * params.maternity_topup),
      target,
      target_pct: target ? Math.round((participants / target) * 1000) / 10 : null,
      target_gap: target !== null ? participants - target : null,
      baseline_target_pct: target ? Math.round((baseline / target) * 1000) / 10 : null,
    };
    totals.central_cost += y.central_cost;
    totals.provincial_cost += y.provincial_cost;
    totals.maternity_central_cost += y.maternity_central_cost;
    totals.maternity_provincial_cost += y.maternity_provincial_cost;
    years.push(y);
  }
  return { scenario: { ...params, uptake }, data, years, totals, rules: rules.list() };
}
