// The back of the report: methodology (method, thresholds, periods, sources), the annex (every
// figure numbered with its source and, when quoted from a seed, the sentence with the value
// marked) and the glossary of acronyms.

import { GROWTH_THRESHOLDS, TARGET_RATIO_THRESHOLDS } from '../assess/method.js';
import type { Source } from '../core/types.js';
import type { ComposeContext } from './context.js';
import { editionSection } from './edition.js';
import type { Block, Inline, Table } from './document.js';
import { capitalised, publisherShort, sourceName } from './metrics.js';
import { indicatorFrameworkSection } from './indicators.js';
import { provenance } from './provenance.js';
import { LOCALES, quoteFor, SEED_LANG } from './quotes.js';

export function methodologyChapter(ctx: ComposeContext): Block {
  const { t, fmt } = ctx;
  const pct = (v: number) => fmt.percent(v, 1);
  const num = (v: number) => fmt.number(v, 2);
  const T = TARGET_RATIO_THRESHOLDS;
  const G = GROWTH_THRESHOLDS;
  const para = (key: string): Block => ({ kind: 'paragraph', inlines: [{ text: t.t(key) }] });
  return {
    kind: 'section',
    id: 'methodology',
    level: 1,
    title: t.t('methodology.title'),
    pageBreak: true,
    children: [
      para('methodology.intro'),
      editionSection(ctx),
      indicatorFrameworkSection(ctx),
      {
        kind: 'section',
        id: 'method-target',
        level: 2,
        title: t.t('methodology.target.title'),
        children: [
          para('methodology.target.body'),
          {
            kind: 'table',
            table: {
              caption: t.t('methodology.target.caption'),
              head: [t.t('table.status'), t.t('methodology.rule')],
              rows: [
                [ctx.statusLabel('target_achieved'), t.t('methodology.rule.achieved')],
                [ctx.statusLabel('on_track'), `CR ≥ ${num(T.onTrack)}`],
                [ctx.statusLabel('acceleration_needed'), `${num(T.accelerationNeeded)} ≤ CR < ${num(T.onTrack)}`],
                [ctx.statusLabel('limited_progress'), `${num(T.limitedProgress)} ≤ CR < ${num(T.accelerationNeeded)}`],
                [ctx.statusLabel('deterioration'), `CR < ${num(T.limitedProgress)}`],
              ],
              numeric: [false, false],
            },
          },
        ],
      },
      {
        kind: 'section',
        id: 'method-growth',
        level: 2,
        title: t.t('methodology.growth.title'),
        children: [
          para('methodology.growth.body'),
          {
            kind: 'table',
            table: {
              caption: t.t('methodology.growth.caption'),
              head: [t.t('table.status'), t.t('methodology.rule')],
              rows: [
                [ctx.statusLabel('substantial_progress'), `a ≥ ${pct(G.substantialProgress)}`],
                [
                  ctx.statusLabel('moderate_progress'),
                  `${pct(G.moderateProgress)} ≤ a < ${pct(G.substantialProgress)}`,
                ],
                [ctx.statusLabel('limited_progress'), `${pct(G.limitedProgress)} ≤ a < ${pct(G.moderateProgress)}`],
                [ctx.statusLabel('deterioration'), `a < ${pct(G.limitedProgress)}`],
              ],
              numeric: [false, false],
            },
          },
        ],
      },
      {
        kind: 'section',
        id: 'method-indicators',
        level: 2,
        title: t.t('methodology.indicators.title'),
        children: [para('methodology.indicators.body'), para('methodology.baseline'), para('methodology.qualifiers')],
      },
      {
        kind: 'section',
        id: 'method-other',
        level: 2,
        title: t.t('methodology.other.title'),
        children: [
          para('methodology.descriptive'),
          para('methodology.insufficient'),
          para('methodology.periods'),
          para('methodology.countries'),
          para('methodology.rollup'),
          para('methodology.milestones'),
          para('methodology.keyFigures'),
          para('methodology.pastYears'),
        ],
      },
      {
        kind: 'section',
        id: 'sources',
        level: 2,
        title: t.t('methodology.sources.title'),
        children: [para('methodology.sources.intro'), seedList(ctx), ...registeredSources(ctx)],
      },
    ],
  };
}

function seedList(ctx: ComposeContext): Block {
  return {
    kind: 'list',
    ordered: false,
    items: [...ctx.model.framework.seeds]
      .sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file))
      .map((s) => originalTitleMarked(ctx, sourceName(ctx, s.file, true), s.title)),
  };
}

/**
 * The registered sources (data/sources.csv): every dataset and later statement the report cites,
 * with its title (a link to its address), publisher, date and kind. The White House fact sheets
 * that milestones cite are named here by their titles.
 */
