/**
 * Recomputes the findings of docs/spec/findings.md from the generated FILES alone (through the test reader), with
 * the spec's linkage (personal ID first; records without a usable ID by folded name + birth date + sex + commune).
 * The demo tests compare the result with truth.csv: the truth must follow from what the files say.
 * Legal numbers are typed in from reference/rules-2026.md and docs/spec/findings.md, not imported from the generator;
 * the personal-ID rule is the one rule (shared/identity/personal-id.ts), whose SQL twin the reconciliation runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { foldDiacritics } from '#shared/text/vietnamese.ts';
import { personalIdProblems, repairPersonalId } from '#shared/identity/personal-id.ts';
import { CommuneIndex } from '../../server/ingest/fields.ts';
import { getter, readTable, specColumns } from './reader.ts';

const MIN_WAGE_2026: Record<string, number> = { I: 5_310_000, II: 4_730_000, III: 4_140_000, IV: 3_700_000 }; // rules-2026.md §2
const RETIREMENT_2026 = { M: 61 * 12 + 6, F: 57 * 12 }; // findings.md
export const fold = (s: string) => foldDiacritics(s.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ').trim();

/** The rule's repair (trim; 11 digits → a lost leading zero restored). */
export const repair = (raw: string): string | null => repairPersonalId(raw);

/** 'YYYY-MM-DD' (first day of what is known) from the accepted date forms. */
export function parseDate(s: string): { iso: string; prec: 'D' | 'M' | 'Y' } | null {
  const v = s.trim();
  let m;
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v))) return { iso: `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`, prec: 'D' };
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) return { iso: v, prec: 'D' };
  if ((m = /^(\d{1,2})\/(\d{4})$/.exec(v))) return { iso: `${m[2]}-${m[1].padStart(2, '0')}-01`, prec: 'M' };
  if ((m = /^(\d{4})$/.exec(v))) return { iso: `${m[1]}-01-01`, prec: 'Y' };
  return null;
}

export function parsePeriod(s: string): number {
  const v = s.trim();
  let m;
  if ((m = /^(\d{1,2})\/(\d{4})$/.exec(v))) return Number(m[2]) * 12 + Number(m[1]) - 1;
  if ((m = /^(\d{4})-(\d{2})$/.exec(v))) return Number(m[1]) * 12 + Number(m[2]) - 1;
  throw new Error(`bad period ${s}`);
}

export const amount = (s: string) => Number(s.replace(/[.,\s]/g, '')) || 0;
const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const lastDayOfMonth = (month: number) => day(`${Math.floor((month + 1) / 12)}-${String(((month + 1) % 12) + 1).padStart(2, '0')}-01`) - 1;
const firstDayOfMonth = (month: number) => day(`${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`);
const monthOfIso = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

function completedMonths(birthIso: string, atIso: string) {
  const [by, bm, bd] = birthIso.split('-').map(Number);
  const [ay, am, ad] = atIso.split('-').map(Number);
  return (ay - by) * 12 + (am - bm) - (ad < bd ? 1 : 0);
}

