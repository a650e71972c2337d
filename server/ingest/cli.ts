/**
 * `baophu import <kind> <file> [--period YYYY-MM] [--strict] [--replace] [--rejects PATH] [--json]`
 * `baophu import restore <batch> [--json]`
 * Exit 0: imported (even with rejected rows), unchanged, or restored; 1: the file was refused as a whole, or it
 * would replace current data and --replace was not given (status needs_confirmation, with the numbers); 2: usage
 * error. With --json, exactly one JSON object on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FILE_KINDS } from '#shared/auth/roles.ts';
import { CliError, parseCliArgs, UsageError } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { formatInt } from '#shared/format.ts';
import { KINDS, isFileKind } from './kinds.ts';
import { audit, commandLineActor } from '../auth/audit.ts';
import { ImportOptionError, replacedText, RestoreError, type ImportResult } from './service.ts';
import { importAndRefresh, restoreAndRefresh } from '../commands/import-and-refresh.ts';
import { issuesOfBatch, reportFormatOf, writeReportFile, type ReportRow } from './report.ts';

const USAGE =
  'Cách dùng: baophu import <loại tệp> <tệp .csv|.xlsx> [--period YYYY-MM] [--strict] [--replace] [--rejects ĐƯỜNG_DẪN.csv|.xlsx] [--json]\n' +
  '           baophu import restore <số lô> [--json]   (khôi phục một lô đã bị thay thế thành dữ liệu hiện hành)\n' +
  '  --replace: xác nhận cho tệp thay thế dữ liệu hiện hành cùng loại, cùng kỳ (không có thì lệnh dừng và cho biết sẽ thay thế gì).\n' +
  'Các loại tệp:\n' +
  FILE_KINDS.map((k) => `  ${k.padEnd(13)} ${KINDS[k].label}`).join('\n');

/**
 * Progress on stderr: a bar on a terminal (for files worth it), or plain lines when
 * BAOPHU_PROGRESS=lines (logs of unattended runs).
 */
