// Document tree → pdfmake document definition (pure). Each block kind maps to one builder here,
// which also marks the nodes it makes with their PDF structure role (structure.ts), so that the
// tagging layer (tagging.ts) can write a tagged PDF.

import type { Paper } from '../../options.js';
import type { Block, Figure, Inline, ReportDocument, Table } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { INK, STATUS_STYLE } from '../charts/palette.js';
import { artifact, headingRole, LINK_TEXT_KEY, mark, StructTree, type StructNode } from './structure.js';

export interface PdfOptions {
  paper: Paper;
  draft: boolean;
}

// pdfmake's types are loose; we keep our own minimal shape and pass it through.
export type Content = Record<string, unknown> | string | Content[];

export const PAGE_MARGINS = { left: 72, right: 72, top: 72, bottom: 64 } as const;
const PAGE_WIDTH: Record<Paper, number> = { letter: 612, a4: 595.28 };
const PAGE_HEIGHT: Record<Paper, number> = { letter: 792, a4: 841.89 };

export function textWidth(paper: Paper): number {
  return PAGE_WIDTH[paper] - PAGE_MARGINS.left - PAGE_MARGINS.right;
}

export function textHeight(paper: Paper): number {
  return PAGE_HEIGHT[paper] - PAGE_MARGINS.top - PAGE_MARGINS.bottom;
}

/** Records on which page each level-1 section starts, so the running header can name the chapter. */
/**
 * The chapter each page belongs to, for the running header. pdfmake writes headers after laying
 * out the content, and by then every chapter heading's node (the object given to pdfmake, which
 * it lays out in place) carries its positions, so the header asks the nodes for their pages.
 */
export class ChapterTracker {
  private readonly headings: { node: { positions?: { pageNumber: number }[] }; title: string }[] = [];
  add(node: object, title: string): void {
    this.headings.push({ node, title });
  }
  at(page: number): string {
    let title = '';
    let start = 0;
    for (const h of this.headings) {
      const first = h.node.positions?.[0]?.pageNumber;
      if (first !== undefined && first <= page && first >= start) [title, start] = [h.title, first];
    }
    return title;
  }
}

export function pdfDefinition(
  doc: ReportDocument,
  charts: ReadonlyMap<string, RenderedChart>,
  options: PdfOptions,
  chapters: ChapterTracker,
): Record<string, unknown> {
  const { meta } = doc;
  const width = textWidth(options.paper);
  const tree = new StructTree();
  const walker = new Walker(charts, width, textHeight(options.paper), tree, meta.locale, chapters);
  return {
    pageSize: options.paper === 'a4' ? 'A4' : 'LETTER',
    pageMargins: [PAGE_MARGINS.left, PAGE_MARGINS.top, PAGE_MARGINS.right, PAGE_MARGINS.bottom],
    language: meta.locale,
    displayTitle: true,
    // PDF/UA: a structure tree (tagging.ts), the pdfuaid entry in the XMP metadata, which pdfkit
    // writes only from PDF 1.4 on (pdfmake's default is 1.3).
    tagged: true,
    subset: 'PDF/UA',
    version: '1.7',
    info: {
      title: meta.title,
      author: meta.author,
      subject: meta.subject,
      keywords: meta.keywords.join(', '),
      creator: 'hlsd-report',
      producer: 'hlsd-report (pdfmake)',
      creationDate: new Date(`${meta.date}T00:00:00Z`),
      modDate: new Date(`${meta.date}T00:00:00Z`),
    },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25, color: INK.text },
    styles: STYLES,
    ...(options.draft ? { watermark: { text: meta.labels.draft ?? 'DRAFT', opacity: 0.08, bold: true } } : {}),
    header: (page: number) =>
      page <= 2
        ? null
        : mark(
            {
              columns: [
                { text: meta.shortTitle, style: 'running' },
                { text: chapters.at(page), style: 'running', alignment: 'right' },
              ],
              margin: [PAGE_MARGINS.left, 32, PAGE_MARGINS.right, 0],
            },
            artifact('Pagination'),
          ),
    footer: (page: number, pages: number) =>
      page === 1
        ? null
        : mark(
            {
              text: (meta.labels.page ?? '').replace('{page}', String(page)).replace('{pages}', String(pages)),
              style: 'running',
              alignment: 'center',
              margin: [0, 24, 0, 0],
            },
            artifact('Pagination'),
          ),
    content: [cover(doc, tree), tableOfContents(doc, tree, chapters), ...walker.blocks(doc.body, tree.root)],
    pageBreakBefore,
  };
}

