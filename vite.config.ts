import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { antdCss } from './web/build/antdCss.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Writes the home page's chunks (the overview page and everything it imports statically, minus what the entry
 * already loads, plus their CSS) into index.html's early script, which preloads them on '/' only, in parallel
 * with the entry instead of after it has run.
 */
function homePreload(): Plugin {
  return {
    name: 'baophu-home-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (start: string[]) => {
          const seen = new Set<string>();
          const visit = (f: string) => {
            if (seen.has(f) || !byName.has(f)) return;
            seen.add(f);
            byName.get(f)!.imports.forEach(visit);
          };
          start.forEach(visit);
          return seen;
        };
        const entry = chunks.find((c) => c.isEntry);
        const home = chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith('/web/src/pages/overview/index.tsx'));
        if (!entry || !home) throw new Error('homePreload: entry or overview chunk not found');
        const loaded = closure([entry.fileName]);
        const files = [...closure([home.fileName])].filter((f) => !loaded.has(f));
        const css = files.flatMap((f) => [...((byName.get(f) as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? [])]);
        const urls = [...css, ...files].map((f) => `/${f}`);
        if (!html.includes('/*HOME_CHUNKS*/[]')) throw new Error('homePreload: placeholder missing in index.html');
        return html.replace('/*HOME_CHUNKS*/[]', JSON.stringify(urls));
      },
    },
  };
}

// The web app lives in web/ and builds to dist/web, which `baophu serve` serves with an index.html fallback.
/**
 * Writes brotli (.br) and gzip (.gz) copies of the built JS, CSS and SVG files of 1 kB or more next to them;
 * `baophu serve` sends those to browsers that accept them (@fastify/static preCompressed), at no CPU cost per
 * request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'baophu-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg)$/.test(fileName)) continue;
        const file = path.join(outDir, fileName);
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here('./web'),
  publicDir: false,
  plugins: [react(), antdCss(here('./node_modules/antd/dist/antd.css')), homePreload(), precompress()],
  resolve: {
    alias: { '@shared': here('./shared') },
  },
  build: {
    outDir: process.env.BAOPHU_WEB_OUT_DIR || here('./dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // React in its own long-cached chunk; ECharts only loads with the calculators' charts; everything the entry
        // imports statically (the frame, antd's core) in one 'app' chunk instead of a dozen small ones (browsers
        // fetch at most six files at a time from a host over HTTP/1.1); a page's extra components load with the page.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'app', tags: ['$initial'], priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.BAOPHU_API_URL || 'http://localhost:3000', changeOrigin: false } },
  },
});
