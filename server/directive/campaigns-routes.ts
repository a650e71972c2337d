/** `/api/directive/campaigns…`: communication activities and annual plans (issue 14 part 6). Every change is audited. */
import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { parseInput, forbidden, notFound, HttpError } from '../http/errors.ts';
import { canEditCampaign, canFollowDirective as followsAll, canReadCampaign, canSeeCommune, mayRecordCampaigns, type SessionUser } from '../auth/policies.ts';
import { audit } from '../auth/audit.ts';
import { campaignsQuery, campaignParams, campaignBody, planQuery, planBody } from './campaigns-schema.ts';
import { getCampaign, listCampaigns, planVersusDone, presentCampaign } from './campaigns.ts';
import { AUDIENCE_VI, CHANNEL_VI, type CampaignChannel } from '#shared/directive/campaigns.ts';
import { todayVn } from '#shared/calc/dates.ts';
import type { z } from 'zod';
import type { CampaignAnswer, CampaignPlanAnswer, CampaignPlanSavedAnswer, CampaignsAnswer } from '#shared/api/directive.ts';
import type { OkAnswer } from '#shared/api/common.ts';

const requireReport = (user: SessionUser) => {
  if (!mayRecordCampaigns(user)) throw forbidden('ghi hoạt động truyền thông');
};

