import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { communeGeoJson } from './geo.ts';
import type { CommunesAnswer } from '#shared/api/reference.ts';

/** Reference data: the communes (no personal data) and their simplified shapes for the map. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/communes', async (request): Promise<CommunesAnswer> => {
    currentUser(request);
    const rows = await app.database.db
      .selectFrom('commune')
      .select(['code', 'name', 'type', 'old_province', 'old_districts', 'wage_region_2026', 'area_km2', 'population_portal'])
      .orderBy('code')
      .execute();
    return { communes: rows.map((r) => ({ code: r.code, name: r.name, type: r.type, oldProvince: r.old_province, oldDistricts: r.old_districts, wageRegion: r.wage_region_2026, areaKm2: r.area_km2, population: r.population_portal })) };
  });

  app.get('/api/communes/geo', async (request, reply) => {
    currentUser(request);
    reply.header('cache-control', 'private, max-age=86400').type('application/json');
    // A CommuneShapesAnswer (shared/api/reference.ts), sent as the stored text.
    return communeGeoJson();
  });
};

export default routes;
