/** Colours of the app's palette, in series order (ECharts charts and the SVG charts). */
export const CHART_COLORS = ['#174a8b', '#d4802a', '#3a8a5c', '#b53a3a', '#6b5ca5', '#2d8fa8', '#8c6d31', '#7a7a7a'];
