/**
 * The API answer types live once, in shared/api/ (issue 12 item 2): the server's presenters and routes are annotated
 * with them, so the compiler checks what the server sends against them, and the web reads its answers through them
 * instead of its own copies. Checked here on the sources (the compiler itself checks the types):
 * - every shared/api module is types only (nothing of it exists at run time) and imports only types;
 * - every shared/api module is used by both sides: imported by the server (which is checked against it) and the web;
 * - every typed API call of the web (`useApi<…>`, `api.get/post/put/patch/delete<…>`, `upload<…>`) names a type
 *   imported from shared/api, never an inline object type or a type declared in the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { ROOT, importGraph, importsOf, stripComments } from '../../scripts/import-cycles.ts';

const API_DIR = 'shared/api';
const apiModules = fs.readdirSync(path.join(ROOT, API_DIR)).filter((f) => f.endsWith('.ts')).map((f) => `${API_DIR}/${f}`).sort();

function webSources(dir = 'web/src'): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return webSources(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** The local names a file imports from shared/api (`import type { A, B as C } from '@shared/api/x.ts'` → A, C). */
function namesFromSharedApi(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/import\s+type\s*\{([^}]*)\}\s*from\s*'@shared\/api\/[^']+'/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  return names;
}

/** The type arguments of the web's API calls: `useApi<X>(`, `api.get<X>(`, `upload<X>(` … (X as written). */
function apiCallTypeArguments(code: string): string[] {
  return [...code.matchAll(/\b(?:useApi|api\.(?:get|post|put|patch|delete)|upload)<([^>(]*(?:<[^>]*>[^>(]*)?)>\(/g)].map((m) => m[1].trim());
}

describe('the reader of the web sources', () => {
  it('finds the type arguments of API calls and the names imported from shared/api', () => {
    const source = [
      "import type { OverviewAnswer as Overview, SeriesPoint } from '@shared/api/targets.ts';",
      "import type { Other } from '../elsewhere.ts';",
      "const a = useApi<Overview>('/api/progress/overview');",
      "const b = await api.post<{ id: number }>('/api/x', {});",
      "const c = await upload<Analysis>('/api/imports/uploads', file);",
      '// useApi<Commented>(x)',
    ].join('\n');
    const code = stripComments(source);
    expect(apiCallTypeArguments(code)).toEqual(['Overview', '{ id: number }', 'Analysis']);
    expect([...namesFromSharedApi(code)]).toEqual(['Overview', 'SeriesPoint']);
  });
});

describe('shared/api', () => {
  it('holds the answer types of every capability', () => {
    expect(apiModules).toEqual(expect.arrayContaining([
      'shared/api/auth.ts', 'shared/api/calc.ts', 'shared/api/cases.ts', 'shared/api/directive.ts', 'shared/api/findings.ts',
      'shared/api/ingest.ts', 'shared/api/jobs.ts', 'shared/api/parks.ts', 'shared/api/reference.ts', 'shared/api/reports.ts', 'shared/api/targets.ts',
    ]));
  });

  it('is types only: no module exports anything at run time, and each imports only types', async () => {
    for (const file of apiModules) {
      const mod = await import(path.join(ROOT, file));
      expect(Object.keys(mod), file).toEqual([]);
      const imports = importsOf(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      expect(imports.filter((i) => !i.typeOnly).map((i) => i.specifier), file).toEqual([]);
    }
  });

  it('is imported by the server (checked against it) and read by the web', () => {
    const graph = importGraph(['server', 'web/src']);
    const importers = (file: string, side: string) => [...graph].filter(([from, edges]) => from.startsWith(side) && edges.some((e) => e.to === file)).map(([from]) => from);
    for (const file of apiModules) {
      expect(importers(file, 'server/').length, `${file} imported by the server`).toBeGreaterThan(0);
      expect(importers(file, 'web/src/').length, `${file} imported by the web`).toBeGreaterThan(0);
    }
  });
});

describe('the web', () => {
  it('types every API answer it reads with a type of shared/api', () => {
    const unshared: string[] = [];
    let calls = 0;
    for (const file of webSources()) {
      const code = stripComments(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      const shared = namesFromSharedApi(code);
      for (const arg of apiCallTypeArguments(code)) {
        calls++;
        // A type parameter of the generic client itself (`get: <T = any>(url…`, useApi's `api.get<T>(`) is no answer type.
        if (/^[A-Z](\s*=.*)?$/.test(arg)) continue;
        if (!shared.has(arg)) unshared.push(`${file}: <${arg}>`);
      }
    }
    expect(calls).toBeGreaterThan(40);
    expect(unshared).toEqual([]);
  });
});
