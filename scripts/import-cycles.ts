/**
 * The project's import graph, read from the sources (no compiler, no dependency), and its checks: import cycles in
 * server/, shared/ importing server/ or web/, web/ importing server/. Used by test/foundation/layers.test.ts; run by
 * hand with `npx tsx scripts/import-cycles.ts` (exit 1 and a list when a rule is broken).
 *
 * Every static import and re-export counts (`import type` too: a type cycle is still a layering knot), and so does a
 * dynamic `import('…')` with a literal path — a lazy import used to dodge a cycle is still an edge.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ImportEdge {
  /** Project-relative path of the imported file (posix), or the bare specifier for a package. */
  to: string;
  /** `import type …` / `export type … from` (erased at run time). */
  typeOnly: boolean;
  /** `import('…')`. */
  dynamic: boolean;
}

/** Blanks out comments (keeping strings and line breaks), so an import written in a comment is no edge. */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  /** Open template literals: each entry is the `${` depth inside it. */
  const templates: number[] = [];
  let braceDepth = 0;
  let lastSignificant = '';
  while (i < n) {
    const c = source[i];
    const next = source[i + 1];
    const inTemplateText = templates.length > 0 && templates[templates.length - 1] === braceDepth && lastSignificant === '`';
    if (inTemplateText) {
      // Inside the text of a template literal.
      if (c === '\\') { out += source.slice(i, i + 2); i += 2; continue; }
      if (c === '`') { templates.pop(); out += c; i++; lastSignificant = 'x'; continue; }
      if (c === '$' && next === '{') { out += '${'; i += 2; braceDepth++; lastSignificant = '{'; continue; }
      out += c; i++; continue;
    }
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') { out += ' '; i++; }
      continue;
    }
    if (c === '/' && next === '*') {
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) { out += source[i] === '\n' ? '\n' : ' '; i++; }
      out += '  '; i += 2; continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1); i = j + 1; lastSignificant = 'x'; continue;
    }
    if (c === '/' && /[(,=:[!&|?{};+\-*%<>~^]$|^$|\b(return|typeof|case|in|of)$/.test(lastSignificant === 'x' ? 'x' : lastSignificant)) {
      // A regular expression literal (after an operator or a keyword): copied whole, so `/\/\*/` opens no comment.
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        if (source[j] === '\\') { j += 2; continue; }
        if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        else if (source[j] === '/' && !inClass) break;
        j++;
      }
      out += source.slice(i, j + 1); i = j + 1; lastSignificant = 'x'; continue;
    }
    if (c === '`') { templates.push(braceDepth); out += c; i++; lastSignificant = '`'; continue; }
    if (c === '{') braceDepth++;
    if (c === '}') {
      braceDepth--;
      if (templates.length > 0 && templates[templates.length - 1] === braceDepth) {
        // The end of a `${…}`: back in the template's text.
        out += c; i++; lastSignificant = '`'; continue;
      }
    }
    out += c;
    if (!/\s/.test(c)) {
      if (/[\w$]/.test(c)) {
        // Keep the word for the regex test (return /x/, typeof …).
        let j = i;
        while (j > 0 && /[\w$]/.test(source[j - 1])) j--;
        const word = source.slice(j, i + 1);
        lastSignificant = /^(return|typeof|case|in|of)$/.test(word) ? word : 'x';
      } else if (c === ')' || c === ']') lastSignificant = 'x';
      else lastSignificant = c;
    }
    i++;
  }
  return out;
}

