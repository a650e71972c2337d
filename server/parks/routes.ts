import type { FastifyPluginAsync } from 'fastify';
import { z } from '#shared/zod-vi.ts';
import { currentUser } from '../http/request.ts';
import { forbidden, HttpError, notFound, parseInput } from '../http/errors.ts';
import { canEditPark, canSeePark, parkScope, seesPersonalData } from '../auth/policies.ts';
import { isPersonalTaxCode } from '#shared/privacy.ts';
import { audit } from '../auth/audit.ts';
import { allParks, parkAliasKeys, parkCases, parkEmployers, savePark, unmatchedParkNames, visibleParks } from './service.ts';
import { presentPark, presentParkCases, presentParkEmployer } from './presenters.ts';
import type { ParkAnswer, ParkCreatedAnswer, ParksAnswer } from '#shared/api/parks.ts';
import type { OkAnswer } from '#shared/api/common.ts';

const parkParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_]{2,40}$/, 'Mã khu công nghiệp không hợp lệ') });
const communeList = z.array(z.string().regex(/^\d{5}$/, 'Mã xã gồm 5 chữ số')).max(92);
const spellings = z.array(z.string().trim().min(1, 'Tên gọi trống').max(200)).max(50);
const parkFields = {
  name: z.string().trim().min(1, 'Vui lòng nhập tên khu/cụm').max(200),
  areaHa: z.number({ error: 'Diện tích phải là số' }).min(0, 'Diện tích không âm').max(100_000, 'Diện tích quá lớn').nullable().default(null),
  note: z.string().trim().max(1000).nullable().default(null),
  communes: communeList.default([]),
  aliases: spellings.default([]),
};
const newParkBody = z.object({
  code: z.string().regex(/^(KCN|CCN)_[A-Z0-9_]{2,36}$/, 'Mã gồm KCN_ hoặc CCN_ và chữ in hoa không dấu, số, gạch dưới'),
  kind: z.enum(['KCN', 'CCN'], 'Loại là KCN hoặc CCN'),
  ...parkFields,
});
const editParkBody = z.object({ ...parkFields, name: parkFields.name.optional(), areaHa: parkFields.areaHa.optional(), note: parkFields.note.optional(), communes: communeList.optional(), aliases: spellings.optional() });

/** Industrial parks and clusters (parks.read), scoped by policy: a park-scoped account its parks, a commune its communes'. */
const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const db = database.db;

  app.get('/api/parks', async (request): Promise<ParksAnswer> => {
    const user = currentUser(request);
    if (!parkScope(user)) throw forbidden('xem khu công nghiệp');
    const parks = await visibleParks(db, user);
    const employers = await parkEmployers(db, user, parks.map((p) => p.code));
    const scope = parkScope(user)!;
    return {
      parks: parks.map((p) => presentPark(p, employers.filter((e) => e.park_code === p.code))),
      // Names that match no park concern the whole province: shown to province-wide, unrestricted accounts only.
      unmatched: scope.parks === null && scope.communes === null ? await unmatchedParkNames(db) : [],
    };
  });

  app.get('/api/parks/:code', async (request): Promise<ParkAnswer> => {
    const user = currentUser(request);
    if (!parkScope(user)) throw forbidden('xem khu công nghiệp');
    const { code } = parseInput(parkParams, request.params, 'Địa chỉ');
    const park = (await allParks(db)).find((p) => p.code === code.toUpperCase());
    if (!park || !canSeePark(user, park)) throw notFound('Khu công nghiệp');
    const employers = await parkEmployers(db, user, [park.code]);
    // A household business's tax code and name are its owner's ID and name: an unmasked read is audited.
    const personal = employers.filter((e) => isPersonalTaxCode(e.tax_code)).length;
    if (personal && seesPersonalData(user)) {
      await audit(db, user, { action: 'read', objectType: 'industrial_park', objectId: park.code, detail: { employers: employers.length, householdEmployers: personal } });
    }
    // The employers' enforcement cases, under the cases' own read scope; null for a role that reads no cases.
    const cases = await parkCases(database, user, employers);
    return {
      park: { ...presentPark(park, employers), aliases: await parkAliasKeys(db, park.code), editable: canEditPark(user, park, false) },
      employers: employers.map((e) => presentParkEmployer(user, e)),
      cases: cases && presentParkCases(user, cases, employers),
    };
  });

  // Reference data the bodies correct: the park board its KCN, Industry and Trade its CCN (policy canEditPark).
  app.post('/api/parks', async (request): Promise<ParkCreatedAnswer> => {
    const user = currentUser(request);
    const body = parseInput(newParkBody, request.body, 'Khu/cụm công nghiệp');
    if (!body.code.startsWith(`${body.kind}_`)) throw new HttpError(400, `Mã của một ${body.kind} phải bắt đầu bằng ${body.kind}_.`, { issues: [{ field: 'code', message: 'Sai tiền tố' }] });
    if (!canEditPark(user, body, true)) throw forbidden(`thêm ${body.kind === 'KCN' ? 'khu công nghiệp' : 'cụm công nghiệp'}`);
    if ((await allParks(db)).some((p) => p.code === body.code)) throw new HttpError(409, `Mã ${body.code} đã có.`, { issues: [{ field: 'code', message: 'Đã có' }] });
    await savePark(db, body.code, body, true);
    await audit(db, user, { action: 'change', objectType: 'industrial_park', objectId: body.code, detail: { operation: 'create', kind: body.kind, communes: body.communes, aliases: body.aliases.length } });
    return { code: body.code };
  });

  app.patch('/api/parks/:code', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    const { code } = parseInput(parkParams, request.params, 'Địa chỉ');
    const body = parseInput(editParkBody, request.body, 'Khu/cụm công nghiệp');
    const park = (await allParks(db)).find((p) => p.code === code.toUpperCase());
    if (!park || !canSeePark(user, park)) throw notFound('Khu công nghiệp');
    if (!canEditPark(user, park, false)) throw forbidden(`sửa ${park.kind} ${park.name}`);
    const keptAliases = (await db.selectFrom('industrial_park_alias').select('alias_key').where('park_code', '=', park.code).execute()).map((a) => a.alias_key);
    await savePark(db, park.code, {
      name: body.name ?? park.name, kind: park.kind, areaHa: body.areaHa === undefined ? park.areaHa : body.areaHa,
      note: body.note === undefined ? park.note : body.note, communes: body.communes ?? park.communes, aliases: body.aliases ?? keptAliases,
    }, false);
    await audit(db, user, { action: 'change', objectType: 'industrial_park', objectId: park.code, detail: { operation: 'edit', fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) } });
    return { ok: true };
  });
};

export default routes;
