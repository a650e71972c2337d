/**
 * Splits antd's prebuilt stylesheet (antd/dist/antd.css, used with ConfigProvider theme.zeroRuntime) into the
 * rules the first screen needs and the whole sheet, both inside `@layer antd`:
 *   - the critical sheet holds every top-level rule whose antd classes all belong to the listed components (and
 *     every rule with no antd class: keyframes, globals); it ships in the entry's CSS and blocks the first paint;
 *   - the whole sheet loads after the first page has rendered (and before any other page renders).
 * The whole sheet repeats the critical rules in their original order and comes later, so once it is applied the
 * cascade among antd's rules is exactly the original one. The layer keeps the app's own unlayered CSS above
 * antd's whatever the load order.
 */
import fs from 'node:fs';
import type { Plugin } from 'vite';

/** Top-level rules and at-rule blocks of a stylesheet, as written (strings and comments respected). */
export function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      for (i++; i < css.length && css[i] !== c; i++) if (css[i] === '\\') i++;
    } else if (c === '/' && css[i + 1] === '*') {
      const opening = i;
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length - 1 : end + 1;
      // A comment between rules belongs to none of them.
      if (depth === 0 && !css.slice(start, opening).trim()) start = i + 1;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) {
        blocks.push(css.slice(start, i + 1).trim());
        start = i + 1;
      } else if (depth < 0) {
        throw new Error(`antdCss: unbalanced "}" at offset ${i}`);
      }
    } else if (c === ';' && depth === 0) {
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) throw new Error('antdCss: unbalanced "{"');
  const rest = css.slice(start).trim();
  if (rest) blocks.push(rest);
  return blocks.filter((b) => b && !/^\/\*[\s\S]*\*\/$/.test(b));
}

/** The antd components a rule styles: the first word of each `ant-…` class it names (`ant-col-xl-6` → `col`). */
export function componentsOf(block: string): Set<string> {
  const found = new Set<string>();
  for (const m of block.matchAll(/(?<![\w-])ant-([a-z]+)/g)) found.add(m[1]);
  return found;
}

export function splitAntdCss(css: string, critical: readonly string[]): { critical: string; full: string } {
  const wanted = new Set(critical);
  const kept = topLevelBlocks(css).filter((block) => [...componentsOf(block)].every((c) => wanted.has(c)));
  return { critical: `@layer antd{${kept.join('')}}`, full: `@layer antd{${css}}` };
}

/**
 * The antd components of the first screen (the signed-in frame and the overview, with the popups a user can open
 * there at once: the Select's dropdown, tooltips, their motions, the Spin and the empty and error states).
 * test/targets/web.test.ts checks that the overview's first render uses no other antd component.
 */
export const CRITICAL_ANTD_COMPONENTS = [
  'app', 'layout', 'btn', 'tag', 'tooltip', 'typography', 'space', 'card', 'segmented', 'select', 'alert', 'spin',
  'empty', 'result', 'wave', 'motion', 'slide', 'zoom', 'fade', 'move',
] as const;

const VIRTUAL = { 'virtual:antd-critical.css': '/@baophu/antd-critical.css', 'virtual:antd-full.css': '/@baophu/antd-full.css' } as const;

/**
 * Vite plugin: `import 'virtual:antd-critical.css'` (static, in the entry) and `import('virtual:antd-full.css')`
 * (dynamic: resolves once the sheet is applied) — see web/src/fullStyles.ts.
 */
export function antdCss(sourceFile: string, components: readonly string[] = CRITICAL_ANTD_COMPONENTS): Plugin {
  let parts: { critical: string; full: string } | null = null;
  return {
    name: 'baophu-antd-css',
    enforce: 'pre',
    resolveId(id) {
      return VIRTUAL[id as keyof typeof VIRTUAL] ?? null;
    },
    load(id) {
      if (id !== VIRTUAL['virtual:antd-critical.css'] && id !== VIRTUAL['virtual:antd-full.css']) return null;
      this.addWatchFile(sourceFile);
      parts ??= splitAntdCss(fs.readFileSync(sourceFile, 'utf8'), components);
      return id === VIRTUAL['virtual:antd-critical.css'] ? parts.critical : parts.full;
    },
  };
}