const STATIC = /^[ \t]*(import|export)\s+(type\s+)?((?:[\w$*\s,]|\{[^}]*\})*?)\s*from\s*(['"])([^'"\n]+)\4/gm;
const SIDE_EFFECT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** The import specifiers of one source text. */
export function importsOf(source: string): Array<{ specifier: string; typeOnly: boolean; dynamic: boolean }> {
  const code = stripComments(source);
  const found: Array<{ specifier: string; typeOnly: boolean; dynamic: boolean }> = [];
  for (const m of code.matchAll(STATIC)) {
    // `import { type A, type B } from` is type-only too.
    const names = m[3].trim();
    const allTypes = /^\{[^}]*\}$/.test(names) && names.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    found.push({ specifier: m[5], typeOnly: !!m[2] || allTypes, dynamic: false });
  }
  for (const m of code.matchAll(SIDE_EFFECT)) found.push({ specifier: m[2], typeOnly: false, dynamic: false });
  for (const m of code.matchAll(DYNAMIC)) {
    // `import('node:child_process').ChildProcess` in a type position is a type, but a package: no edge either way.
    found.push({ specifier: m[2], typeOnly: false, dynamic: true });
  }
  return found;
}

const SOURCE_EXT = /\.(ts|tsx|mts|js|mjs)$/;

/** Resolves a specifier of `fromFile` to a project-relative file, or returns it unchanged for a package. */
export function resolveSpecifier(fromFile: string, specifier: string): string {
  let target: string | null = null;
  if (specifier.startsWith('.')) target = path.posix.join(path.posix.dirname(fromFile), specifier);
  else if (specifier.startsWith('#shared/')) target = `shared/${specifier.slice('#shared/'.length)}`;
  else if (specifier.startsWith('@shared/')) target = `shared/${specifier.slice('@shared/'.length)}`;
  if (target === null) return specifier;
  const candidates = SOURCE_EXT.test(target) ? [target] : [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`, target];
  return candidates.find((c) => fs.existsSync(path.join(ROOT, c))) ?? candidates[0];
}

function sourceFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.')) files.push(...sourceFiles(rel));
    } else if (SOURCE_EXT.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
  }
  return files.sort();
}

export type ImportGraph = Map<string, ImportEdge[]>;

/** The import graph of every source file under the given folders (project-relative). */
export function importGraph(dirs: readonly string[] = ['server', 'shared', 'web/src']): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const dir of dirs) {
    for (const file of sourceFiles(dir)) {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      graph.set(file, importsOf(source).map((i) => ({ to: resolveSpecifier(file, i.specifier), typeOnly: i.typeOnly, dynamic: i.dynamic })));
    }
  }
  return graph;
}

/**
 * The import cycles among the files whose path starts with `prefix`: one cycle (a closed path, first file repeated
 * at the end) per strongly connected component of more than one file, or a file importing itself.
 */
export function findCycles(graph: ImportGraph, prefix = 'server/', keep: (edge: ImportEdge) => boolean = () => true): string[][] {
  const inScope = (f: string) => f.startsWith(prefix) && graph.has(f);
  const next = (f: string) => [...new Set((graph.get(f) ?? []).filter((e) => keep(e) && inScope(e.to)).map((e) => e.to))];
  // Tarjan's strongly connected components (iterative).
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of [...graph.keys()].filter(inScope)) {
    if (indices.has(start)) continue;
    const work: Array<{ node: string; children: string[]; i: number }> = [];
    const visit = (node: string) => {
      indices.set(node, index); low.set(node, index); index++;
      stack.push(node); onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    visit(start);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++];
        if (!indices.has(child)) visit(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, indices.get(child)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indices.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do { member = stack.pop()!; onStack.delete(member); component.push(member); } while (member !== frame.node);
        if (component.length > 1 || next(frame.node).includes(frame.node)) components.push(component.sort());
      }
    }
  }
  // One concrete cycle per component: the shortest path from its first file back to itself.
  return components.map((component) => {
    const members = new Set(component);
    const first = component[0];
    const previous = new Map<string, string>();
    const queue = [first];
    let end: string | null = null;
    while (queue.length && end === null) {
      const node = queue.shift()!;
      for (const child of next(node).filter((c) => members.has(c))) {
        if (child === first) { end = node; break; }
        if (!previous.has(child)) { previous.set(child, node); queue.push(child); }
      }
    }
    const cycle = [first];
    for (let node = end!; node !== first; node = previous.get(node)!) cycle.splice(1, 0, node);
    cycle.push(first);
    return cycle;
  });
}

/** Edges from files under `from` to files under any of `forbidden` (e.g. shared/ → server/), as "a → b". */
export function forbiddenImports(graph: ImportGraph, from: string, forbidden: readonly string[], allow: (edge: ImportEdge) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    if (!file.startsWith(from)) continue;
    for (const e of edges) if (forbidden.some((f) => e.to.startsWith(f)) && !allow(e)) found.push(`${file} → ${e.to}${e.typeOnly ? ' (type)' : ''}${e.dynamic ? ' (dynamic)' : ''}`);
  }
  return found;
}

/**
 * The files that may import a command (server/commands/): the callers of a use case — the capabilities' routes and
 * command-line modules, the first-start demo load — and other commands. A service importing a command would put the
 * orchestration back under the capabilities it drives.
 */
export const COMMAND_CALLERS = /^server\/(commands\/[^/]+|[a-z-]+\/(routes|[a-z-]+-routes|cli)|demo\/load)\.ts$/;

/** Edges into server/commands/ from a file that is not a command's caller (see COMMAND_CALLERS), as "a → b". */
export function commandImportProblems(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    if (COMMAND_CALLERS.test(file)) continue;
    for (const e of edges) if (e.to.startsWith('server/commands/')) found.push(`${file} → ${e.to}`);
  }
  return found;
}

/** Every layer rule broken, in words (empty when the graph is clean). */
export function layerProblems(graph = importGraph()): string[] {
  return [
    ...findCycles(graph, 'server/').map((c) => `import cycle in server/: ${c.join(' → ')}`),
    ...findCycles(graph, 'shared/').map((c) => `import cycle in shared/: ${c.join(' → ')}`),
    ...forbiddenImports(graph, 'shared/', ['server/', 'web/']).map((e) => `shared/ imports server/ or web/: ${e}`),
    ...forbiddenImports(graph, 'web/', ['server/']).map((e) => `web/ imports server/: ${e}`),
    ...commandImportProblems(graph).map((e) => `only routes, command-line modules and the demo load import server/commands/: ${e}`),
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = layerProblems();
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} vấn đề về phân lớp mã nguồn.` : 'Không có vòng import; các lớp đúng quy tắc.');
  process.exitCode = problems.length ? 1 : 0;
}
