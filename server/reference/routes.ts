import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';

const geoPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference', 'communes.geo.json');

/** Reference data: the communes (no personal data) and their simplified shapes for the map. */
const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/communes', async (request) => {
    currentUser(request);
    const rows = await app.database.db
      .selectFrom('commune')
      .select(['code', 'name', 'type', 'old_province', 'old_districts', 'wage_region_2026', 'area_km2', 'population_portal'])
      .orderBy('code')
      .execute();
    return { communes: rows.map((r) => ({ code: r.code, name: r.name, type: r.type, oldProvince: r.old_province, oldDistricts: r.old_districts, wageRegion: r.wage_region_2026, areaKm2: r.area_km2, population: r.population_portal })) };
  });

  let geo: string | null = null;
  app.get('/api/communes/geo', async (request, reply) => {
    currentUser(request);
    geo ??= fs.readFileSync(geoPath, 'utf8');
    reply.header('cache-control', 'private, max-age=86400').type('application/json');
    return geo;
  });
};

export default routes;
