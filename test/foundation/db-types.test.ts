/**
 * The checked-in database types (server/db/generated.ts) are what the migrations build, on the engine under test
 * (PGlite, or the PostgreSQL server with DATABASE_URL): a migration that changes the schema without
 * `npm run db:types` fails here. And the types say what the driver returns.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { checkLiterals, generateDbTypes, GENERATED_TYPES_PATH } from '../../scripts/db-types.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

/** The body of `export interface Name { … }` in generated text. */
const interfaceBody = (text: string, name: string) => {
  const m = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text);
  if (!m) throw new Error(`no interface ${name}`);
  return m[1].split('\n').map((l) => l.trim());
};

describe('generated database types', () => {
  it('server/db/generated.ts is current (else: npm run db:types)', async () => {
    const generated = await generateDbTypes(database);
    const checkedIn = fs.readFileSync(GENERATED_TYPES_PATH, 'utf8');
    expect(generated === checkedIn, 'server/db/generated.ts is not what the migrations build: run npm run db:types').toBe(true);
  });

  it('a column added by a migration without regenerating makes the check fail', async () => {
    const checkedIn = fs.readFileSync(GENERATED_TYPES_PATH, 'utf8');
    await database.pool.query(`ALTER TABLE app_state ADD COLUMN probe_note text CHECK (probe_note IN ('a', 'b'))`);
    try {
      const generated = await generateDbTypes(database);
      expect(generated).not.toBe(checkedIn);
      expect(interfaceBody(generated, 'AppState')).toContain('probe_note: "a" | "b" | null;');
      expect(interfaceBody(checkedIn, 'AppState').some((l) => l.startsWith('probe_note'))).toBe(false);
    } finally {
      await database.pool.query('ALTER TABLE app_state DROP COLUMN probe_note');
    }
  });

  it('types int8, numeric, date and timestamptz as the driver returns them', async () => {
    const text = fs.readFileSync(GENERATED_TYPES_PATH, 'utf8');
    const legal = interfaceBody(text, 'LegalParam');
    expect(legal).toContain('id: Generated<number>;'); // bigint identity
    expect(legal).toContain('value: Numeric;');
    expect(legal).toContain('effective_from: string;');
    expect(legal).toContain('verified_at: Timestamp | null;');
    expect(text).toContain('export type Numeric = ColumnType<number, number | string, number | string>;');
    expect(text).toContain('export type Timestamp = ColumnType<Date, Date | string, Date | string>;');
    const row = await database.db
      .selectFrom('legal_param')
      .select(['id', 'value', 'effective_from'])
      .select((eb) => eb.val(new Date('2026-01-02T03:04:05Z')).as('at'))
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(typeof row.value).toBe('number');
    expect(row.effective_from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stamped = await database.pool.query<{ at: unknown; ids: unknown; days: unknown }>(
      `SELECT now() AS at, ARRAY[1, 2]::int8[] AS ids, ARRAY['2026-01-02']::date[] AS days`,
    );
    expect(stamped.rows[0].at).toBeInstanceOf(Date);
    expect(stamped.rows[0].ids).toEqual([1, 2]);
    expect(stamped.rows[0].days).toEqual(['2026-01-02']);
  });

  it('takes a view column\'s nullability and values from its table column, unless an outer join may null it', () => {
    const text = fs.readFileSync(GENERATED_TYPES_PATH, 'utf8');
    const cur = interfaceBody(text, 'CurDanCu');
    expect(cur).toContain('person_id: string;');
    expect(cur).toContain('sex: "M" | "F";');
    expect(cur).toContain('ethnicity: string | null;');
    // target_effective_line reads target_effective (a view) joined to target_line.
    expect(interfaceBody(text, 'TargetEffectiveLine')).toContain('status: "draft" | "submitted" | "approved";');
    // progress_participation has outer joins: every column may be null.
    expect(interfaceBody(text, 'ProgressParticipation').every((l) => l.endsWith('| null;'))).toBe(true);
  });
});

describe('checkLiterals', () => {
  it('reads the values of a CHECK that lists them', () => {
    expect(checkLiterals(`CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))`)).toEqual({ column: 'status', values: ['open', 'closed'] });
    expect(checkLiterals(`CHECK ((sex = ANY (ARRAY['M'::bpchar, 'F'::bpchar])))`)).toEqual({ column: 'sex', values: ['M', 'F'] });
    expect(checkLiterals(`CHECK ((kind = 'only'::text))`)).toEqual({ column: 'kind', values: ['only'] });
    expect(checkLiterals(`CHECK ((note = ANY (ARRAY['it''s'::text])))`)).toEqual({ column: 'note', values: ["it's"] });
  });

  it('ignores every other CHECK', () => {
    expect(checkLiterals('CHECK ((year >= 2020) AND (year <= 2035))')).toBeNull();
    expect(checkLiterals(`CHECK (((status = 'closed'::text) = (closed_at IS NOT NULL)))`)).toBeNull();
    expect(checkLiterals(`CHECK ((formats <@ ARRAY['docx'::text, 'pdf'::text]))`)).toBeNull();
    expect(checkLiterals(`CHECK ((id ~ '^[a-z]+$'::text))`)).toBeNull();
    expect(checkLiterals(`CHECK ((code = ANY (ARRAY[lower('A'::text), 'b'::text])))`)).toBeNull();
  });
});
