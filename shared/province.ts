/**
 * The province BaoPhu serves: its statistical code (Decision 124/2004/QĐ-TTg, kept by Thái Nguyên after the 2025
 * merger with Bắc Kạn). The province's own line in targets and progress carries this code where a commune's would.
 */
export const PROVINCE_CODE = '19';

/**
 * The years of the plan BaoPhu follows: the 2026–2030 horizon of Resolution 403/NQ-CP (targets, the simulator,
 * the annual report's path). Every year bound and every message that names the range is built from it.
 */
export const PLAN_YEARS = { min: 2026, max: 2030 } as const;

/** Every plan year, in order. */
export const PLAN_YEAR_LIST: readonly number[] = Array.from({ length: PLAN_YEARS.max - PLAN_YEARS.min + 1 }, (_, i) => PLAN_YEARS.min + i);

/** The range as people read it: "2026–2030". */
export const PLAN_RANGE_TEXT = `${PLAN_YEARS.min}–${PLAN_YEARS.max}`;
