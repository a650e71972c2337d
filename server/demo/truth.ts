/**
 * The expected findings of the synthetic world, computed by the rules of docs/spec/findings.md from the records
 * the files contain (not from the list of planted cases): every finding the rules give is in the truth, planted or
 * not, and a planted case the rules do not raise (a late payer that is also an evader) is not.
 *
 * Persons are linked as the spec describes; the generator guarantees that every record without a usable ID links
 * to exactly one resident by folded name + birth date + sex (+ commune), so the true person of a record is what a
 * correct linkage finds.
 */
import { completedMonths, firstDay, isoDay, lastDay, monthOfDay, ymd } from './calendar.ts';
import { personalIdProblems, repairPersonalId } from '#shared/identity/personal-id.ts';
import { nameKey } from './names.ts';
import { F_OUTSIDER, NO_DEATH, OPEN, type World } from './model.ts';
import { incomeMonths, incomeOf, isActive, paidIn, participationRecords, personId, personName } from './views.ts';
import { WORLD_SETTINGS, worldRules } from './world-rules.ts';
import type { FindingCode } from '#shared/auth/roles.ts';

export interface Truth {
  findings: Map<FindingCode, Set<string>>;
  /** Active participants in P by residence commune of the linked population record. */
  activeByCommune: Map<string, { mandatory: number; voluntary: number; unemployment: number; total: number }>;
  /** Active participants not linked to a resident (other provinces). */
  activeOutside: { mandatory: number; voluntary: number; unemployment: number; total: number };
  /** Active records whose ID is valid but absent from dan-cu and links to no resident (counted, not findings). */
  idNotInDanCu: number;
}

