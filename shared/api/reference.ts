/**
 * API answers of the reference data (`/api/communes`, `/api/communes/geo`): built by server/reference/routes.ts;
 * read by every page that names or maps communes (web/src/components/useCommunes.ts, the overview's map). Types only.
 */
import type { GeoFeature } from '../charts/geometry.ts';

/** A commune as GET /api/communes presents it (reference data, no personal data). */
export interface CommuneInfo {
  code: string;
  /** With its type: 'Phường Phan Đình Phùng', 'Xã Đại Phúc'. */
  name: string;
  type: 'xã' | 'phường';
  oldProvince: string;
  oldDistricts: string;
  /** The regional minimum wage's region in 2026 (Decree 293/2025). */
  wageRegion: 'I' | 'II' | 'III' | 'IV';
  areaKm2: number | null;
  population: number | null;
}

/** GET /api/communes */
export interface CommunesAnswer { communes: CommuneInfo[] }

/** GET /api/communes/geo: the communes' simplified shapes (GeoJSON, features keyed by `properties.code`). */
export interface CommuneShapesAnswer { features: GeoFeature[] }