function registeredSources(ctx: ComposeContext): Block[] {
  const { t } = ctx;
  const sources = ctx.model.data.sources;
  if (sources.length === 0) return [];
  const date = (s: Source) =>
    t.t(`methodology.sources.date.${s.kind === 'statement' ? 'published' : (s.dateRole ?? 'published')}`, {
      date: ctx.fmt.date(s.date),
    });
  const rows = sources.map((s) => [
    s.title[ctx.lang],
    s.publisher[ctx.lang],
    date(s),
    t.t(`methodology.sources.kind.${s.kind}`),
  ]);
  return [
    { kind: 'paragraph', inlines: [{ text: t.t('methodology.sources.registered') }] },
    {
      kind: 'table',
      table: {
        caption: t.t('methodology.sources.registered.caption'),
        head: ['title', 'publisher', 'date', 'kind'].map((k) => t.t(`methodology.sources.registered.${k}`)),
        rows,
        numeric: [false, false, false, false],
        widths: [4, 3, 1.6, 1.2],
        richRows: sources.map((s, r) => [
          s.url ? [{ text: rows[r]![0]!, href: s.url }] : undefined,
          undefined,
          undefined,
          undefined,
        ]),
      },
    },
  ];
}

/** The text of a source's name with the registered source's title as a link to its address. */
export function linkedSourceName(ctx: ComposeContext, text: string, sourceId: string): Inline[] {
  const s = ctx.source(sourceId);
  const title = s?.title[ctx.lang];
  const at = title && s.url ? text.indexOf(title) : -1;
  if (!s?.url || !title || at < 0) return [{ text }];
  return [
    ...(at > 0 ? [{ text: text.slice(0, at) }] : []),
    { text: title, href: s.url },
    ...(at + title.length < text.length ? [{ text: text.slice(at + title.length) }] : []),
  ];
}

