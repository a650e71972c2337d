import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound, HttpError } from '../http/errors.ts';
import { can, canSeeCommune, communeFilter, type SessionUser } from '../auth/policies.ts';
import { audit } from '../auth/audit.ts';
import { yearQuery, communeParams, setParams, saveBody, submitBody, approveBody, allocationQuery, exportQuery } from './schema.ts';
import { overview, communeDetail, yearRows, availableYears } from './dashboard.ts';
import { ensureProgressFresh, lastRefresh, onProgressRefreshed, refreshGeneration } from './service.ts';
import { listTargetSets, versionLines, saveTargets, submitTargets, approveTargets, communeSumCheck, TARGET_LEVEL_LABELS, type TargetLevel } from './targets.ts';
import { presentVersion, presentLine, progressCsvForPeople, progressXlsx, presentRow } from './presenters.ts';
import { PROVINCE_CODE, loadLabourForce, loadTargets } from './progress.ts';
import { proposeAllocations, ALLOCATION_METHOD_INFO, type AllocationCommune } from '#shared/targets/allocation.ts';
import { monthIndex, periodOf } from '#shared/targets/forecast.ts';
import { findingCounts } from './findings.ts';
import { jobRunning } from '../jobs/running.ts';
import type { AllocationAnswer, ProgressExportAnswer, TargetChangeAnswer, TargetSetAnswer, TargetSetsAnswer } from '#shared/api/targets.ts';

/** Freshness is checked at most every few seconds per process (one cheap query when nothing changed). */
const FRESH_TTL_MS = 3000;
/** How many of the latest dashboard answers are computed again right after a refresh. */
const WARM_KEYS = 40;

