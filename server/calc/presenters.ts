/** API JSON of the calc capability. */
import type { Selectable } from 'kysely';
import type { CalcScenarioTable } from '../db/schema.ts';
import type { ScenarioParams } from '#shared/calc/simulator.ts';
import type { ScenarioAnswer } from '#shared/api/calc.ts';

export function presentScenario(row: Selectable<CalcScenarioTable>): ScenarioAnswer {
  const params = row.params as Omit<ScenarioParams, 'name'>;
  return {
    id: Number(row.id),
    name: row.name,
    params: { ...params, name: row.name },
    createdBy: row.created_by_name,
    createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at),
    updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : String(row.updated_at),
  };
}
