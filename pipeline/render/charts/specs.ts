// Vega-Lite specs built in code from typed chart requests. Data values only ever land in
// `data.values` (and in sort/domain arrays); nothing from data is parsed as a spec or expression.
//
// Layout targets a PDF text block 468 pt wide (US Letter, 1-inch margins): every spec uses
// autosize "fit"/"fit-x" with contains "padding", so the whole SVG is exactly WIDTH wide.
// Widths of labels are measured with Roboto's real metrics (metrics.ts) to size axes and to keep
// value labels inside the plot, so vega never has to truncate anything.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartPoint, ChartRequest, BarChart, ScorecardChart, TimeSeriesChart } from './types.js';
import { COUNTRY_ORDER, COUNTRY_STYLE, INK, STATUS_STYLE } from './palette.js';
import { expressionFunction } from 'vega';
import type { Lang } from '../../core/types.js';
import { formatValueAs, VALUE_STYLES, type ValueFormat, type ValueStyle } from '../../compose/format.js';
import { textWidth, wrapText } from './metrics.js';

/** Width of the PDF text block (8.5in − 2 × 1in = 6.5in = 468pt); 1 SVG px = 1 pt. */
export const CHART_WIDTH = 468;
export const TIMESERIES_HEIGHT = 220;
/** Vertical space per bar row. */
export const BAR_STEP = 28;
/** Vertical space per scorecard row. */
export const SCORECARD_STEP = 20;

export const FONT = 'Roboto';
const LABEL_SIZE = 9;
const AXIS_TITLE_SIZE = 9;
const TITLE_SIZE = 11;
const PADDING = 4;
/** The longest a category label may be before it is wrapped onto two lines. */
const MAX_LABEL_WIDTH = 200;
/** Space left and right of the status label inside a scorecard cell. */
const CELL_INSET = 8;

type Spec = TopLevelSpec;
// vega-lite's own types for parts of a spec, without depending on its internal module paths.
type AnySpec = Record<string, unknown>;

/** Shared config: Roboto everywhere, ink colours with ≥ 4.5:1 contrast, quiet grid. */
export function baseConfig(): AnySpec {
  return {
    font: FONT,
    background: INK.background,
    padding: PADDING,
    view: { stroke: null },
    axis: {
      labelFont: FONT,
      titleFont: FONT,
      labelFontSize: LABEL_SIZE,
      titleFontSize: AXIS_TITLE_SIZE,
      labelColor: INK.muted,
      titleColor: INK.muted,
      titleFontWeight: 'normal',
      domainColor: INK.rule,
      tickColor: INK.rule,
      gridColor: INK.grid,
      labelOverlap: true,
    },
    legend: {
      labelFont: FONT,
      titleFont: FONT,
      labelFontSize: LABEL_SIZE,
      titleFontSize: AXIS_TITLE_SIZE,
      labelColor: INK.muted,
      titleColor: INK.muted,
      titleFontWeight: 'normal',
      labelLimit: CHART_WIDTH,
    },
    title: {
      font: FONT,
      fontSize: TITLE_SIZE,
      fontWeight: 500,
      color: INK.text,
      anchor: 'start',
      subtitleFont: FONT,
      subtitleColor: INK.muted,
    },
    text: { font: FONT, fontSize: LABEL_SIZE, color: INK.text },
    // Marks and guides get no aria labels of their own (vega's would be unformatted, English
    // field dumps): the whole SVG is one role="img" with a <title> and a <desc>.
    aria: false,
  };
}

function titleFor(req: ChartRequest): AnySpec | undefined {
  if (!req.showTitle) return undefined;
  const lines = wrapText(req.title, CHART_WIDTH - 2 * PADDING, TITLE_SIZE, 'medium');
  return { text: lines.length === 1 ? lines[0] : lines, offset: 8 };
}

function common(req: ChartRequest): AnySpec {
  const title = titleFor(req);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: req.description,
    config: baseConfig(),
    ...(title ? { title } : {}),
  };
}