function cover(doc: ReportDocument, tree: StructTree): Content {
  // The cover's title is the document's title (metadata, DisplayDocTitle) and its first heading,
  // H1, as the page's h1 in the HTML; the chapters that follow are H1 too (levels 1–4 of the
  // document tree map to H1–H4).
  const div = tree.add(tree.root, 'Div');
  const p = () => tree.add(div, 'P');
  return {
    stack: [
      mark(
        {
          text: doc.cover.title,
          style: 'coverTitle',
          ...(doc.cover.title ? { outline: true, outlineText: doc.cover.title } : {}),
        },
        tree.add(div, 'H1'),
      ),
      mark({ text: doc.cover.subtitle, style: 'coverSubtitle' }, p()),
      mark(
        { canvas: [{ type: 'rect', x: 0, y: 0, w: 120, h: 4, color: '#0072B2' }], margin: [0, 18, 0, 18] },
        artifact('Layout'),
      ),
      ...doc.cover.lines.map((line) => mark({ text: line, style: 'coverLine' }, p())),
    ],
    margin: [0, 150, 0, 0],
    pageBreak: 'after',
  };
}

function tableOfContents(doc: ReportDocument, tree: StructTree, chapters: ChapterTracker): Content {
  const title = doc.meta.labels.contents ?? '';
  // A heading (H1, with its bookmark) before the TOC element, whose entries tagging.ts adds as
  // pdfmake builds the rows.
  // (pdfmake cannot bookmark a line it does not draw: no outline entry for an empty title.)
  const heading = mark(
    { text: title, style: 'h1', ...(title ? { outline: true, outlineText: title } : {}) },
    tree.add(tree.root, 'H1'),
  );
  chapters.add(heading, title);
  return mark(
    {
      // The summary chapter starts with its own page break.
      toc: { title: heading, numberStyle: { bold: false }, textMargin: [0, 2, 0, 2] },
    },
    tree.add(tree.root, 'TOC'),
  );
}

/** Where a block goes: its parent in the structure tree and, for headings, in the outline. */
interface Place {
  struct: StructNode;
  /** Id of the enclosing section, the parent of this block's bookmark. */
  outlineParent?: string;
}

class Walker {
  constructor(
    private readonly charts: ReadonlyMap<string, RenderedChart>,
    private readonly width: number,
    private readonly height: number,
    private readonly tree: StructTree,
    private readonly locale: string,
    private readonly chapters: ChapterTracker,
  ) {}

  blocks(blocks: readonly Block[], struct: StructNode, outlineParent?: string): Content[] {
    const at: Place = { struct, ...(outlineParent ? { outlineParent } : {}) };
    const out: Content[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      const next = blocks[i + 1];
      // A figure's or a card's caveat and source lines stay with it: under the chart (before its
      // data table), or with the cards, in one unbreakable block, so no page opens on them.
      const trailing =
        b.kind === 'figure' || (b.kind === 'tiles' && b.items.length <= 6) ? trailers(blocks, i + 1) : [];
      if (b.kind === 'figure' && trailing.length > 0) {
        const [chart, data] = this.figureParts(b.figure, at.struct, undefined, () =>
          trailing.map((t) => this.block(t, at)),
        );
        out.push({ stack: [chart, data], margin: [0, 4, 0, 8] });
        i += trailing.length;
        continue;
      }
      if (b.kind === 'tiles' && trailing.length > 0) {
        out.push({ stack: [this.block(b, at), ...trailing.map((t) => this.block(t, at))], unbreakable: true });
        i += trailing.length;
        continue;
      }
      // A line that introduces what follows ("Metrics linked to this action:") stays with it, and
      // a metric's cards with the sentence they quote.
      if (
        (introduces(b) && next && keepable(next) && next.kind !== 'table') ||
        (b.kind === 'tiles' && b.items.length <= 6 && next?.kind === 'citation' && next.quote)
      ) {
        out.push({ stack: [this.block(b, at), this.block(next, at)], unbreakable: true });
        i++;
      } else if (introduces(b) && next) {
        // A line introducing a table (pdfmake does not keep a table inside an unbreakable block) or a
        // long list cannot share a block with it: like a lone heading, it moves to the next page when
        // too little room is left for the start of what it introduces.
        out.push(Object.assign(this.block(b, at) as object, { headlineLevel: INTRO }));
      } else out.push(this.block(b, at));
    }
    return out;
  }

