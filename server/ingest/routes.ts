/**
 * Import API. Upload (multipart, streamed to a temporary file), detect the kind and show the header
 * mapping and first rows, confirm (the import runs in the background; progress as server-sent
 * events), the result with its reject report (CSV/XLSX), and the history of imports with lineage and
 * the raw file. Only roles whose agency supplies a kind may import it (canImport); a commune account
 * only sees and downloads its own imports. Imports, reports and raw-file downloads are audited.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { currentUser } from '../http/request.ts';
import { forbidden, HttpError, notFound, parseInput } from '../http/errors.ts';
import { primed } from '../http/stream.ts';
import { canImport, historyKinds, mayDownloadBatch, mayImportAny, mayRestoreBatch, maySeeBatch, roleOf, seesOnlyOwnBatches, type BatchAccess, type SessionUser } from '../auth/policies.ts';
import { audit } from '../auth/audit.ts';
import { FILE_KINDS, type FileKind } from '#shared/auth/roles.ts';
import { rawFilesPath } from '../db/config.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../db/private-files.ts';
import { brokenMultipart } from '../http/input.ts';
import { analyzeFile } from './analyze.ts';
import { manualMappingProblem, type ManualMapping } from './header.ts';
import { maxUploadBytes, megabytes } from './limits.ts';
import { KINDS } from './kinds.ts';
import { RestoreError, restorePlan } from './service.ts';
import { restoreAndRefresh } from '../commands/import-and-refresh.ts';
import { ImportJobQueue, type ImportJob } from '../commands/import-jobs.ts';
import { issuesOfBatch, reportStream, type ReportRow } from './report.ts';
import { presentAnalysis, presentBatch, presentIssue, presentResult, type BatchRow } from './presenters.ts';
import { batchParams, confirmBody, historyQuery, jobParams, previewQuery, reportQuery, uploadParams, uploadQuery } from './schema.ts';
import type {
  BatchDetailAnswer, BatchListAnswer, ImportAnalysis, ImportFailedEvent, ImportJobAnswer, ImportKindsAnswer, ImportProgressEvent, ImportResultAnswer, ImportStartedAnswer, RestoreAnswer,
} from '#shared/api/ingest.ts';
import type { OkAnswer } from '#shared/api/common.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TTL_MS = 6 * 3600_000;

interface Upload {
  id: string;
  path: string;
  fileName: string;
  userId: number;
  createdAt: number;
  /** A confirm is checking this upload: a second confirm waits its turn. */
  checking?: boolean;
}

function attachment(reply: FastifyReply, name: string, type: string) {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w.-]+/g, '_');
  reply.header('content-type', type);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

/** The batch as the access rules see it (server/auth/policies.ts). */
const batchAccess = (b: BatchRow): BatchAccess => ({ kind: b.kind, importedBy: b.imported_by, isCurrent: b.is_current, refused: b.refused });
/** The headers of a batch's original rows (the reject report's "Gốc:" columns). */
const columnsOf = (b: BatchRow): string[] => (Array.isArray(b.detail.columns) ? (b.detail.columns as string[]) : []);
/** A manual column mapping naming a field the kind does not have (or one field twice) is a 400. */
function refuseBadMapping(kind: FileKind, mapping: ManualMapping) {
  const problem = manualMappingProblem(KINDS[kind], mapping);
  if (problem) throw new HttpError(400, problem);
}

