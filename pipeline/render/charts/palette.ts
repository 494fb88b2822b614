// One colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008) for every chart,
// and (re-exported from core/status.ts) the status colours shared with the HTML and PDF.
//
// Rules kept here (and checked by test/render/charts/palette.test.ts):
// - every colour meant for text on white (`text`, INK.*) has a contrast ratio ≥ 4.5:1;
// - every status fill has a text colour (`onFill`) with contrast ≥ 4.5:1 on that fill;
// - countries differ by colour AND line dash AND point shape, so lines read in grayscale.

import type { Country } from '../../core/types.js';
import type { RollupHeadline } from '../../assess/types.js';
import type { StatusKey } from '../../core/status.js';

/** The eight Okabe–Ito colours. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Neutral inks for chart furniture; all ≥ 4.5:1 on white. */
export const INK = {
  /** Titles and value labels. */
  text: '#1A1A1A',
  /** Axis labels, legend labels, reference-line labels. */
  muted: '#4D4D4D',
  /** Axis domain/ticks and reference rules (graphics: ≥ 3:1). */
  rule: '#595959',
  /** Grid lines (decorative, deliberately light). */
  grid: '#DEDEDE',
  background: '#FFFFFF',
} as const;

export interface CountryStyle {
  /** Line and point colour (≥ 3:1 on white, the WCAG minimum for graphics). */
  color: string;
  /** Vega strokeDash array; [] = solid. */
  dash: number[];
  /** Vega symbol shape of the points. */
  shape: 'circle' | 'square' | 'triangle-up' | 'diamond';
}

export const COUNTRY_STYLE: Readonly<Record<Country, CountryStyle>> = {
  US: { color: OKABE_ITO.blue, dash: [], shape: 'circle' },
  MX: { color: OKABE_ITO.vermillion, dash: [6, 3], shape: 'square' },
  BI: { color: OKABE_ITO.bluishGreen, dash: [2, 2], shape: 'triangle-up' },
};

/** Fixed order in which countries appear in legends and scales. */
export const COUNTRY_ORDER: readonly Country[] = ['US', 'MX', 'BI'];

export type ScorecardStatus = RollupHeadline;

// The status colours and their order live in core/status.ts, the one module the PDF, the charts and
// the HTML read them from; they are re-exported here for the charts. Its keys are exactly the
// assessment's headlines (checked by the type below).
export { STATUS_ORDER, STATUS_STYLE, type StatusStyle } from '../../core/status.js';
const sameKeys: [Record<StatusKey, true>, Record<ScorecardStatus, true>] = [
  {} as Record<ScorecardStatus, true>,
  {} as Record<StatusKey, true>,
];
void sameKeys;

/** WCAG 2 relative luminance of a #RRGGBB colour. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const channel = (i: number): number => {
    const v = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** WCAG 2 contrast ratio between two #RRGGBB colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