export async function recomputeFindings(dir: string, asOfIso: string, P: number) {
  const spec = specColumns();
  const asOf = day(asOfIso);
  const pStart = firstDayOfMonth(P);
  const communeRows = Papa.parse<{ code: string; name: string; wage_region_2026: string }>(fs.readFileSync(path.resolve('reference/communes.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const region = new Map(communeRows.map((c) => [c.code, c.wage_region_2026]));
  // Names are resolved by the import's own rule (server/ingest/fields.ts): one rule, not a second copy of it.
  const communes = new CommuneIndex(communeRows.map((c) => ({ code: c.code, name: c.name, name_key: '' })));
  const communeOf = (code: string, name: string) => {
    if (code) return /^\d+$/.test(code) ? code.padStart(5, '0') : code;
    if (!name) return '';
    const r = /^\s*\d{1,5}\s*$/.test(name) ? communes.parseCode(name) : communes.parseName(name);
    return r.ok ? r.value : '';
  };
  const out = new Map<string, Set<string>>();
  const add = (code: string, s: string) => { if (!out.has(code)) out.set(code, new Set()); out.get(code)!.add(s); };

  // dan-cu
  const t = await readTable(dir, 'dan-cu', spec);
  const g = getter(t);
  const danCu = new Map<string, { name: string; birth: string; sex: string; commune: string; deceased: boolean; death: string | null }>();
  const nameIndex = new Map<string, string[]>();
  for (const r of t.rows) {
    const id = repair(g(r, 'Số định danh cá nhân'))!;
    if (danCu.has(id)) continue; // a later duplicate row is rejected
    const rec = {
      name: g(r, 'Họ và tên'), birth: parseDate(g(r, 'Ngày sinh'))!.iso, sex: g(r, 'Giới tính') === 'Nữ' ? 'F' : 'M',
      commune: communeOf(g(r, 'Mã xã'), ''), deceased: g(r, 'Tình trạng') === 'Đã chết', death: parseDate(g(r, 'Ngày mất'))?.iso ?? null,
    };
    danCu.set(id, rec);
    const key = `${fold(rec.name)}|${rec.birth}|${rec.sex}`;
    nameIndex.set(key, [...(nameIndex.get(key) ?? []), id]);
  }

  // bhxh-don-vi
  const du = await readTable(dir, 'bhxh-don-vi', spec);
  const gu = getter(du);
  const units = new Map<string, { tax: string; commune: string; status: string }>();
  for (const r of du.rows) units.set(gu(r, 'Mã đơn vị'), { tax: gu(r, 'Mã số thuế'), commune: communeOf(gu(r, 'Mã xã'), ''), status: gu(r, 'Trạng thái') });

  // bhxh-nguoi
  const tn = await readTable(dir, 'bhxh-nguoi', spec);
  const gn = getter(tn);
  const activeBB = new Set<string>();
  const activeAny = new Set<string>();
  const bbFroms = new Map<string, number[]>();
  const activeRecords: { person: string; unit: string; base: number }[] = [];
  const activeByUnit = new Map<string, Set<string>>();
  for (const r of tn.rows) {
    const raw = gn(r, 'Số định danh cá nhân');
    const id = repair(raw);
    const bhxh = gn(r, 'Mã số BHXH');
    const birth = parseDate(gn(r, 'Ngày sinh'))!.iso;
    const sex = gn(r, 'Giới tính') === 'Nữ' ? 'F' : 'M';
    const name = gn(r, 'Họ và tên');
    const commune = communeOf(gn(r, 'Mã xã'), '');
    let person: string;
    let linkedByName = false;
    if (id && danCu.has(id)) person = id;
    else {
      let cands = nameIndex.get(`${fold(name)}|${birth}|${sex}`) ?? [];
      if (commune && cands.length > 1) cands = cands.filter((c) => danCu.get(c)!.commune === commune);
      if (cands.length === 1 && (!commune || danCu.get(cands[0])!.commune === commune)) { person = cands[0]; linkedByName = true; }
      else person = id ?? `B:${bhxh}`;
    }
    const scheme = gn(r, 'Loại hình');
    const from = parsePeriod(gn(r, 'Từ tháng'));
    const toText = gn(r, 'Đến tháng');
    const to = toText ? parsePeriod(toText) : Infinity;
    if (scheme === 'BB') bbFroms.set(person, [...(bbFroms.get(person) ?? []), from]);
    if (!(from <= P && to >= P)) continue;
    activeAny.add(person);
    if (scheme === 'BB') {
      activeBB.add(person);
      const unit = gn(r, 'Mã đơn vị');
      activeRecords.push({ person, unit, base: amount(gn(r, 'Mức đóng')) });
      if (!activeByUnit.has(unit)) activeByUnit.set(unit, new Set());
      activeByUnit.get(unit)!.add(person);
    }
    const problems = personalIdProblems(id, Number(birth.slice(0, 4)), sex);
    let wrong = problems.length > 0;
    const dc = id ? danCu.get(id) : undefined;
    if (dc && (fold(dc.name) !== fold(name) || dc.birth !== birth || dc.sex !== sex)) wrong = true;
    if (!dc && !wrong && linkedByName) wrong = true;
    if (wrong) add('NTG_SAI_THONG_TIN', id && /^\d{12}$/.test(id) ? id : bhxh);
    const p = danCu.get(person);
    if (p?.deceased && p.death && day(p.death) < pStart) add('NTG_DA_CHET', person);
  }

  // thue-tncn (P)
  const tt = await readTable(dir, 'thue-tncn', spec);
  const gt = getter(tt);
  const payersInP = new Map<string, number>();
  const income = new Map<string, number>();
  const nld = new Set<string>();
  const nldPayers = new Set<string>();
  for (const r of tt.rows) {
    if (parsePeriod(gt(r, 'Kỳ')) !== P) continue;
    const payer = gt(r, 'Mã số thuế tổ chức trả thu nhập');
    const id = repair(gt(r, 'Số định danh cá nhân'))!;
    payersInP.set(payer, (payersInP.get(payer) ?? 0) + 1);
    income.set(`${payer}|${id}`, (income.get(`${payer}|${id}`) ?? 0) + amount(gt(r, 'Thu nhập chịu thuế')));
    const contract = gt(r, 'Loại hợp đồng');
    if ((contract === '' || contract === 'Từ 3 tháng trở lên') && !activeBB.has(id)) { nld.add(id); nldPayers.add(payer); }
  }
  const unitTaxes = new Map<string, boolean>();
  for (const u of units.values()) if (u.tax) unitTaxes.set(u.tax, (unitTaxes.get(u.tax) ?? false) || u.status !== 'Chấm dứt');
  for (const id of nld) add('NLD_CHUA_THAM_GIA', id);
  for (const payer of nldPayers) if (unitTaxes.has(payer)) add('DN_KHAI_THIEU_LAO_DONG', payer);

  // dn-thue
  const td = await readTable(dir, 'dn-thue', spec);
  const gd = getter(td);
  const hkd = new Set<string>();
  for (const r of td.rows) {
    if (gd(r, 'Trạng thái') !== 'Đang hoạt động') continue;
    const type = gd(r, 'Loại hình');
    const tax = gd(r, 'Mã số thuế');
    if (type === 'Hộ kinh doanh') {
      const owner = repair(gd(r, 'Số định danh chủ hộ'));
      if (gd(r, 'Phương pháp tính thuế') === 'Kê khai' && owner && !activeAny.has(owner)) hkd.add(owner);
      continue;
    }
    const pays = (payersInP.get(tax) ?? 0) > 0 || Number(gd(r, 'Số lao động') || 0) > 0;
    if (pays && !unitTaxes.get(tax)) add('DN_CHUA_DANG_KY', tax);
  }
  for (const id of hkd) add('HKD_CHUA_THAM_GIA', id);

  // low wages
  for (const rec of activeRecords) {
    const u = units.get(rec.unit)!;
    const min = MIN_WAGE_2026[region.get(u.commune)!];
    const inc = income.get(`${u.tax}|${rec.person}`);
    if (rec.base < min || (inc !== undefined && 2 * rec.base < inc)) add('DN_KHAI_THAP_LUONG', rec.person);
  }

  // contributions
  const th = await readTable(dir, 'bhxh-thu', spec);
  const gh = getter(th);
  const late = new Set<string>();
  const evade = new Set<string>();
  for (const r of th.rows) {
    if (amount(gh(r, 'Đã đóng')) >= amount(gh(r, 'Phải đóng'))) continue;
    const deadline = lastDayOfMonth(parsePeriod(gh(r, 'Kỳ')) + 1);
    if (deadline >= asOf) continue;
    const unit = gh(r, 'Mã đơn vị');
    late.add(unit);
    if (asOf - deadline >= 61 && gh(r, 'Ngày đôn đốc')) evade.add(unit);
  }
  for (const u of evade) add('DN_TRON_DONG', u);
  for (const u of late) if (!evade.has(u)) add('DN_CHAM_DONG', u);

  // unemployment benefits
  const tb = await readTable(dir, 'bhtn-huong', spec);
  const gb = getter(tb);
  const onBenefit = new Set<string>();
  for (const r of tb.rows) {
    const id = repair(gb(r, 'Số định danh cá nhân'))!;
    const start = parseDate(gb(r, 'Hưởng từ ngày'))!.iso;
    const end = parseDate(gb(r, 'Hưởng đến ngày'))!.iso;
    if (day(start) <= asOf && asOf <= day(end)) onBenefit.add(id);
    const p = danCu.get(id);
    if (day(start) <= lastDayOfMonth(P) && day(end) >= pStart && p?.deceased && p.death && day(p.death) < pStart) add('NTG_DA_CHET', id);
    const fm = monthOfIso(start);
    const lm = monthOfIso(end);
    for (const from of bbFroms.get(id) ?? []) if (from > fm && from <= lm) add('BHTN_TRUC_LOI', id);
  }

  // industrial parks
  const tk = await readTable(dir, 'kcn-lao-dong', spec);
  const gk = getter(tk);
  for (const r of tk.rows) {
    if (parsePeriod(gk(r, 'Kỳ')) !== P) continue;
    const tax = gk(r, 'Mã số thuế');
    const persons = new Set<string>();
    for (const [code, u] of units) if (u.tax === tax) for (const p of activeByUnit.get(code) ?? []) persons.add(p);
    const gap = amount(gk(r, 'Số lao động báo cáo')) - persons.size;
    if (gap >= 5 && 10 * gap >= persons.size) add('KCN_LECH_LAO_DONG', tax);
  }

  // potential voluntary participants
  const tp = await readTable(dir, 'bhxh-huong', spec);
  const gp = getter(tp);
  const pension = new Set(tp.rows.map((r) => repair(gp(r, 'Số định danh cá nhân'))));
  for (const [id, p] of danCu) {
    if (p.deceased) continue;
    const months = completedMonths(p.birth, asOfIso);
    if (months < 180 || months >= RETIREMENT_2026[p.sex as 'M' | 'F']) continue;
    if (activeAny.has(id) || pension.has(id) || onBenefit.has(id) || nld.has(id) || hkd.has(id)) continue;
    add('TIEM_NANG_TU_NGUYEN', id);
  }
  return out;
}

export function readTruth(file: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  for (const l of lines) {
    const [code, subject] = l.split(',');
    if (!out.has(code)) out.set(code, new Set());
    out.get(code)!.add(subject);
  }
  return out;
}
