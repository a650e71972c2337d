/** Deliveries as API JSON and as the rows of `baophu deliveries` (CSV/JSON). */
import { csvHeader, csvLine } from '#shared/csv.ts';
import { DELIVERY_STATE_VI, FREQUENCY_VI, periodNameVi, type DeliveryFrequency } from '#shared/directive/deliveries.ts';
import type { DeliveryRow } from './deliveries.ts';
import type { DeliveryCalendarTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import type { CalendarEntryAnswer, DeliveryAnswer } from '#shared/api/directive.ts';

export function presentDelivery(r: DeliveryRow): DeliveryAnswer {
  return { ...r, periodLabel: periodNameVi(r.period), stateLabel: DELIVERY_STATE_VI[r.state], frequencyLabel: FREQUENCY_VI[r.frequency] };
}

export function presentCalendar(c: Selectable<DeliveryCalendarTable> & { agency_name: string | null }): CalendarEntryAnswer {
  return {
    id: c.id, agency: c.agency_code, agencyName: c.agency_name, kind: c.kind, frequency: c.frequency,
    frequencyLabel: FREQUENCY_VI[c.frequency as DeliveryFrequency], dueDay: c.due_day, dueMonthOffset: c.due_month_offset,
    clause: c.clause, clauseText: c.clause_text, active: c.active, updatedBy: c.updated_by,
  };
}

export const DELIVERY_COLUMNS = ['agency', 'kind', 'period', 'due_date', 'delivered_at', 'state', 'rows', 'rejected', 'valid_id_share', 'linked_share', 'changed_share'] as const;

const ratio = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

/** Delivery time in Việt Nam, ISO 8601 with its offset ('2026-11-09T16:30:00+07:00'). */
export function vnTimestamp(iso: string | null): string | null {
  if (iso === null) return null;
  return new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 19) + '+07:00';
}

export function deliveryRecord(r: DeliveryRow) {
  return {
    agency: r.agency, kind: r.kind, period: r.period, due_date: r.dueDate, delivered_at: vnTimestamp(r.deliveredAt), state: r.state,
    rows: r.rows, rejected: r.rejected, valid_id_share: ratio(r.validIdShare), linked_share: ratio(r.linkedShare), changed_share: ratio(r.changedShare),
  };
}

/** The CSV file (UTF-8 with BOM for spreadsheet programs), through the one CSV writer. */
export function deliveriesCsv(rows: DeliveryRow[]): string {
  let out = csvHeader(DELIVERY_COLUMNS, { bom: true });
  for (const r of rows) {
    const rec = deliveryRecord(r);
    out += csvLine(DELIVERY_COLUMNS.map((c) => rec[c]));
  }
  return out;
}
