/**
 * The report catalogue's API: the kinds, generation (queued, 202 with the version id), the versions and their
 * progress, downloads of the stored files, and the review / sign / return flow. Access: server/auth/policies.ts
 * (mayGenerateReport, mayReviewReport, maySignReport, mayReadReport) over each kind's roles as data.
 */
import type { FastifyPluginAsync } from 'fastify';
import { currentUser } from '../http/request.ts';
import { HttpError, parseInput } from '../http/errors.ts';
import { can } from '../auth/policies.ts';
import { actorOfUser } from './actor.ts';
import { makeReportBody, versionListQuery, versionParams, fileParams, fileQuery, actionBody } from './schema.ts';
import { loadKinds, FORMAT_CONTENT_TYPES } from './kinds.ts';
import { buildVersion, requestReport, ReportError } from './commands.ts';
import { enqueue } from './queue.ts';
import { downloadFile, listVersions, readableVersion, returnVersion, reviewVersion, signVersion, versionActions, versionFiles } from './versions.ts';
import { PREVIEW_POLICY } from '../http/security.ts';
import { presentKind, presentVersion, presentVersionDetail } from './presenters.ts';
import type { ReportKindsAnswer, ReportRequestedAnswer, ReportVersionDetailAnswer, ReportVersionsAnswer } from '#shared/api/reports.ts';

const asHttp = (err: unknown): never => {
  if (err instanceof ReportError) throw new HttpError(err.status, err.message);
  throw err;
};

const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const readsReports = (request: Parameters<typeof currentUser>[0]) => {
    const user = currentUser(request);
    if (!can(user, 'reports.read')) throw new HttpError(403, 'Tài khoản của bạn không có quyền xem danh mục báo cáo.');
    return user;
  };

  app.get('/api/reports/kinds', async (request): Promise<ReportKindsAnswer> => {
    const user = readsReports(request);
    return { kinds: (await loadKinds(database.db)).map((k) => presentKind(user, k)) };
  });

  app.post('/api/reports', async (request, reply): Promise<ReportRequestedAnswer> => {
    const user = readsReports(request);
    const body = parseInput(makeReportBody, request.body, 'Yêu cầu lập báo cáo');
    const made = await requestReport(database, { kind: body.kind, params: body.params, formats: body.formats, actor: actorOfUser(user) }).catch(asHttp);
    enqueue(() => buildVersion(database, made.id, user));
    reply.code(202);
    return { id: made.id, version: made.version, url: `/api/reports/versions/${made.id}` };
  });

  app.get('/api/reports/versions', async (request): Promise<ReportVersionsAnswer> => {
    const user = readsReports(request);
    const q = parseInput(versionListQuery, request.query, 'Tham số');
    return { versions: (await listVersions(database, user, q.kind)).map(presentVersion) };
  });

  app.get('/api/reports/versions/:id', async (request): Promise<ReportVersionDetailAnswer> => {
    const user = readsReports(request);
    const { id } = parseInput(versionParams, request.params, 'Mã phiên bản');
    const { v, kind } = await readableVersion(database, user, id).catch(asHttp);
    return presentVersionDetail(user, kind, v, await versionActions(database, id), await versionFiles(database, id));
  });

  app.get('/api/reports/versions/:id/file/:format', async (request, reply) => {
    const user = readsReports(request);
    const { id, format } = parseInput(fileParams, request.params, 'Tệp báo cáo');
    // The first page's preview on the version's panel: the PDF shown inline, in a frame of our own pages only.
    const inline = parseInput(fileQuery, request.query, 'Tham số').inline === '1';
    if (inline && format !== 'pdf') throw new HttpError(400, 'Chỉ xem trước được tệp PDF.');
    const f = await downloadFile(database, user, id, format, inline).catch(asHttp);
    const name = `bao-cao-${f.v.kind}-${id}-v${f.v.version}.${format}`;
    reply.header('content-type', FORMAT_CONTENT_TYPES[format]);
    reply.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${name}"`);
    if (inline) {
      reply.header('x-frame-options', 'SAMEORIGIN');
      reply.header('content-security-policy', PREVIEW_POLICY);
    }
    reply.header('x-content-sha256', f.sha256);
    return reply.send(f.bytes);
  });

  const action = (path: string, run: typeof reviewVersion) =>
    app.post(`/api/reports/versions/:id/${path}`, async (request): Promise<ReportVersionDetailAnswer> => {
      const user = readsReports(request);
      const { id } = parseInput(versionParams, request.params, 'Mã phiên bản');
      const body = parseInput(actionBody, request.body ?? {}, 'Ý kiến');
      await run(database, user, id, body.comment?.trim() || null).catch(asHttp);
      const { v, kind } = await readableVersion(database, user, id).catch(asHttp);
      return presentVersionDetail(user, kind, v, await versionActions(database, id), await versionFiles(database, id));
    });
  action('review', reviewVersion);
  action('sign', signVersion);
  action('return', returnVersion);
};

export default routes;