// --- Value axes: ticks written by compose's formatter -------------------------------------------
//
// A chart prints a metric's numbers exactly as its table does: value labels are the strings
// compose put in the request, and every axis tick goes through compose's formatValueAs (Intl),
// registered once as a vega expression function. The expression is a constant of this file; the
// only things written into it are the language and the style, both checked against closed lists
// of code constants (never data), so no text from data is ever parsed as an expression.

/** The vega expression function that writes a tick: hlsdValue(value, lang, style). */
export const VALUE_FUNCTION = 'hlsdValue';

expressionFunction(VALUE_FUNCTION, (value: unknown, lang: unknown, style: unknown) =>
  formatValueAs({ lang: lang as Lang, style: style as ValueStyle }, Number(value)),
);

/**
 * A value axis whose tick labels are the metric's format. The formatter writes at most one
 * decimal, so ticks are never closer than 0.1 (tickMinStep) and a tick below a million prints as
 * its exact value; from a million up, the domain starts at zero, so a tick has at most two
 * significant digits, which the scale-word form ("25 billion", "1.5 million") writes exactly.
 */
export function valueAxis(format: ValueFormat, title: string): AnySpec {
  if (!(format.lang === 'en' || format.lang === 'es') || !VALUE_STYLES.includes(format.style)) {
    throw new Error(`chart value format: unsupported ${JSON.stringify(format)}`);
  }
  return {
    title,
    labelExpr: `${VALUE_FUNCTION}(datum.value, ${JSON.stringify(format.lang)}, ${JSON.stringify(format.style)})`,
    tickCount: 5,
    tickMinStep: 0.1,
    grid: true,
  };
}

/** Numeric part of a period label, for ordering ("FY2022" → 2022, "2021" → 2021). */
function periodKey(period: string): [number, string] {
  const m = /(\d{4})/.exec(period);
  return [m ? Number(m[1]) : Number.POSITIVE_INFINITY, period];
}