  block(block: Block, at: Place): Content {
    const tree = this.tree;
    switch (block.kind) {
      case 'section':
        return this.section(block, at);
      case 'paragraph':
        if (block.inlines.some((i) => i.lang))
          return {
            stack: langParagraphs(block.inlines, tree.add(at.struct, 'Div'), tree, {}),
            style: block.style ?? 'body',
          };
        return mark(
          { text: inlines(block.inlines), style: block.style ?? 'body' },
          tree.add(at.struct, block.style === 'quote' ? 'BlockQuote' : 'P'),
        );
      case 'tiles':
        return tiles(block.items, this.width, tree.add(at.struct, 'L'), tree);
      case 'figure':
        return this.figure(block.figure, at.struct);
      case 'table':
        return table(block.table, this.width, at.struct, tree);
      case 'list':
        return list(block, at.struct, tree);
      case 'status':
        return mark(status(block.code, block.label, block.text), tree.add(at.struct, 'P'));
      case 'citation':
        return citation(block, at.struct, tree);
    }
  }

  /** A heading stays with what follows it: heading + first child in one unbreakable stack. */
  private section(block: Extract<Block, { kind: 'section' }>, at: Place): Content {
    const sect = this.tree.add(at.struct, 'Sect');
    // Every heading has a bookmark, nested as the headings are, so the outline and the structure
    // tree's H1–H4 tell the same story.
    const heading = mark(
      {
        // As an array whose one piece carries the title as link text: the table of contents copies
        // this text into its entry, whose link annotations are then described by the whole title.
        text: [{ text: block.title, [LINK_TEXT_KEY]: block.tocTitle ?? block.title }],
        style: `h${block.level}`,
        id: block.id,
        ...(block.level <= 2
          ? {
              tocItem: true,
              tocStyle: block.level === 1 ? 'tocH1' : 'tocH2',
              tocMargin: block.level === 1 ? [0, 6, 0, 0] : [14, 1, 0, 0],
            }
          : {}),
        ...(block.title ? { outline: true, outlineText: block.tocTitle ?? block.title } : {}),
        ...(at.outlineParent ? { outlineParentId: at.outlineParent } : {}),
      },
      this.tree.add(sect, headingRole(block.level)),
    );
    if (block.level === 1) this.chapters.add(heading, block.tocTitle ?? block.title);
    const inner: Place = { struct: sect, outlineParent: block.id };
    // Keep the heading with the short blocks that open the section and, if one follows, the chart
    // of the first figure, so no heading is stranded at the bottom of a page.
    const kept: Content[] = [heading];
    let i = 0;
    const children = block.children;
    while (i < children.length && i < 3 && isShort(children[i]!)) kept.push(this.block(children[i++]!, inner));
    // An introducing line among them keeps what it introduces too.
    if (i > 0 && introduces(children[i - 1]!) && children[i] && keepable(children[i]!))
      kept.push(this.block(children[i++]!, inner));
    const next = children[i];
    const tail: Content[] = [];
    // A chart joins the heading's block only when nothing is drawn under it: a chart with its caveat
    // and source lines is a block of its own (blocks() below), which may start on the next page
    // after the heading and its opening lines, rather than leave most of this page empty.
    const bare = next?.kind === 'figure' && (trailers(children, i + 1).length === 0 || kept.length === 1);
    const fit =
      next?.kind === 'figure' && bare
        ? this.chartWidthWithHeading(next.figure, block.level, [...children.slice(0, i), ...trailers(children, i + 1)])
        : undefined;
    if (next?.kind === 'figure' && fit !== undefined) {
      const trailing = trailers(children, i + 1);
      const [chart, data] = this.figureParts(next.figure, sect, fit, () => trailing.map((t) => this.block(t, inner)));
      kept.push(chart);
      tail.push(data);
      i += 1 + trailing.length;
    } else if (next && next.kind !== 'section' && !isLong(next) && kept.length === 1) {
      kept.push(this.block(next, inner));
      i++;
    }
    tail.push(...this.blocks(children.slice(i), sect, block.id));
    // A heading alone is not wrapped, so that the page-break check (pageBreakBefore below) can move
    // it to the next page when nothing follows it on its own.
    return {
      stack: [
        kept.length === 1
          ? Object.assign(heading, { headlineLevel: block.level })
          : {
              stack: kept,
              unbreakable: true,
              // Ending on a line that introduces a long block (a table it cannot share a block with):
              // like a lone heading, it needs room below it for the start of what it introduces.
              ...(introduces(children[i - 1]!) && children[i] ? { headlineLevel: INTRO } : {}),
            },
        ...tail,
      ],
      // A chapter starts a new page unless the page holds only the end of the one before (see
      // pageBreakBefore): then it starts under it, so that end is not left on a near-empty page.
      ...(block.pageBreak ? { headlineLevel: CHAPTER } : {}),
    };
  }

