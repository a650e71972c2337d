/**
 * API answers of the calculators, the top-up simulator and the legal parameters (`/api/calc/*`,
 * `/api/admin/legal-params*`): built on the server by server/calc/routes.ts, presenters.ts and legal-params.ts; read by
 * the web's calculators, simulator and legal parameters pages. The shapes of the calculations themselves are the
 * shared calculators' (shared/calc). Types only.
 */
import type { FieldSpec } from '../calc/fields.ts';
import type { UsedRule } from '../calc/rulebook.ts';
import type { ScenarioParams, SimulationResult } from '../calc/simulator.ts';

/** A calculator and the fields of its form. */
export interface CalculatorInfo { name: string; title: string; description: string; fields: FieldSpec[] }

/** GET /api/calc/calculators */
export interface CalculatorsAnswer { calculators: CalculatorInfo[] }

/** A legal parameter in force on a date, with its note. */
export interface RuleInForce extends UsedRule { note: string | null }

/** GET /api/calc/rules */
export interface RulesInForceAnswer { date: string; rules: RuleInForce[] }

/** POST /api/calc/:name: the validated input, the result (with the rules used) and its summary in Vietnamese. */
export interface CalcAnswer {
  input: Record<string, unknown>;
  result: Record<string, unknown> & { rules: UsedRule[]; unverified_rules: string[] };
  summary: string[];
}

/** POST /api/calc/simulate */
export interface SimulateAnswer { results: SimulationResult[] }

/** A saved scenario (presentScenario). */
export interface ScenarioAnswer {
  id: number;
  name: string;
  params: ScenarioParams;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/calc/scenarios */
export interface ScenariosAnswer { scenarios: ScenarioAnswer[] }
/** POST /api/calc/scenarios, PUT /api/calc/scenarios/:id */
export interface ScenarioSavedAnswer { scenario: ScenarioAnswer }
/** GET /api/calc/scenarios/compare */
export interface ScenarioComparisonAnswer { scenarios: ScenarioAnswer[]; results: SimulationResult[] }

/** A legal parameter as the administrator keeps it (the columns of legal_param). */
export interface LegalParamRow extends Omit<UsedRule, 'label'> {
  id: number;
  label: string | null;
  note: string | null;
  document_number: string | null;
  document_date: string | null;
  document_article: string | null;
  verified_by_name: string | null;
  verified_at: string | null;
}

/** GET /api/admin/legal-params */
export interface LegalParamsAnswer { params: LegalParamRow[] }
/** POST /api/admin/legal-params/:id/verify */
export interface LegalParamVerifiedAnswer { param: LegalParamRow | undefined }
