import { z, recordId } from '#shared/zod-vi.ts';
import { parseRule } from './cron.ts';

export const scheduleParams = z.object({ id: recordId('Mã lịch') });

/** PUT /api/jobs/schedules/:id — any of: enabled, rule (five-field cron, Việt Nam time). */
export const scheduleBody = z.object({
  enabled: z.boolean({ error: 'Bật/tắt phải là true hoặc false' }).describe('Bật/tắt').optional(),
  rule: z.string({ error: 'Quy tắc lịch phải là văn bản' }).trim().max(100, 'Quy tắc lịch dài quá 100 ký tự')
    .superRefine((v, ctx) => {
      try {
        parseRule(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }).describe('Quy tắc lịch').optional(),
}).refine((b) => b.enabled !== undefined || b.rule !== undefined, 'Cần ít nhất một thay đổi: enabled hoặc rule');

export const runsQuery = z.object({
  schedule: recordId('Mã lịch').optional(),
  limit: z.coerce.number({ error: 'Số dòng phải là số' }).int('Số dòng phải là số nguyên').min(1, 'Số dòng từ 1 đến 500').max(500, 'Số dòng từ 1 đến 500').default(100),
});