  /**
   * The width at which a figure's chart joins its heading's unbreakable block, or undefined when it
   * cannot. pdfmake drops what does not fit on one page of an unbreakable block, so the heading,
   * the short blocks kept with it (estimated generously), the chart and its caption must fit with
   * room to spare; a chart up to 15 % too tall is drawn that much smaller rather than leaving its
   * heading at the foot of the page before it. A taller one starts on its own.
   */
  private chartWidthWithHeading(figure: Figure, level: number, opening: readonly Block[]): number | undefined {
    const chart = this.charts.get(figure.chart.id);
    if (!chart) return this.width;
    const width = Math.min(this.width, chart.width);
    const height = chart.height * (width / chart.width);
    if (height <= 0.6 * this.height) return width;
    const above = HEADING_HEIGHT[level]! + opening.reduce((sum, b) => sum + estimatedHeight(b, this.width), 0);
    const room = this.height - above - textBlockHeight(figure.title, this.width, 9) - 8 - KEEP_SPARE;
    if (height <= room) return width;
    return height * 0.85 <= room ? width * (room / height) : undefined;
  }

  private figure(figure: Figure, parent: StructNode): Content {
    const [chart, data] = this.figureParts(figure, parent);
    return { stack: [chart, data], margin: [0, 4, 0, 8] };
  }

  /**
   * The chart with its caption (never split), and its data table. The chart is a Figure whose
   * alternate text is the generated description; without a chart, that description is printed.
   */
  private figureParts(
    figure: Figure,
    parent: StructNode,
    width?: number,
    after: () => Content[] = () => [],
  ): [Content, Content] {
    const tree = this.tree;
    const chart = this.charts.get(figure.chart.id);
    const svg = chart
      ? mark(
          {
            svg: chart.svg,
            width: width ?? Math.min(this.width, chart.width),
            alignment: 'center',
            margin: [0, 4, 0, 4],
          },
          tree.add(parent, 'Figure', { alt: figure.alt, lang: this.locale }),
        )
      : mark({ text: figure.alt, style: 'note' }, tree.add(parent, 'P'));
    const caption = mark({ text: figure.title, style: 'caption' }, tree.add(parent, 'P'));
    // What is drawn under the caption (`after`: the caveat and source lines) is built here, between
    // the caption and the data table, so the structure tree reads chart, caption, caveat, source,
    // data table, as the page does.
    const under = after();
    return [{ stack: [svg, caption, ...under], unbreakable: true }, table(figure.table, this.width, parent, tree)];
  }
}

/** Heights of headings by level, with their margins (STYLES below; line height 1.25). */
const HEADING_HEIGHT: Record<number, number> = {
  1: 20 * 1.25 + 10,
  2: 14 * 1.25 + 18,
  3: 11.5 * 1.25 + 14,
  4: 10.5 * 1.25 + 11,
};
/** Room left free on a page when a heading is kept with a tall chart: estimates are estimates. */
const KEEP_SPARE = 24;

/** A generous estimate of a short block's height: Roboto averages ~0.5 em per character. */
function estimatedHeight(block: Block, width: number): number {
  const text =
    block.kind === 'paragraph'
      ? block.inlines.map((i) => i.text).join('')
      : block.kind === 'status'
        ? `${block.label} ${block.text ?? ''}`
        : block.kind === 'citation'
          ? block.source
          : '';
  return textBlockHeight(text, width, 10) + 6;
}

function textBlockHeight(text: string, width: number, fontSize: number): number {
  const lines = Math.max(1, Math.ceil((text.length * fontSize * 0.53) / width));
  return lines * fontSize * 1.25 + 6;
}

