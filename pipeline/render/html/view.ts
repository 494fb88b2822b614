// Turns the document tree into the plain view model the Handlebars templates walk.
//
// Every field a template reads is present (null when absent), so templates compiled in strict mode
// fail loudly on a typo instead of printing nothing. Decisions that need logic (heading level,
// which partial, whether a link target is safe, ids of captions) are made here, not in templates.
// Inline versions of a text (a quote with its value marked, a note with a link to the figure's
// source) must spell the same text as the plain version, which is what the PDF shows.

import type { Block, DocumentMeta, Inline, ReportDocument, Table } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import {
  HTML_LABEL_KEYS,
  type BlockView,
  type HtmlLabelKey,
  type InlineView,
  type PageView,
  type TableView,
  type TocEntry,
} from '../../core/html-page.js';

/** An internal error in the document handed to the renderer (a bug upstream, not a data problem). */
export class HtmlRenderError extends Error {
  override name = 'HtmlRenderError';
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const STATUS_CODE = /^[a-z_]+$/;
/** An external link: https only, no spaces, quotes or angle brackets (a registered source's url). */
const EXTERNAL_HREF = /^https:\/\/[^\s"'<>\\]+$/;
/** A relative file path: no scheme, no protocol-relative start, no query, fragment, quotes or spaces. */
const RELATIVE_HREF = /^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!\/\/)[^\s"'<>#?\\]+$/;

/** Builds the view model; throws HtmlRenderError on ids, links or charts that would break the page. */
export function buildPageView(doc: ReportDocument, charts: ReadonlyMap<string, RenderedChart>, csp: string): PageView {
  const meta = doc.meta;
  if (!RELATIVE_HREF.test(meta.alternate.href)) {
    throw new HtmlRenderError(
      `meta.alternate.href must be a relative file path, got ${JSON.stringify(meta.alternate.href)}`,
    );
  }
  const ctx: Context = { charts, alternateHref: meta.alternate.href, ids: new Set(), tableCount: 0 };
  const body = doc.body.map((b) => blockView(b, ctx));
  return {
    meta: {
      lang: meta.lang,
      locale: meta.locale,
      title: meta.title,
      shortTitle: meta.shortTitle,
      subtitle: meta.subtitle,
      description: meta.subject,
      keywords: meta.keywords.join(', '),
      author: meta.author,
      dateText: meta.dateText,
      alternate: { ...meta.alternate, code: meta.alternate.lang.toUpperCase() },
    },
    labels: pickLabels(meta),
    cover: { title: doc.cover.title, subtitle: doc.cover.subtitle, lines: [...doc.cover.lines] },
    csp,
    toc: tocEntries(doc.body),
    body,
  };
}

function pickLabels(meta: DocumentMeta): Record<HtmlLabelKey, string> {
  const missing = HTML_LABEL_KEYS.filter((k) => typeof meta.labels[k] !== 'string' || meta.labels[k].trim() === '');
  if (missing.length > 0) {
    throw new HtmlRenderError(`meta.labels is missing ${missing.map((k) => `"${k}"`).join(', ')} for ${meta.lang}`);
  }
  return Object.fromEntries(HTML_LABEL_KEYS.map((k) => [k, meta.labels[k]])) as Record<HtmlLabelKey, string>;
}

interface Context {
  charts: ReadonlyMap<string, RenderedChart>;
  alternateHref: string;
  ids: Set<string>;
  tableCount: number;
}

function claimId(id: string, ctx: Context, what: string): string {
  if (!ID.test(id))
    throw new HtmlRenderError(`${what} id ${JSON.stringify(id)} is not a valid anchor (letters, digits, - and _)`);
  if (ctx.ids.has(id)) throw new HtmlRenderError(`${what} id "${id}" is used twice in the document`);
  ctx.ids.add(id);
  return id;
}

function blockView(block: Block, ctx: Context): BlockView {
  switch (block.kind) {
    case 'section':
      return {
        partial: 'section',
        id: claimId(block.id, ctx, 'section'),
        title: block.title,
        level: block.level,
        headingLevel: (block.level + 1) as 2 | 3 | 4 | 5,
        pageBreak: block.pageBreak === true,
        alternateHref: block.level === 1 ? `${ctx.alternateHref}#${block.id}` : null,
        children: block.children.map((c) => blockView(c, ctx)),
      };
    case 'paragraph':
      return { partial: 'paragraph', inlines: block.inlines.map(inlineView), style: block.style ?? null };
    case 'tiles':
      return {
        partial: 'tiles',
        items: block.items.map((i) => {
          const inlines =
            richText(i.noteInlines, i.note, 'tile note')?.map((n) => ({ ...n, text: holdTogether(n.text) })) ?? null;
          return {
            label: i.label,
            value: i.value,
            note: inlines ? inlines.map((n) => n.text).join('') : i.note === undefined ? null : holdTogether(i.note),
            noteInlines: inlines,
          };
        }),
      };
    case 'figure': {
      const f = block.figure;
      const id = claimId(f.id, ctx, 'figure');
      if (!ctx.charts.has(f.chart.id))
        throw new HtmlRenderError(`no rendered chart "${f.chart.id}" for figure "${f.id}"`);
      return {
        partial: 'figure',
        id,
        title: f.title,
        chartId: f.chart.id,
        table: tableView(f.table, claimId(`${id}-table`, ctx, 'table'), ctx),
      };
    }
    case 'table':
      ctx.tableCount += 1;
      return { partial: 'table', table: tableView(block.table, claimId(`table-${ctx.tableCount}`, ctx, 'table'), ctx) };
    case 'list':
      return {
        partial: 'list',
        ordered: block.ordered,
        items: block.items.map((inlines) => ({ inlines: inlines.map(inlineView) })),
      };
    case 'status':
      if (!STATUS_CODE.test(block.code))
        throw new HtmlRenderError(`status code ${JSON.stringify(block.code)} is not a code`);
      return { partial: 'status', code: block.code.replace(/_/g, '-'), label: block.label, text: block.text ?? null };
    case 'citation':
      return {
        partial: 'citation',
        source: block.source,
        quote: block.quote ?? null,
        quoteInlines: richText(block.quoteInlines, block.quote, 'citation quote'),
        label: block.label ?? null,
        original: block.original
          ? {
              label: block.original.label,
              lang: langTag(block.original.lang),
              inlines: richText(block.original.inlines, block.original.text, 'original quote')!.map((i) => ({
                ...i,
                lang: null,
              })),
            }
          : null,
      };
  }
}

/**
 * A card's note never breaks inside its short pieces: a separator stays with the word before it,
 * the last one also with the link after it ("· source 5"), and a reference with its number.
 */
function holdTogether(text: string): string {
  return text
    .replace(/ ·/g, '\u00a0·')
    .replace(/·\s+$/u, '·\u00a0')
    .replace(/(\p{L}) (\d+)$/u, '$1\u00a0$2');
}

/** Only same-document fragments become links; anything else is shown as plain text. */
function inlineView(inline: Inline): InlineView {
  const target = inline.link ?? (inline.ref !== undefined ? `#${inline.ref}` : undefined);
  const internal = target !== undefined && target.startsWith('#') && ID.test(target.slice(1)) ? target : null;
  const href = internal ?? (inline.href !== undefined && EXTERNAL_HREF.test(inline.href) ? inline.href : null);
  if (inline.status !== undefined && !STATUS_CODE.test(inline.status))
    throw new HtmlRenderError(`status code ${JSON.stringify(inline.status)} is not a code`);
  const badge = inline.status ? inline.status.replace(/_/g, '-') : null;
  return {
    text: inline.text,
    emphasis: inline.emphasis === true,
    strong: inline.strong === true,
    mark: inline.mark === true,
    href,
    badge,
    lang: inline.lang ? langTag(inline.lang) : null,
  };
}

const LANG_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** A BCP 47 language tag, checked (it lands in an attribute). */
function langTag(tag: string): string {
  if (!LANG_TAG.test(tag)) throw new HtmlRenderError(`language tag ${JSON.stringify(tag)} is not a BCP 47 tag`);
  return tag;
}

/** The inline version of a text, checked to spell the same text; null when there is none. */
function richText(
  inlines: readonly Inline[] | undefined,
  plain: string | undefined,
  what: string,
): InlineView[] | null {
  if (!inlines) return null;
  const joined = inlines.map((i) => i.text).join('');
  if (joined !== (plain ?? ''))
    throw new HtmlRenderError(
      `${what}: the inline text ${JSON.stringify(joined)} differs from the plain text ${JSON.stringify(plain ?? '')}`,
    );
  return inlines.map(inlineView);
}

function tableView(table: Table, id: string, ctx: Context): TableView {
  const numeric = (i: number) => table.numeric[i] === true;
  // The first column labels its row (a country, a period, an action) unless it holds numbers.
  const firstIsHeader = table.head.length > 1 && !numeric(0);
  const widths = table.widths ?? [];
  return {
    id,
    wideRowLabels: firstIsHeader && widths.length > 1 && widths[0]! >= Math.max(...widths),
    captionId: `${id}-caption`,
    caption: table.caption,
    head: table.head.map((text, i) => ({ text, numeric: numeric(i) })),
    rows: table.rows.map((row, r) => {
      const rowId = table.rowIds?.[r];
      return {
        id: rowId === undefined ? null : claimId(rowId, ctx, 'table row'),
        cells: row.map((text, i) => ({
          text,
          numeric: numeric(i),
          rowHeader: firstIsHeader && i === 0,
          inlines: richText(table.richRows?.[r]?.[i], text, `table "${table.caption}" cell`),
          label: table.head[i] ?? '',
        })),
      };
    }),
  };
}

/** Levels 1 and 2 of the section tree, wherever they sit. */
function tocEntries(blocks: Block[], maxLevel = 2): TocEntry[] {
  const out: TocEntry[] = [];
  for (const b of blocks) {
    if (b.kind !== 'section') continue;
    if (b.level <= maxLevel)
      out.push({ id: b.id, title: b.tocTitle ?? b.title, children: tocEntries(b.children, maxLevel) });
    else out.push(...tocEntries(b.children, maxLevel));
  }
  return out;
}