/** A source's full name with its original title (in the seeds' language) marked as such. */
function originalTitleMarked(ctx: ComposeContext, text: string, original: string): Inline[] {
  const found = text.lastIndexOf(original);
  if (ctx.lang === SEED_LANG || found < 0) return [{ text }];
  const lang = LOCALES[SEED_LANG];
  // The quotation marks and the closing punctuation go with the title: the PDF prints a span in
  // another language as a paragraph of its own, and a mark alone on a line reads as a stray.
  const start = /[“«"]\s*$/u.test(text.slice(0, found)) ? text.slice(0, found).search(/[“«"]\s*$/u) : found;
  const end =
    found + original.length + (/^\s*[”»"]?[.,;]?/u.exec(text.slice(found + original.length))?.[0].length ?? 0);
  return [
    { text: text.slice(0, start) },
    { text: text.slice(start, end), lang },
    ...(end < text.length ? [{ text: text.slice(end) }] : []),
  ];
}

export function annexChapter(ctx: ComposeContext): Block {
  const { t } = ctx;
  return {
    kind: 'section',
    id: 'annex',
    level: 1,
    title: t.t('annex.title'),
    pageBreak: true,
    children: [
      {
        kind: 'section',
        id: 'annex-sources',
        level: 2,
        title: t.t('provenance.annex.title'),
        children: [
          { kind: 'paragraph', inlines: [{ text: t.t('provenance.annex.intro') }] },
          { kind: 'table', table: figureSourcesTable(ctx) },
        ],
      },
      { kind: 'section', id: 'glossary', level: 2, title: t.t('glossary.title'), children: [glossaryTable(ctx)] },
    ],
  };
}

// Stands for the quoted sentence while its message is filled, so the marked pieces can replace it.
const QUOTE_SLOT = '\uE002';

/**
 * One numbered entry per figure, anchored `source-<metric>-<country>-<period>`: the figure (linked
 * to its metric), the value as the report prints it, and the source with the quoted sentence.
 */
function figureSourcesTable(ctx: ComposeContext): Table {
  const { t } = ctx;
  const figures = provenance(ctx.model).figures;
  const rows: string[][] = [];
  const richRows: (Inline[] | undefined)[][] = [];
  // Each sentence and each dataset is written out once, at its first entry; later entries point
  // back to it, so no source sentence is printed twice in the document.
  const firstQuote = new Map<string, number>();
  const firstSource = new Map<string, number>();
  for (const f of figures) {
    const o = f.observation;
    // The short name keeps a row to a line or two; the full name heads the figure's section it links to.
    const figure = t.t('provenance.annex.figureText', {
      name: capitalised(ctx.shortName(f.metric)),
      country: ctx.countryName(o.country),
      period: ctx.periodShort(o),
    });
    const quoteSeen = f.quote ? firstQuote.get(`${o.source}\u0000${f.quote.text}`) : undefined;
    const sourceSeen = !f.quote ? firstSource.get(o.source) : undefined;
    if (f.quote && quoteSeen === undefined) firstQuote.set(`${o.source}\u0000${f.quote.text}`, f.number);
    if (!f.quote && sourceSeen === undefined) firstSource.set(o.source, f.number);
    const seen = quoteSeen ?? sourceSeen;
    // The quote in the reader's language, at its first entry only; a translation is followed by its
    // original, marked with its language (a paragraph of its own in the PDF, a span in HTML).
    const q =
      f.quote && seen === undefined
        ? quoteFor(ctx, f.quote.text, { spans: f.quote.span ? [f.quote.span] : [], values: [o.value] })
        : undefined;
    const source =
      seen !== undefined
        ? t.t(f.quote ? 'provenance.annex.sameSentence' : 'provenance.annex.sameSource', {
            source: (!f.quote && publisherShort(ctx, f.metric)) || sourceName(ctx, o.source, 'short'),
            ref: t.t('provenance.ref', { number: seen }),
          })
        : q
          ? t.t('provenance.annex.quoted', { source: sourceName(ctx, o.source), label: q.label, quote: QUOTE_SLOT })
          : t.t('provenance.annex.publication', { source: sourceName(ctx, o.source) });
    const [before, after] = source.split(QUOTE_SLOT);
    const original: Inline[] = q?.original
      ? [
          { text: ` ${q.original.label}:` },
          { text: ' ' },
          { text: '“', lang: q.original.lang },
          ...q.original.inlines,
          { text: '”', lang: q.original.lang },
        ]
      : [];
    const sourceInlines: Inline[] = q
      ? [{ text: before ?? '' }, ...q.inlines, ...(after ? [{ text: after }] : []), ...original]
      : linkedSourceName(ctx, source, o.source);
    rows.push([
      t.t('provenance.ref', { number: f.number }),
      figure,
      ctx.observed(o, f.metric.unit),
      sourceInlines.map((i) => i.text).join(''),
    ]);
    richRows.push([undefined, [{ text: figure, link: `#metric-${f.metric.id}` }], undefined, sourceInlines]);
  }
  return {
    caption: t.t('provenance.annex.caption'),
    head: [
      t.t('provenance.annex.number'),
      t.t('provenance.annex.figure'),
      t.t('table.value'),
      t.t('provenance.annex.source'),
    ],
    rows,
    numeric: [false, false, true, false],
    widths: [0.7, 2.5, 1.8, 5],
    rowIds: figures.map((f) => f.id),
    richRows,
  };
}

const ACRONYMS = [
  'ANAM',
  'ATF',
  'BSCA',
  'CBP',
  'CDC',
  'CISA',
  'CJNG',
  'CNB',
  'CNPJE',
  'CONAPO',
  'COSSAP',
  'CSV',
  'DANS',
  'DEA',
  'DHS',
  'DNA',
  'DOJ',
  'ENVIPE',
  'FGR',
  'HHS',
  'HLSD',
  'ICITAP',
  'INEGI',
  'INL',
  'JSON',
  'JTFA',
  'NCHS',
  'OFAC',
  'RNPDNO',
  'SAMHSA',
  'SDG',
  'SEGOB',
  'SESNSP',
  'SRE',
  'SSPC',
  'TCO',
  'UIF',
  'UN',
  'UNODC',
  'USAID',
  'VSRR',
  'WDI',
  'WHO',
];

/**
 * The glossary lists exactly the acronyms the rest of the document uses: its rows are kept when
 * the acronym (as written in this language) occurs as a word anywhere else in the text, cover
 * and quotations included. Call once the whole body is composed.
 */
export function keepUsedAcronyms(body: Block[], coverText: string): void {
  const glossary = findSection(body, 'glossary');
  const table = glossary?.children.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
  if (!glossary || !table) return;
  const text = [coverText, ...body.map((b) => blockText(b, glossary))].join('\n');
  table.table.rows = table.table.rows.filter(([short]) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${short!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}

function findSection(blocks: readonly Block[], id: string): Extract<Block, { kind: 'section' }> | undefined {
  for (const b of blocks) {
    if (b.kind !== 'section') continue;
    if (b.id === id) return b;
    const inner = findSection(b.children, id);
    if (inner) return inner;
  }
  return undefined;
}

/** Every word a block prints (titles, cells, alt texts, quotes), except inside `skip`. */
export function blockText(block: Block, skip?: Block): string {
  if (block === skip) return '';
  const table = (t: Table) => [t.caption, ...t.head, ...t.rows.flat()].join('\n');
  switch (block.kind) {
    case 'section':
      return [block.title, ...block.children.map((c) => blockText(c, skip))].join('\n');
    case 'paragraph':
      return block.inlines.map((i) => i.text).join('');
    case 'tiles':
      return block.items.map((i) => `${i.label}\n${i.value}\n${i.note ?? ''}`).join('\n');
    case 'figure':
      return [block.figure.title, block.figure.alt, table(block.figure.table)].join('\n');
    case 'table':
      return table(block.table);
    case 'list':
      return block.items.map((item) => item.map((i) => i.text).join('')).join('\n');
    case 'status':
      return `${block.label} ${block.text ?? ''}`;
    case 'citation':
      return [
        block.source,
        block.label ?? '',
        block.quote ?? '',
        block.original?.label ?? '',
        block.original?.text ?? '',
      ].join('\n');
  }
}

function glossaryTable(ctx: ComposeContext): Block {
  const { t } = ctx;
  return {
    kind: 'table',
    table: {
      caption: t.t('glossary.caption'),
      head: [t.t('glossary.acronym'), t.t('glossary.meaning')],
      rows: ACRONYMS.map((a) => [t.t(`acronym.${a}.short`), t.t(`acronym.${a}`)]).sort((x, y) =>
        x[0]!.localeCompare(y[0]!, ctx.fmt.locale),
      ),
      numeric: [false, false],
      widths: [1, 5],
    },
  };
}
