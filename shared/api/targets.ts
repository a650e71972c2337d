/**
 * API answers of progress and targets (`/api/progress/*`, `/api/targets/*`): built on the server by
 * server/targets/presenters.ts, dashboard.ts and routes.ts, read by the web's overview, commune and targets pages.
 * Types only (no runtime code).
 */
import type { ForecastMethod, ProgressStatus } from '../targets/forecast.ts';
import type { AllocationMethod, AllocationProposal, CommuneSumCheck } from '../targets/allocation.ts';

export type TargetStatus = 'draft' | 'submitted' | 'approved';
export type TargetLevel = 'province' | 'commune';

export interface TargetFigures {
  total: number | null;
  voluntary: number | null;
  mandatory: number | null;
  unemployment: number | null;
  /** draft / submitted / approved — the version that counts (latest approved, else latest). */
  status: TargetStatus | null;
  version: number | null;
  basis: string | null;
  basisDate: string | null;
}

/** One month of the year-end forecast's path. */
export interface ForecastPathPoint { period: string; point: number; lower: number; upper: number }

/** Progress of a commune or of the province (as computed and stored in progress_summary). */
export interface ProgressRow {
  unitCode: string;
  unitName: string;
  year: number;
  /** 'YYYY-MM-01' of the month the actual figures are for (end-of-month stock). */
  asOfPeriod: string | null;
  target: TargetFigures;
  activeTotal: number | null;
  activeMandatory: number | null;
  activeVoluntary: number | null;
  activeUnemployment: number | null;
  labourForceWorkingAge: number | null;
  labourForceYear: number | null;
  /** (mandatory + voluntary persons) / working-age labour force × 100. */
  coveragePct: number | null;
  /** Stock now − stock at the end of December of the previous year. */
  netNewSinceJanuary: number | null;
  /** The same month last year. */
  activeTotalLastYear: number | null;
  activeVoluntaryLastYear: number | null;
  forecast: {
    total: number | null;
    totalLower: number | null;
    totalUpper: number | null;
    voluntary: number | null;
    voluntaryLower: number | null;
    voluntaryUpper: number | null;
    method: ForecastMethod | null;
    months: number | null;
    path: ForecastPathPoint[];
  };
  statusTotal: ProgressStatus | null;
  statusVoluntary: ProgressStatus | null;
  /** The worse of the total and voluntary statuses. */
  status: ProgressStatus | null;
  /** Projected attainment: forecast total / target total × 100. */
  attainmentPct: number | null;
  /** Rank among communes by projected attainment (1 = best); null for the province and without a target. */
  rank: number | null;
}

/** A progress row as the API sends it (presentRow): with its labels; the forecast's path only where asked for. */
export interface ProgressRowAnswer extends Omit<ProgressRow, 'forecast'> {
  forecast: Omit<ProgressRow['forecast'], 'path'> & { path?: ForecastPathPoint[] };
  statusLabel: string;
  statusTotalLabel: string | null;
  statusVoluntaryLabel: string | null;
  targetStatusLabel: string | null;
  forecastMethodLabel: string | null;
}

/** A commune in the overview's table, map and rankings (presentCompactRow; 92 of them per answer). */
export interface CompactProgressRow {
  unitCode: string;
  unitName: string;
  rank: number | null;
  status: ProgressStatus | null;
  statusLabel: string;
  attainmentPct: number | null;
  target: { total: number | null; voluntary: number | null };
  activeTotal: number | null;
  activeMandatory: number | null;
  activeVoluntary: number | null;
  activeUnemployment: number | null;
  labourForceWorkingAge: number | null;
  coveragePct: number | null;
  netNewSinceJanuary: number | null;
  forecast: { total: number | null };
}

/** Persons taking part at the end of a month. */
export interface SeriesPoint { period: string; total: number; mandatory: number; voluntary: number; unemployment: number }

/** A legal_param row a figure was computed with. */
export interface UsedSetting { key: string; value: number; source: string; effectiveFrom: string }

/** How the figures are computed (the pages' method help). */
export interface MethodNotes {
  statusRule: string;
  forecastMethods: Record<ForecastMethod, string>;
  forecastRule: string;
  interval: number;
  trendMonths: number;
  windowMonths: number;
  rules: UsedSetting[];
  stockRule: string;
  communeRule: string;
  coverageRule: string;
}

