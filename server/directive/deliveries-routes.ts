/** `/api/directive/deliveries…`: data-sharing compliance and its calendar (issue 14 part 5). */
import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound, HttpError } from '../http/errors.ts';
import { canAcceptDirective, visibleDeliveryAgencies as visibleAgencies, type SessionUser } from '../auth/policies.ts';
import { audit } from '../auth/audit.ts';
import { deliveriesQuery, calendarParams, calendarChange, calendarCreate } from './deliveries-schema.ts';
import { deliveryRows } from './deliveries.ts';
import { presentDelivery, presentCalendar } from './deliveries-presenters.ts';
import type { CalendarEntryAnswer, DeliveriesAnswer, DeliveryCalendarAnswer } from '#shared/api/directive.ts';
import { todayVn } from '#shared/calc/dates.ts';

const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/directive/deliveries', async (request): Promise<DeliveriesAnswer> => {
    const user = currentUser(request);
    const q = parseInput(deliveriesQuery, request.query, 'Tham số');
    const asOf = q.asOf ?? todayVn();
    const year = q.year ?? Number(asOf.slice(0, 4));
    const rows = await deliveryRows(app.database, { year, asOf, agencies: visibleAgencies(user) });
    return { year, asOf, canEditCalendar: canAcceptDirective(user), rows: rows.map(presentDelivery) };
  });

  app.get('/api/directive/deliveries/calendar', async (request): Promise<DeliveryCalendarAnswer> => {
    const user = currentUser(request);
    const agencies = visibleAgencies(user);
    let query = db.selectFrom('delivery_calendar as c').innerJoin('agency as a', 'a.code', 'c.agency_code').selectAll('c').select('a.name as agency_name').orderBy('c.agency_code').orderBy('c.kind');
    if (agencies) query = query.where('c.agency_code', 'in', agencies.length ? agencies : ['']);
    const entries = await query.execute();
    const bodies = await db.selectFrom('agency').select(['code', 'name']).where('code', '<>', 'ADMIN').orderBy('name').execute();
    return { canEdit: canAcceptDirective(user), entries: entries.map(presentCalendar), agencies: bodies };
  });

  const requireAccept = (user: SessionUser) => {
    if (!canAcceptDirective(user)) throw forbidden('sửa lịch chia sẻ dữ liệu');
  };

  app.put('/api/directive/deliveries/calendar/:id', async (request): Promise<CalendarEntryAnswer> => {
    const user = currentUser(request);
    requireAccept(user);
    const { id } = parseInput(calendarParams, request.params, 'Mã dòng lịch');
    const body = parseInput(calendarChange, request.body, 'Lịch chia sẻ dữ liệu');
    const before = await db.selectFrom('delivery_calendar').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('Dòng lịch chia sẻ dữ liệu');
    const after = await db.updateTable('delivery_calendar')
      .set({ frequency: body.frequency, due_day: body.dueDay, due_month_offset: body.dueMonthOffset, active: body.active ?? before.active, updated_at: new Date(), updated_by: user.username })
      .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await audit(db, user, { action: 'change', objectType: 'delivery_calendar', objectId: id, detail: { kind: before.kind, before: { frequency: before.frequency, dueDay: before.due_day, dueMonthOffset: before.due_month_offset, active: before.active }, after: body } });
    return presentCalendar({ ...after, agency_name: null });
  });

  app.post('/api/directive/deliveries/calendar', async (request, reply): Promise<CalendarEntryAnswer> => {
    const user = currentUser(request);
    requireAccept(user);
    const body = parseInput(calendarCreate, request.body, 'Lịch chia sẻ dữ liệu');
    const agency = await db.selectFrom('agency').select('code').where('code', '=', body.agency).executeTakeFirst();
    if (!agency || body.agency === 'ADMIN') throw new HttpError(400, `Cơ quan ${body.agency} không có trong danh sách cơ quan của chỉ thị.`);
    const taken = await db.selectFrom('delivery_calendar').select('agency_code').where('kind', '=', body.kind).executeTakeFirst();
    if (taken) throw new HttpError(409, `Loại tệp ${body.kind} đã có trong lịch (cơ quan ${taken.agency_code}); hãy sửa dòng đó.`);
    const row = await db.insertInto('delivery_calendar').values({
      agency_code: body.agency, kind: body.kind, frequency: body.frequency, due_day: body.dueDay, due_month_offset: body.dueMonthOffset,
      clause: body.clause, clause_text: body.clauseText, active: body.active ?? true, updated_by: user.username,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(db, user, { action: 'change', objectType: 'delivery_calendar', objectId: row.id, detail: { created: body } });
    reply.code(201);
    return presentCalendar({ ...row, agency_name: null });
  });
};

export default routes;
