/**
 * The fonts of the server-made reports, from the npm package dejavu-fonts-ttf (so `npm install` brings them; no
 * system font is read). Times New Roman is not free, and the npm packages of its metric-compatible clones (Tinos,
 * Liberation Serif) are only published as web-font subsets (Latin and Vietnamese split into separate files), which
 * pdfkit and resvg cannot use as one font: DejaVu Serif is a full TrueType serif that covers every Vietnamese letter
 * (precomposed, with all tones, đ/Đ, ơ, ư); the charts use DejaVu Sans like the web's sans-serif charts.
 */
import path from 'node:path';
import { createRequire } from 'node:module';

const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES = {
  serif: path.join(dir, 'DejaVuSerif.ttf'),
  serifBold: path.join(dir, 'DejaVuSerif-Bold.ttf'),
  serifItalic: path.join(dir, 'DejaVuSerif-Italic.ttf'),
  serifBoldItalic: path.join(dir, 'DejaVuSerif-BoldItalic.ttf'),
  sans: path.join(dir, 'DejaVuSans.ttf'),
  sansBold: path.join(dir, 'DejaVuSans-Bold.ttf'),
} as const;

/** The family name the charts' SVG asks for (the fonts given to resvg). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';
