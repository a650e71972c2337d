/**
 * Row validation context: reads one raw row through the detected header mapping, converts each cell
 * with the parsers of fields.ts and collects the row's problems (errors reject the row, warnings
 * keep it). Kind specs (kinds.ts) use it to build the database values of a row.
 */
import {
  cellText, isBlank, parseBirth, parseDate, parseNonNegativeInt, parsePeriod, parseText, parseYear,
  type Birth, type Cell, type CommuneIndex, type Enumeration, type Parsed, type Today,
} from './fields.ts';
import { checkPersonalId, classifyPersonalId } from '#shared/identity/personal-id.ts';
import { classifyTaxCode, type TaxCodeShape } from '#shared/identity/tax-code.ts';

export interface Issue {
  row: number;
  column: string;
  value?: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface ValidationEnv {
  communes: CommuneIndex;
  today: Today;
  /** --period as the first day of its month, when given. */
  period: string | null;
  /** Communes the importing account may import for (null = whole province). */
  scope: ReadonlySet<string> | null;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const capitalize = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

export class RowCtx {
  rowNo = 0;
  cells: Cell[] = [];
  failed = false;
  warnings = 0;
  /** Duplicate key of the row (set by the kind) and the column it is reported on. */
  key: string | number | null = null;
  keyColumn = '';
  readonly issues: Issue[] = [];

  constructor(
    readonly env: ValidationEnv,
    /** spec column key → cell index */
    readonly index: Record<string, number>,
    /** spec column key → how the column is called (the file's header, else the spec label) */
    readonly names: Record<string, string>,
  ) {}

  reset(rowNo: number, cells: Cell[]) {
    this.rowNo = rowNo;
    this.cells = cells;
    this.failed = false;
    this.warnings = 0;
    this.key = null;
  }

  has(key: string): boolean {
    return this.index[key] !== undefined;
  }
  raw(key: string): Cell {
    const i = this.index[key];
    return i === undefined ? undefined : this.cells[i];
  }
  blank(key: string): boolean {
    return isBlank(this.raw(key));
  }
  name(key: string): string {
    return this.names[key] ?? key;
  }

  error(key: string, message: string, value?: Cell): null {
    this.failed = true;
    const v = value === undefined ? this.raw(key) : value;
    this.issues.push({ row: this.rowNo, column: this.name(key), value: isBlank(v) ? undefined : cellText(v).slice(0, 200), message: capitalize(message), severity: 'error' });
    return null;
  }
  warn(key: string, message: string, value?: Cell) {
    this.warnings++;
    const v = value === undefined ? this.raw(key) : value;
    this.issues.push({ row: this.rowNo, column: this.name(key), value: isBlank(v) ? undefined : cellText(v).slice(0, 200), message: capitalize(message), severity: 'warning' });
  }

  /** Runs a parser on a present, non-blank cell; blank → null (or an error when required). */
  parsed<T>(key: string, required: boolean, parse: (cell: Cell) => Parsed<T>): T | null {
    const cell = this.raw(key);
    if (isBlank(cell)) return required ? this.error(key, 'thiếu giá trị bắt buộc', '') : null;
    const r = parse(cell);
    if (!r.ok) return this.error(key, r.message);
    if (r.warning) this.warn(key, r.warning);
    return r.value;
  }

  /** The parser's answer for a present cell: its value, or null after recording the problem. */
  private take<T>(key: string, r: Parsed<T>): T | null {
    if (!r.ok) return this.error(key, r.message);
    if (r.warning) this.warn(key, r.warning);
    return r.value;
  }
  private missing(key: string, required: boolean): null {
    return required ? this.error(key, 'thiếu giá trị bắt buộc', '') : null;
  }

  text(key: string, required = false, max = 500): string | null {
    const cell = this.raw(key);
    if (isBlank(cell)) return this.missing(key, required);
    const v = this.take(key, parseText(cell, max));
    if (v === '') return this.missing(key, required);
    return v;
  }
  /** A code: text without inner spaces, upper case. */
  code(key: string, required = false, max = 50): string | null {
    const v = this.text(key, required, max);
    return v === null ? null : v.replace(/\s+/g, '').toUpperCase();
  }
  date(key: string, required = false, notFuture = false): string | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parseDate(cell, this.env.today, notFuture));
  }
  birth(key: string, required = false): Birth | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parseBirth(cell, this.env.today));
  }
  period(key: string, required = false): string | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parsePeriod(cell));
  }
  year(key: string, required = false, min?: number, max?: number): number | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parseYear(cell, min, max));
  }
  amount(key: string, required = false): number | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parseNonNegativeInt(cell, 'amount'));
  }
  count(key: string, required = false, max = 2_147_483_647): number | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, parseNonNegativeInt(cell, 'count', max));
  }
  enumeration<C extends string>(key: string, e: Enumeration<C>, required = false): C | null {
    const cell = this.raw(key);
    return isBlank(cell) ? this.missing(key, required) : this.take(key, e.parse(cell));
  }

  /**
   * The snapshot/period column, or --period when the file has no such column; when both are there
   * they must agree.
   */
  periodOrOption(key: string): string | null {
    const given = this.env.period;
    if (!this.has(key) || (this.blank(key) && given)) {
      if (given) return given;
      return this.error(key, 'thiếu giá trị bắt buộc (hoặc dùng tùy chọn --period)', '');
    }
    const p = this.period(key, true);
    if (p && given && p !== given) return this.error(key, `kỳ ${p.slice(5, 7)}/${p.slice(0, 4)} khác kỳ đang nhập ${given.slice(5, 7)}/${given.slice(0, 4)}`);
    return p;
  }
  yearOrOption(key: string, min?: number, max?: number): number | null {
    const given = this.env.period ? Number(this.env.period.slice(0, 4)) : null;
    if (!this.has(key) || (this.blank(key) && given)) {
      if (given) return given;
      return this.error(key, 'thiếu giá trị bắt buộc (hoặc dùng tùy chọn --period)', '');
    }
    const y = this.year(key, true, min, max);
    if (y !== null && given !== null && y !== given) return this.error(key, `năm ${y} khác năm đang nhập ${given}`);
    return y;
  }

  /** The commune: 'commune_code' column, else 'commune_name'; checked against the account's scope. */
  commune(required: boolean, allowProvince = false): string | null {
    const codeCell = this.raw('commune_code');
    // Fast path: a code of digits in the code column (answers are cached by the index).
    if (typeof codeCell === 'string' && codeCell.length > 0 && codeCell.length <= 5 && isDigits(codeCell)) {
      const r = this.env.communes.parseCode(codeCell, allowProvince);
      const code = this.take('commune_code', r);
      if (code !== null && this.env.scope && !this.env.scope.has(code)) {
        return this.error('commune_code', `xã, phường ${code} nằm ngoài phạm vi tài khoản nhập dữ liệu`);
      }
      return code;
    }
    const useCode = this.has('commune_code') && !this.blank('commune_code');
    const key = useCode || !this.has('commune_name') ? 'commune_code' : 'commune_name';
    const code = this.parsed(key, required, (c) => {
      // A code written in the name column is a code.
      if (!useCode) return /^\s*\d{1,5}\s*$/.test(cellText(c)) ? this.env.communes.parseCode(c, allowProvince) : this.env.communes.parseName(c, allowProvince);
      // A name written in the code column: resolve it as a name, and say so.
      if (typeof c === 'string' && /\p{L}{2}/u.test(c)) {
        const byName = this.env.communes.parseName(c, allowProvince);
        return byName.ok ? { ok: true, value: byName.value, warning: `cột mã xã chứa tên "${cellText(c)}", được hiểu là mã ${byName.value}` } : byName;
      }
      return this.env.communes.parseCode(c, allowProvince);
    });
    if (code !== null && this.env.scope && !this.env.scope.has(code)) {
      return this.error(key, `xã, phường ${code} nằm ngoài phạm vi tài khoản nhập dữ liệu`);
    }
    return code;
  }

  /**
   * A personal ID (§7): 11 digits repaired with a warning, 9-digit legacy kept with a warning, G/YY
   * checked against birth year and sex (warning). Required → anything else rejects the row.
   */
  personId(key: string, required: boolean, birthYear: number | null, sex: 'M' | 'F' | null): string | null {
    const cell = this.raw(key);
    if (isBlank(cell)) return required ? this.error(key, 'thiếu giá trị bắt buộc', '') : null;
    const shape = classifyPersonalId(cellText(cell));
    if (shape.kind === 'invalid') return this.error(key, `số định danh cá nhân ${shape.reason}`);
    if (shape.kind === 'legacy9') {
      this.warn(key, 'số CMND cũ 9 chữ số: giữ nguyên, không liên kết được theo số định danh');
      return shape.value;
    }
    if (shape.repaired) this.warn(key, `đã bổ sung số 0 đầu bị mất (11 chữ số): ${shape.value}`);
    const check = checkPersonalId(shape.value, birthYear, sex);
    if (check.problems.length) this.warn(key, `số định danh ${shape.value}: ${check.problems.join('; ')}`);
    return shape.value;
  }

  /** bhxh-nguoi: the ID is optional and kept as written when wrong; returns [value, valid]. */
  personIdLenient(key: string, birthYear: number | null, sex: 'M' | 'F' | null): [string | null, boolean] {
    const cell = this.raw(key);
    if (isBlank(cell)) return [null, false];
    const shape = classifyPersonalId(cellText(cell));
    if (shape.kind === 'invalid') {
      this.warn(key, `số định danh cá nhân ${shape.reason} — giữ nguyên để đối soát`);
      return [shape.value.slice(0, 50), false];
    }
    if (shape.kind === 'legacy9') {
      this.warn(key, 'số CMND cũ 9 chữ số — giữ nguyên để đối soát');
      return [shape.value, false];
    }
    if (shape.repaired) this.warn(key, `đã bổ sung số 0 đầu bị mất (11 chữ số): ${shape.value}`);
    const check = checkPersonalId(shape.value, birthYear, sex);
    if (check.problems.length) this.warn(key, `số định danh ${shape.value}: ${check.problems.join('; ')} — giữ nguyên để đối soát`);
    return [shape.value, check.problems.length === 0];
  }

  /** A tax code (§7); `allowed` lists the shapes this column accepts. */
  taxCode(key: string, required: boolean, allowed: Array<TaxCodeShape['kind']> = ['enterprise', 'branch']): TaxCodeShape | null {
    const cell = this.raw(key);
    if (isBlank(cell)) return required ? this.error(key, 'thiếu giá trị bắt buộc', '') : null;
    const shape = classifyTaxCode(cellText(cell));
    if (shape.kind === 'invalid') return this.error(key, `mã số thuế ${shape.value} ${shape.reason}`);
    if (!allowed.includes(shape.kind)) {
      return this.error(key, shape.kind === 'personal' ? 'mã số thuế 12 chữ số (số định danh) chỉ dùng cho hộ kinh doanh, cá nhân' : `mã số thuế ${shape.value} không đúng dạng`);
    }
    if (shape.repaired) this.warn(key, `đã chuẩn hóa mã số thuế thành ${shape.value}`);
    return shape;
  }
}
