/// <reference types="vite/client" />

// antd's stylesheet, split by web/build/antdCss.ts.
declare module 'virtual:antd-critical.css';
declare module 'virtual:antd-full.css';
