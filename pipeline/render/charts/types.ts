// Chart requests: typed, already-localized data that compose hands to the chart renderer.
// Specs are built in code from these; nothing from data is ever interpreted as a spec.

import type { Country } from '../../core/types.js';
import type { RollupHeadline, StatusCode } from '../../assess/types.js';

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
  /** d3-format specifier for values, e.g. ",.0f" or ".1%". */
  valueFormat: string;
  /** Axis title for the value axis (the unit), localized. */
  valueTitle: string;
  /**
   * Draw the title inside the SVG (wrapped to the chart width). Default false: documents print
   * the figure caption themselves; the title is always in the SVG's <title> for assistive tech.
   */
  showTitle?: boolean;
}

export interface TimeSeriesChart extends ChartBase {
  kind: 'timeseries';
  points: ChartPoint[];
  baseline?: ReferenceLine;
  target?: ReferenceLine;
  periodTitle: string;
}

export interface BarChart extends ChartBase {
  kind: 'bars';
  /** One bar per point; bars labelled by country and period. */
  points: ChartPoint[];
}

export interface BulletItem {
  label: string;
  latest: number;
  target: number;
  status: StatusCode;
  statusLabel: string;
}

export interface BulletChart extends ChartBase {
  kind: 'bullet';
  items: BulletItem[];
  /** Localized legend text for the target marker, e.g. "Target" / "Meta". No legend when absent. */
  targetLabel?: string;
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

export type ChartRequest = TimeSeriesChart | BarChart | BulletChart | ScorecardChart;

export interface RenderedChart {
  id: string;
  /** Standalone <svg> markup with role="img", <title>, <desc>, unique ids per chart. */
  svg: string;
  width: number;
  height: number;
}
