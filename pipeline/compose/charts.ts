// The chart requests of the document tree: typed, already-localized data that compose hands to
// the chart renderer (render/charts), which builds its specs in code from them; nothing from data
// is ever interpreted as a spec or an expression. Compose owns this contract, so it imports
// nothing from render/ (render/charts imports it from here).

import type { Country } from '../core/types.js';
import type { RollupHeadline } from '../assess/types.js';
import type { ValueFormat } from './format.js';

export type { ValueFormat, ValueStyle } from './format.js';

export type ChartLocale = 'en-US' | 'es-MX';

export interface ChartPoint {
  country: Country;
  /** Localized country name, e.g. "Mexico" / "México". */
  countryLabel: string;
  /** Period label as in data ("2021", "FY2022"), used for ordering. */
  period: string;
  /** Localized period label ("FY2022" / "AF2022"). */
  periodLabel: string;
  value: number;
  /**
   * The value as the metric's table cell prints it (compose/format.ts, with the source's
   * qualifier: "nearly 108,000"); the chart's value label and its alt text use this string.
   */
  label: string;
  /** The publisher's flag when the value may change (provisional) or is incomplete (underreported): drawn hollow, reached by a dotted segment. */
  flag?: 'provisional' | 'underreported';
}

export interface ReferenceLine {
  value: number;
  /** Localized label, e.g. "Target 2024: 100" */
  label: string;
}

interface ChartBase {
  /** Stable id, e.g. metric-overdose-deaths; used for SVG ids and caching. */
  id: string;
  locale: ChartLocale;
  title: string;
  /** Generated plain-language description (alt text), in the chart's language. */
  description: string;
  /**
   * Draw the title inside the SVG (wrapped to the chart width). Default false: documents print
   * the figure caption themselves; the title is always in the SVG's <title> for assistive tech.
   */
  showTitle?: boolean;
}

/** A chart of a metric's values: its axis ticks are written in the metric's own format. */
interface ValueChartBase extends ChartBase {
  /**
   * The metric's number format (unit style and language), the one its table and sentences use:
   * the renderer writes every axis tick with compose's formatValueAs(valueFormat, tick).
   */
  valueFormat: ValueFormat;
  /** Axis title for the value axis (the unit), localized. */
  valueTitle: string;
}

export interface TimeSeriesChart extends ValueChartBase {
  kind: 'timeseries';
  points: ChartPoint[];
  baseline?: ReferenceLine;
  target?: ReferenceLine;
  /** The key's words for flagged points (hollow marker, dotted segment), when any point is flagged. */
  flaggedLabel?: string;
  periodTitle: string;
}

export interface BarChart extends ValueChartBase {
  kind: 'bars';
  /** One bar per point; bars labelled by country and period. */
  points: ChartPoint[];
}

export interface ScorecardCell {
  /** Row label, e.g. "Action 7" / "Acción 7" or a goal title. */
  row: string;
  /** Sort key for rows. */
  order: number;
  status: RollupHeadline;
  statusLabel: string;
}

export interface ScorecardChart extends ChartBase {
  kind: 'scorecard';
  cells: ScorecardCell[];
  /** Localized labels for every status that may appear, in legend order. */
  legend: { status: ScorecardCell['status']; label: string }[];
}

export type ChartRequest = TimeSeriesChart | BarChart | ScorecardChart;
