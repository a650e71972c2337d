/**
 * Allocation assistant: splits the province's yearly target into whole-number commune targets that
 * sum exactly to the province figure (largest remainder / Hamilton method). Pure functions, no I/O.
 */
import { formatInt } from '../format.ts';

export interface AllocationCommune {
  code: string;
  /** Working-age labour force (LLLĐ trong độ tuổi). */
  labourForce: number;
  /** Active participants now (the base the targets grow from). */
  active: number;
  /** Active participants 12 months earlier (for the recent-growth method); null when unknown. */
  activeYearAgo: number | null;
}

export type AllocationMethod = 'labour_share' | 'gap_share' | 'recent_growth' | 'same_growth';

export const ALLOCATION_METHODS: AllocationMethod[] = ['labour_share', 'gap_share', 'recent_growth', 'same_growth'];

/** One line per method, in Vietnamese, for the UI. */
export const ALLOCATION_METHOD_INFO: Record<AllocationMethod, { label: string; explanation: string }> = {
  labour_share: {
    label: 'Theo tỷ trọng lực lượng lao động',
    explanation: 'Chỉ tiêu của xã = chỉ tiêu tỉnh × (LLLĐ trong độ tuổi của xã / tổng LLLĐ trong độ tuổi của tỉnh).',
  },
  gap_share: {
    label: 'Thu hẹp cùng tỷ lệ khoảng trống bao phủ',
    explanation:
      'Mỗi xã thu hẹp cùng một tỷ lệ khoảng trống (LLLĐ trong độ tuổi chưa tham gia): chỉ tiêu = số đang tham gia + tỷ lệ chung × khoảng trống của xã.',
  },
  recent_growth: {
    label: 'Theo mức tăng trưởng gần đây',
    explanation:
      'Số người cần tăng thêm của tỉnh được chia theo số người tăng thêm của mỗi xã trong 12 tháng qua (xã không tăng thì giữ mức hiện tại).',
  },
  same_growth: {
    label: 'Cùng tốc độ tăng',
    explanation: 'Mọi xã tăng cùng một tỷ lệ so với số đang tham gia: chỉ tiêu = số đang tham gia × (chỉ tiêu tỉnh / tổng số đang tham gia).',
  },
};

/**
 * Rounds non-negative quotas (summing to `total` up to float error) to whole numbers that sum to
 * exactly `total`: each gets its floor, the remaining units go to the largest fractional parts
 * (ties: larger quota first, then input order). Each result is within 1 of its quota.
 */
export function largestRemainder(quotas: number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  const n = quotas.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError('no units to allocate to');
    return [];
  }
  const q = quotas.map((x) => (Number.isFinite(x) && x > 0 ? x : 0));
  const sum = q.reduce((a, b) => a + b, 0);
  // Normalise so that the quotas sum to total exactly (guards against float drift and callers' rounding).
  const scaled = sum > 0 ? q.map((x) => (x * total) / sum) : q.map(() => total / n);
  const result = scaled.map((x) => Math.floor(x + 1e-9));
  let remaining = total - result.reduce((a, b) => a + b, 0);
  if (remaining < 0) {
    // Only possible through the epsilon above; take back from the smallest fractional parts.
    const order = scaled.map((_x, i) => i).sort((a, b) => scaled[a] - result[a] - (scaled[b] - result[b]) || a - b);
    for (const i of order) {
      if (remaining === 0) break;
      if (result[i] > 0) { result[i] -= 1; remaining += 1; }
    }
  }
  const order = scaled
    .map((_x, i) => i)
    .sort((a, b) => scaled[b] - result[b] - (scaled[a] - result[a]) || scaled[b] - scaled[a] || a - b);
  for (let k = 0; remaining > 0; k = (k + 1) % n) {
    result[order[k]] += 1;
    remaining -= 1;
  }
  return result;
}

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const nonNeg = (x: number | null | undefined) => (x != null && Number.isFinite(x) && x > 0 ? x : 0);

