// The one definition of how a status looks and what it is called, for every output: its place in
// legends (STATUS_ORDER), its colours (the fill of a scorecard cell, chart legend, PDF badge and
// HTML badge; the text written on that fill; a darker text colour on white; an outline) and the
// catalogue key of its label ("status.<code>" in templates/i18n/<lang>/report.json). The PDF
// (render/pdf/definition.ts), the charts (render/charts/specs.ts) and the HTML stylesheet
// (statusCss, appended to templates/html/style.css when the page is rendered) all read it here;
// test/render/status.test.ts compares the three outputs with it.
//
// Good outcomes are green/blue, warnings orange/yellow/purple, deterioration vermillion (the
// Okabe–Ito colour-blind-safe palette); statuses that carry no judgement (descriptive,
// insufficient data, not rated) are greys. Colour is never the only cue:
// every use prints the status label.

/** Every status a scorecard, badge or chart can show, best to worst, then the neutral ones. */
export const STATUS_ORDER = [
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
] as const;

export type StatusKey = (typeof STATUS_ORDER)[number];

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

export const STATUS_STYLE: Readonly<Record<StatusKey, StatusStyle>> = {
  target_achieved: { fill: '#009E73', text: '#008561', onFill: '#000000', stroke: '#008561' },
  on_track: { fill: '#0072B2', text: '#0072B2', onFill: '#FFFFFF', stroke: '#0072B2' },
  substantial_progress: { fill: '#56B4E9', text: '#3A7A9E', onFill: '#000000', stroke: '#3A7A9E' },
  acceleration_needed: { fill: '#E69F00', text: '#9C6C00', onFill: '#000000', stroke: '#9C6C00' },
  moderate_progress: { fill: '#F0E442', text: '#7D7722', onFill: '#000000', stroke: '#7D7722' },
  limited_progress: { fill: '#CC79A7', text: '#A16084', onFill: '#000000', stroke: '#A16084' },
  deterioration: { fill: '#D55E00', text: '#C05500', onFill: '#000000', stroke: '#C05500' },
  descriptive: { fill: '#A6A6A6', text: '#595959', onFill: '#000000', stroke: '#595959' },
  insufficient_data: { fill: '#EBEBEB', text: '#595959', onFill: '#000000', stroke: '#757575' },
  not_rated: { fill: '#FFFFFF', text: '#595959', onFill: '#000000', stroke: '#757575' },
};

/** The catalogue key of a status's label: the same words in the PDF, the charts and the HTML. */
export function statusLabelKey(code: StatusKey): `status.${StatusKey}` {
  return `status.${code}`;
}

/** The HTML class of a status badge: `badge--on-track`. */
export function statusClass(code: StatusKey): string {
  return `badge--${code.replace(/_/g, '-')}`;
}

/**
 * The HTML badges' colours, generated from STATUS_STYLE (the page's stylesheet ends with it), so
 * no status colour is written by hand in templates/html/style.css.
 */
export function statusCss(): string {
  return STATUS_ORDER.map((code) => {
    const s = STATUS_STYLE[code];
    return `.${statusClass(code)} { background: ${s.fill}; color: ${s.onFill}; border-color: ${s.stroke}; }`;
  }).join('\n');
}
