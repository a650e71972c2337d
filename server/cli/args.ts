import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line usage error: printed in Vietnamese, exit code 2. */
export class UsageError extends Error {}

/** A failure the user should read (Vietnamese message), exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with Vietnamese usage errors. */
export function parseCliArgs<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const msg = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown) throw new UsageError(`Tùy chọn không hợp lệ: ${unknown[1]}`);
    const missing = /Option '([^']+)[^']*' argument missing/.exec(msg);
    if (missing) throw new UsageError(`Tùy chọn ${missing[1]} cần một giá trị`);
    if (/Unexpected argument/.test(msg)) throw new UsageError(`Tham số thừa: ${msg.split("'")[1] ?? ''}`);
    throw new UsageError(`Tham số không hợp lệ: ${msg}`);
  }
}

/** Parses an integer option, or throws a Vietnamese usage error naming the option. */
export function intOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`Thiếu tùy chọn --${name}`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} phải là số nguyên, nhận được "${value}"`);
  return Number(value);
}

/** Parses a number option (decimals allowed). */
export function numberOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`Thiếu tùy chọn --${name}`);
    return fallback;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} phải là một số, nhận được "${value}"`);
  return n;
}

/** `--format csv|json` of the commands that print a table (default csv). */
export function tableFormatOption(value: string | undefined, fallback: 'csv' | 'json' | null = 'csv'): 'csv' | 'json' {
  const format = value ?? fallback;
  if (!format) throw new UsageError('Thiếu --format (csv hoặc json)');
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format phải là csv hoặc json, nhận được "${format}"`);
  return format;
}

/** Writes a command's text to `--out` (saying so on stderr, `what` e.g. "12 dòng") or to standard output. */
export function writeTextOutput(text: string, out: string | undefined, what: string) {
  if (out) {
    fs.writeFileSync(out, text, 'utf8');
    console.error(`Đã ghi ${what} vào ${out}`);
  } else {
    process.stdout.write(text);
  }
}
