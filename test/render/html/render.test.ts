import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, ReportDocument } from '../../../pipeline/compose/document.js';
import type { Lang } from '../../../pipeline/core/types.js';
import { renderHtml, type HtmlTemplates } from '../../../pipeline/render/html/index.js';
import { FIXTURE_FILES, fixtureCharts, fixtureDocument } from '../../fixtures/document.js';
import { all, ancestors, byTag, one, parseHtml, text, visibleText, type Element } from './dom.js';
import { templates } from './templates.js';

let t: HtmlTemplates;
beforeAll(async () => {
  t = await templates();
});

const LANGS: Lang[] = ['en', 'es'];

function page(lang: Lang, doc: ReportDocument = fixtureDocument(lang)) {
  const html = renderHtml(doc, fixtureCharts(lang), t);
  return { html, dom: parseHtml(html), doc };
}

function sections(blocks: Block[]): Extract<Block, { kind: 'section' }>[] {
  return blocks.flatMap((b) => (b.kind === 'section' ? [b, ...sections(b.children)] : []));
}

describe.each(LANGS)('renderHtml (%s)', (lang) => {
  it('declares language, title, description, charset and viewport, and no relative hreflang alternate', () => {
    const { dom, doc } = page(lang);
    const html = one(dom, (e) => e.tag === 'html');
    expect(html.attrs.lang).toBe(doc.meta.locale);
    expect(text(one(dom, (e) => e.tag === 'title' && e.parent?.tag === 'head'))).toBe(doc.meta.title);
    const metas = byTag(dom, 'meta');
    expect(metas.some((m) => m.attrs.charset === 'utf-8')).toBe(true);
    expect(metas.find((m) => m.attrs.name === 'viewport')?.attrs.content).toContain('width=device-width');
    expect(metas.find((m) => m.attrs.name === 'description')?.attrs.content).toBe(doc.meta.subject);
    // A <link rel="alternate" hreflang> needs an absolute address, which a file without a base
    // address does not have: none is written (the visible language links remain).
    expect(all(dom, (e) => e.tag === 'link' && e.attrs.rel === 'alternate')).toEqual([]);
  });

  it('allows nothing but its own stylesheet, by hash', () => {
    const { dom } = page(lang);
    const csp = one(dom, (e) => e.tag === 'meta' && e.attrs['http-equiv'] === 'Content-Security-Policy').attrs.content!;
    const css = text(one(dom, (e) => e.tag === 'style'));
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(byTag(dom, 'script')).toEqual([]);
    // The CSP meta comes before anything it governs.
    const head = one(dom, (e) => e.tag === 'head');
    const order = head.children.filter((c): c is Element => c.type === 'element').map((e) => e.tag);
    expect(order.indexOf('meta')).toBeLessThan(order.indexOf('style'));
  });

  it('has a skip link to main, a header, a labelled nav and a footer', () => {
    const { dom } = page(lang);
    const body = one(dom, (e) => e.tag === 'body');
    const first = body.children.find((c): c is Element => c.type === 'element')!;
    expect(first.tag).toBe('a');
    expect(first.attrs.href).toBe('#main');
    expect(one(dom, (e) => e.tag === 'main').attrs.id).toBe('main');
    const nav = one(dom, (e) => e.tag === 'nav');
    const labelId = nav.attrs['aria-labelledby']!;
    expect(visibleText(one(dom, (e) => e.attrs.id === labelId))).toBe(
      fixtureDocument(lang).meta.labels.tableOfContents,
    );
    expect(byTag(dom, 'header')).toHaveLength(1);
    expect(byTag(dom, 'footer')).toHaveLength(1);
    expect(byTag(dom, 'h1')).toHaveLength(1);
  });

  it('builds the table of contents from levels 1–2 and every link resolves', () => {
    const { dom, doc } = page(lang);
    const nav = one(dom, (e) => e.tag === 'nav');
    const hrefs = byTag(nav, 'a').map((a) => a.attrs.href);
    expect(hrefs).toEqual(['#summary', '#goal-1', '#area-1-1', '#goal-2']);
    const ids = new Set(all(dom, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id));
    for (const href of hrefs) expect(ids.has(href!.slice(1))).toBe(true);
    // Nested: area-1-1 sits in a list inside goal-1's item.
    const area = byTag(nav, 'a').find((a) => a.attrs.href === '#area-1-1')!;
    expect(ancestors(area).filter((e) => e.tag === 'ol')).toHaveLength(2);
    expect(byTag(nav, 'a').map(visibleText)).toContain(sections(doc.body)[0]!.title);
  });

  it('gives every section a heading with its id, one level below the page title, and each chapter a link to the same id in the other language', () => {
    const { dom, doc } = page(lang);
    const other = FIXTURE_FILES[doc.meta.alternate.lang];
    for (const s of sections(doc.body)) {
      const h = one(dom, (e) => e.attrs.id === s.id, s.id);
      expect(h.tag).toBe(`h${s.level + 1}`);
      expect(visibleText(h)).toBe(s.title);
      const head = h.parent!;
      // One language switch per chapter, none per lower heading.
      if (s.level > 1) {
        expect(
          all(head, (e) => e.tag === 'a'),
          s.id,
        ).toEqual([]);
        continue;
      }
      const link = one(head, (e) => e.tag === 'a', `language link of ${s.id}`);
      expect(link.attrs.href).toBe(`${other}#${s.id}`);
      expect(link.attrs.hreflang).toBe(doc.meta.alternate.locale);
      expect(visibleText(link)).toContain(s.title);
    }
  });

  it('ids are unique and every internal link resolves', () => {
    const { dom } = page(lang);
    const ids = all(dom, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of all(dom, (e) => e.tag === 'a' && (e.attrs.href ?? '').startsWith('#'))) {
      expect(ids).toContain(a.attrs.href!.slice(1));
    }
    for (const e of all(dom, (e) => e.attrs['aria-labelledby'] !== undefined)) {
      for (const ref of e.attrs['aria-labelledby']!.split(/\s+/)) expect(ids).toContain(ref);
    }
  });

  it('renders a figure: caption, inline SVG, and the data table inside details', () => {
    const { dom, doc } = page(lang);
    const fig = one(dom, (e) => e.tag === 'figure' && e.attrs.id === 'figure-overdose-deaths');
    const figBlock = sections(doc.body)
      .flatMap((s) => s.children)
      .find((b) => b.kind === 'figure')!;
    if (figBlock.kind !== 'figure') throw new Error('no figure');
    expect(visibleText(one(fig, (e) => e.tag === 'figcaption'))).toBe(figBlock.figure.title);
    const svg = one(fig, (e) => e.tag === 'svg');
    expect(svg.attrs.role).toBe('img');
    const details = one(fig, (e) => e.tag === 'details');
    expect(visibleText(one(details, (e) => e.tag === 'summary'))).toBe(doc.meta.labels.dataTable);
    const table = one(details, (e) => e.tag === 'table');
    expect(visibleText(one(table, (e) => e.tag === 'caption'))).toBe(figBlock.figure.table.caption);
    const heads = all(table, (e) => e.tag === 'th' && e.attrs.scope === 'col');
    expect(heads.map(visibleText)).toEqual(figBlock.figure.table.head);
    // Numeric columns are right-aligned (class num); the label column is not.
    expect(heads.map((h) => h.attrs.class === 'num')).toEqual(figBlock.figure.table.numeric);
    const firstRow = byTag(
      one(table, (e) => e.tag === 'tbody'),
      'tr',
    )[0]!;
    const cells = firstRow.children.filter((c): c is Element => c.type === 'element');
    expect(cells.map(visibleText)).toEqual(figBlock.figure.table.rows[0]);
    expect(cells[0]!.tag).toBe('th');
    expect(cells[1]!.attrs.class).toBe('num');
    // The scroll container is focusable and labelled by the caption.
    const scroller = table.parent!;
    expect(scroller.attrs.tabindex).toBe('0');
    expect(scroller.attrs.role).toBe('region');
    expect(scroller.attrs['aria-labelledby']).toBe(one(table, (e) => e.tag === 'caption').attrs.id);
  });

  it('shows status as text, not colour alone', () => {
    const { dom, doc } = page(lang);
    const badges = all(dom, (e) => (e.attrs.class ?? '').split(' ').includes('badge'));
    const statuses = sections(doc.body)
      .flatMap((s) => s.children)
      .filter((b) => b.kind === 'status');
    expect(badges.map(visibleText)).toEqual(statuses.map((s) => (s.kind === 'status' ? s.label : '')));
    expect(badges[0]!.attrs.class).toMatch(/badge--[a-z-]+/);
    const status = badges[0]!.parent!;
    expect(visibleText(status)).toContain(doc.meta.labels.status);
  });

  it('renders citations as a blockquote with its source, and a source alone without one', () => {
    const { dom, doc } = page(lang);
    const quotes = byTag(dom, 'blockquote');
    expect(quotes).toHaveLength(1);
    const cites = byTag(dom, 'cite').map(visibleText);
    expect(cites).toEqual([
      doc.meta.lang === 'en' ? 'Joint Statement, October 8, 2021' : 'Declaración conjunta, 8 de octubre de 2021',
      cites[0],
    ]);
    expect(visibleText(quotes[0]!.parent!)).toContain(doc.meta.labels.source);
  });

  it('renders lists, tiles and inline emphasis and links', () => {
    const { dom } = page(lang);
    expect(all(dom, (e) => e.tag === 'ul' && e.attrs.class === 'list')).toHaveLength(1);
    expect(all(dom, (e) => e.tag === 'ol' && e.attrs.class === 'list')).toHaveLength(1);
    expect(
      byTag(
        one(dom, (e) => e.attrs.class === 'tiles'),
        'li',
      ),
    ).toHaveLength(3);
    expect(byTag(dom, 'em')).toHaveLength(1);
    expect(byTag(dom, 'strong')).toHaveLength(1);
    expect(all(dom, (e) => e.tag === 'a' && e.attrs.href === '#action-7')).toHaveLength(1);
  });

  it('is deterministic', () => {
    expect(page(lang).html).toBe(page(lang).html);
  });
});

