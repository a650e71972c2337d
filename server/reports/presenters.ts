/** Report kinds and versions as API JSON (the only place their rows become JSON). */
import type { ReportKind } from './kinds.ts';
import { periodLabel, type ReportParams } from './kinds.ts';
import type { SessionUser } from '../auth/policies.ts';
import { mayGenerateReport, mayReviewReport, maySignReport } from '../auth/policies.ts';
import type { ReportKindAnswer, ReportVersionAnswer, ReportVersionDetailAnswer } from '#shared/api/reports.ts';
import { STATE_LABELS, type VersionRow, type versionActions, type versionFiles } from './versions.ts';

const ACTION_LABELS: Record<string, string> = {
  generate: 'Yêu cầu lập', built: 'Đã lập xong', fail: 'Lập không thành công', review: 'Duyệt', sign: 'Ký', return: 'Trả lại', download: 'Tải về',
  resume: 'Lập lại sau khi máy chủ khởi động lại',
};
const PARAM_LABELS: Record<string, string> = { year: 'Năm', month: 'Tháng', quarter: 'Quý', commune: 'Xã, phường' };
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentKind(user: SessionUser, k: ReportKind): ReportKindAnswer {
  return {
    id: k.id, label: k.label, description: k.description,
    params: k.params.map((p) => ({ name: p, label: PARAM_LABELS[p] ?? p })), needsPeriod: k.needsPeriod, formats: k.formats,
    issuer: k.header.issuer, recipients: k.recipients, wordingSource: k.wordingSource,
    // For the account's own scope: a commune account acts on its communes' reports, a province account on the province's.
    canGenerate: mayGenerateReport(user, k.access, user.communes?.[0] ?? null),
  };
}

type ListRow = Pick<VersionRow, 'id' | 'kind' | 'params' | 'version' | 'state' | 'progress' | 'number' | 'commune_code' | 'formats' | 'created_by_name' | 'created_at' | 'reviewed_by_name' | 'reviewed_at' | 'signed_by_name' | 'signed_at' | 'error'> & { kindLabel?: string };

export function presentVersion(r: ListRow): ReportVersionAnswer {
  const params = r.params as unknown as ReportParams;
  return {
    id: Number(r.id), kind: r.kind, kindLabel: r.kindLabel, version: r.version, params, periodLabel: periodLabel(params),
    state: r.state, stateLabel: STATE_LABELS[r.state] ?? r.state, progress: r.progress, error: r.error, number: r.number, commune: r.commune_code,
    formats: r.formats, createdBy: r.created_by_name, createdAt: iso(r.created_at), reviewedBy: r.reviewed_by_name, reviewedAt: iso(r.reviewed_at),
    signedBy: r.signed_by_name, signedAt: iso(r.signed_at),
  };
}

export function presentVersionDetail(
  user: SessionUser, kind: ReportKind, v: VersionRow,
  actions: Awaited<ReturnType<typeof versionActions>>, files: Awaited<ReturnType<typeof versionFiles>>,
): ReportVersionDetailAnswer {
  return {
    ...presentVersion({ ...v, kindLabel: kind.label }),
    dataIds: v.data_ids,
    files: files.map((f) => ({ format: f.format, size: f.size, sha256: f.sha256, url: `/api/reports/versions/${v.id}/file/${f.format}` })),
    actions: actions.map((a) => ({ at: iso(a.at), username: a.username, action: a.action, actionLabel: a.action === 'download' && (a.detail as { preview?: boolean } | null)?.preview ? 'Xem trước' : ACTION_LABELS[a.action] ?? a.action, fromState: a.from_state, toState: a.to_state, comment: a.comment })),
    canReview: v.state === 'draft' && mayReviewReport(user, kind.access, v.commune_code),
    canReturn: (v.state === 'draft' || v.state === 'reviewed') && mayReviewReport(user, kind.access, v.commune_code),
    canSign: v.state === 'reviewed' && maySignReport(user, kind.access, v.commune_code),
  };
}
