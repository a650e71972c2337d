/** Colours of the app's charts: the web's (ECharts and SVG charts) and the reports' charts drawn on the server. */

/** The palette, in series order. */
export const CHART_COLORS = ['#174a8b', '#d4802a', '#3a8a5c', '#b53a3a', '#6b5ca5', '#2d8fa8', '#8c6d31', '#7a7a7a'];

/** A unit's progress status on the map and in the legends; `none`: no target for the year. */
export const STATUS_COLORS = { on_track: '#3a8a5c', at_risk: '#d4a017', off_track: '#b53a3a', none: '#c7ccd4' } as const;

/** A commune with no figures at all on the map. */
export const NO_DATA_COLOR = '#eceff3';

/** The map's ramp for a continuous value (coverage, attainment), low to high. */
export const MAP_RAMP = ['#f4e3c9', '#d4802a', '#174a8b'];

/** The forecast band under the trend's forecast line, and the target line. */
export const BAND_COLOR = 'rgba(23, 74, 139, 0.15)';
export const TARGET_COLOR = '#b53a3a';