function progressBar(mode: 'bar' | 'lines' | 'none') {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(rows: number, fraction = 0) {
      if (mode === 'none') return;
      const now = Date.now();
      if (now - last < 200 && fraction < 1) return;
      last = now;
      const secs = (now - started) / 1000;
      const rate = secs > 0 ? Math.round(rows / secs) : 0;
      const pct = String(Math.round(Math.max(0, Math.min(1, fraction)) * 100)).padStart(3);
      if (mode === 'lines') {
        process.stderr.write(`Đang nhập: ${formatInt(rows)} dòng (${pct.trim()} % tệp)\n`);
        return;
      }
      shown = true;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${pct}%  ${formatInt(rows)} dòng  ${formatInt(rate)} dòng/giây  `);
    },
    done() {
      if (shown) process.stderr.write('\n');
    },
  };
}

function printHuman(result: ImportResult) {
  if (result.status === 'needs_confirmation') {
    console.error(result.message);
    console.error('Không có gì thay đổi. Chạy lại với --replace để thay thế.');
    return;
  }
  const out = result.status === 'rejected' ? console.error : console.log;
  out(result.message);
  const d = result.detail;
  if (result.status !== 'unchanged' && d.format) {
    const how = d.format === 'csv' ? `CSV, bảng mã ${d.encoding}, phân cách bằng ${d.delimiter}` : `XLSX, trang "${d.sheet ?? ''}"`;
    out(`  Tệp: ${how}${d.headerRows?.length ? `; dòng tiêu đề: ${d.headerRows.join(', ')}` : ''}.`);
  }
  if (d.ignoredColumns?.length) out(`  Cột không dùng (bỏ qua): ${d.ignoredColumns.join(', ')}.`);
  const shown = result.errors.slice(0, 20);
  for (const e of shown) out(`  ${e.row ? `Dòng ${e.row}` : 'Tệp'}${e.column ? `, cột "${e.column}"` : ''}: ${e.message}${e.value && !e.message.includes(e.value) ? ` [${e.value}]` : ''}`);
  const more = result.rejected - shown.length;
  if (result.status === 'imported' && more > 0) out(`  … và ${formatInt(more)} dòng bị loại khác (xem báo cáo --rejects).`);
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    args,
    {
      period: { type: 'string' }, strict: { type: 'boolean' }, replace: { type: 'boolean' }, rejects: { type: 'string' }, json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === 'restore') return restoreCommand(positionals, !!values.json);
  if (positionals.length !== 2) throw new UsageError(`Cần đúng hai tham số: loại tệp và đường dẫn tệp.\n${USAGE}`);
  const [kind, file] = positionals;
  if (!isFileKind(kind)) throw new UsageError(`Loại tệp "${kind}" không hợp lệ.\n${USAGE}`);
  if (values.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) {
    throw new UsageError(`--period phải có dạng YYYY-MM (ví dụ 2026-10), nhận được "${values.period}".`);
  }
  const filePath = path.resolve(file);
  if (!fs.existsSync(filePath) || !fs.statSync(filePath).isFile()) throw new UsageError(`Không tìm thấy tệp ${file}.`);
  if (values.rejects && !fs.existsSync(path.dirname(path.resolve(values.rejects)))) {
    throw new UsageError(`Thư mục của --rejects không tồn tại: ${path.dirname(values.rejects)}`);
  }

  const bar = progressBar(
    process.env.BAOPHU_PROGRESS === 'lines' ? 'lines' : !values.json && process.stderr.isTTY && fs.statSync(filePath).size > 2 * 1024 * 1024 ? 'bar' : 'none',
  );
  const actor = commandLineActor();
  return withDatabase(async (database) => {
    let result: ImportResult;
    try {
      result = await importAndRefresh(database, {
        kind,
        filePath,
        fileName: path.basename(filePath),
        period: values.period,
        strict: !!values.strict,
        replace: !!values.replace,
        userId: null,
        userName: actor.username,
        onProgress: (rows, fraction) => bar.update(rows, fraction),
      }, { actor, channel: 'cli' });
    } catch (err) {
      if (err instanceof ImportOptionError) throw new UsageError(err.message);
      throw err;
    } finally {
      bar.done();
    }
    if (values.rejects) {
      const rejectsPath = path.resolve(values.rejects);
      // The command line reads as an administrator: the original rows are written as they are.
      const columns = result.detail.columns ?? [];
      if (result.status === 'imported' && result.batchId !== null) await writeReportFile(rejectsPath, issuesOfBatch(database, result.batchId), undefined, columns);
      else if (result.status === 'rejected') {
        await writeReportFile(rejectsPath, result.errors.map((e): ReportRow => ({ ...e, severity: 'error' })), undefined, columns);
      } else if (result.batchId !== null) await writeReportFile(rejectsPath, issuesOfBatch(database, result.batchId), undefined, columns);
      await audit(database.db, actor, { action: 'export', objectType: 'import_report', objectId: result.batchId, detail: { channel: 'cli', kind, format: reportFormatOf(rejectsPath), status: result.status } });
    }

    if (values.json) {
      process.stdout.write(
        JSON.stringify({
          status: result.status,
          kind: result.kind,
          rows: result.rows,
          accepted: result.accepted,
          rejected: result.rejected,
          warnings: result.warnings,
          errors: result.errors.map((e) => ({ row: e.row, column: e.column, message: e.message })),
          ...(result.status === 'needs_confirmation' ? { message: result.message, replaces: result.replacement } : {}),
          ...(result.status === 'imported' && result.replacement ? { replaced: result.replacement } : {}),
        }) + '\n',
      );
    } else printHuman(result);
    return result.status === 'rejected' || result.status === 'needs_confirmation' ? 1 : 0;
  });
}

/** `baophu import restore <batch>`: makes a replaced batch current again (audited), then refreshes as an import does. */
async function restoreCommand(positionals: string[], json: boolean): Promise<number> {
  if (positionals.length !== 2 || !/^[1-9]\d{0,17}$/.test(positionals[1])) throw new UsageError(`Cần đúng một số lô, ví dụ: baophu import restore 12.\n${USAGE}`);
  const batchId = Number(positionals[1]);
  return withDatabase(async (database) => {
    let restored;
    try {
      restored = await restoreAndRefresh(database, batchId, { actor: commandLineActor(), channel: 'cli' });
    } catch (err) {
      if (err instanceof RestoreError) throw new CliError(err.message);
      throw err;
    }
    const message = `Đã khôi phục lô #${batchId} (${restored.kind}) thành dữ liệu hiện hành` +
      (restored.replacement ? `; thay thế ${replacedText(restored.replacement)}.` : '.');
    if (json) process.stdout.write(JSON.stringify({ status: 'restored', batchId, kind: restored.kind, message, replaced: restored.replacement }) + '\n');
    else console.log(message);
    return 0;
  });
}
