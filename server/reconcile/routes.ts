/**
 * Findings API. Every list is scoped on the server (rules in server/auth/policies.ts): the codes the role may see and the
 * communes of the account (communeFilter). Personal IDs and names are masked unless the role sees personal
 * data; reads of personal data, exports, status changes and review decisions go to the audit log.
 */
import crypto from 'node:crypto';
import { currentJobs, startJob } from '../jobs/running.ts';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound, HttpError } from '../http/errors.ts';
import { primed } from '../http/stream.ts';
import {
  communeFilter, mayExportOutreach, mayReadFinding, mayReviewLinks, mayRunReconciliation, mayWorkFindings, roleOf, scopedCommunes, seesPersonalData,
  visibleFindingCodes as visibleCodes, type SessionUser,
} from '../auth/policies.ts';
import { EVIDENCE_KINDS, present, presentJson } from '#shared/privacy.ts';
import { audit } from '../auth/audit.ts';
import { listQuery, summaryQuery, idParams, updateBody, reviewQuery, reviewBody, exportQuery, outreachQuery, runBody, runParams } from './schema.ts';
import { listFindings, countFindings, getFinding, findingActions, updateFinding, reviewQueue, decideReview } from './queries.ts';
import { presentFinding, CODE_LABEL, STATUS_LABEL, LINK_METHOD_LABEL, PERSON_CODES, LEAD_NOT_VERDICT } from './presenters.ts';
import { exportFindings, exportOutreachXlsx, ENFORCEMENT_CODES } from './export.ts';
import { changesSinceLatestRun, checkRunInputs, latestRun, RUN_STEPS, type RunResult } from './service.ts';
import { reconcileAndRefresh } from '../commands/reconcile-and-refresh.ts';
import { KINDS } from '../ingest/kinds.ts';
import type { FileKind } from '#shared/auth/roles.ts';
import { formatDate, formatRatioPct } from '#shared/format.ts';
import { loadRuleBook } from '../calc/rules.ts';
import { todayVn } from '#shared/calc/dates.ts';
import type {
  FindingAnswer, FindingDetailAnswer, FindingListAnswer, FindingsMetaAnswer, FindingsSummaryAnswer, ReconcileRunJob, ReviewDecisionAnswer, ReviewQueueAnswer, StaleFindings,
} from '#shared/api/findings.ts';

const touchesPersonalData = (user: SessionUser, codes: readonly string[]) => seesPersonalData(user) && codes.some((c) => PERSON_CODES.has(c));

