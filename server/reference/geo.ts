/** The communes' simplified shapes (reference/communes.geo.json), read once from the project's reference/ folder. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeoFeature } from '#shared/charts/geometry.ts';

const geoPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'reference', 'communes.geo.json');

let text: string | null = null;
let features: GeoFeature[] | null = null;

/** The GeoJSON text as stored (what /api/communes/geo sends). */
export function communeGeoJson(): string {
  text ??= fs.readFileSync(geoPath, 'utf8');
  return text;
}

/** The shapes as features keyed by `properties.code` (the map of the web and of the reports). */
export function communeFeatures(): GeoFeature[] {
  features ??= (JSON.parse(communeGeoJson()) as { features: GeoFeature[] }).features;
  return features;
}
