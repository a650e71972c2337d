/**
 * Placeholder until the reports capability (issue 15, items 1–3) lands: its `makeReport` replaces this file at merge.
 * The scheduler's 'report' handler (server/jobs/handlers.ts) imports it lazily, so a scheduled report fails with this
 * Vietnamese error (recorded in job_run) instead of breaking the server.
 */
import type { Database } from '../db/connect.ts';

export interface MakeReportInput {
  kind: string;
  params: Record<string, unknown>;
  actor: { id: number | null; username: string };
}

export async function makeReport(_database: Database, input: MakeReportInput): Promise<{ id: number; version: number }> {
  throw new Error(`chức năng lập báo cáo "${input.kind}" chưa có`);
}