/** The latest progress refresh. */
export interface ProgressRunInfo { refreshedAt: string; latestPeriod: string | null }

/** GET /api/progress/overview */
export interface OverviewAnswer {
  year: number;
  years: number[];
  asOfPeriod: string | null;
  run: ProgressRunInfo | null;
  scope: { all: boolean; communes: string[] | null };
  headline: ProgressRowAnswer | null;
  series: SeriesPoint[];
  communes: CompactProgressRow[];
  best: CompactProgressRow[];
  worst: CompactProgressRow[];
  statusCounts: Record<ProgressStatus | 'none', number>;
  method: MethodNotes;
}

export interface CommunePlace { code: string; name: string; type: 'xã' | 'phường'; oldDistricts: string; oldProvince: string }

/** The commune page's figures without the findings counts (communeDetail; kept in the dashboard's cache). */
export interface CommuneProgress {
  year: number;
  years: number[];
  asOfPeriod: string | null;
  run: ProgressRunInfo | null;
  commune: CommunePlace | null;
  row: ProgressRowAnswer | null;
  communeCount: number;
  /** The province figure for comparison, only for accounts that see the province. */
  provinceCoveragePct: number | null;
  series: SeriesPoint[];
  method: MethodNotes;
}

export type FindingGroup = 'outreach' | 'enforcement' | 'data';

/** Findings counts of one commune, limited to the codes the role sees; null when there is no cross-check yet. */
export interface FindingCounts {
  available: boolean;
  total: number;
  byCode: Array<{ code: string; label: string; group: FindingGroup; count: number; amountVnd: number }>;
  groups: Array<{ group: FindingGroup; label: string; count: number; codes: string[]; link: string | null }>;
}

/** GET /api/progress/communes/:code — an unknown commune is a 404, so `commune` is always there. */
export interface CommunePageAnswer extends CommuneProgress {
  commune: CommunePlace;
  findings: FindingCounts | null;
}

/** GET /api/progress/export?format=json */
export interface ProgressExportAnswer { year: number; rows: ProgressRowAnswer[] }

export type TargetSource = 'form' | 'import' | 'allocation';

/** A version of a target set (presentVersion). */
export interface TargetVersion {
  id: number;
  setId: number;
  version: number;
  status: TargetStatus;
  statusLabel: string;
  source: TargetSource;
  sourceLabel: string;
  method: string | null;
  basis: string | null;
  basisDate: string | null;
  note: string | null;
  changedBy: string | null;
  changedAt: string;
}

/** A unit's line of a target version (presentLine). */
export interface TargetLine { unitCode: string; total: number; voluntary: number; mandatory: number | null; unemployment: number | null }

/** GET /api/targets */
export interface TargetSetsAnswer {
  canEdit: boolean;
  canApprove: boolean;
  sets: Array<{ id: number; level: TargetLevel; levelLabel: string; year: number; latest: TargetVersion | null; effective: TargetVersion | null }>;
}

/** GET /api/targets/:level/:year */
export interface TargetSetAnswer {
  level: TargetLevel;
  levelLabel: string;
  year: number;
  setId: number | null;
  canEdit: boolean;
  canApprove: boolean;
  latest: TargetVersion | null;
  effective: TargetVersion | null;
  /** Newest first. */
  versions: TargetVersion[];
  lines: TargetLine[];
  effectiveLines: TargetLine[];
  /** Commune sets, province-wide accounts: whether the latest version adds up to the approved province target. */
  sumCheck: CommuneSumCheck | null;
}

/** POST /api/targets/:level/:year, …/submit, …/approve */
export interface TargetChangeAnswer { setId: number; version: number; status: TargetStatus }

/** GET /api/targets/allocation */
export interface AllocationAnswer {
  year: number;
  total: number;
  provinceTarget: number | null;
  provinceVoluntaryTarget: number | null;
  basePeriod: string | null;
  yearAgoPeriod: string | null;
  missingLabourForce: string[];
  communes: Array<{ code: string; name: string; labourForce: number | null; labourForceYear: number | null; active: number; activeYearAgo: number | null }>;
  proposals: AllocationProposal[];
  methods: Record<AllocationMethod, { label: string; explanation: string }>;
}