export function comparePeriods(a: string, b: string): number {
  const [ya, sa] = periodKey(a);
  const [yb, sb] = periodKey(b);
  if (ya !== yb) return ya < yb ? -1 : 1;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Localized period labels in period order (first label wins when two periods share one). */
function periodLabelOrder(points: ChartPoint[]): string[] {
  const byPeriod = new Map<string, string>();
  for (const p of points) if (!byPeriod.has(p.period)) byPeriod.set(p.period, p.periodLabel);
  const labels: string[] = [];
  for (const period of [...byPeriod.keys()].sort(comparePeriods)) {
    const label = byPeriod.get(period)!;
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** Country legend domain (localized names) and its colour and shape ranges, in fixed order. */
function countryScales(points: ChartPoint[]): { domain: string[]; color: string[]; shape: string[] } {
  const present = COUNTRY_ORDER.filter((c) => points.some((p) => p.country === c));
  const domain: string[] = [];
  const color: string[] = [];
  const shape: string[] = [];
  for (const c of present) {
    const label = points.find((p) => p.country === c)!.countryLabel;
    if (domain.includes(label)) continue;
    domain.push(label);
    color.push(COUNTRY_STYLE[c].color);
    shape.push(COUNTRY_STYLE[c].shape);
  }
  return { domain, color, shape };
}

function pointValues(points: ChartPoint[]) {
  return points.map((p) => ({
    country: p.country,
    countryLabel: p.countryLabel,
    period: p.period,
    periodLabel: p.periodLabel,
    value: p.value,
  }));
}

// --- Time series --------------------------------------------------------------------------------

/** The baseline rule's dash, in the plot and in the key. */
const BASELINE_DASH = [2, 2];
/** A segment into or out of a provisional or underreported value: sparse dots, unlike any country's dash. */
const FLAGGED_DASH = [1.5, 3.5];

/** Each country's consecutive points as two-point segments, each with its own dash. */
function segments(req: TimeSeriesChart, order: readonly string[]): AnySpec[] {
  const rows: AnySpec[] = [];
  for (const country of COUNTRY_ORDER) {
    const own = req.points
      .filter((p) => p.country === country)
      .sort((a, b) => order.indexOf(a.periodLabel) - order.indexOf(b.periodLabel));
    for (let k = 1; k < own.length; k++) {
      const [a, b] = [own[k - 1]!, own[k]!];
      const dash = a.flag || b.flag ? FLAGGED_DASH : COUNTRY_STYLE[country].dash;
      for (const p of [a, b])
        rows.push({
          segment: `${country}-${k}`,
          countryLabel: p.countryLabel,
          periodLabel: p.periodLabel,
          value: p.value,
          dash,
        });
    }
  }
  return rows;
}

/**
 * The key beside the country legend, above the plot: a hollow marker for "provisional or
 * underreported", and a dotted rule for the baseline. Drawn as marks at fixed places (measured with
 * Roboto's advances) after the country legend's items.
 */
function keyLayers(req: TimeSeriesChart, countryLabels: readonly string[]): AnySpec[] {
  const y = -KEY_RAISE;
  let at =
    countryLabels.reduce((sum, l) => sum + LEGEND_SYMBOL + 4 + textWidth(l, LABEL_SIZE) + LEGEND_GAP, 0) + KEY_GAP;
  const layers: AnySpec[] = [];
  // Positions as encoded values: the layers would otherwise inherit the chart's y encoding.
  const at2 = (x: number, more: AnySpec = {}): AnySpec => ({ x: { value: x }, y: { value: y }, ...more });
  const text = (label: string, x: number): AnySpec => ({
    data: { values: [{ key: 1 }] },
    mark: { type: 'text', align: 'left', baseline: 'middle', text: label, color: INK.muted, fontSize: LABEL_SIZE },
    encoding: at2(x),
  });
  if (req.flaggedLabel) {
    layers.push({
      data: { values: [{ key: 1 }] },
      mark: {
        type: 'point',
        shape: 'circle',
        filled: false,
        fill: INK.background,
        stroke: INK.muted,
        strokeWidth: 1.5,
        size: 42,
        opacity: 1,
      },
      encoding: at2(at + 4),
    });
    layers.push(text(req.flaggedLabel, at + 11));
    at += 11 + textWidth(req.flaggedLabel, LABEL_SIZE) + KEY_GAP;
  }
  if (req.baseline) {
    layers.push({
      data: { values: [{ key: 1 }] },
      mark: { type: 'rule', color: INK.rule, strokeWidth: 1, strokeDash: BASELINE_DASH },
      encoding: at2(at, { x2: { value: at + 16 }, y2: { value: y } }),
    });
    layers.push(text(req.baseline.label, at + 20));
  }
  return layers;
}

/** Sizes of vega's horizontal legend (symbol, gap to the label, gap between items) and of the key after it. */
const LEGEND_SYMBOL = 10;
const LEGEND_GAP = 10;
const KEY_GAP = 14;
/** How far above the plot the key's row sits: the country legend's row (offset 6 + half a row). */
const KEY_RAISE = 13;

export function timeSeriesSpec(req: TimeSeriesChart): Spec {
  const order = periodLabelOrder(req.points);
  const countries = countryScales(req.points);
  const values = pointValues(req.points).map((v, i) => ({ ...v, flagged: req.points[i]!.flag !== undefined }));
  const refs: AnySpec[] = [];
  if (req.target) refs.push({ ref: 'target', value: req.target.value, label: req.target.label });

  const x = {
    field: 'periodLabel',
    type: 'ordinal',
    sort: order,
    scale: { domain: order },
    axis: { title: req.periodTitle, labelAngle: 0, grid: false, ticks: true },
  };
  const legendScale = (range: unknown): AnySpec => ({ domain: countries.domain, range });
  const legend = {
    title: null,
    orient: 'top',
    direction: 'horizontal',
    symbolSize: 60,
    symbolStrokeWidth: 1.5,
    labelFontSize: LABEL_SIZE,
    offset: 6,
  };

  const layers: AnySpec[] = [];
  // The baseline as a dotted rule across the plot, named in the key above it (never a label in
  // the plot, where it could sit on a data point).
  if (req.baseline) {
    layers.push({
      data: { values: [{ value: req.baseline.value }] },
      mark: { type: 'rule', color: INK.rule, strokeWidth: 1, strokeDash: BASELINE_DASH },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    });
  }
  // The target's rule, labelled at its right end.
  for (const r of refs) {
    layers.push({
      data: { values: [r] },
      mark: { type: 'rule', color: INK.rule, strokeWidth: 1, strokeDash: [5, 3] },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    });
    layers.push({
      data: { values: [r] },
      mark: {
        type: 'text',
        align: 'right',
        x: 'width',
        dx: -2,
        dy: -3,
        baseline: 'bottom',
        color: INK.muted,
        fontSize: LABEL_SIZE,
      },
      encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
    });
  }
  // One line per segment between a country's consecutive points: solid (or the country's dash)
  // between final values, dotted into or out of a provisional or underreported one.
  layers.push({
    data: { values: segments(req, order) },
    mark: { type: 'line', strokeWidth: 2, strokeCap: 'butt' },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative' },
      color: { field: 'countryLabel', type: 'nominal', scale: legendScale(countries.color), legend },
      // Dash comes straight from the data (not a scale), so it stays out of the legend: a dashed
      // outline on a legend symbol reads badly; the legend shows shape + colour.
      strokeDash: { field: 'dash', type: 'nominal', scale: null, legend: null },
      detail: { field: 'segment', type: 'nominal' },
    },
  });
  // Final values filled; flagged ones hollow (white inside, the country's colour around).
  for (const flagged of [false, true]) {
    const own = values.filter((v) => v.flagged === flagged);
    if (own.length === 0) continue;
    layers.push({
      data: { values: own },
      mark: flagged
        ? { type: 'point', filled: false, fill: INK.background, size: 42, opacity: 1, strokeWidth: 1.5 }
        : { type: 'point', filled: true, size: 42, opacity: 1, strokeWidth: 0 },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative' },
        color: { field: 'countryLabel', type: 'nominal', scale: legendScale(countries.color), legend },
        shape: { field: 'countryLabel', type: 'nominal', scale: legendScale(countries.shape), legend },
      },
    });
  }
  layers.push(...keyLayers(req, countries.domain));

  return {
    ...common(req),
    width: CHART_WIDTH,
    height: TIMESERIES_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    encoding: {
      y: {
        field: 'value',
        type: 'quantitative',
        scale: { zero: true, nice: true },
        axis: valueAxis(req.valueFormat, req.valueTitle),
      },
    },
    layer: layers,
  } as unknown as Spec;
}

// --- Horizontal bars (single-period figures) ----------------------------------------------------

/** Wrap a category label to at most MAX_LABEL_WIDTH per line; returns the lines and their width. */
function categoryLabel(text: string): { lines: string[]; width: number } {
  const lines = textWidth(text, LABEL_SIZE) <= MAX_LABEL_WIDTH ? [text] : wrapText(text, MAX_LABEL_WIDTH, LABEL_SIZE);
  const width = Math.max(0, ...lines.map((l) => textWidth(l, LABEL_SIZE)));
  return { lines, width };
}

/**
 * Category values for a band axis: the label lines joined by "\n" (the axis splits them back with
 * a constant expression), made unique by appending " (2)", " (3)"… to repeated labels so two
 * rows never collapse into one band.
 */
function categories(labels: string[]): { value: string; width: number }[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    const cat = categoryLabel(n === 1 ? label : `${label} (${n})`);
    return { value: cat.lines.join('\n'), width: cat.width };
  });
}

