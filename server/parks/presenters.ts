import { present, type Viewer } from '#shared/privacy.ts';
import { formatVnd } from '#shared/format.ts';
import type { SessionUser } from '../auth/policies.ts';
import { presentCase } from '../cases/presenters.ts';
import type { CaseRow } from '../cases/service.ts';
import type { ParkCases, ParkEmployerRow, ParkRow } from './service.ts';
import { PARK_CASES_LIMIT, parkTotals } from './service.ts';
import type { ParkCasesAnswer, ParkEmployerAnswer, ParkSummary } from '#shared/api/parks.ts';

/** A park employer for a viewer: a household business's tax code and name (its owner's ID and name) masked per privacy.ts. */
export function presentParkEmployer(viewer: Viewer, e: ParkEmployerRow): ParkEmployerAnswer {
  return {
    taxCode: present(viewer, 'tax_code', e.tax_code),
    unitCode: e.unit_code,
    name: present(viewer, 'business_name', e.name, e.tax_code),
    communeCode: e.commune_code,
    reportPeriod: e.report_period,
    reportedWorkers: e.reported_workers,
    insuredWorkers: e.insured_workers,
    /** Reported above insured: workers the employer may not have registered. */
    gap: e.reported_workers == null || e.insured_workers == null ? null : e.reported_workers - e.insured_workers,
    arrearsVnd: e.arrears_vnd,
    findings: e.findings,
    linkedBy: e.linked_by,
  };
}

export function presentPark(p: ParkRow, employers: ParkEmployerRow[]): ParkSummary {
  return { ...p, ...parkTotals(employers) };
}

/** The employer of the park a case is about: the one whose tax or unit code the case names. */
function employerOf(row: Pick<CaseRow, 'subject_id' | 'related_id'>, employers: ParkEmployerRow[]) {
  const ids = [row.subject_id, row.related_id];
  return employers.find((e) => (e.tax_code != null && ids.includes(e.tax_code)) || (e.unit_code != null && ids.includes(e.unit_code))) ?? null;
}

/**
 * A park's cases for a viewer: per case its type, finding, employer (named as in the employer list, masked the same
 * way), stage, owning office, due date, overdue, status, opening date, amounts; and the summary of all of them.
 */
export function presentParkCases(user: SessionUser, cases: ParkCases, employers: ParkEmployerRow[]): ParkCasesAnswer {
  return {
    summary: { ...cases.summary, recoveredLabel: formatVnd(cases.summary.recoveredVnd), limit: PARK_CASES_LIMIT },
    rows: cases.rows.map((row) => {
      const c = presentCase(user, row, cases.workflow, cases.today, cases.soonLimit);
      const employer = employerOf(row, employers);
      return {
        id: c.id,
        typeLabel: c.typeLabel,
        findingCode: c.findingCode,
        findingLabel: c.findingLabel,
        employerName: employer ? present(user, 'business_name', employer.name, employer.tax_code) : null,
        employerTaxCode: employer ? present(user, 'tax_code', employer.tax_code) : null,
        unitCode: employer?.unit_code ?? null,
        stageLabel: c.stageLabel,
        stageNo: c.stageNo,
        ownerLabel: c.ownerLabel,
        dueDate: c.dueDate,
        dueLabel: c.dueLabel,
        overdue: c.overdue,
        urgency: c.urgency,
        status: c.status,
        statusLabel: c.statusLabel,
        /** dd/mm/yyyy (the list shows the day; the case page the time). */
        openedOn: c.openedAt.slice(0, 10),
        amountVnd: c.amountVnd,
        amountLabel: c.amountLabel,
        recoveredVnd: c.recoveredVnd,
        recoveredLabel: c.recoveredLabel,
      };
    }),
  };
}