const routes: FastifyPluginAsync = async (app) => {
  const database = app.database;
  const uploadsDir = path.join(database.config.dataDir, 'uploads');
  makePrivateDir(uploadsDir);
  const uploads = new Map<string, Upload>();
  const jobs = new ImportJobQueue(database);
  const uploadCap = maxUploadBytes();
  const uploadTooLarge = () =>
    new HttpError(413, `Tệp vượt giới hạn tải lên ${megabytes(uploadCap)} (BAOPHU_MAX_UPLOAD_MB); không có gì được lưu. Hãy tách tệp hoặc báo quản trị hệ thống.`);

  // Uploads left by a previous run or never confirmed, and finished jobs, are dropped.
  const sweep = () => {
    const now = Date.now();
    for (const name of fs.readdirSync(uploadsDir)) {
      const p = path.join(uploadsDir, name);
      const u = uploads.get(name);
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st && (!u ? st.mtimeMs < now - UPLOAD_TTL_MS || !/^[a-f0-9]{32}$/.test(name) : u.createdAt < now - UPLOAD_TTL_MS)) {
        fs.rmSync(p, { force: true });
        uploads.delete(name);
      }
    }
    jobs.sweep(now);
  };
  sweep();
  const timer = setInterval(sweep, 15 * 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  const ownUpload = (request: FastifyRequest, user: SessionUser): Upload => {
    const { id } = parseInput(uploadParams, request.params, 'Tham số');
    const u = uploads.get(id);
    if (!u || u.userId !== user.id || !fs.existsSync(u.path)) throw notFound('Tệp tải lên');
    return u;
  };

  const alreadyImported = async (kind: FileKind | null, sha: string) => {
    if (!kind) return null;
    const row = await database.db.selectFrom('import_batch').select('id')
      .where('kind', '=', kind).where('content_sha256', '=', sha).where('refused', '=', false)
      .executeTakeFirst();
    return row?.id ?? null;
  };

  const analysisAnswer = async (user: SessionUser, u: Upload, kind?: FileKind, period?: string, mapping?: ManualMapping): Promise<ImportAnalysis> => {
    if (mapping && Object.keys(mapping).length && !kind) throw new HttpError(400, 'Ánh xạ cột: hãy chọn loại tệp trước.');
    if (mapping && kind) refuseBadMapping(kind, mapping);
    const analysis = await analyzeFile(u.path, u.fileName, kind, !!period, mapping);
    if (analysis.unreadable) throw new HttpError(422, analysis.problem ?? 'Không đọc được tệp.');
    return presentAnalysis(user, u.id, u.fileName, analysis, await alreadyImported(analysis.kind, analysis.sha256), roleOf(user).imports);
  };

  app.get('/api/imports/kinds', async (request): Promise<ImportKindsAnswer> => {
    const user = currentUser(request);
    return {
      kinds: FILE_KINDS.map((k) => ({
        kind: k,
        label: KINDS[k].label,
        agency: KINDS[k].agency,
        canImport: canImport(user, k),
        periodUnit: KINDS[k].period?.unit ?? null,
        columns: KINDS[k].columns.map((c) => ({ key: c.key, label: c.label, aliases: c.aliases ?? [], required: c.required === true, group: c.group ?? null, periodColumn: c.required === 'unless-period' })),
      })),
    };
  });

  // ---------------------------------------------------------------- upload → preview → confirm

  app.post('/api/imports/uploads', async (request): Promise<ImportAnalysis> => {
    const user = currentUser(request);
    if (!mayImportAny(user)) throw forbidden('nhập dữ liệu');
    const { kind } = parseInput(uploadQuery, request.query, 'Tham số');
    if (kind && !canImport(user, kind)) throw forbidden(`nhập loại tệp ${kind}`);
    if (!request.isMultipart()) throw new HttpError(400, 'Hãy gửi tệp dạng multipart/form-data (trường "file").');
    // Text fields before the file are held in memory: the form has none, so a few small ones at most.
    const data = await request.file({ limits: { fileSize: uploadCap, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 11 } });
    if (!data) throw new HttpError(400, 'Chưa có tệp nào được gửi lên.');
    const id = crypto.randomBytes(16).toString('hex');
    const target = path.join(uploadsDir, id);
    // The staged file goes with every answer but a successful analysis: too large, cut short, unreadable, or failed.
    let kept = false;
    try {
      try {
        await pipeline(data.file, fs.createWriteStream(target, { mode: PRIVATE_FILE_MODE }));
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge();
        throw brokenMultipart();
      }
      if (data.file.truncated) throw uploadTooLarge();
      const fileName = path.basename(data.filename || 'tep-tai-len').slice(0, 200);
      const u: Upload = { id, path: target, fileName, userId: user.id, createdAt: Date.now() };
      // A file that cannot be read as a table at all is refused (422), not kept for a preview.
      const answer = await analysisAnswer(user, u, kind);
      uploads.set(id, u);
      kept = true;
      return answer;
    } finally {
      if (!kept) fs.rmSync(target, { force: true });
    }
  });

  app.get('/api/imports/uploads/:id', async (request): Promise<ImportAnalysis> => {
    const user = currentUser(request);
    const u = ownUpload(request, user);
    const { kind, period, mapping } = parseInput(previewQuery, request.query, 'Tham số');
    if (kind && !canImport(user, kind)) throw forbidden(`nhập loại tệp ${kind}`);
    return analysisAnswer(user, u, kind, period, mapping);
  });

  app.delete('/api/imports/uploads/:id', async (request): Promise<OkAnswer> => {
    const user = currentUser(request);
    const u = ownUpload(request, user);
    fs.rmSync(u.path, { force: true });
    uploads.delete(u.id);
    return { ok: true };
  });

  const sse = (reply: FastifyReply) => {
    reply.hijack();
    reply.raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    return (...[event, data]: ['progress', ImportProgressEvent] | ['done', ImportResultAnswer] | ['failed', ImportFailedEvent]) => reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  /** Follows a job as server-sent events: progress…, then done (the result) or failed. */
  const streamJob = (user: SessionUser, job: ImportJob, reply: FastifyReply) => {
    const send = sse(reply);
    const finish = () => {
      if (job.status === 'done') send('done', presentResult(user, job.result!));
      else send('failed', { message: job.error });
      reply.raw.end();
    };
    send('progress', { rowsRead: job.rowsRead, fraction: job.fraction });
    if (job.status !== 'running') return finish();
    const stop = jobs.follow(job, (event) => {
      if (event === 'progress') send('progress', { rowsRead: job.rowsRead, fraction: job.fraction });
      else {
        stop();
        finish();
      }
    });
    reply.raw.on('close', stop);
  };

  app.post('/api/imports/uploads/:id/confirm', async (request, reply) => {
    const user = currentUser(request);
    const u = ownUpload(request, user);
    const body = parseInput(confirmBody, request.body, 'Yêu cầu nhập');
    if (!canImport(user, body.kind)) throw forbidden(`nhập loại tệp ${body.kind}`);
    if (body.mapping) refuseBadMapping(body.kind, body.mapping);
    if (u.checking) throw new HttpError(409, 'Tệp này đang được kiểm tra để nhập: hãy chờ.');
    const input = { kind: body.kind, filePath: u.path, fileName: u.fileName, period: body.period, strict: body.strict, replace: body.replace, mapping: body.mapping };
    // Replacing current data needs the user's explicit `replace: true`: without it a 409 carries what the file would
    // replace (a dry run: nothing changes).
    if (!input.replace) {
      u.checking = true;
      try {
        const question = await jobs.replacementQuestion(user, input);
        if (question) throw new HttpError(409, question.message, { replacement: question.replacement });
      } finally {
        u.checking = false;
      }
    }
    uploads.delete(u.id);
    const job = jobs.start(user, input);
    if (String(request.headers.accept ?? '').includes('text/event-stream')) return streamJob(user, job, reply);
    return { jobId: job.id } satisfies ImportStartedAnswer;
  });

  const ownJob = (request: FastifyRequest, user: SessionUser): ImportJob => {
    const { id } = parseInput(jobParams, request.params, 'Tham số');
    const job = jobs.get(id, user.id);
    if (!job) throw notFound('Lần nhập');
    return job;
  };

  app.get('/api/imports/jobs/:id', async (request): Promise<ImportJobAnswer> => {
    const user = currentUser(request);
    const job = ownJob(request, user);
    return {
      jobId: job.id, status: job.status, kind: job.kind, fileName: job.fileName, rowsRead: job.rowsRead, fraction: job.fraction,
      result: job.result ? presentResult(user, job.result) : null, error: job.error,
    };
  });

  app.get('/api/imports/jobs/:id/events', async (request, reply) => {
    const user = currentUser(request);
    return streamJob(user, ownJob(request, user), reply);
  });

  const sendReport = async (reply: FastifyReply, user: SessionUser, rows: AsyncIterable<ReportRow[]> | ReportRow[], format: 'csv' | 'xlsx', baseName: string, objectId: string | number | null, detail: Record<string, unknown>, sourceColumns: string[] = []) => {
    await audit(database.db, user, { action: 'export', objectType: 'import_report', objectId, detail: { ...detail, format } });
    const body = await primed(reportStream(rows, format, sourceColumns));
    attachment(reply, `${baseName}.${format}`, format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
    return reply.send(body);
  };

  app.get('/api/imports/jobs/:id/report', async (request, reply) => {
    const user = currentUser(request);
    const job = ownJob(request, user);
    const { format, only } = parseInput(reportQuery, request.query, 'Tham số');
    if (job.status !== 'done' || !job.result) throw new HttpError(409, 'Lần nhập chưa xong.');
    const r = job.result;
    const base = `loai-bo-${r.kind}-${path.parse(r.fileName).name}`;
    const columns = r.detail.columns ?? [];
    if (r.batchId !== null && r.status !== 'rejected') {
      return sendReport(reply, user, maskedIssues(user, r.batchId, r.kind, r.headerMapping, columns, only), format, base, r.batchId, { kind: r.kind }, columns);
    }
    const rows: ReportRow[] = r.errors.map((e) => ({ ...presentIssue(user, r.kind, r.headerMapping, e, columns), severity: 'error' as const }));
    return sendReport(reply, user, rows, format, base, r.batchId, { kind: r.kind, status: r.status }, columns);
  });

  async function* maskedIssues(user: SessionUser, batchId: number, kind: FileKind, mapping: Record<string, string>, columns: string[], only?: 'error' | 'warning'): AsyncGenerator<ReportRow[]> {
    for await (const page of issuesOfBatch(database, batchId, only)) {
      yield page.map((i) => ({ ...presentIssue(user, kind, mapping, { ...i, value: i.value ?? undefined, source: i.source ?? undefined }, columns), severity: i.severity }));
    }
  }

  // ---------------------------------------------------------------- history

  /** The batch if this user may see it: a kind it imports (or audit reader); commune accounts their own. */
  const visibleBatch = async (request: FastifyRequest, user: SessionUser): Promise<BatchRow> => {
    const { id } = parseInput(batchParams, request.params, 'Tham số');
    const b = await database.db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
    if (!b || !maySeeBatch(user, batchAccess(b))) throw notFound('Lô nhập');
    return b;
  };

  app.get('/api/imports', async (request): Promise<BatchListAnswer> => {
    const user = currentUser(request);
    const q = parseInput(historyQuery, request.query, 'Bộ lọc');
    const asked = q.kind === undefined ? null : Array.isArray(q.kind) ? q.kind : [q.kind];
    const kinds = historyKinds(user).filter((k) => !asked || asked.includes(k));
    const yearKinds = FILE_KINDS.filter((k) => KINDS[k].period?.unit === 'year');
    const period = q.period ? `${q.period}-01` : null;
    const current = q.current ? q.current === 'true' : null;
    const ownOnly = seesOnlyOwnBatches(user);
    const batches = database.db.selectFrom('import_batch')
      .where((eb) => eb('kind', '=', eb.fn.any(eb.val(kinds))))
      // Year kinds keep the year's first day as their period.
      .$if(period !== null, (qb) => qb.where((eb) => eb.or([
        eb('period', '=', period!),
        eb.and([eb('kind', '=', eb.fn.any(eb.val(yearKinds))), eb('period', '=', sql<string>`date_trunc('year', ${period}::date)::date`)]),
      ])))
      .$if(current !== null, (qb) => qb.where('is_current', '=', current!))
      .$if(ownOnly, (qb) => qb.where('imported_by', '=', user.id));
    const { total } = await batches.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await batches.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
    return {
      total, page: q.page, pageSize: q.pageSize,
      batches: rows.map((b) => ({ ...presentBatch(b), canDownload: mayDownloadBatch(user, batchAccess(b)), canRestore: mayRestoreBatch(user, batchAccess(b)) })),
    };
  });

  app.get('/api/imports/:id', async (request): Promise<BatchDetailAnswer> => {
    const user = currentUser(request);
    const b = await visibleBatch(request, user);
    const downloadable = mayDownloadBatch(user, batchAccess(b));
    const issues = downloadable
      ? await database.db.selectFrom('import_issue').select(['row_no', 'column_name', 'value', 'message', 'severity'])
        .where('batch_id', '=', b.id).orderBy('row_no').orderBy('severity').limit(200).execute()
      : [];
    if (issues.length) await audit(database.db, user, { action: 'read', objectType: 'import_issue', objectId: b.id, detail: { kind: b.kind, rows: issues.length } });
    return {
      batch: { ...presentBatch(b), canDownload: downloadable },
      issues: issues.map((i) => presentIssue(user, b.kind as FileKind, b.header_mapping, { row: i.row_no, column: i.column_name, value: i.value ?? undefined, message: i.message, severity: i.severity }, columnsOf(b))),
    };
  });

  app.get('/api/imports/:id/report', async (request, reply) => {
    const user = currentUser(request);
    const b = await visibleBatch(request, user);
    if (!mayDownloadBatch(user, batchAccess(b))) throw forbidden('tải báo cáo dòng bị loại của lô này');
    const { format, only } = parseInput(reportQuery, request.query, 'Tham số');
    const columns = columnsOf(b);
    return sendReport(reply, user, maskedIssues(user, b.id, b.kind as FileKind, b.header_mapping, columns, only), format, `loai-bo-lo-${b.id}-${b.kind}`, b.id, { kind: b.kind }, columns);
  });

  // ---------------------------------------------------------------- restore a replaced batch

  const restorable = async (request: FastifyRequest, user: SessionUser) => {
    const b = await visibleBatch(request, user);
    if (b.refused) throw new HttpError(409, `Lô #${b.id} là tệp bị từ chối: không có dữ liệu để khôi phục.`);
    if (b.is_current) throw new HttpError(409, `Lô #${b.id} đang là dữ liệu hiện hành: không cần khôi phục.`);
    if (!mayRestoreBatch(user, batchAccess(b))) throw forbidden('khôi phục lô nhập này');
    return b;
  };
  const restoreFailure = (err: unknown) => (err instanceof RestoreError ? new HttpError(err.status, err.message) : err);

  /** What restoring the batch would replace (asked before the confirmation). */
  app.get('/api/imports/:id/restore', async (request): Promise<RestoreAnswer> => {
    const user = currentUser(request);
    const b = await restorable(request, user);
    const replacement = await restorePlan(database, b.id).catch((err) => { throw restoreFailure(err); });
    return { batch: presentBatch(b), replacement };
  });

  app.post('/api/imports/:id/restore', async (request): Promise<RestoreAnswer> => {
    const user = currentUser(request);
    const b = await restorable(request, user);
    const restored = await restoreAndRefresh(database, b.id, { actor: user }).catch((err) => { throw restoreFailure(err); });
    const now = await database.db.selectFrom('import_batch').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
    return { batch: presentBatch(now), replacement: restored.replacement };
  });

  app.get('/api/imports/:id/raw', async (request, reply) => {
    const user = currentUser(request);
    const b = await visibleBatch(request, user);
    if (!mayDownloadBatch(user, batchAccess(b))) throw forbidden('tải tệp gốc của lô này');
    if (!b.raw_path) throw notFound('Tệp gốc');
    const file = path.join(rawFilesPath(database.config.dataDir), b.content_sha256);
    if (!fs.existsSync(file)) throw notFound('Tệp gốc');
    await audit(database.db, user, { action: 'export', objectType: 'import_raw_file', objectId: b.id, detail: { kind: b.kind, fileName: b.file_name, sha256: b.content_sha256 } });
    attachment(reply, b.file_name, /\.xlsx$/i.test(b.file_name) ? XLSX : 'application/octet-stream');
    return reply.send(fs.createReadStream(file));
  });
};

export default routes;