describe('renderHtml refuses documents that would break the page', () => {
  const charts = fixtureCharts('en');
  const withBody = (body: Block[]): ReportDocument => ({ ...fixtureDocument('en'), body });

  it('a figure whose chart was not rendered', () => {
    expect(() => renderHtml(fixtureDocument('en'), new Map(), t)).toThrow(/no rendered chart "chart-overdose-deaths"/);
  });

  it('an id that is not an anchor, or used twice', () => {
    const s = (id: string): Block => ({ kind: 'section', id, level: 1, title: 'x', children: [] });
    expect(() => renderHtml(withBody([s('a b')]), charts, t)).toThrow(/not a valid anchor/);
    expect(() => renderHtml(withBody([s('"><x')]), charts, t)).toThrow(/not a valid anchor/);
    expect(() => renderHtml(withBody([s('goal-1'), s('goal-1')]), charts, t)).toThrow(/used twice/);
  });

  it('an alternate that is not a relative file path', () => {
    for (const href of ['javascript:alert(1)', 'https://example.org/x.html', '//example.org/x', 'a b.html']) {
      const doc = fixtureDocument('en');
      expect(() =>
        renderHtml({ ...doc, meta: { ...doc.meta, alternate: { ...doc.meta.alternate, href } } }, charts, t),
      ).toThrow(/relative file path/);
    }
  });

  it('a missing page label', () => {
    const doc = fixtureDocument('en');
    const { dataTable: _, ...labels } = doc.meta.labels;
    expect(() => renderHtml({ ...doc, meta: { ...doc.meta, labels } }, charts, t)).toThrow(/"dataTable"/);
  });
});

describe('inline links', () => {
  it('only same-document fragments become links; anything else stays text', () => {
    const doc = fixtureDocument('en');
    const para: Block = {
      kind: 'paragraph',
      inlines: [
        { text: 'js', link: 'javascript:alert(1)' },
        { text: 'web', link: 'https://example.org/' },
        { text: 'frag', link: '#goal-2' },
        { text: 'ref', ref: 'goal-1' },
      ],
    };
    const html = renderHtml({ ...doc, body: [...doc.body, para] }, fixtureCharts('en'), t);
    const dom = parseHtml(html);
    const p = all(dom, (e) => e.tag === 'p' && visibleText(e) === 'jswebfragref')[0]!;
    expect(byTag(p, 'a').map((a) => [visibleText(a), a.attrs.href])).toEqual([
      ['frag', '#goal-2'],
      ['ref', '#goal-1'],
    ]);
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('example.org');
  });
});