const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  /** The communes of an activity must exist and, for a commune account, be its own (at least one). */
  async function checkCommunes(user: SessionUser, communes: string[]) {
    const unique = [...new Set(communes)];
    if (user.communes !== null) {
      if (!unique.length) throw new HttpError(400, 'Cần chọn xã, phường nơi thực hiện hoạt động.', [{ field: 'communes', message: 'Cần ít nhất một xã, phường' }]);
      const outside = unique.filter((c) => !canSeeCommune(user, c));
      if (outside.length) throw new HttpError(403, `Xã, phường ${outside.join(', ')} nằm ngoài phạm vi tài khoản của bạn.`);
    }
    if (unique.length) {
      const known = await db.selectFrom('commune').select('code').where('code', 'in', unique).execute();
      const missing = unique.filter((c) => !known.some((k) => k.code === c));
      if (missing.length) throw new HttpError(400, `Mã xã ${missing.join(', ')} không có trong danh mục xã, phường.`, [{ field: 'communes', message: 'Mã xã không tồn tại' }]);
    }
    return unique;
  }

  const values = (body: z.infer<typeof campaignBody>, communes: string[]) => ({
    held_on: body.heldOn, channel: body.channel, title: body.title, audience: body.audience, commune_codes: communes,
    parks: [...new Set(body.parks)], attendees: body.attendees ?? null, articles: body.articles ?? null, minutes: body.minutes ?? null, cost_vnd: body.costVnd ?? null,
  });

  app.get('/api/directive/campaigns', async (request): Promise<CampaignsAnswer> => {
    const user = currentUser(request);
    const q = parseInput(campaignsQuery, request.query, 'Tham số');
    if (q.commune && !canSeeCommune(user, q.commune)) throw notFound('Xã/phường');
    const rows = await listCampaigns(db, user, q);
    return {
      canRecord: mayRecordCampaigns(user),
      readsAll: followsAll(user),
      channels: Object.entries(CHANNEL_VI).map(([value, label]) => ({ value, label })),
      audiences: Object.entries(AUDIENCE_VI).map(([value, label]) => ({ value, label })),
      campaigns: rows.map((r) => presentCampaign(r, user)),
    };
  });

  app.get('/api/directive/campaigns/plan', async (request): Promise<CampaignPlanAnswer> => {
    const user = currentUser(request);
    const q = parseInput(planQuery, request.query, 'Tham số');
    const year = q.year ?? Number(todayVn().slice(0, 4));
    return { year, canEdit: mayRecordCampaigns(user), rows: await planVersusDone(db, user, year) };
  });

  app.put('/api/directive/campaigns/plan', async (request): Promise<CampaignPlanSavedAnswer> => {
    const user = currentUser(request);
    requireReport(user);
    const body = parseInput(planBody, request.body, 'Kế hoạch tuyên truyền');
    if (user.communes !== null ? !user.communes.includes(body.unit) : body.unit !== '') {
      throw new HttpError(403, user.communes !== null ? 'Kế hoạch của tài khoản xã phải ghi cho một xã, phường trong phạm vi tài khoản.' : 'Kế hoạch của cơ quan cấp tỉnh không ghi theo xã (để trống đơn vị).');
    }
    // The keys are channels (planBody checked them); Object.entries types them as any string.
    const entries = Object.entries(body.counts) as Array<[CampaignChannel, number | undefined]>;
    if (!entries.length) throw new HttpError(400, 'Cần số hoạt động kế hoạch của ít nhất một hình thức.', [{ field: 'counts', message: 'Trống' }]);
    await db.transaction().execute(async (trx) => {
      for (const [channel, planned] of entries) {
        await trx.insertInto('campaign_plan').values({ agency_code: user.agency!, unit: body.unit, year: body.year, channel, planned_count: planned!, updated_by: user.username })
          .onConflict((oc) => oc.columns(['agency_code', 'unit', 'year', 'channel']).doUpdateSet({ planned_count: planned!, updated_at: new Date(), updated_by: user.username }))
          .execute();
      }
    });
    await audit(db, user, { action: 'change', objectType: 'campaign_plan', objectId: `${user.agency}|${body.unit}|${body.year}`, detail: { counts: body.counts } });
    return { year: body.year, rows: await planVersusDone(db, user, body.year) };
  });

  app.post('/api/directive/campaigns', async (request, reply): Promise<CampaignAnswer> => {
    const user = currentUser(request);
    requireReport(user);
    const body = parseInput(campaignBody, request.body, 'Hoạt động truyền thông');
    const communes = await checkCommunes(user, body.communes);
    const { id } = await db.insertInto('campaign_activity')
      .values({ agency_code: user.agency!, ...values(body, communes), created_by: user.id, created_by_name: user.username })
      .returning('id').executeTakeFirstOrThrow();
    await audit(db, user, { action: 'change', objectType: 'campaign', objectId: id, communeCode: communes.length === 1 ? communes[0] : null, detail: { created: { ...body, communes } } });
    reply.code(201);
    return presentCampaign((await getCampaign(db, id))!, user);
  });

  /** The activity if the user may change it; 404 when the user may not even read it (its existence is not told). */
  async function editable(user: SessionUser, id: number) {
    const found = await getCampaign(db, id);
    if (!found || !canReadCampaign(user, found)) throw notFound('Hoạt động truyền thông');
    if (!canEditCampaign(user, found)) throw forbidden('sửa hoạt động truyền thông của cơ quan khác');
    return found;
  }

  app.put('/api/directive/campaigns/:id', async (request): Promise<CampaignAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(campaignParams, request.params, 'Mã hoạt động');
    const body = parseInput(campaignBody, request.body, 'Hoạt động truyền thông');
    const before = await editable(user, id);
    const communes = await checkCommunes(user, body.communes);
    await db.updateTable('campaign_activity').set({ ...values(body, communes), updated_at: new Date() }).where('id', '=', id).execute();
    await audit(db, user, { action: 'change', objectType: 'campaign', objectId: id, detail: { before: presentCampaign(before, user), after: { ...body, communes } } });
    return presentCampaign((await getCampaign(db, id))!, user);
  });

  app.delete('/api/directive/campaigns/:id', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    const { id } = parseInput(campaignParams, request.params, 'Mã hoạt động');
    const before = await editable(user, id);
    await db.deleteFrom('campaign_activity').where('id', '=', id).execute();
    await audit(db, user, { action: 'change', objectType: 'campaign', objectId: id, detail: { deleted: presentCampaign(before, user) } });
    return { ok: true };
  });
};

export default routes;
