// ChartRequest → standalone, accessible, deterministic SVG.
//
//   chartSpec (vega-lite, built in code) → vega-lite compile → vega parse
//   → new View(runtime, { renderer: 'none', locale }) → toSVG() → post-process
//
// No node-canvas: text is measured with Roboto's real metrics (metrics.ts). The locale is given
// to each View, never set globally, so en-US and es-MX renders cannot leak into each other.

import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { ChartRequest, RenderedChart } from './types.js';
import { chartSpec } from './specs.js';
import { chartLocale, type ChartLocaleDefinition } from './locale.js';
import { installTextMetrics } from './metrics.js';

export interface CompiledChart {
  /** The vega spec compiled from the vega-lite spec. */
  vega: unknown;
  /** Warnings from vega-lite's compiler (empty for a healthy spec). */
  warnings: string[];
}

interface Logger {
  level(): number;
  level(_: number): Logger;
  error(...args: unknown[]): Logger;
  warn(...args: unknown[]): Logger;
  info(...args: unknown[]): Logger;
  debug(...args: unknown[]): Logger;
}

/** A logger that collects warnings and errors instead of printing them. */
function collectingLogger(sink: string[]): Logger {
  let lvl = 2;
  const logger: Logger = {
    level(...args: number[]): never {
      if (args.length) {
        lvl = args[0];
        return logger as never;
      }
      return lvl as never;
    },
    error: (...args) => (sink.push(`error: ${args.map(String).join(' ')}`), logger),
    warn: (...args) => (sink.push(`warn: ${args.map(String).join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Compile a request's vega-lite spec to vega, collecting compiler warnings. */
export function compileChart(req: ChartRequest): CompiledChart {
  const shaped = shapeOf(chartSpec(req) as unknown as Record<string, unknown>);
  const vega = fill(shaped.entry.vega, shaped);
  return vega === undefined ? plainCompile(shaped.spec) : { vega, warnings: [...shaped.entry.warnings] };
}

/** The vega runtime (what vega's parse() returns) of a request, for a View. */
function chartRuntime(req: ChartRequest): unknown {
  const shaped = shapeOf(chartSpec(req) as unknown as Record<string, unknown>);
  shaped.entry.runtime ??= JSON.stringify(parse(JSON.parse(shaped.entry.vega) as never));
  return fill(shaped.entry.runtime, shaped) ?? parse(plainCompile(shaped.spec).vega as never);
}

function plainCompile(spec: Record<string, unknown>): CompiledChart {
  const warnings: string[] = [];
  return { vega: compile(spec as never, { logger: collectingLogger(warnings) as never }).spec, warnings };
}

// --- compiling and parsing each shape once ----------------------------------------------------
//
// Neither vega-lite's compiler nor vega's parser looks at inline data values or at the
// description: they copy them into their output (vega-parser hands values to the dataflow as
// `$ingest`, untouched). Charts of one kind and unit differ only in those — a report with 1,000
// metrics has 2,000 time series in a few dozen shapes — and compiling and parsing are about half
// of a chart's render time. So a spec is compiled and parsed with its values and description
// replaced by markers, the results are kept by that shape (as JSON text, so each use gets fresh
// objects), and the real values are put back where the markers landed. Identical value arrays
// share a marker, so vega-lite merges data sources exactly as it would for the real data;
// anything unexpected (a marker copied twice or lost) falls back to a plain compile and parse.
// test/render/parallel.test.ts checks the SVGs byte for byte against plain renders.

const VALUES_MARKER = '__hlsdValues';
const DESCRIPTION_MARKER = '__hlsd_description__';

interface ShapeEntry {
  /** The compiled vega spec, with markers. */
  vega: string;
  /** vega's parse() of it, with markers; made on first render. */
  runtime?: string;
  warnings: string[];
}

const shapes = new Map<string, ShapeEntry>();
/** Plenty for a report's chart shapes; bounds memory if a caller renders endless variety. */
const MAX_SHAPES = 2_000;

interface Shaped {
  spec: Record<string, unknown>;
  entry: ShapeEntry;
  /** JSON text of each distinct values array, by marker number. */
  values: string[];
  description: unknown;
}

function shapeOf(spec: Record<string, unknown>): Shaped {
  const values: string[] = [];
  const shape = JSON.stringify(spec, function (this: unknown, key, value: unknown) {
    if (key === 'description' && this === spec) return DESCRIPTION_MARKER;
    if (key === 'values' && Array.isArray(value)) {
      const text = JSON.stringify(value);
      let index = values.indexOf(text);
      if (index < 0) index = values.push(text) - 1;
      return [{ [VALUES_MARKER]: index }];
    }
    return value;
  });
  let entry = shapes.get(shape);
  if (!entry) {
    const warnings: string[] = [];
    const { spec: vega } = compile(JSON.parse(shape) as never, { logger: collectingLogger(warnings) as never });
    entry = { vega: JSON.stringify(vega), warnings };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(shape, entry);
  }
  return { spec, entry, values, description: spec.description };
}

const MARKERS = new RegExp(`\\[\\{"${VALUES_MARKER}":(\\d+)\\}\\]|"${DESCRIPTION_MARKER}"`, 'g');

/**
 * The JSON text with the real values and description spliced in for the markers (as text, then
 * one plain JSON.parse: a reviver is several times slower), or undefined if the values did not
 * land exactly once each.
 */
function fill(json: string, { values, description }: Shaped): unknown {
  const used = new Array<number>(values.length).fill(0);
  const text = json.replace(MARKERS, (marker, index?: string) => {
    if (index === undefined) return JSON.stringify(description) ?? 'null';
    used[Number(index)]++;
    return values[Number(index)];
  });
  return used.every((n) => n === 1) ? JSON.parse(text) : undefined;
}

export interface RenderOptions {
  /**
   * Number/time locale definitions for this View instead of the request's locale (tests, or a
   * future language). Applied to this View only. The chart's own numbers never go through it:
   * value labels and ticks are written by compose's formatter (specs.ts, valueAxis).
   */
  localeDefinition?: ChartLocaleDefinition;
}

/** Render a chart request to an SVG string (width = CHART_WIDTH). */
export async function renderChart(req: ChartRequest, options: RenderOptions = {}): Promise<RenderedChart> {
  installTextMetrics();
  const locale = options.localeDefinition ?? chartLocale(req.locale);
  const viewWarnings: string[] = [];
  const view = new View(chartRuntime(req) as never, {
    renderer: 'none',
    // View.js builds its own formatters from {number, time} definitions (vega-typings says
    // LocaleFormatters, but the constructor passes these through vega-format's locale()).
    locale: locale as never,
    logger: collectingLogger(viewWarnings) as never,
  });
  try {
    const raw = await view.toSVG();
    const errors = viewWarnings.filter((w) => w.startsWith('error'));
    if (errors.length) throw new Error(`chart ${req.id}: ${errors.join('; ')}`);
    return postProcessSvg(raw, req);
  } finally {
    view.finalize();
  }
}

// --- SVG post-processing ------------------------------------------------------------------------

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** A safe id stem from a chart id and locale, e.g. "metric-overdose-deaths-en". */
export function svgIdPrefix(req: Pick<ChartRequest, 'id' | 'locale'>): string {
  let stem = req.id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[A-Za-z]/.test(stem)) stem = `chart-${stem}`;
  return `${stem}-${req.locale.slice(0, 2).toLowerCase()}`;
}

/**
 * Make vega's SVG standalone, accessible and deterministic:
 * - no XML prolog / doctype; root gets role="img" and aria-labelledby → <title>, <desc>
 *   (the first two children, text escaped); vega's own aria attributes on the root are dropped;
 * - every id vega generated (clip paths, gradients: process-wide counters) is renamed to
 *   `<prefix>-d<n>` in order of first appearance, with all `url(#…)` and `href="#…"` references,
 *   so inline SVGs in one page never share ids and two renders are byte-identical;
 * - ARIA attributes inside the chart are removed (children of role="img" are presentational);
 * - coordinates in attributes are rounded to 2 decimals (text content is left alone);
 * - no external references: <image>, <a>, <foreignObject>, <script>, <style> and any href that is
 *   not a fragment are removed (our specs never produce them; this is a guard).
 */
export function postProcessSvg(
  raw: string,
  req: Pick<ChartRequest, 'id' | 'locale' | 'title' | 'description'>,
): RenderedChart {
  let svg = raw
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/gi, '')
    .trim();
  const open = /^<svg\b([^>]*)>/.exec(svg);
  if (!open) throw new Error(`chart ${req.id}: renderer did not return an <svg> element`);
  const attrs = open[1];
  const num = (name: string): number => {
    const m = new RegExp(`\\s${name}="([0-9.]+)"`).exec(attrs);
    if (!m) throw new Error(`chart ${req.id}: <svg> has no ${name}`);
    return Number(m[1]);
  };
  // Whole points: vega's layout can end on fractions (142.8); extend the canvas, never scale it.
  const width = Math.ceil(num('width') - 1e-6);
  const height = Math.ceil(num('height') - 1e-6);
  const origin = /\sviewBox="(-?[0-9.]+) (-?[0-9.]+) /.exec(attrs);
  const viewBox = `${origin ? `${origin[1]} ${origin[2]}` : '0 0'} ${width} ${height}`;
  let body = svg.slice(open[0].length).replace(/<\/svg>\s*$/, '');

  // Guard: strip anything that could reference or execute external content.
  body = body
    .replace(/<(image|foreignObject|script|style)\b[\s\S]*?(?:\/>|<\/\1>)/gi, '')
    .replace(/<a\b[^>]*>/gi, '<g>')
    .replace(/<\/a>/gi, '</g>')
    .replace(/\s(?:xlink:)?href="(?!#)[^"]*"/gi, '')
    // Inner ARIA (vega's English "Title text '…'", container roles) is dropped: the root is one
    // role="img" whose name and description are the <title> and <desc> in the chart's language.
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '')
    // Coordinates to 2 decimals (vega writes 67.06738312108327); only inside tags, never in text.
    .replace(/<[^>]+>/g, (tag) => tag.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100)));

  const prefix = svgIdPrefix(req);
  const ids = new Map<string, string>();
  body = body.replace(/\sid="([^"]*)"/g, (_m, id: string) => {
    let next = ids.get(id);
    if (!next) {
      next = `${prefix}-d${ids.size + 1}`;
      ids.set(id, next);
    }
    return ` id="${next}"`;
  });
  const ref = (id: string): string => ids.get(id) ?? id;
  body = body
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${ref(id)})`)
    .replace(/(\s(?:xlink:)?href=)"#([^"]*)"/g, (_m, a: string, id: string) => `${a}"#${ref(id)}"`);

  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  svg =
    `<svg xmlns="http://www.w3.org/2000/svg"${body.includes('xlink:') ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : ''} class="chart chart-${escapeXml(prefix)}" width="${width}" height="${height}" viewBox="${viewBox}"` +
    ` role="img" aria-labelledby="${titleId} ${descId}">` +
    `<title id="${titleId}">${escapeXml(req.title)}</title>` +
    `<desc id="${descId}">${escapeXml(req.description)}</desc>` +
    body +
    `</svg>`;
  return { id: req.id, svg, width, height };
}
