/**
 * Calc API: the policy calculators (POST /api/calc/<name>), the rules in force, and the top-up
 * simulator with saved scenarios, side-by-side comparison and XLSX export. Calculators and the
 * simulator read only the law as data and aggregate counts (scoped to the user's communes).
 */
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { z, isoDate, recordId } from '#shared/zod-vi.ts';
import { HttpError, notFound, forbidden, parseInput } from '../http/errors.ts';
import { currentUser } from '../http/request.ts';
import { audit } from '../auth/audit.ts';
import { can, communeFilter, type SessionUser } from '../auth/policies.ts';
import { CALCULATORS, presentCalculator } from '#shared/calc/registry.ts';
import { valuesAt } from '#shared/calc/rule-text.ts';
import { RuleMissingError } from '#shared/calc/rulebook.ts';
import { todayVn } from '#shared/calc/dates.ts';
import type { ScenarioParams } from '#shared/calc/simulator.ts';
import { loadRuleBook } from './rules.ts';
import { CalcValidationError, computeWith } from './service.ts';
import { runSimulations } from './simulation.ts';
import { ensureProgressFresh } from '../targets/service.ts';
import { idsQuery, scenarioParams, simulateBody } from './schema.ts';
import { presentScenario } from './presenters.ts';
import { scenariosWorkbook } from './export.ts';
import { PROVINCE_CODE } from '#shared/province.ts';
import type {
  CalcAnswer, CalculatorsAnswer, RulesInForceAnswer, ScenarioComparisonAnswer, ScenarioSavedAnswer, ScenariosAnswer, SimulateAnswer,
} from '#shared/api/calc.ts';
import type { OkAnswer } from '#shared/api/common.ts';