function attachment(reply: FastifyReply, ascii: string, vi: string, type: string) {
  reply.header('content-type', type);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(vi)}`);
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A reconciliation started from the web, run in the background; its state is polled. */
type RunJob = ReconcileRunJob & { result: Pick<RunResult, 'runId' | 'asOf' | 'period' | 'total' | 'ms' | 'reusedRunId'> | null };

const NOT_REFUSED_DURING_RUN = new Set(['/api/findings/runs/:id', '/api/findings/meta']);

const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const db = database.db;
  /** Runs started from the web (the latest few): one runs at a time. */
  const runJobs = new Map<string, RunJob>();
  const runningJob = () => [...runJobs.values()].find((j) => j.status === 'running') ?? null;

  // On the embedded engine a run holds the one database session until it ends: the findings pages would hang for
  // its whole length. They say so at once instead (503 with the run's step); a PostgreSQL server keeps answering
  // the last run's findings meanwhile.
  if (database.engine === 'pglite') {
    app.addHook('preHandler', async (request) => {
      // The run's own progress, and the page's meta (it follows a run started elsewhere), are not refused.
      if (request.method !== 'GET' || !request.user || NOT_REFUSED_DURING_RUN.has(request.routeOptions.url ?? '')) return;
      const job = currentJobs().find((j) => j.kind === 'reconcile');
      if (!job) return;
      const pct = job.fraction === null ? '' : ` (${formatRatioPct(Math.round(job.fraction * 100) / 100)})`;
      throw new HttpError(503, `Đang đối soát dữ liệu${job.stepLabel ? ` — ${job.stepLabel}` : ''}${pct}: các phát hiện sẽ có khi lần đối soát xong. Vui lòng tải lại trang sau ít phút.`, { job: { label: job.label, stepLabel: job.stepLabel, fraction: job.fraction } });
    });
  }

  app.get('/api/findings/meta', async (request): Promise<FindingsMetaAnswer> => {
    const user = currentUser(request);
    const run = await latestRun(db);
    return {
      codes: visibleCodes(user).map((c) => ({ code: c, label: CODE_LABEL[c as keyof typeof CODE_LABEL] })),
      statuses: Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label })),
      linkMethods: LINK_METHOD_LABEL,
      canWork: mayWorkFindings(user),
      canReview: mayReviewLinks(user),
      canRun: mayRunReconciliation(user),
      runningJob: mayRunReconciliation(user) ? runningJob() : null,
      stale: await staleness(),
      seesPersonalData: seesPersonalData(user),
      note: LEAD_NOT_VERDICT,
      latestRun: run
        ? {
          id: Number(run.id), asOf: run.as_of, asOfLabel: formatDate(run.as_of), period: String(run.period).slice(0, 7), total: Number(run.total),
          perCode: run.per_code, finishedAt: new Date(run.finished_at ?? Date.now()).toISOString(),
        }
        : null,
    };
  });

  // Counts per code and per commune of the findings raised by the latest run, with the list's commune and status
  // filters (so the numbers match the list), within the role's codes and the account's communes.
  app.get('/api/findings/summary', async (request): Promise<FindingsSummaryAnswer> => {
    const user = currentUser(request);
    const q = parseInput(summaryQuery, request.query, 'Tham số');
    const codes = visibleCodes(user);
    const rows = await countFindings(db, { codes, communes: scopedCommunes(user, q.commune), statuses: q.status });
    const byCode = new Map<string, { count: number; amountVnd: number }>();
    const byCommune = new Map<string, { communeCode: string | null; total: number; byCode: Record<string, number> }>();
    for (const r of rows) {
      const c = byCode.get(r.code) ?? { count: 0, amountVnd: 0 };
      c.count += r.count;
      c.amountVnd += r.amountVnd;
      byCode.set(r.code, c);
      const key = r.communeCode ?? '';
      const m = byCommune.get(key) ?? { communeCode: r.communeCode, total: 0, byCode: {} };
      m.total += r.count;
      m.byCode[r.code] = r.count;
      byCommune.set(key, m);
    }
    const names = await db.selectFrom('commune').select(['code', 'name']).execute();
    const nameOf = new Map(names.map((n) => [n.code, n.name]));
    return {
      byCode: codes.map((code) => ({ code, label: CODE_LABEL[code as keyof typeof CODE_LABEL], ...(byCode.get(code) ?? { count: 0, amountVnd: 0 }) })),
      byCommune: [...byCommune.values()]
        .map((c) => ({ ...c, communeName: c.communeCode ? nameOf.get(c.communeCode) ?? c.communeCode : '(không xác định)' }))
        .sort((a, b) => b.total - a.total || String(a.communeCode).localeCompare(String(b.communeCode))),
    };
  });

  app.get('/api/findings', async (request): Promise<FindingListAnswer> => {
    const user = currentUser(request);
    const q = parseInput(listQuery, request.query, 'Tham số');
    const codes = visibleCodes(user, q.code);
    const communes = scopedCommunes(user, q.commune);
    const sort = q.sort ? { by: q.sort, order: q.order } : undefined;
    const { total, rows } = await listFindings(db, { codes, communes, statuses: q.status, presentOnly: !q.all, search: q.search }, q.page, q.pageSize, sort);
    // A search is recorded with its terms (they may be an ID or a name), whoever searched and whatever it found.
    if (q.search || (rows.length && touchesPersonalData(user, codes))) {
      await audit(db, user, { action: 'read', objectType: 'finding_list', detail: { codes: q.code ?? null, communes: q.commune ?? null, status: q.status ?? null, search: q.search ?? null, page: q.page, rows: rows.length } });
    }
    return { total, page: q.page, pageSize: q.pageSize, rows: rows.map((r) => presentFinding(user, r)), note: LEAD_NOT_VERDICT };
  });

  // Review queue of uncertain person links (before /:id so that 'review' is not taken for an id).
  app.get('/api/findings/review', async (request): Promise<ReviewQueueAnswer> => {
    const user = currentUser(request);
    if (!mayReviewLinks(user)) throw forbidden('xem danh sách liên kết cần xem xét');
    const q = parseInput(reviewQuery, request.query, 'Tham số');
    const { total, rows } = await reviewQueue(db, communeFilter(user), q.page, q.pageSize);
    if (rows.length && seesPersonalData(user)) await audit(db, user, { action: 'read', objectType: 'person_link_review', detail: { page: q.page, rows: rows.length } });
    return {
      total,
      rows: rows.map((r) => ({
        recordKey: r.record_key,
        source: r.source,
        record: presentJson(user, { personId: r.raw_id, name: r.full_name, birthDate: r.birth_date, birthPrecision: r.birth_precision, sex: r.sex, communeCode: r.commune_code }, EVIDENCE_KINDS),
        score: r.score == null ? null : Number(r.score),
        candidates: r.candidates.map((c) => ({
          residentId: present(user, 'personal_id', c.residentId),
          residentIdShown: present(user, 'personal_id', c.residentId),
          score: Number(c.score),
          components: c.components,
          resident: c.resident ? presentJson(user, c.resident, EVIDENCE_KINDS) : null,
        })),
      })),
    };
  });

  app.post('/api/findings/review', async (request): Promise<ReviewDecisionAnswer> => {
    const user = currentUser(request);
    if (!mayReviewLinks(user)) throw forbidden('xác nhận liên kết hồ sơ');
    const body = parseInput(reviewBody, request.body, 'Quyết định');
    const scope = communeFilter(user);
    if (scope) {
      const visible = await reviewQueue(db, scope, 1, 1, body.recordKey);
      if (visible.total === 0) throw notFound('Hồ sơ cần xem xét');
    }
    const result = await decideReview(db, user, body);
    if (!result) throw notFound('Hồ sơ cần xem xét');
    if ('error' in result) throw new HttpError(400, 'Người dân được chọn không nằm trong danh sách ứng viên của hồ sơ này.');
    await audit(db, user, { action: 'review', objectType: 'person_link', objectId: body.recordKey, communeCode: result.communeCode, detail: { decision: body.decision, residentId: body.residentId, note: body.note ?? null } });
    return { ok: true, message: body.decision === 'accepted' ? 'Đã xác nhận liên kết. Lần đối soát sau sẽ dùng liên kết này.' : 'Đã loại ứng viên này. Lần đối soát sau sẽ không đề xuất lại.' };
  });

  app.get('/api/findings/export', async (request, reply) => {
    const user = currentUser(request);
    const q = parseInput(exportQuery, request.query, 'Tham số');
    const codes = visibleCodes(user, q.code);
    if (codes.length === 0) throw forbidden('xuất các phát hiện này');
    const communes = scopedCommunes(user, q.commune);
    await audit(db, user, { action: 'export', objectType: 'finding', detail: { format: q.format, codes, communes, status: q.status ?? null, search: q.search ?? null } });
    const stream = new PassThrough();
    const type = q.format === 'xlsx' ? XLSX : q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
    exportFindings(db, { codes, communes, statuses: q.status, search: q.search }, q.format, stream, user).then(() => { if (q.format !== 'xlsx') stream.end(); }, (err) => stream.destroy(err));
    const body = await primed(stream);
    attachment(reply, `phat-hien.${q.format}`, `phát-hiện.${q.format}`, type);
    return reply.send(body);
  });

  app.get('/api/findings/export/outreach', async (request, reply) => {
    const user = currentUser(request);
    if (!mayExportOutreach(user)) throw forbidden('xuất danh sách vận động tham gia');
    const q = parseInput(outreachQuery, request.query, 'Tham số');
    const communes = scopedCommunes(user, q.commune);
    await audit(db, user, { action: 'export', objectType: 'outreach_list', detail: { communes } });
    const stream = new PassThrough();
    exportOutreachXlsx(db, communes, stream, user).catch((err) => stream.destroy(err));
    const body = await primed(stream);
    attachment(reply, 'danh-sach-van-dong.xlsx', 'danh-sách-vận-động.xlsx', XLSX);
    return reply.send(body);
  });

  app.get('/api/findings/export/enforcement', async (request, reply) => {
    const user = currentUser(request);
    const codes = visibleCodes(user).filter((c) => (ENFORCEMENT_CODES as readonly string[]).includes(c));
    if (codes.length === 0) throw forbidden('xuất danh sách kiểm tra, đôn đốc');
    const communes = communeFilter(user);
    await audit(db, user, { action: 'export', objectType: 'enforcement_list', detail: { codes, communes, agency: user.agency } });
    const stream = new PassThrough();
    const title = `DANH SÁCH KIỂM TRA, ĐÔN ĐỐC — ${roleOf(user).label.toUpperCase()}`;
    exportFindings(db, { codes, communes, statuses: ['new', 'open'] }, 'xlsx', stream, user, title).catch((err) => stream.destroy(err));
    const body = await primed(stream);
    attachment(reply, 'danh-sach-kiem-tra.xlsx', 'danh-sách-kiểm-tra.xlsx', XLSX);
    return reply.send(body);
  });

  app.get('/api/findings/:id', async (request): Promise<FindingDetailAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const f = await getFinding(db, id);
    if (!f || !mayReadFinding(user, { code: f.code, communeCode: f.commune_code })) throw notFound('Phát hiện');
    if (touchesPersonalData(user, [f.code])) await audit(db, user, { action: 'read', objectType: 'finding', objectId: id, communeCode: f.commune_code, detail: { code: f.code } });
    const actions = await findingActions(db, id);
    return {
      ...presentFinding(user, f, true, { organisationMultiplier: (await loadRuleBook(db)).find('fine.organisation_multiplier', todayVn()) }),
      actions: actions.map((a) => ({
        at: new Date(a.at).toISOString(), by: a.username ?? (a.run_id ? `Lần đối soát #${a.run_id}` : null), action: a.action,
        fromStatus: a.from_status, toStatus: a.to_status,
        fromLabel: a.from_status ? STATUS_LABEL[a.from_status] : null, toLabel: a.to_status ? STATUS_LABEL[a.to_status] : null, note: a.note,
      })),
    };
  });

  app.patch('/api/findings/:id', async (request): Promise<FindingAnswer> => {
    const user = currentUser(request);
    if (!mayWorkFindings(user)) throw forbidden('cập nhật phát hiện');
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const body = parseInput(updateBody, request.body, 'Cập nhật');
    const f = await getFinding(db, id);
    if (!f || !mayReadFinding(user, { code: f.code, communeCode: f.commune_code })) throw notFound('Phát hiện');
    const r = await updateFinding(db, id, user, body);
    await audit(db, user, { action: 'change', objectType: 'finding', objectId: id, communeCode: f.commune_code, detail: { code: f.code, from: r?.from, to: r?.to, note: !!body.note } });
    const after = await getFinding(db, id);
    return presentFinding(user, after!);
  });

  /** "Dữ liệu đã thay đổi từ lần đối soát #N": the imports since the latest run, by kind. */
  async function staleness(): Promise<StaleFindings | null> {
    const changes = await changesSinceLatestRun(db);
    if (!changes) return null;
    const kinds = [...new Set(changes.batches.map((b) => b.kind))];
    return {
      sinceRun: changes.runId,
      batches: changes.batches.length,
      kinds: kinds.map((k) => ({ kind: k, label: KINDS[k as FileKind]?.label ?? k })),
      message: `Dữ liệu đã thay đổi từ lần đối soát #${changes.runId}: ${changes.batches.length} lô nhập mới (${kinds.map((k) => KINDS[k as FileKind]?.label ?? k).join(', ')}). Các phát hiện chưa tính đến dữ liệu này cho tới khi chạy lại đối soát.`,
    };
  }

  // A run takes minutes on a province's data: it runs in the background and the page polls its state.
  app.post('/api/findings/runs', async (request, reply) => {
    const user = currentUser(request);
    if (!mayRunReconciliation(user)) throw forbidden('chạy đối soát');
    const body = parseInput(runBody, request.body ?? {}, 'Tham số');
    const busy = runningJob();
    if (busy) throw new HttpError(409, `Đang có một lần đối soát chạy (do ${busy.startedBy} bắt đầu): hãy chờ nó xong.`, { job: busy });
    await checkRunInputs(database, body);
    const job: RunJob = {
      id: crypto.randomBytes(16).toString('hex'), status: 'running', startedAt: new Date().toISOString(), startedBy: user.username,
      step: 0, steps: RUN_STEPS, stepLabel: 'Liên kết danh tính', result: null, error: null,
    };
    for (const old of [...runJobs.keys()].slice(0, Math.max(0, runJobs.size - 9))) runJobs.delete(old);
    runJobs.set(job.id, job);
    const tracked = startJob('reconcile', 'Đối soát dữ liệu', user.username);
    tracked.update({ fraction: 0, stepLabel: job.stepLabel });
    void (async () => {
      try {
        const r = await reconcileAndRefresh(database, {
          asOf: body.asOf, period: body.period, full: body.full,
          onStep: (done, total, code) => {
            job.step = done;
            job.steps = total;
            job.stepLabel = code ? CODE_LABEL[code as keyof typeof CODE_LABEL] ?? code : done === total ? 'Gộp phát hiện' : 'Liên kết danh tính';
            tracked.update({ fraction: done / (total + 1), stepLabel: job.stepLabel });
          },
          onRefreshing: () => {
            job.stepLabel = 'Cập nhật tiến độ theo xã';
            tracked.update({ stepLabel: job.stepLabel });
          },
        }, { actor: user });
        job.result = { runId: r.runId, asOf: r.asOf, period: r.period, total: r.total, ms: r.ms, reusedRunId: r.reusedRunId ?? null };
        job.status = 'done';
      } catch (err) {
        job.status = 'failed';
        job.error = err instanceof HttpError ? err.message : 'Lần đối soát thất bại: cơ sở dữ liệu báo lỗi; các phát hiện giữ nguyên như lần trước. Hãy thử lại hoặc báo quản trị hệ thống.';
        console.error(`Đối soát thất bại (mã lỗi ${(err as { code?: string }).code ?? 'không rõ'})`);
      } finally {
        tracked.finish();
      }
    })();
    return reply.code(202).send(job);
  });

  app.get('/api/findings/runs/:id', async (request): Promise<ReconcileRunJob> => {
    const user = currentUser(request);
    if (!mayRunReconciliation(user)) throw forbidden('xem tiến trình đối soát');
    const { id } = parseInput(runParams, request.params, 'Tham số');
    const job = runJobs.get(id);
    if (!job) throw notFound('Lần đối soát');
    return job;
  });
};
export default routes;
