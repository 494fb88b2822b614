// The chart renderer's types. The requests themselves are compose's contract
// (pipeline/compose/charts.ts), re-exported here for the renderer's modules; what only the
// renderer produces stays here.

export type {
  BarChart,
  ChartLocale,
  ChartPoint,
  ChartRequest,
  ReferenceLine,
  ScorecardCell,
  ScorecardChart,
  TimeSeriesChart,
  ValueFormat,
  ValueStyle,
} from '../../compose/charts.js';

export interface RenderedChart {
  id: string;
  /** Standalone <svg> markup with role="img", <title>, <desc>, unique ids per chart. */
  svg: string;
  width: number;
  height: number;
}