export function computeTruth(w: World): Truth {
  const P = w.period;
  const pStart = firstDay(P);
  const pIso = isoDay(pStart);
  const asOf = w.asOf;
  const asOfIso = isoDay(asOf);
  const rules = worldRules();
  const p = w.persons;
  const findings = new Map<FindingCode, Set<string>>();
  const add = (code: FindingCode, subject: string) => {
    let s = findings.get(code);
    if (!s) findings.set(code, (s = new Set()));
    s.add(subject);
  };

  // dan-cu lookup by ID string.
  const danCu = new Map<string, number>();
  for (let i = 0; i < p.residents; i++) danCu.set(personId(w, i), i);
  const resident = (i: number) => !(p.flags[i] & F_OUTSIDER);

  // ---- participation (bhxh-nguoi)
  const activeBB = new Set<number>();
  const activeAny = new Set<number>();
  const activeTN = new Set<number>();
  const activeUI = new Set<number>();
  const bbRecordsOf = new Map<number, number[]>(); // person → from-months of mandatory records in the snapshot
  const activeBBByEmployer = new Map<number, Set<number>>();
  const activeBBRecords: { person: number; employer: number; base: number }[] = [];
  let idNotInDanCu = 0;
  for (const r of participationRecords(w)) {
    if (r.scheme === 'BB') {
      const l = bbRecordsOf.get(r.person) ?? [];
      l.push(r.from);
      bbRecordsOf.set(r.person, l);
    }
    if (!isActive(r, P)) continue;
    activeAny.add(r.person);
    if (r.scheme === 'BB') {
      activeBB.add(r.person);
      if (r.ui) activeUI.add(r.person);
      let s = activeBBByEmployer.get(r.employer);
      if (!s) activeBBByEmployer.set(r.employer, (s = new Set()));
      s.add(r.person);
      activeBBRecords.push({ person: r.person, employer: r.employer, base: r.base });
    } else activeTN.add(r.person);

    // NTG_SAI_THONG_TIN
    const id = repairPersonalId(r.id);
    const [by] = ymd(r.birth);
    const problems = personalIdProblems(r.id, by, r.female ? 'F' : 'M');
    const subject = id && /^\d{12}$/.test(id) ? id : r.bhxhCode;
    let wrong = problems.length > 0;
    const found = id ? danCu.get(id) : undefined;
    if (found !== undefined) {
      if (nameKey(r.name) !== nameKey(personName(w, found)) || r.birth !== p.birth[found] || r.female !== (p.female[found] === 1)) wrong = true;
    } else if (!wrong && resident(r.person)) {
      // Valid ID absent from dan-cu, but the record is a resident's (same folded name, birth date and sex): (c).
      if (nameKey(r.name) === nameKey(personName(w, r.person)) && r.birth === p.birth[r.person] && r.female === (p.female[r.person] === 1)) wrong = true;
    } else if (!wrong) idNotInDanCu++;
    if (wrong) add('NTG_SAI_THONG_TIN', subject);

    // NTG_DA_CHET (participants)
    if (resident(r.person) && p.death[r.person] !== NO_DEATH && p.death[r.person] < pStart) add('NTG_DA_CHET', personId(w, r.person));
  }

  // ---- units, tax codes
  const unitTaxCodes = new Map<string, boolean>(); // tax code → has a unit that is not terminated
  for (const e of w.employers) {
    if (!e.unit?.taxCode) continue;
    unitTaxCodes.set(e.unit.taxCode, (unitTaxCodes.get(e.unit.taxCode) ?? false) || e.unit.status !== 'terminated');
  }

  // ---- thue-tncn in P
  const paidInP = new Map<number, number>(); // payer employer → employees in P
  const incomeByPayerPerson = new Map<string, number>();
  const nld = new Set<string>();
  const nldPayers = new Set<number>();
  const [, pMonth] = [0, P];
  void incomeMonths;
  for (const j of w.jobs) {
    if (!paidIn(w, j, pMonth)) continue;
    paidInP.set(j.payer, (paidInP.get(j.payer) ?? 0) + 1);
    const key = `${j.payer}|${j.person}`;
    incomeByPayerPerson.set(key, (incomeByPayerPerson.get(key) ?? 0) + incomeOf(w, j, P));
    if ((j.contract === '3m_plus' || j.contract === '') && !activeBB.has(j.person)) {
      nld.add(personId(w, j.person));
      nldPayers.add(j.payer);
    }
  }
  for (const id of nld) add('NLD_CHUA_THAM_GIA', id);
  for (const payer of nldPayers) {
    const code = w.employers[payer].taxCode;
    if (unitTaxCodes.has(code)) add('DN_KHAI_THIEU_LAO_DONG', code);
  }

  // ---- dn-thue: unregistered employers and household businesses
  const hkd = new Set<string>();
  for (const e of w.employers) {
    if (!e.inTaxRegistry || e.taxStatus !== 'active') continue;
    if (e.taxType === 'household') {
      if (e.taxMethod === 'declaration' && e.owner >= 0 && !activeAny.has(e.owner)) hkd.add(personId(w, e.owner));
      continue;
    }
    const paysWages = (paidInP.get(e.idx) ?? 0) > 0 || (e.declaredWorkers ?? 0) > 0;
    if (paysWages && !unitTaxCodes.get(e.taxCode)) add('DN_CHUA_DANG_KY', e.taxCode);
  }
  for (const id of hkd) add('HKD_CHUA_THAM_GIA', id);

  // ---- low declared wages
  for (const r of activeBBRecords) {
    const e = w.employers[r.employer];
    const min = rules.regionalMinWage(w.communes[e.commune].region, pIso);
    let low = r.base < min;
    if (!low) {
      const income = incomeByPayerPerson.get(`${e.idx}|${r.person}`);
      if (income !== undefined && r.base < WORLD_SETTINGS.lowWageIncomeShare * income) low = true;
    }
    if (low) add('DN_KHAI_THAP_LUONG', personId(w, r.person));
  }

  // ---- payments
  const lateUnits = new Set<string>();
  const evading = new Set<string>();
  const dueMonthsAfter = rules.deadlineMonthsAfter(asOfIso);
  const evasionMinDays = rules.evasionMinDays(asOfIso);
  for (const row of w.payments) {
    if (row.paid >= row.due) continue;
    const deadline = lastDay(row.month + dueMonthsAfter);
    if (deadline >= asOf) continue;
    const code = w.employers[row.employer].unit!.code;
    lateUnits.add(code);
    if (asOf - deadline >= evasionMinDays && row.remindedOn !== null) evading.add(code);
  }
  for (const c of evading) add('DN_TRON_DONG', c);
  for (const c of lateUnits) if (!evading.has(c)) add('DN_CHAM_DONG', c);

  // ---- unemployment benefits
  const benefitAtAsOf = new Set<number>();
  for (const b of w.benefits) {
    if (b.start <= asOf && asOf <= b.end) benefitAtAsOf.add(b.person);
    if (b.start <= lastDay(P) && b.end >= pStart && resident(b.person) && p.death[b.person] !== NO_DEATH && p.death[b.person] < pStart) {
      add('NTG_DA_CHET', personId(w, b.person));
    }
    const fm = monthOfDay(b.start);
    const lm = monthOfDay(b.end);
    for (const from of bbRecordsOf.get(b.person) ?? []) if (from > fm && from <= lm) add('BHTN_TRUC_LOI', personId(w, b.person));
  }

  // ---- industrial parks
  for (const rep of w.kcnReports) {
    if (rep.month !== P) continue;
    const e = w.employers[rep.employer];
    const active = activeBBByEmployer.get(e.idx)?.size ?? 0;
    const gap = rep.reported - active;
    if (gap >= WORLD_SETTINGS.kcnGap.minWorkers && 10 * gap >= active) add('KCN_LECH_LAO_DONG', e.taxCode);
  }

  // ---- potential voluntary participants
  const pensioners = new Set(w.pensions.map((x) => x.person));
  const year = ymd(asOf)[0];
  const retM = rules.retirementAgeMonths('M', year);
  const retF = rules.retirementAgeMonths('F', year);
  const minAge = rules.voluntaryMinAge(asOfIso);
  for (let i = 0; i < p.residents; i++) {
    if (p.death[i] !== NO_DEATH) continue;
    const months = completedMonths(p.birth[i], asOf);
    if (months < minAge * 12 || months >= (p.female[i] ? retF : retM)) continue;
    if (activeAny.has(i) || pensioners.has(i) || benefitAtAsOf.has(i)) continue;
    const id = personId(w, i);
    if (nld.has(id) || hkd.has(id)) continue;
    add('TIEM_NANG_TU_NGUYEN', id);
  }

  // ---- manifest counts
  const activeByCommune = new Map<string, { mandatory: number; voluntary: number; unemployment: number; total: number }>();
  for (const c of w.communes) activeByCommune.set(c.code, { mandatory: 0, voluntary: 0, unemployment: 0, total: 0 });
  const activeOutside = { mandatory: 0, voluntary: 0, unemployment: 0, total: 0 };
  for (const i of activeAny) {
    const bucket = resident(i) ? activeByCommune.get(w.communes[p.commune[i]].code)! : activeOutside;
    bucket.total++;
    if (activeBB.has(i)) bucket.mandatory++;
    if (activeTN.has(i)) bucket.voluntary++;
    if (activeUI.has(i)) bucket.unemployment++;
  }
  void OPEN;
  return { findings, activeByCommune, activeOutside, idNotInDanCu };
}