/** Real-valued quotas of a method (before rounding); they sum to `total`. */
export function allocationQuotas(method: AllocationMethod, communes: AllocationCommune[], total: number): number[] {
  const active = communes.map((c) => nonNeg(c.active));
  const labour = communes.map((c) => nonNeg(c.labourForce));
  const totalActive = sumOf(active);
  const proportional = (weights: number[], amount: number) => {
    const w = sumOf(weights);
    return w > 0 ? weights.map((x) => (amount * x) / w) : weights.map(() => amount / weights.length);
  };
  // Below the current total, every method shrinks the current figures in proportion.
  const shrink = () => proportional(active, total);
  switch (method) {
    case 'labour_share':
      return proportional(labour, total);
    case 'same_growth':
      return totalActive > 0 ? proportional(active, total) : proportional(labour, total);
    case 'gap_share': {
      const need = total - totalActive;
      if (need < 0) return shrink();
      const gaps = communes.map((_c, i) => Math.max(0, labour[i] - active[i]));
      const gapSum = sumOf(gaps);
      // No gap anywhere (every commune at or above 100 %): spread the extra by labour force.
      const extra = gapSum > 0 ? proportional(gaps, need) : proportional(labour, need);
      return active.map((a, i) => a + extra[i]);
    }
    case 'recent_growth': {
      const need = total - totalActive;
      if (need < 0) return shrink();
      const growth = communes.map((c, i) => (c.activeYearAgo == null ? 0 : Math.max(0, active[i] - nonNeg(c.activeYearAgo))));
      const extra = sumOf(growth) > 0 ? proportional(growth, need) : proportional(labour, need);
      return active.map((a, i) => a + extra[i]);
    }
  }
}

/** Whole-number commune targets of a method, summing exactly to `total`. */
export function allocate(method: AllocationMethod, communes: AllocationCommune[], total: number): number[] {
  return largestRemainder(allocationQuotas(method, communes, total), total);
}

export interface AllocationProposal {
  method: AllocationMethod;
  label: string;
  explanation: string;
  targets: Record<string, number>;
}

/** Every method side by side. */
export function proposeAllocations(communes: AllocationCommune[], total: number): AllocationProposal[] {
  return ALLOCATION_METHODS.map((method) => {
    const values = allocate(method, communes, total);
    const targets: Record<string, number> = {};
    communes.forEach((c, i) => (targets[c.code] = values[i]));
    return { method, ...ALLOCATION_METHOD_INFO[method], targets };
  });
}

/**
 * A yearly path from a base figure (the stock at the end of baseYear) to the figure of the final
 * year, by equal yearly increments, rounded so that the last year hits the final figure exactly.
 */
export function proposePath(base: number, baseYear: number, finalTarget: number, finalYear: number): Array<{ year: number; target: number }> {
  if (finalYear <= baseYear) return [{ year: finalYear, target: finalTarget }];
  const steps = finalYear - baseYear;
  const out: Array<{ year: number; target: number }> = [];
  for (let k = 1; k <= steps; k++) {
    out.push({ year: baseYear + k, target: k === steps ? finalTarget : Math.round(base + ((finalTarget - base) * k) / steps) });
  }
  return out;
}

/** The commune targets of a year against the approved province target: may they be submitted or approved? */
export interface CommuneSumCheck {
  ok: boolean;
  /** Vietnamese, naming both sums and the difference; null when ok. */
  reason: string | null;
  communeTotal: number;
  provinceTotal: number | null;
  difference: number | null;
}

const signed = (n: number) => `${n > 0 ? '+' : ''}${formatInt(n)}`;

/**
 * Commune targets are submitted or approved only when they add up to the province target approved for the same
 * year (a draft may differ), and when their voluntary targets reach the province's voluntary minimum. Without an
 * approved province target there is nothing to add up to, so commune targets wait for it.
 */
export function checkCommuneSum(
  year: number,
  communes: { total: number; voluntary: number },
  province: { total: number; voluntary: number } | null,
): CommuneSumCheck {
  const base = { communeTotal: communes.total, provinceTotal: province?.total ?? null };
  if (!province) {
    return {
      ...base, ok: false, difference: null,
      reason: `Chưa có chỉ tiêu của tỉnh năm ${year} đã được phê duyệt: chỉ trình hoặc phê duyệt chỉ tiêu giao các xã, phường (tổng ${formatInt(communes.total)}) sau khi chỉ tiêu của tỉnh được phê duyệt.`,
    };
  }
  const difference = communes.total - province.total;
  if (difference !== 0) {
    return {
      ...base, ok: false, difference,
      reason: `Tổng chỉ tiêu giao các xã, phường (${formatInt(communes.total)}) khác chỉ tiêu của tỉnh năm ${year} đã phê duyệt (${formatInt(province.total)}), chênh ${signed(difference)}. Hãy điều chỉnh cho khớp trước khi trình hoặc phê duyệt.`,
    };
  }
  if (communes.voluntary < province.voluntary) {
    return {
      ...base, ok: false, difference,
      reason: `Tổng chỉ tiêu BHXH tự nguyện giao các xã, phường (${formatInt(communes.voluntary)}) thấp hơn mức tối thiểu của tỉnh năm ${year} đã phê duyệt (${formatInt(province.voluntary)}), thiếu ${formatInt(province.voluntary - communes.voluntary)}.`,
    };
  }
  return { ...base, ok: true, reason: null, difference };
}
