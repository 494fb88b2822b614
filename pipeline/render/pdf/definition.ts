// Document tree → pdfmake document definition (pure). Each block kind maps to one builder here.

import type { Block, Figure, Inline, ReportDocument, Table } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { INK, STATUS_STYLE } from '../charts/palette.js';

export type Paper = 'letter' | 'a4';

export interface PdfOptions {
  paper: Paper;
  draft: boolean;
}

// pdfmake's types are loose; we keep our own minimal shape and pass it through.
export type Content = Record<string, unknown> | string | Content[];

export const PAGE_MARGINS = { left: 72, right: 72, top: 72, bottom: 64 } as const;
const PAGE_WIDTH: Record<Paper, number> = { letter: 612, a4: 595.28 };

export function textWidth(paper: Paper): number {
  return PAGE_WIDTH[paper] - PAGE_MARGINS.left - PAGE_MARGINS.right;
}

/** Records on which page each level-1 section starts, so the running header can name the chapter. */
export class ChapterTracker {
  private readonly starts: { page: number; title: string }[] = [];
  record(page: number, title: string): void {
    if (!this.starts.some((s) => s.title === title)) this.starts.push({ page, title });
  }
  at(page: number): string {
    let title = '';
    for (const s of [...this.starts].sort((a, b) => a.page - b.page)) if (s.page <= page) title = s.title;
    return title;
  }
}

export function pdfDefinition(doc: ReportDocument, charts: ReadonlyMap<string, RenderedChart>, options: PdfOptions, chapters: ChapterTracker): Record<string, unknown> {
  const { meta } = doc;
  const width = textWidth(options.paper);
  const walker = new Walker(charts, width);
  return {
    pageSize: options.paper === 'a4' ? 'A4' : 'LETTER',
    pageMargins: [PAGE_MARGINS.left, PAGE_MARGINS.top, PAGE_MARGINS.right, PAGE_MARGINS.bottom],
    language: meta.locale,
    displayTitle: true,
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
        : {
            columns: [
              { text: meta.shortTitle, style: 'running' },
              { text: chapters.at(page), style: 'running', alignment: 'right' },
            ],
            margin: [PAGE_MARGINS.left, 32, PAGE_MARGINS.right, 0],
          },
    footer: (page: number, pages: number) =>
      page === 1
        ? null
        : {
            text: (meta.labels.page ?? '').replace('{page}', String(page)).replace('{pages}', String(pages)),
            style: 'running',
            alignment: 'center',
            margin: [0, 24, 0, 0],
          },
    pageBreakBefore: (node: { id?: string; headlineLevel?: number; text?: unknown; startPosition?: { pageNumber: number } }) => {
      if (node.headlineLevel === 1 && node.id && node.startPosition) chapters.record(node.startPosition.pageNumber, plain(node.text));
      return false;
    },
    content: [cover(doc), tableOfContents(doc), ...walker.blocks(doc.body)],
  };
}

function plain(text: unknown): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.map(plain).join('');
  if (text && typeof text === 'object' && 'text' in text) return plain((text as { text: unknown }).text);
  return '';
}

function cover(doc: ReportDocument): Content {
  return {
    stack: [
      { text: doc.cover.title, style: 'coverTitle' },
      { text: doc.cover.subtitle, style: 'coverSubtitle' },
      { canvas: [{ type: 'rect', x: 0, y: 0, w: 120, h: 4, color: '#0072B2' }], margin: [0, 18, 0, 18] },
      ...doc.cover.lines.map((line) => ({ text: line, style: 'coverLine' })),
    ],
    margin: [0, 150, 0, 0],
    pageBreak: 'after',
  };
}

function tableOfContents(doc: ReportDocument): Content {
  return {
    // The summary chapter starts with its own page break.
    toc: { title: { text: doc.meta.labels.contents ?? '', style: 'h1' }, numberStyle: { bold: false }, textMargin: [0, 2, 0, 2] },
  };
}

class Walker {
  constructor(
    private readonly charts: ReadonlyMap<string, RenderedChart>,
    private readonly width: number,
  ) {}

  blocks(blocks: readonly Block[], parentId?: string): Content[] {
    return blocks.map((b) => this.block(b, parentId));
  }

  block(block: Block, parentId?: string): Content {
    switch (block.kind) {
      case 'section':
        return this.section(block, parentId);
      case 'paragraph':
        return { text: inlines(block.inlines), style: block.style ?? 'body' };
      case 'tiles':
        return tiles(block.items, this.width);
      case 'figure':
        return this.figure(block.figure);
      case 'table':
        return table(block.table, this.width);
      case 'list':
        return { [block.ordered ? 'ol' : 'ul']: block.items.map((item) => ({ text: inlines(item) })), style: 'list' };
      case 'status':
        return status(block.code, block.label, block.text);
      case 'citation':
        return citation(block.source, block.quote, block.label);
    }
  }

