/**
 * The layer rules of docs/architecture.md, checked on the real sources (scripts/import-cycles.ts): no import cycle in
 * server/ or shared/ (dynamic `import()` and `import type` count as edges), shared/ imports nothing of server/ or web/,
 * web/ imports nothing of server/. The graph reader itself is checked on small sources so a broken reader cannot pass
 * the rules by seeing no imports.
 */
import { describe, it, expect } from 'vitest';
import { commandImportProblems, findCycles, forbiddenImports, importGraph, importsOf, stripComments, type ImportGraph } from '../../scripts/import-cycles.ts';

describe('the import graph reader', () => {
  it('reads static, type-only, re-exported, side-effect and dynamic imports, and none in comments or strings', () => {
    const source = [
      "import fs from 'node:fs';",
      "import { a,\n  b } from './a.ts';",
      "import type { T } from '../auth/policies.ts';",
      "import { type U, type V } from './types.ts';",
      "export { x } from './x.ts';",
      "export * from '#shared/format.ts';",
      "import './side.ts';",
      "const later = async () => (await import('../targets/service.ts')).refresh();",
      "// import { no } from './commented.ts';",
      "/* import('./block.ts') */",
      "const text = \"import { s } from './in-string.ts'\";",
      "const re = /[/*]/;",
      "import { afterRegex } from './after-regex.ts';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text under test holds a template literal
      "const t = `/* ${1 + 1} //`;",
      "import { afterTemplate } from './after-template.ts';",
    ].join('\n');
    const found = importsOf(source);
    const specs = found.map((f) => f.specifier);
    expect(specs).toEqual(expect.arrayContaining([
      'node:fs', './a.ts', '../auth/policies.ts', './types.ts', './x.ts', '#shared/format.ts', './side.ts', '../targets/service.ts',
      './after-regex.ts', './after-template.ts',
    ]));
    for (const absent of ['./commented.ts', './block.ts', './in-string.ts']) expect(specs).not.toContain(absent);
    expect(found.find((f) => f.specifier === '../auth/policies.ts')!.typeOnly).toBe(true);
    expect(found.find((f) => f.specifier === './types.ts')!.typeOnly).toBe(true);
    expect(found.find((f) => f.specifier === './a.ts')!.typeOnly).toBe(false);
    expect(found.find((f) => f.specifier === '../targets/service.ts')!.dynamic).toBe(true);
    expect(stripComments('a // b\nc')).toBe('a     \nc');
  });

  it('finds a cycle through a dynamic import and names its files in order', () => {
    const graph: ImportGraph = new Map([
      ['server/a.ts', [{ to: 'server/b.ts', typeOnly: false, dynamic: false }]],
      ['server/b.ts', [{ to: 'server/c.ts', typeOnly: false, dynamic: false }]],
      ['server/c.ts', [{ to: 'server/a.ts', typeOnly: false, dynamic: true }, { to: 'shared/x.ts', typeOnly: false, dynamic: false }]],
      ['server/d.ts', [{ to: 'server/a.ts', typeOnly: false, dynamic: false }]],
      ['shared/x.ts', [{ to: 'server/d.ts', typeOnly: true, dynamic: false }]],
    ]);
    expect(findCycles(graph, 'server/')).toEqual([['server/a.ts', 'server/b.ts', 'server/c.ts', 'server/a.ts']]);
    expect(forbiddenImports(graph, 'shared/', ['server/', 'web/'])).toEqual(['shared/x.ts → server/d.ts (type)']);
  });

  it('sees the real server: the app imports the routes, the routes import the request module', () => {
    const graph = importGraph(['server']);
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('server/http/app.ts')!.map((e) => e.to)).toContain('server/http/routes.ts');
    expect(graph.get('server/parks/routes.ts')!.map((e) => e.to)).toContain('server/http/request.ts');
    expect(graph.get('server/demo/load.ts')!.map((e) => e.to)).toEqual(expect.arrayContaining(['server/commands/import-and-refresh.ts', 'server/commands/reconcile-and-refresh.ts']));
  });
});

describe('the layer rules', () => {
  const graph = importGraph(['server', 'shared', 'web/src']);

  it('server/ has no import cycle', () => {
    expect(findCycles(graph, 'server/').map((c) => c.join(' → '))).toEqual([]);
  });

  it('shared/ has no import cycle and imports nothing of server/ or web/', () => {
    expect(findCycles(graph, 'shared/').map((c) => c.join(' → '))).toEqual([]);
    expect(forbiddenImports(graph, 'shared/', ['server/', 'web/'])).toEqual([]);
  });

  it('web/ imports nothing of server/ (not even types: what both need lives in shared/)', () => {
    expect([...graph.keys()].filter((f) => f.startsWith('web/src/')).length).toBeGreaterThan(10);
    expect(forbiddenImports(graph, 'web/', ['server/'])).toEqual([]);
  });

  it('server/http/request.ts is a leaf: it imports only types, the HTTP errors and packages', () => {
    const edges = graph.get('server/http/request.ts')!;
    for (const e of edges) {
      const ok = e.typeOnly || e.to === 'server/http/errors.ts' || !/^(server|shared|web)\//.test(e.to);
      expect(ok, `${e.to}`).toBe(true);
    }
  });

  it('server/auth/policies.ts imports only shared/ (the rules are pure)', () => {
    const edges = graph.get('server/auth/policies.ts')!;
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.filter((e) => !e.to.startsWith('shared/')).map((e) => e.to)).toEqual([]);
  });

  it('the commands are called from routes, command-line modules and the demo load only, and drive the services', () => {
    expect(commandImportProblems(graph)).toEqual([]);
    const callers = (target: string) => [...graph].filter(([, edges]) => edges.some((e) => e.to === target)).map(([file]) => file).sort();
    // Web, command line and demo load take the same path.
    expect(callers('server/commands/import-and-refresh.ts')).toEqual(expect.arrayContaining(['server/ingest/cli.ts', 'server/demo/load.ts']));
    expect(callers('server/commands/reconcile-and-refresh.ts')).toEqual(expect.arrayContaining(['server/reconcile/routes.ts', 'server/reconcile/cli.ts', 'server/demo/load.ts']));
    expect(callers('server/commands/create-account.ts')).toEqual(['server/auth/admin-routes.ts', 'server/auth/cli.ts']);
    // The orchestration is gone from the callers: none of them runs an import or a reconciliation itself.
    for (const file of ['server/ingest/cli.ts', 'server/reconcile/routes.ts', 'server/reconcile/cli.ts', 'server/demo/load.ts']) {
      expect(graph.get(file)!.map((e) => e.to), file).not.toContain('server/targets/service.ts');
    }
    // The rule itself: a service importing a command is reported.
    const bad: ImportGraph = new Map([['server/ingest/service.ts', [{ to: 'server/commands/import-and-refresh.ts', typeOnly: false, dynamic: false }]]]);
    expect(commandImportProblems(bad)).toEqual(['server/ingest/service.ts → server/commands/import-and-refresh.ts']);
  });

  it('only serve.ts imports the app, and only the app imports the route list', () => {
    const importers = (target: string) => [...graph].filter(([, edges]) => edges.some((e) => e.to === target)).map(([file]) => file).sort();
    expect(importers('server/http/app.ts')).toEqual(['server/http/serve.ts']);
    expect(importers('server/http/routes.ts')).toEqual(['server/http/app.ts']);
  });
});
