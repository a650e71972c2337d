import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The web app lives in web/ and builds to dist/web, which `baophu serve` serves with an index.html fallback.
export default defineConfig({
  root: here('./web'),
  publicDir: false,
  plugins: [react()],
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
        // React in its own long-cached chunk; ECharts only loads with the pages that draw charts; antd is split
        // by use (what the frame needs loads first, a page's extra components with the page).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
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
