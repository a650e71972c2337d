/** `baophu demo --scale S --seed N --out DIR [--format csv|xlsx|mixed] [--as-of YYYY-MM-DD]` */
import path from 'node:path';
import { parseCliArgs, numberOption, intOption, UsageError, CliError } from '../cli/args.ts';
import { formatInt } from '#shared/format.ts';
import { DEFAULT_AS_OF, generateDemo } from './generate.ts';
import { parseIsoDay } from './calendar.ts';
import { parseFaults, type FaultRates } from './faults.ts';

const USAGE = 'Cách dùng: baophu demo --scale <quy mô> --seed <số> --out <thư mục> [--format csv|xlsx|mixed] [--as-of YYYY-MM-DD] [--faults 0.02 | --faults name-slip=0.02,date-swap=0.01,moved=…,id-typo=…,namesake=…]';

export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    scale: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'as-of': { type: 'string' },
    faults: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scale = numberOption(values.scale, 'scale', 0.01);
  if (!(scale > 0) || scale > 5) throw new UsageError(`--scale phải lớn hơn 0 và không quá 5, nhận được "${values.scale}"`);
  const seed = intOption(values.seed, 'seed', 7);
  if (seed < 0) throw new UsageError(`--seed phải là số nguyên không âm, nhận được "${values.seed}"`);
  if (!values.out) throw new UsageError(`Thiếu tùy chọn --out (thư mục ghi dữ liệu).\n${USAGE}`);
  const format = (values.format ?? 'mixed') as 'csv' | 'xlsx' | 'mixed';
  if (!['csv', 'xlsx', 'mixed'].includes(format)) throw new UsageError(`--format phải là csv, xlsx hoặc mixed, nhận được "${values.format}"`);
  const asOf = values['as-of'] ?? DEFAULT_AS_OF;
  try {
    parseIsoDay(asOf);
  } catch {
    throw new UsageError(`--as-of phải là một ngày dạng YYYY-MM-DD, nhận được "${asOf}"`);
  }
  let faults: FaultRates;
  try {
    faults = parseFaults(values.faults);
  } catch (err) {
    throw new UsageError(`--faults: ${(err as Error).message}`);
  }
  const outDir = path.resolve(values.out);
  try {
    const result = await generateDemo({ scale, seed, outDir, format, asOf, faults, onProgress: (m) => console.log(m) });
    const total = result.files.reduce((a, f) => a + f.rows, 0);
    console.log(`Đã ghi ${result.files.length} tệp (${formatInt(total)} dòng), truth.csv và manifest.json vào ${outDir}`);
    return 0;
  } catch (err) {
    throw new CliError(`Không sinh được dữ liệu mẫu: ${(err as Error).message}`);
  }
}
