/**
 * The Kysely types of the database: `DB` is the generated `server/db/generated.ts` (read from the migrated schema
 * by `npm run db:types`; `test/foundation/db-types.test.ts` fails when it is not current), with the shape of the
 * jsonb columns added, which the catalog cannot know. Tables, columns, nullability, defaults, CHECK-listed values
 * and the values our type parsers return all come from the generator: a schema change is a migration, then
 * `npm run db:types` — never an edit here, except to say what a new jsonb column holds.
 */
import type { ColumnType, InsertType, SelectType } from 'kysely';
import type { DB as GeneratedDB, Json } from './generated.ts';

/**
 * What each jsonb column holds (read as that value; written as that value or JSON text).
 * A table or column named here that is not a jsonb column of the generated types does not compile.
 */
interface JsonShapes {
  app_state: { value: unknown };
  audit_log: { detail: Record<string, unknown> };
  calc_scenario: { params: Record<string, unknown> };
  case_log: { before: Record<string, unknown>; after: Record<string, unknown> };
  directive_report: { figures: Array<{ key: string; label: string; value: number | null }> };
  import_batch: {
    detail: Record<string, unknown>;
    header_mapping: Record<string, string>;
    rejects: Array<{ row: number; column: string; value: string; message: string }>;
  };
  /** 0062_import_refusals: the rejected row's cells as text, in the file's column order. */
  import_issue: { source_row: string[] };
  job_run: { result: Record<string, unknown> };
  progress_run: { detail: Record<string, unknown> };
  progress_summary: { row: unknown };
  reconcile_run: {
    per_code: Array<{ code: string; count: number; ms: number }>;
    stats: Record<string, unknown>;
    params: Record<string, unknown>;
    /** server/reconcile/inputs.ts: the context hash and the current batch ids per source kind. */
    inputs: { context: string; batches: Record<string, number[]> };
  };
  report_action: { detail: Record<string, unknown> };
  report_kind: { wording: { intro?: string[]; closing?: string[] } };
  report_version: { params: Record<string, unknown>; data_ids: Record<string, unknown>; document: unknown };
  scheduled_job: { params: Record<string, unknown> };
  work_case: {
    frozen_amounts: Record<string, unknown>;
    frozen_evidence: Record<string, unknown>;
    data_evidence: Record<string, unknown>;
  };
}

/** Col is a json(b) column: its generated value type is exactly `Json`. */
type IsJson<Col> = [NonNullable<SelectType<Col>>] extends [Json] ? ([Json] extends [NonNullable<SelectType<Col>>] ? true : false) : false;

/** Every key of S names a json(b) column of G. */
type JsonColumnsOf<G, S> = {
  [T in keyof S]: T extends keyof G
    ? { [C in keyof S[T]]: C extends keyof G[T] ? (IsJson<G[T][C]> extends true ? unknown : never) : never }
    : never;
};

/** A jsonb column holding V, keeping the generated column's nullability and whether it may be left out on insert. */
type Shaped<Col, V> = ColumnType<
  V | (null extends SelectType<Col> ? null : never),
  V | string | (null extends SelectType<Col> ? null : never) | (undefined extends InsertType<Col> ? undefined : never),
  V | string | (null extends SelectType<Col> ? null : never)
>;

type WithJsonShapes<G, S extends JsonColumnsOf<G, S>> = {
  [T in keyof G]: T extends keyof S
    ? { [C in keyof G[T]]: C extends keyof S[T] ? Shaped<G[T][C], S[T][C]> : G[T][C] }
    : G[T];
};

export type DB = WithJsonShapes<GeneratedDB, JsonShapes>;

export type CalcScenarioTable = DB['calc_scenario'];
export type DeliveryCalendarTable = DB['delivery_calendar'];
