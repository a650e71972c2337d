/** Zod schemas of the simulator's API input (Vietnamese messages). */
import { z, isoDate, recordIdList } from '#shared/zod-vi.ts';
import { SIM_YEARS } from '#shared/calc/simulator.ts';
import { SUPPORT_GROUPS, supportGroupPhrase, type SupportGroup } from '#shared/vocabulary.ts';

const pct = (label: string) =>
  z.number({ error: `${label}: phải là số phần trăm` }).min(0, `${label}: không nhận số âm`).max(1000, `${label}: tối đa 1.000 %`).default(0);
const year = (label: string, fallback: number) =>
  z.number({ error: `${label}: phải là năm` }).int(`${label}: phải là năm`).min(SIM_YEARS.min, `${label}: từ ${SIM_YEARS.min} đến ${SIM_YEARS.max}`).max(SIM_YEARS.max, `${label}: từ ${SIM_YEARS.min} đến ${SIM_YEARS.max}`).default(fallback);
const opt = (label: string, min: number, max: number) =>
  z.number({ error: `${label}: phải là một số` }).min(min, `${label}: từ ${min} đến ${max}`).max(max, `${label}: từ ${min} đến ${max}`).optional();

/** One percentage per support group (shared/vocabulary.ts), all 0 when absent. */
const TOPUP_FIELDS = Object.fromEntries(SUPPORT_GROUPS.map((g) => [g, pct(`Hỗ trợ thêm ${supportGroupPhrase(g)}`)])) as Record<SupportGroup, ReturnType<typeof pct>>;
const NO_TOPUP = Object.fromEntries(SUPPORT_GROUPS.map((g) => [g, 0])) as Record<SupportGroup, number>;

export const scenarioParams = z
  .object({
    name: z.string({ error: 'Vui lòng nhập tên kịch bản' }).trim().min(1, 'Vui lòng nhập tên kịch bản').max(200, 'Tên kịch bản tối đa 200 ký tự').describe('Tên kịch bản'),
    topup: z
      .object(TOPUP_FIELDS)
      .strict()
      .default(NO_TOPUP),
    maternity_topup: z.number({ error: 'Hỗ trợ thêm thai sản: phải là số tiền' }).int('Hỗ trợ thêm thai sản: số nguyên (đồng)').min(0, 'Hỗ trợ thêm thai sản: không nhận số âm').max(100_000_000, 'Hỗ trợ thêm thai sản: quá lớn').default(0),
    year_from: year('Năm bắt đầu', SIM_YEARS.min).describe('Năm bắt đầu'),
    year_to: year('Năm kết thúc', SIM_YEARS.max).describe('Năm kết thúc'),
    uptake: z
      .object({
        elasticity: opt('Độ co giãn theo giá', -5, 0),
        base_rate: opt('Tỷ lệ tham gia mới cơ sở', 0, 1),
        min_price_ratio: opt('Sàn tỷ lệ giá', 0.01, 1),
        retention: opt('Tỷ lệ duy trì', 0, 1),
        birth_rate: opt('Tỷ lệ sinh', 0, 0.5),
      })
      .strict()
      .default({}),
  })
  .strict()
  .refine((s) => s.year_to >= s.year_from, { message: 'Năm kết thúc phải không nhỏ hơn năm bắt đầu', path: ['year_to'] })
  .describe('Kịch bản');

export const simulateBody = z
  .object({
    scenarios: z.array(scenarioParams, { error: 'Cần danh sách kịch bản' }).min(1, 'Cần ít nhất 1 kịch bản').max(3, 'So sánh tối đa 3 kịch bản'),
    as_of: isoDate('Ngày đánh giá').optional(),
  })
  .strict();

export const idsQuery = z.object({
  ids: recordIdList('danh sách mã kịch bản', 3),
  as_of: isoDate('Ngày đánh giá').optional(),
});