/**
 * The blocks from `from` on that belong under the figure or cards before them: the source's caveat
 * (a note paragraph) and the source lines (citations without a quote).
 */
function trailers(blocks: readonly Block[], from: number): Block[] {
  const out: Block[] = [];
  for (let j = from; j < blocks.length; j++) {
    const b = blocks[j]!;
    if ((b.kind === 'paragraph' && b.style === 'note') || (b.kind === 'citation' && !b.quote)) out.push(b);
    else break;
  }
  return out;
}

/** A paragraph that ends with a colon introduces the block after it. */
function introduces(block: Block): boolean {
  return block.kind === 'paragraph' && /:\s*$/.test(block.inlines.map((i) => i.text).join(''));
}

/** A block short enough to share an unbreakable block with the line that introduces it. */
function keepable(block: Block): boolean {
  return block.kind !== 'section' && !isLong(block) && !(block.kind === 'list' && block.items.length > 12);
}

/** Room a lone heading needs below it: itself and the start of what follows (a table's caption,
 * column headers and first row, or a subsection's heading and first lines). */
const LONE_HEADING_ROOM = 110;

/**
 * pdfmake's last word on page breaks: a heading laid out on its own (what follows it is a long
 * table or a subsection, which keep their own openings together) starts the next page when too
 * little of its page is left for what follows it to start there. Only such headings carry a
 * headlineLevel (section() below). pdfmake's positions of what follows cannot tell: a table whose
 * header rows moved to the next page keeps the positions of where it was first tried.
 */
export function pageBreakBefore(node: {
  headlineLevel?: unknown;
  pageNumbers?: number[];
  startPosition?: { top: number; verticalRatio?: number; pageInnerHeight?: number };
}): boolean {
  const at = node.startPosition;
  if (node.headlineLevel === undefined || !at || at.verticalRatio === undefined || at.pageInnerHeight === undefined)
    return false;
  if (node.headlineLevel === CHAPTER) return at.verticalRatio > CHAPTER_SHARES_PAGE;
  const room = node.headlineLevel === INTRO ? INTRO_ROOM : LONE_HEADING_ROOM;
  return (1 - at.verticalRatio) * at.pageInnerHeight < room;
}

/** The headlineLevel of a chapter (a level-1 section that starts a page). */
const CHAPTER = 'chapter';
/** The headlineLevel of a line that introduces a long block after it (it needs room below it, as a heading does). */
const INTRO = 'intro';
/** Room an introducing line needs below its top: itself (two or three lines) and the start of a table (caption, column headers, a first row of a few lines). */
const INTRO_ROOM = 180;
/**
 * A chapter starts on the page where the one before ends when that page is used no further down
 * than this (a table's last rows, a short last section): otherwise that page would be near-empty.
 */
const CHAPTER_SHARES_PAGE = 0.3;

function isShort(block: Block): boolean {
  return block.kind === 'paragraph' || block.kind === 'status' || (block.kind === 'citation' && !block.quote);
}

function isLong(block: Block): boolean {
  return (block.kind === 'table' && block.table.rows.length > 8) || block.kind === 'figure';
}

function inlines(items: readonly Inline[]): Content[] {
  return items.map((i) => ({
    text: i.text,
    ...(i.link || i.href ? { [LINK_TEXT_KEY]: i.text.trim() } : {}),
    ...(i.href && !i.link ? { link: i.href, color: '#0B5A8C', decoration: 'underline' } : {}),
    ...(i.emphasis ? { italics: true } : {}),
    ...(i.strong ? { bold: true } : {}),
    // A background only: the text keeps its metrics, so marking a value never moves a line.
    ...(i.mark ? { background: '#FFF1B8' } : {}),
    ...(i.link?.startsWith('#') ? { linkToDestination: i.link.slice(1), color: '#0B5A8C' } : {}),
    // A status badge: the label (the second cue) in the status's text colour on its fill.
    ...(i.status ? { color: STATUS_STYLE[i.status].onFill, bold: true } : {}),
  }));
}

/**
 * Inlines with spans in another language, as paragraphs: one per run of inlines of the same
 * language, each a P of `parent`, with /Lang on those in another language (a screen reader then
 * switches voice). The original of a translated quote is the only such span; it starts a line.
 */