/** Axis for the category (band) scale: labels may hold "\n" line breaks; no data in the expression. */
function categoryAxis(extra: AnySpec = {}): AnySpec {
  return {
    title: null,
    labelLimit: 0,
    ticks: false,
    labelPadding: 6,
    labelExpr: "split(datum.value, '\\n')",
    ...extra,
  };
}

/**
 * Room the value axis needs so that labels written after the bar ends stay inside the plot.
 * Returns the domain to use: [min(0, …), max] extended so that v/D·plot + labelWidth ≤ plot.
 */
function fitDomain(entries: { end: number; labelWidth: number }[], plotWidth: number): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const e of entries) {
    hi = Math.max(hi, e.end);
    lo = Math.min(lo, e.end);
  }
  if (hi === lo) hi = lo + 1;
  // Iterate: the space a label needs depends on the scale, which depends on the domain.
  for (let i = 0; i < 8; i++) {
    const span = hi - lo;
    let newHi = hi;
    let newLo = lo;
    for (const e of entries) {
      const px = e.labelWidth + 8;
      const room = plotWidth - px;
      if (room <= 0) continue;
      if (e.end >= 0) newHi = Math.max(newHi, lo + ((e.end - lo) * plotWidth) / room);
      else newLo = Math.min(newLo, hi - ((hi - e.end) * plotWidth) / room);
    }
    if (newHi === hi && newLo === lo) break;
    hi = newHi;
    lo = newLo;
    if (hi - lo > span * 4) break;
  }
  return [lo, hi];
}

