import path from 'node:path';

export const TMP_ROOT = path.resolve('test/.tmp');
export const TEMPLATE_DIR = path.join(TMP_ROOT, 'template');
export const TEMPLATE_DB = 'baophu_test_template';

/** DATABASE_URL with its database name replaced. */
export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}
