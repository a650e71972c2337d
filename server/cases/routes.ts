/**
 * Cases API. Reads are scoped on the server (caseScope: the account's communes, the codes and stages of its role);
 * acting needs the current stage's owner role within its communes (canActOnStage). Reads of personal data, every
 * change and every export or document go to the audit log.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound, HttpError } from '../http/errors.ts';
import { can, canSeeFinding, mayReadCases, communeFilter, roleOf, seesPersonalData } from '../auth/policies.ts';
import { present } from '#shared/privacy.ts';
import { audit } from '../auth/audit.ts';
import { loadRuleBook } from '../calc/rules.ts';
import { fine } from '#shared/calc/calculators.ts';
import { CODE_LABEL } from '../reconcile/presenters.ts';
import type { FindingCode } from '#shared/auth/roles.ts';
import {
  listQuery, exportQuery, idParams, openBody, advanceBody, assignBody, noteBody, autoOpenBody, docParams, outreachQuery, contactBody, employerParams,
} from './schema.ts';
import {
  loadWorkflow, listCases, getCase, openCasesFor, advanceCase, advanceCases, assignCases, addNote, addAttachment, confirmDataClose,
  setAutoOpen, autoOpenSettings, caseHistory, todayVn, soonLimitFor, type CaseFilter, type CaseRow,
} from './service.ts';
import { presentAutoOpen, presentCase, presentCaseDetail, roleLabel, isPersonCase, DOCUMENT_LABEL, ACTION_LABEL } from './presenters.ts';
import { formatDateTime } from '#shared/format.ts';
import { caseMeasures, outreachList, addContact, employerProfile, exportCases } from './queries.ts';
import { writtenReminder, referralLetter, referralEvidence, inspectionList } from './papers.ts';
import { CLOSE_RESULT_LABEL, TIMELINESS_LABEL, OUTREACH_CODES, stageOf } from './rules.ts';
import { formatDate, formatInt, formatPeriod, formatVnd } from '#shared/format.ts';
import type {
  AutoOpenAnswer, CaseAdvanceAnswer, CaseAssigneesAnswer, CaseAttachmentAnswer, CaseDetailAnswer, CaseListAnswer, CaseMeasuresAnswer, CasesChangedAnswer, CasesMetaAnswer,
  ContactAnswer, EmployerAnswer, OpenCasesAnswer, OutreachAnswer,
} from '#shared/api/cases.ts';
import type { OkAnswer, OkMessageAnswer } from '#shared/api/common.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(reply: FastifyReply, ascii: string, vi: string, type: string) {
  reply.header('content-type', type);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(vi)}`);
}

function filterOf(q: ReturnType<typeof listQuery.parse>): CaseFilter {
  return {
    types: q.type, stages: q.stage, statuses: q.status, communes: q.commune, codes: q.code, urgency: q.urgency, overdue: q.overdue,
    mine: q.mine, assignedToMe: q.assignedToMe, search: q.search,
  };
}

const CHANNEL_LABEL = { visit: 'Đến nhà', meeting: 'Họp dân', phone: 'Điện thoại', zalo: 'Zalo', loudspeaker: 'Loa truyền thanh' };
const CONTACT_OUTCOME_LABEL = { advised: 'Đã tư vấn', will_register: 'Sẽ đăng ký', refused: 'Từ chối', registered: 'Đã đăng ký' };

const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const db = database.db;

  app.get('/api/cases/meta', async (request): Promise<CasesMetaAnswer> => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xem hồ sơ xử lý');
    const workflow = await loadWorkflow(database);
    const auto = await db.selectFrom('case_auto_open').select(['finding_code', 'enabled']).orderBy('finding_code').execute();
    return {
      types: workflow.types.map((t) => ({
        code: t.code, label: t.label, findingCodes: t.findingCodes,
        stages: t.stages.map((s) => ({ code: s.code, label: s.label, ownerRole: s.ownerRole, ownerLabel: roleLabel(s.ownerRole), deadline: s.deadlineWorkingDays ? `${s.deadlineWorkingDays} ngày làm việc` : `theo luật (${s.deadlineParam})`, documents: s.documents })),
      })),
      closeResults: CLOSE_RESULT_LABEL,
      timeliness: TIMELINESS_LABEL,
      canOpen: can(user, 'cases.work'),
      canConfigure: can(user, 'cases.configure'),
      canLogOutreach: can(user, 'outreach.log'),
      openableCodes: (roleOf(user).findings as readonly string[]).filter((c) => workflow.types.some((t) => t.findingCodes.includes(c))).map((c) => ({ code: c, label: CODE_LABEL[c as FindingCode] })),
      autoOpen: auto.map((a) => ({ code: a.finding_code, enabled: a.enabled })),
      role: { code: user.role, label: roleLabel(user.role) },
    };
  });

  // "Việc của tôi" and every other list: the same query, `mine=true` for the cases waiting on this role.
  app.get('/api/cases', async (request): Promise<CaseListAnswer> => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xem hồ sơ xử lý');
    const q = parseInput(listQuery, request.query, 'Tham số');
    const r = await listCases(database, user, filterOf(q), q.page, q.pageSize);
    const rows = r.rows.map((row) => presentCase(user, row, r.workflow, r.today, r.soonLimit));
    if (seesPersonalData(user) && r.rows.some(isPersonCase)) {
      await audit(db, user, { action: 'read', objectType: 'case_list', detail: { page: q.page, rows: rows.length, mine: q.mine ?? false } });
    }
    return { total: r.total, page: q.page, pageSize: q.pageSize, counts: r.counts, today: formatDate(r.today), rows };
  });

  app.get('/api/cases/measures', async (request): Promise<CaseMeasuresAnswer> => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xem số liệu xử lý');
    const m = await caseMeasures(database, user);
    const stageLabel = (t: string, s: string) => m.workflow.types.find((x) => x.code === t)?.stages.find((x) => x.code === s)?.label ?? s;
    return {
      byStage: m.byStage.map((r) => ({ type: r.case_type, stage: r.stage, stageLabel: stageLabel(r.case_type, r.stage), status: r.status, count: r.n, overdue: r.overdue, ageUnder30: r.age_under_30, age30to89: r.age_30_89, age90plus: r.age_90_plus })),
      timeliness: m.timeliness.map((r) => ({ office: roleLabel(r.role), agency: r.agency, total: r.n, early: r.early, onTime: r.on_time, late: r.late, earlyShare: r.n ? r.early / r.n : 0, onTimeShare: r.n ? r.on_time / r.n : 0, lateShare: r.n ? r.late / r.n : 0 })),
      recovered: m.recovered.map((r) => ({ type: r.case_type, recoveredVnd: Number(r.recovered), recoveredLabel: formatVnd(Number(r.recovered)), atOpeningVnd: Number(r.at_opening) })),
      outreachByCommune: m.outreachByCommune.map((r) => ({ communeCode: r.commune_code, contacts: r.contacts, people: r.people, converted: r.converted })),
      outreachByOfficer: m.outreachByOfficer.map((r) => ({ communeCode: r.commune_code, officer: r.officer_name, contacts: r.contacts, people: r.people, converted: r.converted })),
    };
  });

  app.get('/api/cases/export', async (request, reply) => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xuất hồ sơ xử lý');
    const q = parseInput(exportQuery, request.query, 'Tham số');
    attachment(reply, `ho-so-xu-ly.${q.format}`, `hồ-sơ-xử-lý.${q.format}`, q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
    const chunks: Buffer[] = [];
    const { Writable } = await import('node:stream');
    const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
    const n = await exportCases(database, user, filterOf(q), q.format, sink, (row) => (isPersonCase(row) ? present(user, 'personal_id', row.subject_id) ?? '' : row.subject_id));
    await audit(db, user, { action: 'export', objectType: 'case', detail: { format: q.format, rows: n } });
    return reply.send(Buffer.concat(chunks));
  });

  app.get('/api/cases/inspection-list.docx', async (request, reply) => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xem danh sách thanh tra');
    const r = await listCases(database, user, { stages: ['inspection_list'], statuses: ['open'], types: ['enforcement'] }, 1, 500);
    const buf = await inspectionList(database, r.rows);
    await audit(db, user, { action: 'export', objectType: 'case_document', detail: { doc: 'inspection_list', rows: r.rows.length } });
    attachment(reply, 'danh-sach-thanh-tra.docx', 'danh-sách-đề-nghị-thanh-tra.docx', DOCX);
    return reply.send(buf);
  });

  app.get('/api/cases/assignees', async (request): Promise<CaseAssigneesAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'cases.work')) throw forbidden('giao việc');
    const rows = await db.selectFrom('app_user').select(['id', 'full_name']).where('role', '=', user.role).where('active', '=', true).orderBy('full_name').execute();
    return { rows: rows.map((u) => ({ id: u.id, name: u.full_name })) };
  });

  app.post('/api/cases/open', async (request): Promise<OpenCasesAnswer> => {
    const user = currentUser(request);
    const body = parseInput(openBody, request.body, 'Yêu cầu mở hồ sơ');
    if (body.codes?.some((c) => !canSeeFinding(user, c))) throw forbidden('mở hồ sơ cho mã phát hiện này');
    const opened = await openCasesFor(database, user, body);
    // One finding: the address of its open case (just opened, or opened before), to go to it.
    const found = body.findingIds?.length === 1
      ? ((await db.selectFrom('work_case').select('id').where('finding_id', '=', body.findingIds[0]).where('status', '=', 'open').executeTakeFirst())?.id ?? 0)
      : 0;
    const caseId = found ? await getCase(database, user, found).then(() => found, () => null) : null;
    return { opened, caseId, message: opened ? `Đã mở ${formatInt(opened)} hồ sơ xử lý.` : 'Không có phát hiện nào cần mở hồ sơ (đã có hồ sơ đang xử lý, đã hết, hoặc ngoài phạm vi của bạn).' };
  });

  app.post('/api/cases/advance', async (request): Promise<CasesChangedAnswer> => {
    const user = currentUser(request);
    const body = parseInput(advanceBody, request.body, 'Kết quả xử lý');
    if (!body.ids?.length) throw new HttpError(400, 'Kết quả xử lý không hợp lệ — ids: chọn ít nhất một hồ sơ');
    const n = await advanceCases(database, user, body.ids, body);
    return { changed: n, message: `Đã cập nhật ${formatInt(n)} hồ sơ.` };
  });

  app.post('/api/cases/assign', async (request): Promise<CasesChangedAnswer> => {
    const user = currentUser(request);
    const body = parseInput(assignBody, request.body, 'Giao việc');
    const n = await assignCases(database, user, body.ids, body.assigneeId);
    return { changed: n, message: `Đã giao ${formatInt(n)} hồ sơ.` };
  });

  // The administrator's page: every code a case type takes, whether it opens cases after each run, who changed it.
  app.get('/api/cases/auto-open', async (request): Promise<AutoOpenAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'cases.configure')) throw forbidden('xem thiết lập tự động mở hồ sơ');
    const workflow = await loadWorkflow(database);
    return { rows: (await autoOpenSettings(database)).map((r) => presentAutoOpen(r, workflow)) };
  });

  app.put('/api/cases/auto-open', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    const body = parseInput(autoOpenBody, request.body, 'Thiết lập');
    await setAutoOpen(database, user, body.code, body.enabled);
    return { ok: true };
  });

  app.get('/api/cases/:id', async (request): Promise<CaseDetailAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const { row, workflow } = await getCase(database, user, id);
    const today = todayVn();
    const soon = await soonLimitFor(database, today);
    const history = await caseHistory(database, id);
    const finding = await db.selectFrom('finding').select(['status', 'resolved_run_id']).where('id', '=', row.finding_id).executeTakeFirst();
    const detail = presentCaseDetail(user, row, workflow, today, soon, history, { suggestedFine: await suggestedFine(row), finding: finding ? { status: finding.status, resolvedRunId: finding.resolved_run_id } : null });
    if (isPersonCase(row) && seesPersonalData(user)) await audit(db, user, { action: 'read', objectType: 'case', objectId: id, communeCode: row.commune_code });
    return detail;
  });

  /** The fine range of the shared calculator for an enforcement case at the sanction stage (a suggestion). */
  async function suggestedFine(row: CaseRow) {
    if (row.case_type !== 'enforcement' || row.stage !== 'sanction') return null;
    const screening = (row.frozen_amounts as Record<string, any>)?.criminalScreening ?? {};
    const ms = Array.isArray(row.frozen_evidence?.months) ? (row.frozen_evidence.months as Array<Record<string, any>>) : [];
    const book = await loadRuleBook(db);
    const kind = row.finding_code === 'DN_TRON_DONG' ? 'evasion' : row.finding_code === 'DN_CHAM_DONG' ? 'late' : 'unpaid-all';
    try {
      return fine(book, {
        amount_due: Number(row.frozen_amount_vnd), workers: Number(screening.workers ?? Math.max(0, ...ms.map((m) => Number(m.workers ?? 0)))),
        months: Number(screening.evadedMonths ?? ms.length), kind, organisation: true, prior_sanction: 'unknown', date: todayVn(),
      });
    } catch {
      return null;
    }
  }

  app.post('/api/cases/:id/advance', async (request): Promise<CaseAdvanceAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const body = parseInput(advanceBody, request.body, 'Kết quả xử lý');
    const row = await advanceCase(database, user, id, body);
    return { ok: true, status: row.status, stage: row.stage, message: row.status === 'closed' ? 'Đã đóng hồ sơ.' : 'Đã chuyển sang bước tiếp theo.' };
  });

  app.post('/api/cases/:id/notes', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    const body = parseInput(noteBody, request.body, 'Ghi chú');
    await addNote(database, user, id, body.note);
    return { ok: true };
  });

  app.post('/api/cases/:id/attachments', async (request): Promise<CaseAttachmentAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    if (!request.isMultipart()) throw new HttpError(400, 'Hãy gửi tệp dạng multipart/form-data (trường "file").');
    const file = await request.file({ limits: { fileSize: 50 * 1024 * 1024 } });
    if (!file) throw new HttpError(400, 'Thiếu tệp đính kèm (trường "file").');
    const data = await file.toBuffer().catch(() => { throw new HttpError(413, 'Tệp đính kèm quá lớn (tối đa 50 MB).'); });
    if (data.length === 0) throw new HttpError(400, 'Tệp đính kèm rỗng.');
    const r = await addAttachment(database, user, id, { fileName: file.filename.slice(0, 255), contentType: file.mimetype, data });
    return { ok: true, id: r.id, sha256: r.sha256 };
  });

  app.post('/api/cases/:id/confirm-close', async (request): Promise<OkMessageAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(idParams, request.params, 'Địa chỉ');
    await confirmDataClose(database, user, id);
    return { ok: true, message: 'Đã xác nhận đóng hồ sơ theo dữ liệu.' };
  });

  app.get('/api/cases/:id/documents/:doc', async (request, reply) => {
    const user = currentUser(request);
    const { id, doc } = parseInput(docParams, request.params, 'Địa chỉ');
    const { row, stage, workflow } = await getCase(database, user, id);
    const type = workflow.types.find((t) => t.code === row.case_type)!;
    const reached = type.stages.filter((s) => s.position <= stage.position).flatMap((s) => s.documents);
    if (!reached.includes(doc)) throw new HttpError(409, `Hồ sơ chưa đến bước lập "${DOCUMENT_LABEL[doc]}".`);
    const buf = doc === 'written_reminder' ? await writtenReminder(database, row) : doc === 'referral_letter' ? await referralLetter(database, row) : await referralEvidence(database, row);
    await audit(db, user, { action: 'export', objectType: 'case_document', objectId: id, communeCode: row.commune_code, detail: { doc } });
    const ext = doc === 'referral_workbook' ? 'xlsx' : 'docx';
    attachment(reply, `${doc}-${id}.${ext}`, `${DOCUMENT_LABEL[doc].replace(/ \(\.\w+\)$/, '')}-${id}.${ext}`, ext === 'xlsx' ? XLSX : DOCX);
    return reply.send(buf);
  });

  // Outreach: the lists of a commune and the contact log (no case per person).
  app.get('/api/outreach', async (request): Promise<OutreachAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'outreach.log') && !can(user, 'cases.read') && !OUTREACH_CODES.some((c) => canSeeFinding(user, c))) throw forbidden('xem danh sách vận động');
    const q = parseInput(outreachQuery, request.query, 'Tham số');
    const scope = communeFilter(user);
    const communes = q.commune?.length ? (scope ? q.commune.filter((c) => scope.includes(c)) : q.commune) : scope;
    const r = await outreachList(database, communes, q.kind, q.page, q.pageSize);
    if (seesPersonalData(user) && r.rows.length) await audit(db, user, { action: 'read', objectType: 'outreach_list', detail: { kind: q.kind, page: q.page, rows: r.rows.length } });
    return {
      total: r.total,
      rows: r.rows.map((x) => ({
        findingId: x.finding_id == null ? null : Number(x.finding_id), code: x.code, subjectId: present(user, 'personal_id', x.subject_id),
        subjectIdRaw: seesPersonalData(user) ? x.subject_id : null,
        subjectName: seesPersonalData(user) ? x.subject_name : null, communeCode: x.commune_code, contacts: x.contacts,
        paidUntil: x.amounts?.paidUntil ? formatPeriod(x.amounts.paidUntil) : null,
        lastContact: x.last_contact ? `${formatDate(x.last_contact.date)}: ${CONTACT_OUTCOME_LABEL[x.last_contact.outcome as keyof typeof CONTACT_OUTCOME_LABEL]}${x.last_contact.followUp ? `, hẹn ${formatDate(x.last_contact.followUp)}` : ''}` : '',
      })),
      channels: CHANNEL_LABEL,
      outcomes: CONTACT_OUTCOME_LABEL,
    };
  });

  app.post('/api/outreach/contacts', async (request): Promise<ContactAnswer> => {
    const user = currentUser(request);
    if (!can(user, 'outreach.log')) throw forbidden('ghi nhận tiếp xúc vận động');
    const body = parseInput(contactBody, request.body, 'Tiếp xúc');
    const r = await addContact(database, user, body);
    if (!r) throw notFound('Người trong danh sách vận động');
    await audit(db, user, { action: 'change', objectType: 'outreach_contact', objectId: r.id, communeCode: r.communeCode, detail: { outcome: body.outcome, channel: body.channel } });
    return { ok: true, id: r.id, message: 'Đã ghi nhận tiếp xúc.' };
  });

  // The employer page: everything BaoPhu knows about one employer.
  app.get('/api/employers/:taxCode', async (request): Promise<EmployerAnswer> => {
    const user = currentUser(request);
    if (!mayReadCases(user)) throw forbidden('xem thông tin đơn vị');
    const { taxCode } = parseInput(employerParams, request.params, 'Địa chỉ');
    const p = await employerProfile(database, taxCode);
    const communeOf = p?.taxpayer?.commune_code ?? p?.units[0]?.commune_code ?? null;
    const scope = communeFilter(user);
    if (!p || (scope && (communeOf === null || !scope.includes(communeOf)))) throw notFound('Đơn vị');
    const cases = await listCases(database, user, { relatedId: taxCode }, 1, 200);
    const unitCases = p.units.length ? await listCases(database, user, { search: p.units[0].unit_code }, 1, 200) : null;
    const allCases = [...cases.rows, ...(unitCases?.rows ?? []).filter((r) => !cases.rows.some((c) => c.id === r.id))];
    await audit(db, user, { action: 'read', objectType: 'employer', objectId: taxCode, communeCode: communeOf });
    return {
      taxCode: present(user, 'tax_code', taxCode),
      name: present(user, 'business_name', p.taxpayer?.name ?? p.units[0]?.name ?? taxCode, taxCode),
      communeCode: communeOf,
      taxpayer: p.taxpayer ? { type: p.taxpayer.taxpayer_type, status: p.taxpayer.status, declaredWorkers: p.taxpayer.declared_workers } : null,
      units: p.units.map((u) => ({ unitCode: u.unit_code, name: u.name, communeCode: u.commune_code, industrialPark: u.industrial_park, status: u.status })),
      contributions: p.contributions.map((c) => ({ unitCode: c.unit_code, period: formatPeriod(c.period), workers: c.workers, due: formatVnd(Number(c.amount_due)), paid: formatVnd(Number(c.amount_paid)), arrears: formatVnd(Number(c.amount_due) - Number(c.amount_paid)), remindedOn: formatDate(c.reminded_on) })),
      workers: p.taxedWorkers.map((t) => ({ period: formatPeriod(t.period), taxed: t.workers, participants: p.participants.find((x) => x.period === t.period)?.active ?? null, declared: p.taxpayer?.declared_workers ?? null })),
      parkReports: p.parkReports.map((k) => ({ period: formatPeriod(k.period), park: k.industrial_park, reported: k.reported_workers })),
      findings: p.findings.filter((f) => canSeeFinding(user, f.code)).map((f) => ({ id: Number(f.id), code: f.code, label: CODE_LABEL[f.code as FindingCode], subjectId: f.subject_kind === 'person' ? present(user, 'personal_id', f.subject_id) : f.subject_id, amount: formatVnd(Number(f.amount_vnd)), present: f.resolved_run_id == null, status: f.status })),
      cases: allCases.map((c) => presentCase(user, c, cases.workflow, cases.today, cases.soonLimit)),
      history: (await db.selectFrom('case_log').select(['at', 'username', 'role', 'action', 'stage', 'outcome', 'case_id'])
        .where((eb) => eb('case_id', '=', eb.fn.any(eb.val(allCases.map((c) => c.id)))))
        .orderBy('at', 'desc').orderBy('id', 'desc').limit(100).execute()).map((l) => {
        const c = allCases.find((x) => x.id === l.case_id)!;
        const st = stageOf(cases.workflow, c.case_type, l.stage ?? '');
        return {
          at: formatDateTime(l.at), who: l.username ?? 'Hệ thống (đối soát)', role: roleLabel(l.role), caseId: l.case_id,
          action: ACTION_LABEL[l.action] ?? l.action, stage: st?.label ?? '', outcome: st?.outcomes.find((o) => o.code === l.outcome)?.label ?? '',
        };
      }),
    };
  });
};

export default routes;