function langParagraphs(
  items: readonly Inline[],
  parent: StructNode,
  tree: StructTree,
  style: Record<string, unknown>,
): Content[] {
  const runs: { lang: string | undefined; items: Inline[] }[] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && last.lang === item.lang) last.items.push(item);
    else runs.push({ lang: item.lang, items: [item] });
  }
  return runs
    .map((run) => ({ ...run, items: trimRun(run.items) }))
    .filter((run) => run.items.length > 0)
    .map((run) =>
      mark(
        { text: inlines(run.items), ...style, ...(run.lang ? { italics: true } : {}) },
        tree.add(parent, 'P', run.lang ? { lang: run.lang } : {}),
      ),
    );
}

/** A run without the spaces that joined it to its neighbours (it now starts or ends a line). */
function trimRun(items: Inline[]): Inline[] {
  const out = items.map((i) => ({ ...i }));
  while (out.length > 0 && out[0]!.text.trim() === '') out.shift();
  while (out.length > 0 && out[out.length - 1]!.text.trim() === '') out.pop();
  if (out[0]) out[0].text = out[0].text.trimStart();
  if (out[out.length - 1]) out[out.length - 1]!.text = out[out.length - 1]!.text.trimEnd();
  return out;
}

type TileItem = Extract<Block, { kind: 'tiles' }>['items'][number];

/** The largest font size up to `max` (down to `min`) at which `text` fits `width` on one line,
 * by a generous estimate of Roboto Medium's advances (0.56 em a character, 0.26 em a space). */
export function fittingSize(text: string, width: number, max: number, min: number): number {
  const spaces = (text.match(/\s/g) ?? []).length;
  const ems = (text.length - spaces) * 0.56 + spaces * 0.26;
  return Math.max(min, Math.min(max, Math.floor((width / ems) * 2) / 2));
}

/**
 * A note's pieces stay whole: a separator stays with the word before it, the last one also with
 * what follows it (the link to the source), and "source 5" with its number.
 */
function holdTogether(inline: Inline): Inline {
  return {
    ...inline,
    text: inline.text
      .replace(/ ·/g, '\u00a0·')
      .replace(/·\s+$/u, '·\u00a0')
      .replace(/(\p{L}) (\d+)$/u, '$1\u00a0$2'),
  };
}

/** Key figures: laid out as a grid, read as a list (value, label, note per item). */
function tiles(items: readonly TileItem[], width: number, l: StructNode, tree: StructTree): Content {
  const perRow = 3;
  const body: Content[][] = [];
  for (let i = 0; i < items.length; i += perRow) {
    const row: Content[] = items.slice(i, i + perRow).map((item) => {
      // One paragraph each for value, label and note, so they are read as separate phrases.
      const body = tree.add(tree.add(l, 'LI'), 'LBody');
      const p = () => tree.add(body, 'P');
      // A card never breaks its own short lines: the value is drawn smaller when it would wrap
      // ("25.1 mil millones de dólares"), and the note's pieces ("Estimación ·", "fuente 3") hold.
      const inner = (width - 4 * (perRow - 1)) / perRow - 12;
      return {
        stack: [
          mark({ text: item.value, style: 'tileValue', fontSize: fittingSize(item.value, inner, 16, 10) }, p()),
          mark({ text: item.label, style: 'tileLabel' }, p()),
          ...(item.note
            ? [
                mark(
                  {
                    text: item.noteInlines?.length
                      ? inlines(item.noteInlines.map(holdTogether))
                      : holdTogether({ text: item.note }).text,
                    style: 'tileNote',
                  },
                  p(),
                ),
              ]
            : []),
        ],
        fillColor: '#F2F5F8',
        margin: [6, 6, 6, 6],
      };
    });
    while (row.length < perRow) row.push(mark({ text: '' }, artifact('Layout')));
    body.push(row);
  }
  return {
    table: { widths: Array(perRow).fill((width - 4 * (perRow - 1)) / perRow), body, dontBreakRows: true },
    layout: {
      hLineWidth: () => 3,
      vLineWidth: () => 3,
      hLineColor: () => '#FFFFFF',
      vLineColor: () => '#FFFFFF',
      paddingLeft: () => 0,
      paddingRight: () => 0,
    },
    margin: [0, 4, 0, 10],
  };
}

