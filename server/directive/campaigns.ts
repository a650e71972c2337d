/**
 * Communication campaigns (issue 14 part 6): each body records its activities against its annual plan. Access: a
 * body sees and edits only its own activities (a commune account: those of its communes); the bodies that follow the
 * directive (directive.follow: leadership, Home Affairs, the administrator) read every body's.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CampaignAnswer, CampaignPlanRow } from '#shared/api/directive.ts';
// The access rules (ownsCampaign, canReadCampaign, canEditCampaign) live in server/auth/policies.ts.
import { canEditCampaign, canFollowDirective as followsAll, mayRecordCampaigns, type SessionUser } from '../auth/policies.ts';
import { AUDIENCE_VI, CHANNEL_VI, CAMPAIGN_CHANNELS, type CampaignAudience, type CampaignChannel } from '#shared/directive/campaigns.ts';

/** The WHERE clause of the activities a user may read (mirrors canReadCampaign in SQL). */
function readable(user: SessionUser) {
  if (followsAll(user)) return sql<boolean>`true`;
  if (!mayRecordCampaigns(user)) return sql<boolean>`false`;
  if (user.communes === null) return sql<boolean>`a.agency_code = ${user.agency}`;
  return sql<boolean>`a.agency_code = ${user.agency} AND cardinality(a.commune_codes) > 0 AND a.commune_codes <@ ${user.communes}::text[]`;
}

export interface CampaignFilter { year?: number; commune?: string }

export async function listCampaigns(db: Kysely<DB>, user: SessionUser, filter: CampaignFilter) {
  const year = filter.year ? sql`AND a.held_on BETWEEN ${`${filter.year}-01-01`}::date AND ${`${filter.year}-12-31`}::date` : sql``;
  const commune = filter.commune ? sql`AND ${filter.commune} = ANY(a.commune_codes)` : sql``;
  const { rows } = await sql<CampaignRecord>`
    SELECT a.*, g.name AS agency_name FROM campaign_activity a JOIN agency g ON g.code = a.agency_code
    WHERE ${readable(user)} ${year} ${commune}
    ORDER BY a.held_on DESC, a.id DESC LIMIT 2000`.execute(db);
  return rows;
}

export interface CampaignRecord {
  id: number; agency_code: string; agency_name: string; held_on: string; channel: string; title: string; audience: string;
  commune_codes: string[]; parks: string[]; attendees: number | null; articles: number | null; minutes: number | null;
  cost_vnd: number | null; created_by_name: string | null; created_at: Date; updated_at: Date;
}

export function presentCampaign(c: CampaignRecord, user: SessionUser): CampaignAnswer {
  return {
    id: c.id,
    agency: c.agency_code,
    agencyName: c.agency_name,
    heldOn: c.held_on,
    channel: c.channel,
    channelLabel: CHANNEL_VI[c.channel as CampaignChannel] ?? c.channel,
    title: c.title,
    audience: c.audience,
    audienceLabel: AUDIENCE_VI[c.audience as CampaignAudience] ?? c.audience,
    communes: c.commune_codes,
    parks: c.parks,
    attendees: c.attendees,
    articles: c.articles,
    minutes: c.minutes,
    costVnd: c.cost_vnd,
    recordedBy: c.created_by_name,
    canEdit: canEditCampaign(user, c),
  };
}

export async function getCampaign(db: Kysely<DB>, id: number): Promise<CampaignRecord | undefined> {
  const { rows } = await sql<CampaignRecord>`SELECT a.*, g.name AS agency_name FROM campaign_activity a JOIN agency g ON g.code = a.agency_code WHERE a.id = ${id}`.execute(db);
  return rows[0];
}

/** Plan vs done per body (and commune plan), per channel, for the bodies the user may read. */
export async function planVersusDone(db: Kysely<DB>, user: SessionUser, year: number): Promise<CampaignPlanRow[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const { rows } = await sql<{ agency_code: string; agency_name: string; unit: string; channel: string; planned: number | null; done: number }>`
    WITH a AS (SELECT * FROM campaign_activity a WHERE ${readable(user)} AND a.held_on BETWEEN ${from}::date AND ${to}::date),
    units AS (
      SELECT p.agency_code, p.unit FROM campaign_plan p WHERE p.year = ${year}
      UNION SELECT a.agency_code, '' FROM a
    ),
    visible_units AS (
      SELECT u.* FROM units u
      WHERE ${followsAll(user) ? sql`true` : user.agency === null ? sql`false`
        : user.communes === null ? sql`u.agency_code = ${user.agency}`
        : sql`u.agency_code = ${user.agency} AND u.unit = ANY(${user.communes}::text[])`}
    )
    SELECT u.agency_code, g.name AS agency_name, u.unit, ch.channel,
           (SELECT p.planned_count FROM campaign_plan p WHERE p.agency_code = u.agency_code AND p.unit = u.unit AND p.year = ${year} AND p.channel = ch.channel) AS planned,
           (SELECT count(*)::int FROM a WHERE a.agency_code = u.agency_code AND a.channel = ch.channel AND (u.unit = '' OR u.unit = ANY(a.commune_codes))) AS done
    FROM visible_units u JOIN agency g ON g.code = u.agency_code CROSS JOIN unnest(${[...CAMPAIGN_CHANNELS]}::text[]) AS ch(channel)
    ORDER BY g.name, u.unit, array_position(${[...CAMPAIGN_CHANNELS]}::text[], ch.channel)`.execute(db);
  return rows.map((r) => ({
    agency: r.agency_code, agencyName: r.agency_name, unit: r.unit, channel: r.channel as CampaignChannel,
    channelLabel: CHANNEL_VI[r.channel as CampaignChannel], planned: r.planned, done: r.done,
  }));
}