/** Band step that fits the tallest (wrapped) category label with some air. */
function stepFor(minStep: number, cats: { value: string }[]): number {
  const lines = Math.max(1, ...cats.map((c) => c.value.split('\n').length));
  return Math.max(minStep, lines * (LABEL_SIZE + 2) + 10);
}

/** Plot width left after a category axis whose widest label is `labelWidth`. */
function plotWidthAfterAxis(labelWidth: number, extra = 0): number {
  // axis: tick 5 + label padding 2 + labels; a few px of slack for nice() and rounding.
  return CHART_WIDTH - 2 * PADDING - (labelWidth + 5 + 2 + 4) - extra;
}

export function barSpec(req: BarChart): Spec {
  const cats = categories(req.points.map((p) => `${p.countryLabel} · ${p.periodLabel}`));
  const values = req.points.map((p, i) => {
    return {
      ...pointValues([p])[0],
      category: cats[i].value,
      categoryWidth: cats[i].width,
      color: COUNTRY_STYLE[p.country].color,
      // The value as the metric's table prints it (compose's string, qualifier included).
      valueText: p.label,
    };
  });
  const labelWidth = Math.max(0, ...values.map((v) => v.categoryWidth));
  const plot = plotWidthAfterAxis(labelWidth);
  const domain = fitDomain(
    values.map((v) => ({ end: v.value, labelWidth: textWidth(v.valueText, LABEL_SIZE) })),
    plot,
  );
  const keys = values.map((v) => v.category);
  const y = {
    field: 'category',
    type: 'nominal',
    sort: keys,
    scale: { domain: keys, paddingInner: 0.3, paddingOuter: 0.2 },
    axis: categoryAxis(),
  };
  const xEnc = {
    field: 'value',
    type: 'quantitative',
    scale: { domain, nice: false, zero: true },
    axis: valueAxis(req.valueFormat, req.valueTitle),
  };
  return {
    ...common(req),
    width: CHART_WIDTH,
    height: stepFor(BAR_STEP, cats) * values.length,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: { x: xEnc, color: { field: 'color', type: 'nominal', scale: null, legend: null } },
      },
      ...valueLabelLayers(xEnc, INK.text),
    ],
  } as unknown as Spec;
}

/** Value labels written just past the bar end: right of positive bars, left of negative ones. */
function valueLabelLayers(xEnc: AnySpec, color: string | AnySpec, xField = 'value'): AnySpec[] {
  const text = { field: 'valueText', type: 'nominal' };
  const x = { ...xEnc, field: xField };
  const colorEnc = typeof color === 'string' ? {} : { color };
  const staticColor = typeof color === 'string' ? { color } : {};
  return [
    {
      transform: [{ filter: `datum['${xField}'] >= 0` }],
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: LABEL_SIZE, ...staticColor },
      encoding: { x, text, ...colorEnc },
    },
    {
      transform: [{ filter: `datum['${xField}'] < 0` }],
      mark: { type: 'text', align: 'right', baseline: 'middle', dx: -4, fontSize: LABEL_SIZE, ...staticColor },
      encoding: { x, text, ...colorEnc },
    },
  ];
}

