import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'virtual:antd-critical.css';
import { App } from './App.tsx';
import { preloadSession } from './auth.tsx';
import { firstScreenReady } from './routes.tsx';
import './styles.css';

dayjs.locale('vi');

// The first render waits for the session and, on the home page, for its code, figures and map shapes (all
// requested by index.html before any module ran), so it draws the finished screen at once: a spinner, then the
// frame, then the page would each cost a render, a layout and a paint on the browser's main thread. Until then
// index.html shows its own loading line. (A promise, not a top-level await: the page chunks import modules that
// may share this entry's chunk, and a top-level await there would wait for itself.)
void Promise.all([preloadSession(), firstScreenReady()]).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