  /** A heading stays with what follows it: heading + first child in one unbreakable stack. */
  private section(block: Extract<Block, { kind: 'section' }>, parentId?: string): Content {
    const heading = {
      text: block.title,
      style: `h${block.level}`,
      id: block.id,
      headlineLevel: block.level,
      ...(block.level <= 2 ? { tocItem: true, tocStyle: block.level === 1 ? 'tocH1' : 'tocH2', tocMargin: block.level === 1 ? [0, 6, 0, 0] : [14, 1, 0, 0] } : {}),
      ...(block.level <= 3 ? { outline: true, outlineText: block.tocTitle ?? block.title, ...(parentId ? { outlineParentId: parentId } : {}) } : {}),
    };
    const childParent = block.level <= 2 ? block.id : parentId;
    // Keep the heading with the short blocks that open the section and, if one follows, the chart
    // of the first figure, so no heading is stranded at the bottom of a page.
    const kept: Content[] = [heading];
    let i = 0;
    const children = block.children;
    while (i < children.length && i < 3 && isShort(children[i]!)) kept.push(this.block(children[i++]!, childParent));
    const next = children[i];
    const tail: Content[] = [];
    if (next?.kind === 'figure') {
      const [chart, data] = this.figureParts(next.figure);
      kept.push(chart);
      tail.push(data);
      i++;
    } else if (next && next.kind !== 'section' && !isLong(next) && kept.length === 1) {
      kept.push(this.block(next, childParent));
      i++;
    }
    tail.push(...this.blocks(children.slice(i), childParent));
    return {
      stack: [{ stack: kept, unbreakable: true }, ...tail],
      ...(block.pageBreak ? { pageBreak: 'before' } : {}),
    };
  }

  private figure(figure: Figure): Content {
    const [chart, data] = this.figureParts(figure);
    return { stack: [chart, data], margin: [0, 4, 0, 8] };
  }

  /** The chart with its caption (never split), and its data table. */
  private figureParts(figure: Figure): [Content, Content] {
    const chart = this.charts.get(figure.chart.id);
    const svg = chart
      ? { svg: chart.svg, width: Math.min(this.width, chart.width), alignment: 'center', margin: [0, 4, 0, 4] }
      : { text: figure.alt, style: 'note' };
    return [{ stack: [svg, { text: figure.title, style: 'caption' }], unbreakable: true }, table(figure.table, this.width)];
  }
}

function isShort(block: Block): boolean {
  return block.kind === 'paragraph' || block.kind === 'status' || (block.kind === 'citation' && !block.quote);
}

function isLong(block: Block): boolean {
  return (block.kind === 'table' && block.table.rows.length > 8) || block.kind === 'figure';
}

function inlines(items: readonly Inline[]): Content[] {
  return items.map((i) => ({
    text: i.text,
    ...(i.emphasis ? { italics: true } : {}),
    ...(i.strong ? { bold: true } : {}),
    ...(i.link?.startsWith('#') ? { linkToDestination: i.link.slice(1), color: '#0B5A8C' } : {}),
  }));
}

function tiles(items: readonly { label: string; value: string; note?: string }[], width: number): Content {
  const perRow = 3;
  const body: Content[][] = [];
  for (let i = 0; i < items.length; i += perRow) {
    const row: Content[] = items.slice(i, i + perRow).map((item) => ({
      stack: [
        { text: item.value, style: 'tileValue' },
        { text: item.label, style: 'tileLabel' },
        ...(item.note ? [{ text: item.note, style: 'tileNote' }] : []),
      ],
      fillColor: '#F2F5F8',
      margin: [6, 6, 6, 6],
    }));
    while (row.length < perRow) row.push({ text: '' });
    body.push(row);
  }
  return {
    table: { widths: Array(perRow).fill((width - 4 * (perRow - 1)) / perRow), body, dontBreakRows: true },
    layout: { hLineWidth: () => 3, vLineWidth: () => 3, hLineColor: () => '#FFFFFF', vLineColor: () => '#FFFFFF', paddingLeft: () => 0, paddingRight: () => 0 },
    margin: [0, 4, 0, 10],
  };
}

function table(t: Table, width: number): Content {
  // pdfmake has no weighted star widths: turn relative weights into points (minus cell padding).
  const total = t.widths?.reduce((a, b) => a + b, 0) ?? 0;
  const widths = t.widths && total > 0 ? t.widths.map((w) => (w / total) * width - 8) : t.head.map(() => '*');
  return {
    stack: [
      { text: t.caption, style: 'tableCaption' },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths,
          body: [
            t.head.map((h, i) => ({ text: h, style: 'th', alignment: t.numeric[i] ? 'right' : 'left' })),
            ...t.rows.map((row) => row.map((cell, i) => ({ text: cell, style: 'td', alignment: t.numeric[i] ? 'right' : 'left' }))),
          ],
        },
        layout: {
          hLineWidth: (i: number) => (i === 1 ? 0.8 : 0.3),
          vLineWidth: () => 0,
          hLineColor: () => '#8A8A8A',
          fillColor: (row: number) => (row === 0 ? '#E8EEF3' : null),
          paddingTop: () => 2.5,
          paddingBottom: () => 2.5,
        },
      },
    ],
    margin: [0, 4, 0, 10],
  };
}

function status(code: keyof typeof STATUS_STYLE, label: string, text?: string): Content {
  const style = STATUS_STYLE[code];
  return {
    text: [
      { text: `\u00a0${label}\u00a0`, color: style.onFill, background: style.fill, bold: true, fontSize: 8.5 },
      ...(text ? [{ text: `  ${text}`, style: 'statusText' }] : []),
    ],
    margin: [0, 2, 0, 4],
  };
}

function citation(source: string, quote?: string, label?: string): Content {
  return {
    stack: [...(quote ? [{ text: [...(label ? [{ text: `${label}: `, italics: false, bold: true }] : []), `“${quote}”`], style: 'quote' }] : []), { text: `— ${source}`, style: 'source' }],
    margin: [10, 2, 0, 8],
    unbreakable: true,
  };
}

const STYLES: Record<string, Record<string, unknown>> = {
  body: { margin: [0, 0, 0, 6] },
  lead: { fontSize: 11, margin: [0, 0, 0, 8] },
  note: { italics: true, color: '#4D4D4D', margin: [0, 0, 0, 6] },
  quote: { italics: true, fontSize: 9, color: '#333333' },
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
