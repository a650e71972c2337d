import type { FastifyPluginAsync } from 'fastify';
import { z } from '#shared/zod-vi.ts';
import { currentUser } from '../http/app.ts';
import { forbidden, notFound, parseInput } from '../http/errors.ts';
import { canSeePark, parkScope, seesPersonalData } from '../auth/policies.ts';
import { isPersonalTaxCode } from '#shared/privacy.ts';
import { audit } from '../auth/audit.ts';
import { allParks, parkEmployers, unmatchedParkNames, visibleParks } from './service.ts';
import { presentPark, presentParkEmployer } from './presenters.ts';

const parkParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_]{2,40}$/, 'Mã khu công nghiệp không hợp lệ') });

/** Industrial parks and clusters (parks.read), scoped by policy: a park-scoped account its parks, a commune its communes'. */
const routes: FastifyPluginAsync = async (app) => {
  const db = app.database.db;

  app.get('/api/parks', async (request) => {
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

  app.get('/api/parks/:code', async (request) => {
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
    return { park: presentPark(park, employers), employers: employers.map((e) => presentParkEmployer(user, e)) };
  });
};

export default routes;
