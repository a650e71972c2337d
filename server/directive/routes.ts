import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound } from '../http/errors.ts';
import {
  can, canAcceptDirective as canAccept, canFollowDirective as canFollow, mayReadBoard, maySubmitReports, maySubmitReportsOf, reportsFor,
} from '../auth/policies.ts';
import { audit } from '../auth/audit.ts';
import {
  dutyParams, dutyBody, reportListQuery, reportParams, createReportBody, updateReportBody, returnBody, acceptBody, answerBody, boardQuery, alertsQuery,
} from './schema.ts';
import {
  listDuties, saveDuty, listReports, readableReport, reportHistory, createReport, updateReport, transition, answerReport, board, alertsFor,
  today,
} from './service.ts';
import { annualAssessment } from './assessment.ts';
import { presentDuty, presentReport, presentEvent, presentFollowup } from './presenters.ts';
import { PROGRESS_LABELS, STATE_LABELS } from '#shared/directive/calendar.ts';
import type {
  AlertsAnswer, BoardAnswer, DirectiveReportDetailAnswer, DirectiveReportsAnswer, DutiesAnswer, IdAnswer, ReportSavedAnswer, ReportStateAnswer,
} from '#shared/api/directive.ts';

const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  // ---- Duties (the directive's text: every signed-in account may read them) ------------------------------------
  app.get('/api/directive/duties', async (request): Promise<DutiesAnswer> => {
    const user = currentUser(request);
    const agencies = await db.selectFrom('agency').select(['code', 'name']).where('code', '<>', 'ADMIN').orderBy('code').execute();
    return { canEdit: canAccept(user), duties: (await listDuties(db)).map(presentDuty), agencies, progressLabels: PROGRESS_LABELS, stateLabels: STATE_LABELS };
  });

  app.post('/api/directive/duties', async (request): Promise<IdAnswer<string>> => {
    const user = currentUser(request);
    if (!canAccept(user)) throw forbidden('sửa danh mục nhiệm vụ');
    const body = parseInput(dutyBody, request.body, 'Nhiệm vụ');
    return { id: await saveDuty(db, user, null, body) };
  });

  app.post('/api/directive/duties/:id', async (request): Promise<IdAnswer<string>> => {
    const user = currentUser(request);
    if (!canAccept(user)) throw forbidden('sửa danh mục nhiệm vụ');
    const { id } = parseInput(dutyParams, request.params, 'Mã nhiệm vụ');
    const body = parseInput(dutyBody, request.body, 'Nhiệm vụ');
    return { id: await saveDuty(db, user, id, body) };
  });

  // ---- Reports ------------------------------------------------------------------------------------------------
  app.get('/api/directive/reports', async (request): Promise<DirectiveReportsAnswer> => {
    const user = currentUser(request);
    const q = parseInput(reportListQuery, request.query, 'Tham số');
    const rows = await listReports(db, user, q);
    return {
      canFile: can(user, 'directive.report'), canSubmit: maySubmitReports(user), canAccept: canAccept(user), canFollow: canFollow(user),
      agency: user.agency, reports: rows.map((r) => presentReport(user, r)),
    };
  });

  app.get('/api/directive/reports/:id', async (request): Promise<DirectiveReportDetailAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    const report = await readableReport(db, user, id);
    const mine = reportsFor(user, report.agency_code);
    return {
      report: presentReport(user, report),
      history: (await reportHistory(db, id)).map((e) => presentEvent(user, e)),
      may: {
        edit: mine && ['draft', 'returned'].includes(report.state),
        submit: maySubmitReportsOf(user, report.agency_code) && ['draft', 'returned'].includes(report.state),
        accept: canAccept(user) && report.state === 'submitted',
        answer: canAccept(user) && report.state !== 'draft' && !!(report.obstacles.trim() || report.proposals.trim()),
      },
    };
  });

  app.post('/api/directive/reports', async (request): Promise<IdAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'directive.report')) throw forbidden('lập báo cáo thực hiện nhiệm vụ');
    const body = parseInput(createReportBody, request.body, 'Báo cáo');
    return { id: await createReport(db, user, body) };
  });

  app.post('/api/directive/reports/:id', async (request): Promise<ReportSavedAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    const body = parseInput(updateReportBody, request.body, 'Báo cáo');
    return { id, version: await updateReport(db, user, id, body) };
  });

  app.post('/api/directive/reports/:id/submit', async (request): Promise<ReportStateAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    return { id, state: await transition(db, user, id, 'submit', null) };
  });

  app.post('/api/directive/reports/:id/accept', async (request): Promise<ReportStateAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    const body = parseInput(acceptBody, request.body ?? {}, 'Tiếp nhận');
    return { id, state: await transition(db, user, id, 'accept', body.comment?.trim() || null) };
  });

  app.post('/api/directive/reports/:id/return', async (request): Promise<ReportStateAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    const body = parseInput(returnBody, request.body, 'Trả lại');
    return { id, state: await transition(db, user, id, 'return', body.comment) };
  });

  app.post('/api/directive/reports/:id/answer', async (request): Promise<IdAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(reportParams, request.params, 'Mã báo cáo');
    const body = parseInput(answerBody, request.body, 'Trả lời kiến nghị');
    await answerReport(db, user, id, body.answer);
    return { id };
  });

  // ---- Board and alerts ---------------------------------------------------------------------------------------
  app.get('/api/directive/board', async (request): Promise<BoardAnswer> => {
    const user = currentUser(request);
    if (!mayReadBoard(user)) throw notFound('Bảng theo dõi');
    const q = parseInput(boardQuery, request.query, 'Tham số');
    const asOf = q.asOf ?? today();
    const year = q.year ?? Number(asOf.slice(0, 4));
    const b = await board(db, user, year, asOf);
    await audit(db, user, { action: 'read', objectType: 'directive_board', objectId: String(year), detail: { asOf } });
    return {
      year, asOf, periods: b.periods, bodies: b.bodies, rows: b.rows.map(presentFollowup), overdue: b.overdue.map(presentFollowup),
      issues: b.issues.map((r) => presentReport(user, r)),
      // The annual assessment before 25/12 (duty 2.7): its deadline and the state of the year's report.
      assessment: await annualAssessment(db, year, asOf),
    };
  });

  app.get('/api/alerts', async (request): Promise<AlertsAnswer> => {
    const user = currentUser(request);
    const q = parseInput(alertsQuery, request.query, 'Tham số');
    const alerts = await alertsFor(db, user, q.asOf ?? today());
    return { count: alerts.length, alerts };
  });
};

export default routes;
