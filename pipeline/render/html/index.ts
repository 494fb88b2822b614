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

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ReportDocument } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { isSvgMarkup, sanitizeChartSvg } from './svg.js';
import { buildPageView, HtmlRenderError, type BlockView, type InlineView, type PageView, type TableView, type TocEntry } from './view.js';

export { HTML_LABEL_KEYS, HtmlRenderError, type HtmlLabelKey } from './view.js';
export { sanitizeChartSvg } from './svg.js';

/** One partial per block kind, plus the pieces of page furniture they share. */
export const HTML_PARTIALS = [
  'blocks',
  'section',
  'paragraph',
  'inlines',
  'tiles',
  'figure',
  'table',
  'data-table',
  'list',
  'status',
  'citation',
  'toc',
] as const;

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

/** Handlebars' options for every HTML template, in render and in validate alike. */
const HTML_COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { chartSvg: true, styleSheet: true },
} as const;

/** The helpers our templates may call besides Handlebars' own (if, unless, each, with, lookup, log). */
export const HTML_HELPERS: readonly string[] = Object.keys(HTML_COMPILE_OPTIONS.knownHelpers);

const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
} as const;

/**
 * Compiles one HTML template on `hb` with the options above. hb.compile is lazy; precompiling
 * first throws Handlebars' own error now for a syntax error or an unknown helper. validate calls
 * this on every template to report those at their place; render calls it to build the page.
 */
export function compileHtmlTemplate(hb: typeof Handlebars, source: string): Handlebars.TemplateDelegate {
  hb.precompile(source, HTML_COMPILE_OPTIONS);
  return hb.compile(source, HTML_COMPILE_OPTIONS);
}

/**
 * What the templates may name in the view model (view.ts), for validate to check every name a
 * template uses before anything is rendered: a value, a list of one shape, an object's fields, or
 * one of several shapes told apart by a field (the block kinds, by `partial`). Typed against the
 * view model's types, so a field added to or removed from them must be added or removed here.
 */
export type ViewShape = 'value' | readonly [ViewShape] | ViewFields | ViewVariants;
export interface ViewFields {
  readonly [field: string]: ViewShape;
}
export class ViewVariants {
  constructor(
    /** The field whose value names the variant (and the partial that renders it). */
    readonly by: string,
    readonly variants: Readonly<Record<string, ViewFields>>,
  ) {}
}

/** The shape a value of type T must be described by (the block kinds are variants). */
type ShapeOf<T> = [T] extends [string | number | boolean | null]
  ? 'value'
  : [T] extends [readonly (infer E)[] | null]
    ? readonly [ShapeOf<E>]
    : [T] extends [BlockView]
      ? [BlockView] extends [T]
        ? ViewVariants
        : { readonly [K in keyof T]-?: ShapeOf<T[K]> }
      : { readonly [K in keyof NonNullable<T>]-?: ShapeOf<NonNullable<T>[K]> };

const V = 'value';
const INLINE: ShapeOf<InlineView> = { text: V, emphasis: V, strong: V, mark: V, href: V, badge: V, lang: V };
const INLINES = [INLINE] as const;
const TABLE: ShapeOf<TableView> = {
  id: V,
  wideRowLabels: V,
  captionId: V,
  caption: V,
  head: [{ text: V, numeric: V }],
  rows: [{ id: V, cells: [{ text: V, numeric: V, rowHeader: V, inlines: INLINES }] }],
};
// Getters: the shapes that contain themselves (a table-of-contents entry, a section) name the
// list only once it exists.
const TOC_ENTRY: ShapeOf<TocEntry> = {
  id: V,
  title: V,
  get children() {
    return TOC;
  },
};
const TOC = [TOC_ENTRY] as const;
const BLOCK_VARIANTS: { [P in BlockView['partial']]: ShapeOf<Extract<BlockView, { partial: P }>> } = {
  section: {
    partial: V,
    id: V,
    title: V,
    headingLevel: V,
    level: V,
    pageBreak: V,
    alternateHref: V,
    get children() {
      return BLOCKS;
    },
  },
  paragraph: { partial: V, inlines: INLINES, style: V },
  tiles: { partial: V, items: [{ label: V, value: V, note: V, noteInlines: INLINES }] },
  figure: { partial: V, id: V, title: V, chartId: V, table: TABLE },
  table: { partial: V, table: TABLE },
  list: { partial: V, ordered: V, items: [{ inlines: INLINES }] },
  status: { partial: V, code: V, label: V, text: V },
  citation: { partial: V, source: V, quote: V, quoteInlines: INLINES, label: V, original: { label: V, lang: V, inlines: INLINES } },
};
const BLOCKS = [new ViewVariants('partial', BLOCK_VARIANTS)] as const;

/** The page's view model (PageView), as page.hbs receives it. */
export const PAGE_VIEW_SHAPE: ShapeOf<PageView> = {
  meta: {
    lang: V,
    locale: V,
    title: V,
    shortTitle: V,
    subtitle: V,
    description: V,
    keywords: V,
    author: V,
    dateText: V,
    alternate: { lang: V, locale: V, href: V, label: V, code: V },
  },
  labels: { skipToContent: V, tableOfContents: V, dataTable: V, status: V, source: V, sectionInOtherLanguage: V },
  cover: { title: V, subtitle: V, lines: [V] },
  csp: V,
  toc: TOC,
  body: BLOCKS,
};

/** Compiles the page, its partials and the stylesheet; throws when a partial is missing. */
export function compileHtmlTemplates(sources: HtmlTemplateSources): HtmlTemplates {
  const missing = HTML_PARTIALS.filter((name) => typeof sources.partials[name] !== 'string');
  if (missing.length > 0) throw new HtmlRenderError(`missing HTML partials: ${missing.join(', ')}`);
  const css = sources.css.trim();
  if (/<\/?style/i.test(css)) throw new HtmlRenderError('the stylesheet must not contain a <style> tag');

  const hb = Handlebars.create();
  // validate has checked every template (syntax, helpers, partials, fields) against the view
  // model's shape: a template that fails here is a bug, reported with its place for the report.
  const failure = (name: string, e: unknown): HtmlRenderError => {
    if (e instanceof HtmlRenderError) return e;
    const { lineNumber, column } = e as { lineNumber?: number; column?: number };
    const message = String((e as Error)?.message ?? e).split('\n')[0]!.replace(/ - \d+:\d+$/, '');
    const place = [join(sources.dir ?? 'templates/html', name), ...(lineNumber ? [lineNumber, (column ?? 0) + 1] : [])].join(':');
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
export function renderHtml(doc: ReportDocument, charts: ReadonlyMap<string, RenderedChart>, templates: HtmlTemplates): string {
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
