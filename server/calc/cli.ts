/**
 * `baophu calc <name> [--option value …] [--json]`: the policy calculators on the command line.
 * With --json it prints exactly one JSON object (amounts in whole đồng, plus `rules`); without it, a
 * Vietnamese summary. Bad input exits 2 with a message naming the option.
 */
import { CliError, UsageError, parseCliArgs } from '../cli/args.ts';
import { withDatabase } from '../db/open.ts';
import { CALCULATORS, CALCULATOR_NAMES, aliasOf, presentCalculator, resolveCalculator } from '#shared/calc/registry.ts';
import { valuesAt, type RuleValueOf } from '#shared/calc/rule-text.ts';
import { todayVn } from '#shared/calc/dates.ts';
import { cliName } from '#shared/calc/fields.ts';
import { RuleMissingError, STATUS_LABELS } from '#shared/calc/rulebook.ts';
import { formatDate } from '#shared/format.ts';
import { CalcValidationError, computeWith, validateInput } from './service.ts';
import { loadRuleBook } from './rules.ts';

function usage(): string {
  return [
    'Cách dùng: baophu calc <máy tính> [tùy chọn] [--json]',
    'Máy tính (tên tiếng Việt hoặc tiếng Anh):',
    '',
    ...CALCULATOR_NAMES.map((n) => `  ${(aliasOf(n) ?? '').padEnd(12)} ${n.padEnd(13)} ${CALCULATORS[n].title}`),
    '',
    'Xem tùy chọn: baophu calc <máy tính> --help',
  ].join('\n');
}

function help(name: string, ruleValue: RuleValueOf): string {
  const spec = presentCalculator(CALCULATORS[name], ruleValue);
  const lines = spec.fields.map((f) => {
    const values = f.kind === 'enum' ? ` (${f.values.map((v) => v.value).join('|')})` : '';
    const opt = f.kind === 'bool' ? '' : f.kind === 'date' ? ' dd/mm/yyyy' : ' N';
    const optional = f.required === false || ('default' in f && f.default !== undefined) ? ' [không bắt buộc]' : '';
    return `  ${(cliName(f.name) + opt).padEnd(28)} ${f.label}${values}${optional}`;
  });
  return [`baophu calc ${aliasOf(name) ?? name} (${name}) — ${spec.title}`, spec.description, 'Số viết kiểu Việt Nam: 1.500.000; phần thập phân sau dấu phẩy: 0,004. Ngày: dd/mm/yyyy (hoặc YYYY-MM-DD).', '', ...lines, `  ${'--json'.padEnd(28)} In kết quả dạng JSON`].join('\n');
}

export async function calcCommand(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const spec = resolveCalculator(name);
  if (!spec) throw new UsageError(`Máy tính không tồn tại: ${name}\n\n${usage()}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    // The description quotes the legal numbers in force today, from the database's rule book.
    const book = await withDatabase((database) => loadRuleBook(database.db));
    console.log(help(spec.name, valuesAt(book, todayVn())));
    return 0;
  }
  const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' } };
  for (const f of spec.fields) options[cliName(f.name).slice(2)] = { type: f.kind === 'bool' ? 'boolean' : 'string' };
  const { values } = parseCliArgs(rest, options);
  const raw: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const value = (values as Record<string, unknown>)[cliName(f.name).slice(2)];
    if (value !== undefined) raw[f.name] = value;
  }

  let output: ReturnType<typeof computeWith>;
  try {
    validateInput(spec.name, raw); // malformed input is refused before the database is opened
    output = await withDatabase(async (database) => computeWith(await loadRuleBook(database.db), spec.name, raw));
  } catch (err) {
    if (err instanceof CalcValidationError) {
      throw new UsageError(err.issues.map((i) => `${i.field === '(gốc)' ? '' : `${cliName(i.field)}: `}${i.message}`).join('\n'));
    }
    if (err instanceof RuleMissingError) throw new CliError(err.message);
    throw err;
  }
  const { input, result } = output;
  if (values.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  const lines = [spec.title, ...spec.summary(result, input), '', 'Căn cứ đã áp dụng:'];
  for (const r of result.rules) {
    const flag = r.status === 'unverified' ? ' [CHƯA KIỂM CHỨNG]' : r.status === 'setting' ? ' [giả định]' : '';
    lines.push(`  ${r.key} = ${r.value} ${r.unit} — ${r.source} (hiệu lực từ ${formatDate(r.effective_from)}; ${STATUS_LABELS[r.status]})${flag}`);
  }
  console.log(lines.join('\n'));
  return 0;
}
