import { present, type Viewer } from '#shared/privacy.ts';
import type { ParkEmployerRow, ParkRow } from './service.ts';
import { parkTotals } from './service.ts';

/** A park employer for a viewer: a household business's tax code and name (its owner's ID and name) masked per privacy.ts. */
export function presentParkEmployer(viewer: Viewer, e: ParkEmployerRow) {
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

export function presentPark(p: ParkRow, employers: ParkEmployerRow[]) {
  return { ...p, ...parkTotals(employers) };
}
