// The document tree: both renderers (PDF and HTML) walk this, so they cannot disagree.
// All wording and number formatting is decided in compose; renderers only lay it out.

import type { Lang } from '../core/types.js';
import type { RollupHeadline, StatusCode } from '../assess/types.js';
import type { ChartRequest } from './charts.js';

export interface Inline {
  text: string;
  emphasis?: boolean;
  strong?: boolean;
  /** Internal links only: `#id` of a section, figure or table row; never produced from data. */
  link?: string;
  /**
   * An external link: the https address of a registered source (data/sources.csv `url`). The
   * inline's text says where it leads (the source's title): the PDF's link annotation and Link
   * element are described by it, the HTML's <a href> shows it.
   */
  href?: string;
  /** Reference to a provenance note / annex entry id. */
  ref?: string;
  /** Highlighted span, e.g. the value inside a quoted sentence (HTML <mark>). */
  mark?: boolean;
  /** A status label drawn as a badge in the status's colour (the label is the second cue). */
  status?: RollupHeadline;
  /** BCP 47 language of the span when it is not the document's (an original quotation). */
  lang?: string;
}

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
  /** Per column: right-align numbers. */
  numeric: boolean[];
  /** Relative column widths (optional). */
  widths?: number[];
  /** Anchor id per row (optional), so text elsewhere can link to one row (e.g. an annex entry). */
  rowIds?: (string | undefined)[];
  /** Set a size smaller in print (a table that must fit one page, such as the overview). */
  dense?: boolean;
  /** Optional inline version of cells (same text as `rows`), for marks and links inside a cell. */
  richRows?: (Inline[] | undefined)[][];
}

/** A figure: the chart request (rendered to SVG by render/charts) plus its data table. */
export interface Figure {
  id: string;
  chart: ChartRequest;
  /** Generated description in the document language (same as chart.description). */
  alt: string;
  title: string;
  table: Table;
}

export type Block =
  | {
      kind: 'section';
      id: string;
      level: 1 | 2 | 3 | 4;
      title: string;
      children: Block[];
      pageBreak?: boolean;
      /** Short title for the outline and the TOC. */ tocTitle?: string;
    }
  | { kind: 'paragraph'; inlines: Inline[]; style?: 'lead' | 'note' | 'quote' }
  | {
      kind: 'tiles';
      items: {
        label: string;
        value: string;
        note?: string;
        /** Inline version of `note` (same text), e.g. with a link to `ref`. */ noteInlines?: Inline[];
        /** Id of the figure's source entry (annex). */ ref?: string;
      }[];
    }
  | { kind: 'figure'; figure: Figure }
  | { kind: 'table'; table: Table }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'status'; code: RollupHeadline; label: string; text?: string }
  | {
      kind: 'citation';
      source: string;
      /** The quoted sentence in the document's language (the original, or its translation). */
      quote?: string;
      /** Says what the quote is: the original text, or an unofficial translation. */
      label?: string;
      /** Inline version of `quote` (same text) with the cited values marked. */
      quoteInlines?: Inline[];
      /** When `quote` is a translation: the original sentence, its label and its language (BCP 47). */
      original?: { label: string; text: string; lang: string; inlines: Inline[] };
    };

export interface DocumentMeta {
  lang: Lang;
  /** BCP 47 tag, en-US / es-MX. */
  locale: string;
  title: string;
  shortTitle: string;
  subtitle: string;
  author: string;
  subject: string;
  keywords: string[];
  year: number;
  revision: number;
  /** ISO date of the data revision. */
  date: string;
  dateText: string;
  /** Strings for page furniture, already translated. */
  labels: Record<string, string>;
  /** Other language's file name for the language switch. */
  alternate: { lang: Lang; locale: string; href: string; label: string };
}

export interface ReportDocument {
  meta: DocumentMeta;
  cover: { title: string; subtitle: string; lines: string[] };
  body: Block[];
}