const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const db = database.db;
  let checkedAt = 0;
  let checkedGeneration = -1;
  let runId = -1;
  /** Serialized dashboard answers of the current progress run, per (what, year, month, scope). */
  const answers = new Map<string, string>();
  /** The embedded engine runs one transaction at a time: while a job holds it, the pages answer from memory. */
  const waitsForJobs = database.engine === 'pglite';
  const fresh = async (force = false) => {
    // While a job of this process runs on the embedded engine, the answers of the current progress run are served
    // as they are (the job's own refresh, when it ends, bumps the generation and is seen at once).
    if (!force && waitsForJobs && runId !== -1 && jobRunning()) return;
    // A refresh by this process (after an import or a reconciliation here) is seen at once, others' within the TTL.
    if (!force && Date.now() - checkedAt < FRESH_TTL_MS && checkedGeneration === refreshGeneration()) return;
    checkedGeneration = refreshGeneration();
    await ensureProgressFresh(database);
    const last = await lastRefresh(db);
    if ((last?.id ?? 0) !== runId) {
      answers.clear();
      runId = last?.id ?? 0;
    }
    checkedAt = Date.now();
  };
  /** How to compute each kept answer again, for the warm-up after a refresh (the most recent keys). */
  const recipes = new Map<string, () => Promise<string>>();
  const keep = (key: string, body: string, recipe: () => Promise<string>) => {
    if (answers.size > 500) answers.clear();
    answers.set(key, body);
    recipes.delete(key);
    recipes.set(key, recipe);
    if (recipes.size > WARM_KEYS) recipes.delete(recipes.keys().next().value!);
  };
  /** The answer from the cache of this run, or computed and kept (aggregates only, never personal data). */
  const cached = async (reply: FastifyReply, key: string, compute: () => Promise<unknown>) => {
    let body = answers.get(key);
    if (body === undefined) {
      const recipe = async () => JSON.stringify(await compute());
      body = await recipe();
      keep(key, body, recipe);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };
  // After a refresh by this process (the end of an import or reconciliation job), the answers asked for lately are
  // computed for the new progress run before the job ends, so the first requests after it do not all wait for them.
  const unlisten = onProgressRefreshed(async () => {
    const last = await lastRefresh(db);
    const warmed = new Map<string, string>();
    for (const [key, recipe] of recipes) {
      try {
        warmed.set(key, await recipe());
      } catch {
        recipes.delete(key);
      }
    }
    answers.clear();
    for (const [key, body] of warmed) answers.set(key, body);
    runId = last?.id ?? 0;
  });
  app.addHook('onClose', async () => unlisten());
  const scopeKey = (user: SessionUser) => {
    const scope = communeFilter(user);
    return scope === null ? 'all' : [...scope].sort().join(',');
  };

  const requireEdit = (user: SessionUser) => {
    if (!can(user, 'targets.edit')) throw forbidden('sửa hoặc trình chỉ tiêu');
  };

  // ---- Dashboards -------------------------------------------------------------------------------

  app.get('/api/progress/overview', async (request, reply) => {
    const user = currentUser(request);
    const q = parseInput(yearQuery, request.query, 'Tham số');
    await fresh();
    return cached(reply, `overview|${q.year ?? ''}|${q.month ?? ''}|${scopeKey(user)}`, () => overview(db, user, q));
  });

  app.get('/api/progress/communes/:code', async (request, reply) => {
    const user = currentUser(request);
    const { code } = parseInput(communeParams, request.params, 'Mã xã');
    if (!canSeeCommune(user, code)) throw notFound('Xã/phường');
    const q = parseInput(yearQuery, request.query, 'Tham số');
    await fresh();
    // Findings counts change with every reconciliation and depend on the role: not cached.
    const findings = await findingCounts(db, user, code, waitsForJobs);
    const key = `commune|${code}|${q.year ?? ''}|${q.month ?? ''}|${scopeKey(user) === 'all' ? 'all' : 'scoped'}`;
    let body = answers.get(key);
    if (body === undefined) {
      const detail = await communeDetail(db, user, code, q);
      if (!detail.commune) throw notFound('Xã/phường');
      body = JSON.stringify(detail);
      keep(key, body, async () => JSON.stringify(await communeDetail(db, user, code, q)));
    }
    // A CommunePageAnswer (shared/api/targets.ts): the cached CommuneProgress, whose commune is known (an unknown one
    // is a 404 above), and the findings counts.
    return reply.type('application/json; charset=utf-8').send(`${body.slice(0, -1)},"findings":${JSON.stringify(findings)}}`);
  });

  app.get('/api/progress/export', async (request, reply) => {
    const user = currentUser(request);
    const q = parseInput(exportQuery, request.query, 'Tham số');
    await fresh();
    const years = await availableYears(db);
    const year = q.year ?? years[years.length - 1] ?? new Date().getFullYear();
    const { rows } = await yearRows(db, year, q.month);
    const scope = communeFilter(user);
    const visible = rows.filter((r) => (scope === null ? true : r.unitCode !== PROVINCE_CODE && scope.includes(r.unitCode)));
    await audit(db, user, { action: 'export', objectType: 'progress', objectId: String(year), detail: { format: q.format, month: q.month ?? null, rows: visible.length } });
    if (q.format === 'json') return { year, rows: visible.map((r) => presentRow(r)) } satisfies ProgressExportAnswer;
    const ext = q.format;
    reply.header('content-type', ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="tien-do-${year}.${ext}"; filename*=UTF-8''ti%E1%BA%BFn-%C4%91%E1%BB%99-${year}.${ext}`);
    return ext === 'xlsx' ? progressXlsx(visible, year) : progressCsvForPeople(visible);
  });

  // ---- Targets ----------------------------------------------------------------------------------

  app.get('/api/targets', async (request): Promise<TargetSetsAnswer> => {
    const user = currentUser(request);
    const q = parseInput(yearQuery, request.query, 'Tham số');
    const scope = communeFilter(user);
    const sets = await listTargetSets(db, q.year);
    const visible = sets.filter((s) => scope === null || s.set.level === 'commune');
    return {
      canEdit: can(user, 'targets.edit'),
      canApprove: can(user, 'targets.approve'),
      sets: visible.map((s) => ({
        id: s.set.id,
        level: s.set.level,
        levelLabel: TARGET_LEVEL_LABELS[s.set.level],
        year: s.set.year,
        latest: s.latest ? presentVersion(s.latest) : null,
        effective: s.effective ? presentVersion(s.effective) : null,
      })),
    };
  });

  app.get('/api/targets/:level/:year', async (request): Promise<TargetSetAnswer> => {
    const user = currentUser(request);
    const { level, year } = parseInput(setParams, request.params, 'Bộ chỉ tiêu');
    const scope = communeFilter(user);
    if (scope !== null && level === 'province') throw notFound('Bộ chỉ tiêu');
    const [entry] = (await listTargetSets(db, year)).filter((s) => s.set.level === level);
    const filter = <T extends { unit_code: string }>(lines: T[]) => lines.filter((l) => scope === null || scope.includes(l.unit_code));
    const latestLines = entry?.latest ? filter(await versionLines(db, entry.latest.id)) : [];
    const effectiveLines = entry?.effective && entry.effective.id !== entry.latest?.id ? filter(await versionLines(db, entry.effective.id)) : latestLines;
    return {
      level,
      levelLabel: TARGET_LEVEL_LABELS[level],
      year,
      setId: entry?.set.id ?? null,
      canEdit: can(user, 'targets.edit'),
      canApprove: can(user, 'targets.approve'),
      latest: entry?.latest ? presentVersion(entry.latest) : null,
      effective: entry?.effective ? presentVersion(entry.effective) : null,
      versions: (entry?.versions ?? []).map(presentVersion).reverse(),
      lines: latestLines.map(presentLine),
      effectiveLines: effectiveLines.map(presentLine),
      // Whether the latest commune version adds up to the approved province target (province-wide accounts only:
      // the sums speak for the whole province).
      sumCheck: level === 'commune' && scope === null && entry?.latest ? await communeSumCheck(db, year, entry.latest.id) : null,
    };
  });

  const afterChange = async (request: FastifyRequest, user: SessionUser, what: string, level: TargetLevel, year: number, version: number, detail: Record<string, unknown> = {}) => {
    await audit(db, user, { action: 'change', objectType: 'target_set', objectId: `${level}/${year}`, detail: { what, version, ...detail } });
    await fresh(true);
    void request;
  };

  app.post('/api/targets/:level/:year', async (request): Promise<TargetChangeAnswer> => {
    const user = currentUser(request);
    requireEdit(user);
    const { level, year } = parseInput(setParams, request.params, 'Bộ chỉ tiêu');
    const body = parseInput(saveBody, request.body, 'Chỉ tiêu');
    const saved = await saveTargets(db, user, {
      level, year, lines: body.lines, note: body.note, expectedVersion: body.expectedVersion,
      source: body.method ? 'allocation' : 'form', method: body.method ?? null,
    });
    await afterChange(request, user, 'save', level, year, saved.version, { lines: body.lines.length, method: body.method ?? null });
    return { setId: saved.setId, version: saved.version, status: 'draft' };
  });

  app.post('/api/targets/:level/:year/submit', async (request): Promise<TargetChangeAnswer> => {
    const user = currentUser(request);
    requireEdit(user);
    const { level, year } = parseInput(setParams, request.params, 'Bộ chỉ tiêu');
    const body = parseInput(submitBody, request.body ?? {}, 'Trình chỉ tiêu');
    const [entry] = (await listTargetSets(db, year)).filter((s) => s.set.level === level);
    if (!entry) throw notFound('Bộ chỉ tiêu');
    const saved = await submitTargets(db, user, entry.set.id, body);
    await afterChange(request, user, 'submit', level, year, saved.version);
    return { setId: saved.setId, version: saved.version, status: 'submitted' };
  });

  app.post('/api/targets/:level/:year/approve', async (request): Promise<TargetChangeAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'targets.approve')) throw forbidden('phê duyệt chỉ tiêu');
    const { level, year } = parseInput(setParams, request.params, 'Bộ chỉ tiêu');
    const body = parseInput(approveBody, request.body, 'Phê duyệt chỉ tiêu');
    const [entry] = (await listTargetSets(db, year)).filter((s) => s.set.level === level);
    if (!entry) throw notFound('Bộ chỉ tiêu');
    const saved = await approveTargets(db, user, entry.set.id, body);
    await afterChange(request, user, 'approve', level, year, saved.version, { basis: body.basis, basisDate: body.basisDate });
    return { setId: saved.setId, version: saved.version, status: 'approved' };
  });

  // ---- Allocation assistant ---------------------------------------------------------------------

  app.get('/api/targets/allocation', async (request): Promise<AllocationAnswer> => {
    const user = currentUser(request);
    requireEdit(user);
    const q = parseInput(allocationQuery, request.query, 'Tham số phân bổ');
    await fresh();
    const latest = await db.selectFrom('progress_monthly').select((eb) => eb.fn.max('period').as('p')).executeTakeFirst();
    const base = latest?.p ?? null;
    const yearAgo = base ? periodOf(monthIndex(base) - 12) : null;
    const stocks = base
      ? await db.selectFrom('progress_monthly').select(['unit_code', 'period', 'active_total']).where('period', 'in', [base, yearAgo!]).execute()
      : [];
    const stock = (unit: string, period: string | null) => stocks.find((s) => s.unit_code === unit && s.period === period)?.active_total ?? null;
    const labour = await loadLabourForce(db, q.year);
    const communes = await db.selectFrom('commune').select(['code', 'name']).where('province_code', '=', PROVINCE_CODE).orderBy('code').execute();
    const provinceTarget = (await loadTargets(db, q.year)).get(PROVINCE_CODE) ?? null;
    const total = q.total ?? provinceTarget?.total ?? null;
    if (total == null) {
      throw new HttpError(400, `Chưa có chỉ tiêu của tỉnh năm ${q.year}: hãy nhập chỉ tiêu tỉnh trước, hoặc nhập con số cần phân bổ.`);
    }
    const inputs: AllocationCommune[] = communes.map((c) => ({
      code: c.code,
      labourForce: labour.get(c.code)?.value ?? 0,
      active: stock(c.code, base) ?? 0,
      activeYearAgo: stock(c.code, yearAgo),
    }));
    const missingLabour = communes.filter((c) => !labour.has(c.code)).map((c) => c.code);
    return {
      year: q.year,
      total,
      provinceTarget: provinceTarget?.total ?? null,
      provinceVoluntaryTarget: provinceTarget?.voluntary ?? null,
      basePeriod: base,
      yearAgoPeriod: yearAgo,
      missingLabourForce: missingLabour,
      communes: communes.map((c, i) => ({ code: c.code, name: c.name, labourForce: labour.get(c.code)?.value ?? null, labourForceYear: labour.get(c.code)?.year ?? null, active: inputs[i].active, activeYearAgo: inputs[i].activeYearAgo })),
      proposals: proposeAllocations(inputs, total),
      methods: ALLOCATION_METHOD_INFO,
    };
  });
};

export default routes;
