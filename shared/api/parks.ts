/**
 * API answers of industrial parks and clusters (`/api/parks*`): built on the server by server/parks/presenters.ts and
 * routes.ts; read by the web's parks pages. Household businesses' tax codes and names are masked per role. Types only.
 */
import type { CaseStatus, CaseUrgency } from './cases.ts';

export type ParkKind = 'KCN' | 'CCN';

/** A park with its employers' totals (presentPark). */
export interface ParkSummary {
  code: string;
  name: string;
  kind: ParkKind;
  areaHa: number | null;
  certainty: string | null;
  note: string | null;
  communes: string[];
  employers: number;
  reportedWorkers: number;
  insuredWorkers: number;
  arrearsVnd: number;
  findings: number;
}

/** GET /api/parks */
export interface ParksAnswer {
  parks: ParkSummary[];
  /** Employer park names that match no park (province-wide, unrestricted accounts only; else empty). */
  unmatched: Array<{ name: string; employers: number }>;
}

/** An employer of a park (presentParkEmployer). */
export interface ParkEmployerAnswer {
  taxCode: string | null;
  unitCode: string | null;
  name: string | null;
  communeCode: string | null;
  reportPeriod: string | null;
  reportedWorkers: number | null;
  insuredWorkers: number | null;
  /** Reported above insured: workers the employer may not have registered. */
  gap: number | null;
  arrearsVnd: number;
  findings: number;
  linkedBy: string;
}

/** A case about a park's employer. */
export interface ParkCaseAnswer {
  id: number;
  typeLabel: string;
  findingCode: string;
  findingLabel: string;
  employerName: string | null;
  employerTaxCode: string | null;
  unitCode: string | null;
  stageLabel: string;
  stageNo: string;
  ownerLabel: string;
  dueDate: string | null;
  dueLabel: string;
  overdue: boolean;
  urgency: CaseUrgency | null;
  status: CaseStatus;
  statusLabel: string;
  /** dd/mm/yyyy. */
  openedOn: string;
  amountVnd: number;
  amountLabel: string;
  recoveredVnd: number;
  recoveredLabel: string;
}

/** A park's cases and their summary (presentParkCases). */
export interface ParkCasesAnswer {
  summary: { total: number; open: number; closed: number; overdue: number; recoveredVnd: number; recoveredLabel: string; limit: number };
  rows: ParkCaseAnswer[];
}

/** GET /api/parks/:code */
export interface ParkAnswer {
  park: ParkSummary & { aliases: string[]; editable: boolean };
  employers: ParkEmployerAnswer[];
  /** Null for a role that reads no cases. */
  cases: ParkCasesAnswer | null;
}

/** POST /api/parks */
export interface ParkCreatedAnswer { code: string }
