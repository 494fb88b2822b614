// The HTML page's contract, shared by validate (which checks every template before anything is
// written) and render (which fills them): the partials there are, how a template is compiled,
// and the view model a template may name (PageView), described as a value (PAGE_VIEW_SHAPE) that
// validate walks. Typed against the view model, so the two cannot drift apart.

import type Handlebars from 'handlebars';

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

/** Labels (from `meta.labels`) the HTML page furniture needs, in the document language. */
export const HTML_LABEL_KEYS = [
  /** "Skip to content" */
  'skipToContent',
  /** Heading and landmark name of the table of contents: "Contents" / "Índice". */
  'tableOfContents',
  /** Summary of the collapsible data table under a chart: "Data table" / "Tabla de datos". */
  'dataTable',
  /** Prefix of a status badge: "Status" / "Estado". */
  'status',
  /** Prefix of a citation's source: "Source" / "Fuente". */
  'source',
  /** Hidden text of the per-section language link: "This section in Spanish" / "Esta sección en inglés". */
  'sectionInOtherLanguage',
] as const;

export type HtmlLabelKey = (typeof HTML_LABEL_KEYS)[number];

export interface InlineView {
  text: string;
  emphasis: boolean;
  strong: boolean;
  /** Highlighted span, e.g. the value inside a quoted sentence. */
  mark: boolean;
  /** Same-document fragment (`#id`), already checked; null when the inline is not a link. */
  href: string | null;
  /** Status badge class suffix (`substantial-progress`), already checked; null for plain text. */
  badge: string | null;
  /** Language of the span (BCP 47) when it is not the page's; null otherwise. */
  lang: string | null;
}

export interface TableView {
  id: string;
  /** The row labels are the table's main text (its widest column, e.g. a milestone): on a phone
   * they keep a readable width instead of one word a line. */
  wideRowLabels: boolean;
  captionId: string;
  caption: string;
  head: { text: string; numeric: boolean }[];
  rows: {
    id: string | null;
    cells: {
      text: string;
      numeric: boolean;
      rowHeader: boolean;
      inlines: InlineView[] | null;
      /** The cell's column heading: a stacked row on a phone labels each cell with it. */ label: string;
    }[];
  }[];
}

export type BlockView =
  | {
      partial: 'section';
      id: string;
      title: string;
      headingLevel: 2 | 3 | 4 | 5;
      level: 1 | 2 | 3 | 4;
      pageBreak: boolean;
      /** The same chapter in the other language: chapters (level 1) only, one switch per chapter. */
      alternateHref: string | null;
      children: BlockView[];
    }
  | { partial: 'paragraph'; inlines: InlineView[]; style: string | null }
  | {
      partial: 'tiles';
      items: { label: string; value: string; note: string | null; noteInlines: InlineView[] | null }[];
    }
  | { partial: 'figure'; id: string; title: string; chartId: string; table: TableView }
  | { partial: 'table'; table: TableView }
  | { partial: 'list'; ordered: boolean; items: { inlines: InlineView[] }[] }
  | { partial: 'status'; code: string; label: string; text: string | null }
  | {
      partial: 'citation';
      source: string;
      quote: string | null;
      quoteInlines: InlineView[] | null;
      /** What the quote is ("Quoted sentence", "… (unofficial translation)"); null when unsaid. */
      label: string | null;
      /** A translated quote's original, in its own language. */
      original: { label: string; lang: string; inlines: InlineView[] } | null;
    };

export interface TocEntry {
  id: string;
  title: string;
  children: TocEntry[];
}

export interface PageView {
  meta: {
    lang: string;
    locale: string;
    title: string;
    shortTitle: string;
    subtitle: string;
    description: string;
    keywords: string;
    author: string;
    dateText: string;
    alternate: { lang: string; locale: string; href: string; label: string; code: string };
  };
  labels: Record<HtmlLabelKey, string>;
  cover: { title: string; subtitle: string; lines: string[] };
  csp: string;
  toc: TocEntry[];
  body: BlockView[];
}

/** Handlebars' options for every HTML template, in render and in validate alike. */
const HTML_COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { chartSvg: true, styleSheet: true },
} as const;

/** The helpers our templates may call besides Handlebars' own (if, unless, each, with, lookup, log). */
export const HTML_HELPERS: readonly string[] = Object.keys(HTML_COMPILE_OPTIONS.knownHelpers);

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
  rows: [{ id: V, cells: [{ text: V, numeric: V, rowHeader: V, inlines: INLINES, label: V }] }],
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
  citation: {
    partial: V,
    source: V,
    quote: V,
    quoteInlines: INLINES,
    label: V,
    original: { label: V, lang: V, inlines: INLINES },
  },
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
