import path from 'node:path';
import { inject } from 'vitest';

export const TMP_ROOT = path.resolve('test/.tmp');

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
    templateDb: string;
  }
}

/** Template of this test run (unique per run, so concurrent runs on one machine do not collide). */
export const templateDir = () => inject('templateDir');
export const templateDb = () => inject('templateDb');

/** DATABASE_URL with its database name replaced. */
export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}
