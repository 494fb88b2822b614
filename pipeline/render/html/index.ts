// HTML renderer: one self-contained, accessible page per language from the document tree.
//
// Templates are compiled once on a private Handlebars instance in strict mode with only our
// helpers known, and run without prototype access. Everything from the document is escaped by
// Handlebars; the only raw insertions are (1) the chart SVG, produced by our own chart renderer and
// cleaned defensively, and (2) our own stylesheet. Both go through helpers below, nowhere else.
//
// A mistake in a template (a syntax error, an unknown helper, partial or field) is the user's, and
// validate reports it at its place before anything is composed, compiling with the same function
// (compileHtmlTemplate) and checking names against the same view-model shape (PAGE_VIEW_SHAPE).
// A template that still fails here is a bug: an HtmlRenderError, reported as an internal error.

import { statusCss } from '../../core/status.js';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ReportDocument } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { isSvgMarkup, sanitizeChartSvg } from './svg.js';
import { compileHtmlTemplate, HTML_PARTIALS } from '../../core/html-page.js';
import { buildPageView, HtmlRenderError } from './view.js';

export { HtmlRenderError } from './view.js';
export { sanitizeChartSvg } from './svg.js';

export interface HtmlTemplateSources {
  page: string;
  /** Partial name (see HTML_PARTIALS) → template source. */
  partials: Record<string, string>;
  css: string;
  /** The folder they were read from (templates/html), to name a template in a diagnostic. */
  dir?: string;
}

export interface HtmlTemplates {
  /** The stylesheet inlined into every page. */
  readonly css: string;
  /** Content-Security-Policy of every page (the style hash is the stylesheet's). */
  readonly csp: string;
  /** @internal Runs the compiled page template on a view model. */
  readonly run: (view: object, charts: ReadonlyMap<string, string>) => string;
}

const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;

/** Compiles the page, its partials and the stylesheet; throws when a partial is missing. */
export function compileHtmlTemplates(sources: HtmlTemplateSources): HtmlTemplates {
  const missing = HTML_PARTIALS.filter((name) => typeof sources.partials[name] !== 'string');
  if (missing.length > 0) throw new HtmlRenderError(`missing HTML partials: ${missing.join(', ')}`);
  // The status colours come from the one palette of the PDF and the charts (core/status.ts).
  const css = `${sources.css.trim()}\n${statusCss()}`;
  if (/<\/?style/i.test(css)) throw new HtmlRenderError('the stylesheet must not contain a <style> tag');

  const hb = Handlebars.create();
  // validate has checked every template (syntax, helpers, partials, fields) against the view
  // model's shape: a template that fails here is a bug, reported with its place for the report.
  const failure = (name: string, e: unknown): HtmlRenderError => {
    if (e instanceof HtmlRenderError) return e;
    const { lineNumber, column } = e as { lineNumber?: number; column?: number };
    const message = String((e as Error)?.message ?? e)
      .split('\n')[0]!
      .replace(/ - \d+:\d+$/, '');
    const place = [
      join(sources.dir ?? 'templates/html', name),
      ...(lineNumber ? [lineNumber, (column ?? 0) + 1] : []),
    ].join(':');
    return new HtmlRenderError(`${place}: ${message} (validation let this template through)`);
  };
  const compile = (name: string, source: string): Handlebars.TemplateDelegate => {
    let template: Handlebars.TemplateDelegate;
    try {
      template = compileHtmlTemplate(hb, source);
    } catch (e) {
      throw failure(name, e);
    }
    return (context, options) => {
      try {
        return template(context, options);
      } catch (e) {
        // The innermost template names itself; the ones around it pass the error on.
        throw failure(name, e);
      }
    };
  };
  for (const [name, source] of Object.entries(sources.partials)) {
    hb.registerPartial(name, compile(join('partials', `${name}.hbs`), source));
  }

  // Raw insertion 1: the stylesheet, our own file from templates/html, never data.
  hb.registerHelper('styleSheet', () => new hb.SafeString(css));

  // Raw insertion 2: a chart's SVG. The markup comes from render/charts (our code, not data; its
  // text is escaped there) and was cleaned by sanitizeChartSvg before rendering started. The
  // argument is the chart id; the SVG itself is looked up in the per-render data, never in the
  // view model, so no document text can reach this helper as markup.
  hb.registerHelper('chartSvg', function (this: unknown, chartId: unknown, options: Handlebars.HelperOptions) {
    const svgs = (options.data as { charts?: ReadonlyMap<string, string> }).charts;
    const svg = typeof chartId === 'string' ? svgs?.get(chartId) : undefined;
    if (svg === undefined) throw new HtmlRenderError(`no rendered chart ${JSON.stringify(chartId)}`);
    return new hb.SafeString(svg);
  });

  const page = compile('page.hbs', sources.page);
  const csp = contentSecurityPolicy(css);
  return {
    css,
    csp,
    run: (view, charts) => page(view, { ...RUNTIME_OPTIONS, data: { charts } }),
  };
}

/**
 * Nothing may load or run; only our inline stylesheet (by hash) applies. Inline SVG needs no
 * source. `base-uri` and `form-action` do not fall back to default-src, so they are named.
 */
export function contentSecurityPolicy(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

/** Renders one language's page. Pure: same document, charts and templates give the same string. */
export function renderHtml(
  doc: ReportDocument,
  charts: ReadonlyMap<string, RenderedChart>,
  templates: HtmlTemplates,
): string {
  const view = buildPageView(doc, charts, templates.csp);
  const svgs = new Map<string, string>();
  for (const [id, chart] of charts) {
    const svg = sanitizeChartSvg(chart.svg);
    if (!isSvgMarkup(svg)) throw new HtmlRenderError(`chart "${id}" is not a single <svg> element`);
    svgs.set(id, svg);
  }
  return templates.run(view, svgs);
}

/** Reads page.hbs, style.css and partials/<name>.hbs for every name in HTML_PARTIALS from `dir`. */
export async function loadHtmlTemplateSources(
  dir: string,
  readFile: (path: string) => Promise<Buffer | string>,
): Promise<HtmlTemplateSources> {
  const text = async (path: string) => (await readFile(join(dir, path))).toString();
  const [page, css, ...partialTexts] = await Promise.all([
    text('page.hbs'),
    text('style.css'),
    ...HTML_PARTIALS.map((name) => text(join('partials', `${name}.hbs`))),
  ]);
  const partials = Object.fromEntries(HTML_PARTIALS.map((name, i) => [name, partialTexts[i]!]));
  return { page: page!, css: css!, partials };
}