// --- Scorecard matrix ---------------------------------------------------------------------------

export function scorecardSpec(req: ScorecardChart): Spec {
  const cells = [...req.cells].sort((a, b) => a.order - b.order || (a.row < b.row ? -1 : a.row > b.row ? 1 : 0));
  const cats = categories(cells.map((c) => c.row));
  const values = cells.map((c, i) => {
    const style = STATUS_STYLE[c.status];
    return {
      category: cats[i].value,
      categoryWidth: cats[i].width,
      status: c.status,
      statusLabel: c.statusLabel,
      textColor: style.onFill,
      stroke: style.stroke,
    };
  });
  const keys = values.map((v) => v.category);
  // Legend: every status the caller listed, in its order, coloured from the shared palette.
  const legendDomain = req.legend.map((l) => l.label);
  const legendFill = req.legend.map((l) => STATUS_STYLE[l.status].fill);
  // Cells whose status is missing from the legend still get their colour.
  for (const c of cells) {
    if (!legendDomain.includes(c.statusLabel)) {
      legendDomain.push(c.statusLabel);
      legendFill.push(STATUS_STYLE[c.status].fill);
    }
  }
  const labelWidth = Math.max(0, ...values.map((v) => v.categoryWidth));
  const plot = plotWidthAfterAxis(labelWidth);
  // The cell is as wide as the longest status label needs, not the whole plot.
  const cellWidth = Math.min(
    plot,
    Math.ceil(Math.max(0, ...values.map((v) => textWidth(v.statusLabel, LABEL_SIZE))) + 2 * CELL_INSET),
  );
  // Legend symbol 10 + offset 5 + label + column padding 10; laid out under the plot.
  const legendItemWidth = Math.max(0, ...legendDomain.map((l) => textWidth(l, LABEL_SIZE))) + 10 + 5 + 10;
  const columns = Math.max(1, Math.min(legendDomain.length, Math.floor(plot / legendItemWidth)));
  const legend = {
    title: null,
    orient: 'bottom',
    direction: 'horizontal',
    columns,
    symbolType: 'square',
    symbolSize: 100,
    symbolStrokeWidth: 1,
    // One outline for every swatch, so the white "no benchmark" swatch is visible too.
    symbolStrokeColor: INK.rule,
    symbolOpacity: 1,
    columnPadding: 10,
    rowPadding: 4,
    offset: 8,
    values: legendDomain,
  };
  const y = {
    field: 'category',
    type: 'nominal',
    sort: keys,
    scale: { domain: keys, paddingInner: 0.12, paddingOuter: 0.06 },
    axis: categoryAxis({ domain: false, labelColor: INK.text }),
  };
  return {
    ...common(req),
    width: CHART_WIDTH,
    height: stepFor(SCORECARD_STEP, cats) * values.length,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'rect', strokeWidth: 1, x: 0, x2: cellWidth },
        encoding: {
          color: { field: 'statusLabel', type: 'nominal', scale: { domain: legendDomain, range: legendFill }, legend },
          stroke: { field: 'stroke', type: 'nominal', scale: null, legend: null },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', x: CELL_INSET, fontSize: LABEL_SIZE },
        encoding: {
          text: { field: 'statusLabel', type: 'nominal' },
          // `fill`, not `color`: the color channel's scale and legend belong to the cells.
          fill: { field: 'textColor', type: 'nominal', scale: null, legend: null },
        },
      },
    ],
  } as unknown as Spec;
}

/** The Vega-Lite spec for any chart request. */
export function chartSpec(req: ChartRequest): Spec {
  switch (req.kind) {
    case 'timeseries':
      return timeSeriesSpec(req);
    case 'bars':
      return barSpec(req);
    case 'scorecard':
      return scorecardSpec(req);
    default: {
      const never: never = req;
      throw new Error(`unknown chart kind: ${JSON.stringify(never)}`);
    }
  }
}