function mapCalcError(err: unknown): never {
  if (err instanceof CalcValidationError) {
    throw new HttpError(400, `Dữ liệu nhập không hợp lệ — ${err.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { issues: err.issues });
  }
  if (err instanceof RuleMissingError) throw new HttpError(422, err.message, { key: err.key, date: err.date });
  throw err;
}

const idParam = z.object({ id: recordId('Mã kịch bản') });

const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/calc/calculators', async (): Promise<CalculatorsAnswer> => {
    // Descriptions quote the legal numbers in force today.
    const ruleValue = valuesAt(await loadRuleBook(db), todayVn());
    return { calculators: Object.values(CALCULATORS).map((c) => presentCalculator(c, ruleValue)) };
  });

  app.get('/api/calc/rules', async (request): Promise<RulesInForceAnswer> => {
    const { date } = parseInput(z.object({ date: isoDate('Ngày').optional() }), request.query, 'Tham số');
    const at = date ?? todayVn();
    const book = await loadRuleBook(db);
    const rules = book.rowsInForce(at).map((r) => ({
      key: r.key, label: r.label, value: r.value, unit: r.unit, effective_from: r.effectiveFrom, effective_to: r.effectiveTo,
      source: r.source, status: r.status, note: r.note,
    }));
    return { date: at, rules };
  });

  app.post('/api/calc/simulate', async (request): Promise<SimulateAnswer> => {
    const user = currentUser(request);
    const body = parseInput(simulateBody, request.body, 'Kịch bản');
    const book = await loadRuleBook(db);
    await ensureProgressFresh(app.database); // the starting point is the dashboard's figures
    try {
      const results = await runSimulations(db, book, communeFilter(user), body.as_of ?? todayVn(), body.scenarios as ScenarioParams[]);
      return { results };
    } catch (err) {
      mapCalcError(err);
    }
  });

  app.get('/api/calc/scenarios', async (): Promise<ScenariosAnswer> => {
    const rows = await db.selectFrom('calc_scenario').selectAll().where('province_code', '=', PROVINCE_CODE).orderBy('id').execute();
    return { scenarios: rows.map(presentScenario) };
  });

  app.post('/api/calc/scenarios', async (request): Promise<ScenarioSavedAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'scenarios.edit')) throw forbidden('lưu kịch bản mô phỏng');
    const body = parseInput(scenarioParams, request.body, 'Kịch bản');
    const { name, ...params } = body;
    const row = await db
      .insertInto('calc_scenario')
      .values({ name, params: JSON.stringify(params), created_by: user.id, created_by_name: user.fullName })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, user, { action: 'change', objectType: 'calc_scenario', objectId: row.id, detail: { op: 'create', name } });
    return { scenario: presentScenario(row) };
  });

  app.put('/api/calc/scenarios/:id', async (request): Promise<ScenarioSavedAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'scenarios.edit')) throw forbidden('sửa kịch bản mô phỏng');
    const { id } = parseInput(idParam, request.params, 'Địa chỉ');
    const body = parseInput(scenarioParams, request.body, 'Kịch bản');
    const { name, ...params } = body;
    const row = await db
      .updateTable('calc_scenario')
      .set({ name, params: JSON.stringify(params), updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('Kịch bản');
    await audit(db, user, { action: 'change', objectType: 'calc_scenario', objectId: id, detail: { op: 'update', name } });
    return { scenario: presentScenario(row) };
  });

  app.delete('/api/calc/scenarios/:id', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'scenarios.edit')) throw forbidden('xóa kịch bản mô phỏng');
    const { id } = parseInput(idParam, request.params, 'Địa chỉ');
    const res = await db.deleteFrom('calc_scenario').where('id', '=', id).executeTakeFirst();
    if (!Number(res.numDeletedRows)) throw notFound('Kịch bản');
    await audit(db, user, { action: 'change', objectType: 'calc_scenario', objectId: id, detail: { op: 'delete' } });
    return { ok: true };
  });

  async function savedResults(user: SessionUser, query: unknown): Promise<ScenarioComparisonAnswer> {
    const q = parseInput(idsQuery, query, 'Tham số');
    const rows = await db.selectFrom('calc_scenario').selectAll().where('id', 'in', q.ids).execute();
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const missing = q.ids.filter((id) => !byId.has(id));
    if (missing.length) throw notFound(`Kịch bản ${missing.join(', ')}`);
    const scenarios = q.ids.map((id) => presentScenario(byId.get(id)!));
    const params = scenarios.map((s) => parseInput(scenarioParams, s.params, `Kịch bản ${s.id}`) as ScenarioParams);
    const book = await loadRuleBook(db);
    await ensureProgressFresh(app.database);
    try {
      return { scenarios, results: await runSimulations(db, book, communeFilter(user), q.as_of ?? todayVn(), params) };
    } catch (err) {
      mapCalcError(err);
    }
  }

  app.get('/api/calc/scenarios/compare', async (request) => savedResults(currentUser(request), request.query));

  app.get('/api/calc/scenarios/export', async (request, reply) => {
    const user = currentUser(request);
    const { scenarios, results } = await savedResults(user, request.query);
    const buffer = await scenariosWorkbook(results);
    await audit(db, user, { action: 'export', objectType: 'calc_scenario', objectId: scenarios.map((s) => s.id).join(','), detail: { format: 'xlsx' } });
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="mo-phong-ho-tro-bhxh-tu-nguyen.xlsx"`);
    return reply.send(buffer);
  });

  app.post('/api/calc/:name', async (request): Promise<CalcAnswer> => {
    const { name } = request.params as { name: string };
    if (!CALCULATORS[name]) throw new HttpError(404, `Máy tính "${name}" không tồn tại.`);
    const raw = request.body ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'Dữ liệu gửi lên phải là một đối tượng JSON.');
    const book = await loadRuleBook(db);
    try {
      const { input, result } = computeWith(book, name, raw as Record<string, unknown>);
      return { input, result, summary: CALCULATORS[name].summary(result, input) };
    } catch (err) {
      mapCalcError(err);
    }
  });
};
export default routes;
