// Public API of the chart renderer: typed requests in, accessible deterministic SVG out.

export type * from './types.js';
export { renderChart, compileChart, postProcessSvg, svgIdPrefix, escapeXml } from './render.js';
export type { CompiledChart, RenderOptions } from './render.js';
export { ChartCache, chartCacheKey, CHART_CODE_VERSION, directoryStore } from './cache.js';
export type { ChartCacheStore, ChartCacheOptions } from './cache.js';
export {
  chartSpec,
  timeSeriesSpec,
  barSpec,
  scorecardSpec,
  valueAxis,
  VALUE_FUNCTION,
  CHART_WIDTH,
  TIMESERIES_HEIGHT,
  BAR_STEP,
  SCORECARD_STEP,
  FONT,
} from './specs.js';
export { chartLocale } from './locale.js';
export type { ChartLocaleDefinition, NumberLocaleDefinition, TimeLocaleDefinition } from './locale.js';
export {
  OKABE_ITO,
  INK,
  COUNTRY_STYLE,
  COUNTRY_ORDER,
  STATUS_STYLE,
  STATUS_ORDER,
  contrastRatio,
  relativeLuminance,
} from './palette.js';
export type { CountryStyle, StatusStyle, ScorecardStatus } from './palette.js';
export { textWidth, wrapText, robotoDir, installTextMetrics } from './metrics.js';
