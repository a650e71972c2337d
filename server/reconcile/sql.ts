/**
 * The one thing reconciliation SQL needs: a connection to run statements on (a pg client or pool). A statement whose
 * rows are read names their type (`q.query<Row>(…)`, from the generated `DB` where they are a table's columns).
 */
export interface Queryable {
  query<Row extends Record<string, any> = any>(text: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/**
 * Named parameters for long statements: ':asOf' in the text becomes $n with values taken from `params`.
 * (A name is a letter followed by letters, digits or underscores; '::' casts are left alone.)
 */
export function named(text: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = [];
  const out = text.replace(/(?<!:):([a-zA-Z][a-zA-Z0-9_]*)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`Missing SQL parameter :${name}`);
    let i = order.indexOf(name);
    if (i < 0) i = order.push(name) - 1;
    return `$${i + 1}`;
  });
  return { text: out, values: order.map((n) => params[n]) };
}

export async function run(q: Queryable, text: string, params: Record<string, unknown> = {}) {
  const n = named(text, params);
  return q.query(n.text, n.values);
}