/**
 * A table: Table > Caption, TR > TH (column scope) for the head, TR > TD for the body, except that
 * the first column labels its row (TH, row scope) unless it holds numbers, as in the HTML. A row
 * with an id starts with a named destination, so a link `#<row id>` lands on it.
 */
function table(t: Table, width: number, parent: StructNode, tree: StructTree): Content {
  // pdfmake has no weighted star widths: turn relative weights into points (minus cell padding).
  const total = t.widths?.reduce((a, b) => a + b, 0) ?? 0;
  const widths = t.widths && total > 0 ? t.widths.map((w) => (w / total) * width - 8) : t.head.map(() => '*');
  const struct = tree.add(parent, 'Table');
  const caption = mark({ text: t.caption, style: 'tableCaption' }, tree.add(struct, 'Caption'));
  const headRow = tree.add(struct, 'TR');
  // A dense table (the one-page overview) sets its cells a size smaller, with tighter padding.
  const size = t.dense ? { fontSize: 7.5 } : {};
  const pad = t.dense ? 1.5 : 2.5;
  const head = t.head.map((h, i) =>
    mark(
      { text: h, style: 'th', ...size, alignment: t.numeric[i] ? 'right' : 'left' },
      tree.add(headRow, 'TH', { scope: 'Column' }),
    ),
  );
  const firstIsHeader = t.head.length > 1 && !t.numeric[0];
  const rows = t.rows.map((row, r) => {
    const tr = tree.add(struct, 'TR');
    const id = t.rowIds?.[r];
    return row.map((cell, i) => {
      const cellStruct = firstIsHeader && i === 0 ? tree.add(tr, 'TH', { scope: 'Row' }) : tree.add(tr, 'TD');
      const rich = t.richRows?.[r]?.[i];
      const badge = rich?.find((x) => x.status)?.status;
      const place = {
        style: 'td',
        ...size,
        alignment: t.numeric[i] ? 'right' : 'left',
        ...(badge ? { fillColor: STATUS_STYLE[badge].fill } : {}),
        ...(id && i === 0 ? { id } : {}),
      };
      // A cell that quotes a sentence in another language: a paragraph per language.
      if (rich?.some((x) => x.lang))
        return mark({ stack: langParagraphs(rich, cellStruct, tree, {}), ...place }, cellStruct);
      return mark({ text: rich?.length ? inlines(rich) : cell, ...place }, cellStruct);
    });
  });
  // The caption is the table's first header row (one cell across the columns), so pdfmake keeps it
  // with the column headers and the first row, and repeats both on the pages a long table runs on
  // (repeats are artifacts): a caption never ends a page that its table starts after.
  const captionRow = [
    { ...caption, colSpan: t.head.length, margin: [-4, 0, 0, 0] },
    ...t.head.slice(1).map(() => ({})),
  ];
  return {
    stack: [
      {
        table: {
          headerRows: 2,
          keepWithHeaderRows: 1,
          dontBreakRows: true,
          widths,
          body: [captionRow, head, ...rows],
        },
        layout: {
          hLineWidth: (i: number) => (i === 0 ? 0 : i === 2 ? 0.8 : 0.3),
          vLineWidth: () => 0,
          hLineColor: () => '#8A8A8A',
          fillColor: (row: number) => (row === 1 ? '#E8EEF3' : null),
          paddingTop: (row: number) => (row === 0 ? 0 : pad),
          paddingBottom: () => pad,
        },
      },
    ],
    margin: [0, 4, 0, 10],
  };
}

/** An ordered or unordered list: L > LI > (Lbl for the number,) LBody. Bullets are artifacts. */
function list(block: Extract<Block, { kind: 'list' }>, parent: StructNode, tree: StructTree): Content {
  const l = tree.add(parent, 'L', { listNumbering: block.ordered ? 'Decimal' : 'Disc' });
  const items = block.items.map((item) => {
    const li = tree.add(l, 'LI');
    const label = block.ordered ? tree.add(li, 'Lbl') : undefined;
    const body = tree.add(li, 'LBody');
    if (label) body.label = label;
    // An item quoting a title in another language: a paragraph per language.
    if (item.some((i) => i.lang)) return { stack: langParagraphs(item, body, tree, {}) };
    return mark({ text: inlines(item) }, body);
  });
  return { [block.ordered ? 'ol' : 'ul']: items, style: 'list' };
}

