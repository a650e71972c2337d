import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { topLevelBlocks, componentsOf, splitAntdCss, CRITICAL_ANTD_COMPONENTS } from '../../web/build/antdCss.ts';

describe("antd's stylesheet split (web/build/antdCss.ts)", () => {
  it('cuts a sheet into top-level rules, respecting strings, comments and nested blocks', () => {
    const css = `.a{content:"}{"}/* a } comment */@media (min-width:1px){.b{color:red}.c{color:blue}}@keyframes k{0%{opacity:0}to{opacity:1}}@charset "x";.d{}`;
    expect(topLevelBlocks(css)).toEqual([
      '.a{content:"}{"}',
      '@media (min-width:1px){.b{color:red}.c{color:blue}}',
      '@keyframes k{0%{opacity:0}to{opacity:1}}',
      '@charset "x";',
      '.d{}',
    ]);
    expect(() => topLevelBlocks('.a{color:red')).toThrow();
    expect(() => topLevelBlocks('.a{}}')).toThrow();
  });

  it('names the components a rule styles', () => {
    expect([...componentsOf('.ant-col-xl-6{}')]).toEqual(['col']);
    expect([...componentsOf('.css-var-x.ant-select-dropdown .ant-select-item{}')]).toEqual(['select']);
    expect([...componentsOf('.ant-input-group .ant-select{}')].sort()).toEqual(['input', 'select']);
    expect([...componentsOf('@keyframes antZoomIn{}')]).toEqual([]);
    expect([...componentsOf('.my-ant-btn{}')]).toEqual([]);
  });

  it('keeps a rule for the first screen only when every component it names is critical', () => {
    const css = '.ant-btn{a:1}.ant-table .ant-btn{a:2}@keyframes k{}.ant-table{a:3}.plain{a:4}';
    const { critical, full } = splitAntdCss(css, ['btn']);
    expect(critical).toBe('@layer antd{.ant-btn{a:1}@keyframes k{}.plain{a:4}}');
    expect(full).toBe(`@layer antd{${css}}`);
  });

  it("splits antd's real sheet: nothing lost, the critical part much smaller", () => {
    const css = fs.readFileSync(path.join(process.cwd(), 'node_modules/antd/dist/antd.css'), 'utf8');
    expect(topLevelBlocks(css).join('')).toBe(css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+$/, ''));
    const { critical, full } = splitAntdCss(css, CRITICAL_ANTD_COMPONENTS);
    expect(full.length).toBe(css.length + '@layer antd{}'.length);
    expect(critical.length).toBeLessThan(css.length / 4);
    expect(critical).toContain('.ant-btn');
    expect(critical).not.toContain('.ant-table');
    expect(critical).not.toContain('.ant-picker');
  });
});
