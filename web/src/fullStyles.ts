/**
 * antd's whole stylesheet. The entry ships only the rules of the first screen (web/build/antdCss.ts); the rest
 * comes with this call, which resolves once the sheet is applied. Every page but the overview waits for it
 * before rendering (lazyPage in routes.tsx); the overview asks for it once its figures, chart and map are drawn.
 */
let loading: Promise<void> | null = null;

export function loadFullStyles(): Promise<void> {
  loading ??= import('virtual:antd-full.css').then(
    () => undefined,
    (err) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Loads the whole sheet when the browser is next idle (after the current page has been drawn). */
export function loadFullStylesWhenIdle() {
  const start = () => void loadFullStyles().catch(() => undefined);
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 200);
}