function status(code: keyof typeof STATUS_STYLE, label: string, text?: string): Record<string, unknown> {
  const style = STATUS_STYLE[code];
  return {
    text: [
      { text: `\u00a0${label}\u00a0`, color: style.onFill, background: style.fill, bold: true, fontSize: 8.5 },
      ...(text ? [{ text: `  ${text}`, style: 'statusText' }] : []),
    ],
    margin: [0, 2, 0, 4],
  };
}

/** A quote with its source is a BlockQuote (quote, then source); a source alone is a paragraph. */
function citation(block: Extract<Block, { kind: 'citation' }>, parent: StructNode, tree: StructTree): Content {
  const { source, quote, label } = block;
  const container = quote ? tree.add(parent, 'BlockQuote') : parent;
  // One string when there is nothing to mark inside the quote: the same inlines as before.
  const quoted: Content[] = !quote
    ? []
    : block.quoteInlines?.length
      ? ['“', ...inlines(block.quoteInlines), '”']
      : [`“${quote}”`];
  const original = block.original;
  return {
    stack: [
      ...(quote
        ? [
            mark(
              {
                text: [...(label ? [{ text: `${label}: `, italics: false, bold: true }] : []), ...quoted],
                style: 'quote',
              },
              tree.add(container, 'P'),
            ),
          ]
        : []),
      // A translation's original: its label, then the sentence as a paragraph in its own language.
      ...(original
        ? [
            {
              columns: [
                mark(
                  { text: `${original.label}:`, width: 'auto', noWrap: true, style: 'quoteOriginalLabel' },
                  tree.add(container, 'P'),
                ),
                mark(
                  { text: ['“', ...inlines(original.inlines), '”'], width: '*', style: 'quoteOriginal' },
                  tree.add(container, 'P', { lang: original.lang }),
                ),
              ],
              columnGap: 4,
              margin: [0, 1, 0, 0],
            },
          ]
        : []),
      mark({ text: `— ${source}`, style: 'source' }, tree.add(container, 'P')),
    ],
    margin: [10, 2, 0, 8],
    unbreakable: true,
  };
}

const STYLES: Record<string, Record<string, unknown>> = {
  body: { margin: [0, 0, 0, 6] },
  lead: { fontSize: 11, margin: [0, 0, 0, 8] },
  note: { italics: true, color: '#4D4D4D', margin: [0, 0, 0, 6] },
  quote: { italics: true, fontSize: 9, color: '#333333' },
  quoteOriginalLabel: { fontSize: 8, color: '#4D4D4D' },
  quoteOriginal: { italics: true, fontSize: 8, color: '#4D4D4D' },
  source: { fontSize: 8, color: '#4D4D4D' },
  h1: { fontSize: 20, bold: true, color: '#0B3C5D', margin: [0, 0, 0, 10] },
  h2: { fontSize: 14, bold: true, color: '#0B3C5D', margin: [0, 12, 0, 6] },
  h3: { fontSize: 11.5, bold: true, color: '#1A1A1A', margin: [0, 10, 0, 4] },
  h4: { fontSize: 10.5, bold: true, color: '#1A1A1A', margin: [0, 8, 0, 3] },
  tocH1: { bold: true, fontSize: 10.5 },
  tocH2: { fontSize: 9.5 },
  list: { margin: [0, 0, 0, 8] },
  caption: { fontSize: 9, italics: true, alignment: 'center', margin: [0, 2, 0, 4] },
  tableCaption: { fontSize: 8.5, bold: true, color: '#4D4D4D', margin: [0, 0, 0, 2] },
  th: { bold: true, fontSize: 8.5 },
  td: { fontSize: 8.5 },
  tileValue: { fontSize: 16, bold: true, color: '#0B3C5D' },
  tileLabel: { fontSize: 8.5 },
  tileNote: { fontSize: 7.5, color: '#4D4D4D' },
  statusText: { fontSize: 8.5, color: '#4D4D4D', margin: [0, 1.5, 0, 0] },
  running: { fontSize: 8, color: '#4D4D4D' },
  coverKicker: { fontSize: 10, color: '#4D4D4D', margin: [0, 0, 0, 8] },
  coverTitle: { fontSize: 28, bold: true, color: '#0B3C5D', lineHeight: 1.1 },
  coverSubtitle: { fontSize: 14, color: '#333333', margin: [0, 10, 0, 0] },
  coverLine: { fontSize: 11, margin: [0, 0, 0, 6] },
};
