// One colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008) for every chart,
// and the status colours shared with the HTML and PDF scorecards.
//
// Rules kept here (and checked by test/render/charts/palette.test.ts):
// - every colour meant for text on white (`text`, INK.*) has a contrast ratio ≥ 4.5:1;
// - every status fill has a text colour (`onFill`) with contrast ≥ 4.5:1 on that fill;
// - countries differ by colour AND line dash AND point shape, so lines read in grayscale.

import type { Country } from '../../core/types.js';
import type { RollupHeadline, StatusCode } from '../../assess/types.js';

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

export interface StatusStyle {
  /** Fill of a scorecard cell, bar or badge. */
  fill: string;
  /** The same hue darkened to ≥ 4.5:1 on white, for status words written on white. */
  text: string;
  /** Text colour to write on `fill` (≥ 4.5:1). */
  onFill: string;
  /** Border for light fills (white or near-white cells need an outline to be seen). */
  stroke: string;
}

/**
 * Status colours. Good outcomes are green/blue, warnings orange/yellow/purple, deterioration
 * vermillion; statuses that carry no judgement (descriptive, insufficient data, not rated) are greys. Colour is never the only cue: every use prints the status label.
 */
export const STATUS_STYLE: Readonly<Record<ScorecardStatus, StatusStyle>> = {
  target_achieved: { fill: OKABE_ITO.bluishGreen, text: '#008561', onFill: '#000000', stroke: '#008561' },
  on_track: { fill: OKABE_ITO.blue, text: '#0072B2', onFill: '#FFFFFF', stroke: '#0072B2' },
  substantial_progress: { fill: OKABE_ITO.skyBlue, text: '#3A7A9E', onFill: '#000000', stroke: '#3A7A9E' },
  acceleration_needed: { fill: OKABE_ITO.orange, text: '#9C6C00', onFill: '#000000', stroke: '#9C6C00' },
  moderate_progress: { fill: OKABE_ITO.yellow, text: '#7D7722', onFill: '#000000', stroke: '#7D7722' },
  limited_progress: { fill: OKABE_ITO.reddishPurple, text: '#A16084', onFill: '#000000', stroke: '#A16084' },
  deterioration: { fill: OKABE_ITO.vermillion, text: '#C05500', onFill: '#000000', stroke: '#C05500' },
  descriptive: { fill: '#A6A6A6', text: '#595959', onFill: '#000000', stroke: '#595959' },
  insufficient_data: { fill: '#EBEBEB', text: '#595959', onFill: '#000000', stroke: '#757575' },
  not_rated: { fill: '#FFFFFF', text: '#595959', onFill: '#000000', stroke: '#757575' },
};

/** Every status in a stable order (best to worst, then the neutral ones). */
export const STATUS_ORDER: readonly ScorecardStatus[] = [
  'target_achieved',
  'on_track',
  'substantial_progress',
  'acceleration_needed',
  'moderate_progress',
  'limited_progress',
  'deterioration',
  'descriptive',
  'insufficient_data',
  'not_rated',
];

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
