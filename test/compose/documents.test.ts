// Compose on the real data, in the test's own process (no rendering, nothing written): the two
// document trees that both renderers walk. What compose promises the renderers is checked here,
// where a failure names the block: the same ids in both languages, every figure with its
// description and a table whose rows fit its head, every internal link landing, every action and
// goal in its chapter, no message key or template field left in the text.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, Inline, ReportDocument, Table } from '../../pipeline/compose/document.js';
import { reportFileName } from '../../pipeline/core/names.js';
import { LANGS, type Lang } from '../../pipeline/core/types.js';
import { loadProject } from '../publish/helpers.js';

let docs: Record<Lang, ReportDocument>;
let diagnostics: unknown[];
let year: number;

beforeAll(async () => {
  const project = await loadProject();
  year = project.model.year;
  const composed = project.compose();
  diagnostics = composed.diagnostics;
  docs = Object.fromEntries(composed.documents.map((d) => [d.meta.lang, d])) as Record<Lang, ReportDocument>;
}, 60_000);

/** Every block of a tree, depth first, with the ids of the sections above it. */
function blocks(body: Block[]): Block[] {
  return body.flatMap((b) => (b.kind === 'section' ? [b, ...blocks(b.children)] : [b]));
}
const sectionIds = (d: ReportDocument) => blocks(d.body).flatMap((b) => (b.kind === 'section' ? [b.id] : []));
const tables = (d: ReportDocument): Table[] =>
  blocks(d.body).flatMap((b) => (b.kind === 'table' ? [b.table] : b.kind === 'figure' ? [b.figure.table] : []));
function inlines(d: ReportDocument): Inline[] {
  return blocks(d.body).flatMap((b) => {
    switch (b.kind) {
      case 'paragraph':
        return b.inlines;
      case 'list':
        return b.items.flat();
      case 'tiles':
        return b.items.flatMap((i) => i.noteInlines ?? []);
      case 'table':
        return (b.table.richRows ?? []).flat().flatMap((c) => c ?? []);
      case 'citation':
        return [...(b.quoteInlines ?? []), ...(b.original?.inlines ?? [])];
      default:
        return [];
    }
  });
}
/** Every string of a document (titles, texts, cells, labels), for the checks on wording. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === 'chart' ? [] : strings(v)));
  return [];
}

describe('compose on the real data', () => {
  it('composes one document per language, without a diagnostic', () => {
    expect(diagnostics).toEqual([]);
    expect(Object.keys(docs).sort()).toEqual([...LANGS].sort());
    expect(docs.en.meta).toMatchObject({ lang: 'en', locale: 'en-US', year });
    expect(docs.es.meta).toMatchObject({ lang: 'es', locale: 'es-MX', year });
  });

  it('links each edition to the other one by its HTML file name', () => {
    expect(docs.en.meta.alternate).toMatchObject({
      lang: 'es',
      locale: 'es-MX',
      href: reportFileName(year, 'es', 'html'),
    });
    expect(docs.es.meta.alternate).toMatchObject({
      lang: 'en',
      locale: 'en-US',
      href: reportFileName(year, 'en', 'html'),
    });
  });

  it('gives both languages the same section ids, in the same order, each once', () => {
    const en = sectionIds(docs.en);
    expect(sectionIds(docs.es)).toEqual(en);
    expect(new Set(en).size).toBe(en.length);
  });

  it('orders the chapters summary, goals, actions, commitments, method, revisions, annex', () => {
    for (const lang of LANGS) {
      const top = docs[lang].body.map((b) => (b.kind === 'section' ? b.id : b.kind));
      expect(top[0], lang).toBe('summary');
      expect(
        top.filter((id) => /^goal-\d$/.test(id)),
        lang,
      ).toEqual(['goal-1', 'goal-2', 'goal-3']);
      expect(top.at(-1), lang).toBe('annex');
      expect(top.indexOf('goal-3'), lang).toBeLessThan(top.length - 1);
    }
  });

  it('has a section for each of the 13 actions and the framework codes as ids', () => {
    const ids = sectionIds(docs.en);
    for (let n = 1; n <= 13; n++) expect(ids, `action-${n}`).toContain(`action-${n}`);
    for (const id of ids.filter((i) => /^(area|objective)-/.test(i)))
      expect(id).toMatch(/^(area-\d-\d|objective-\d-\d-\d)$/);
  });

  it('gives every figure a description, a title and a table, with ids unique and equal in both languages', () => {
    const figures = (d: ReportDocument) => blocks(d.body).flatMap((b) => (b.kind === 'figure' ? [b.figure] : []));
    expect(figures(docs.en).length).toBeGreaterThanOrEqual(8);
    expect(figures(docs.es).map((f) => f.id)).toEqual(figures(docs.en).map((f) => f.id));
    for (const lang of LANGS) {
      const ids = figures(docs[lang]).map((f) => f.id);
      expect(new Set(ids).size, lang).toBe(ids.length);
      for (const f of figures(docs[lang])) {
        expect(f.alt.trim(), `${lang} ${f.id}`).not.toBe('');
        expect(f.title.trim(), `${lang} ${f.id}`).not.toBe('');
        expect(f.table.rows.length, `${lang} ${f.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('fits every table row to its head, with one alignment per column', () => {
    for (const lang of LANGS) {
      for (const t of tables(docs[lang])) {
        expect(t.numeric, `${lang} ${t.caption}`).toHaveLength(t.head.length);
        for (const row of t.rows) expect(row, `${lang} ${t.caption}`).toHaveLength(t.head.length);
        if (t.rowIds) expect(t.rowIds, `${lang} ${t.caption}`).toHaveLength(t.rows.length);
        if (t.richRows)
          expect(
            t.richRows.map((r) => r.length),
            `${lang} ${t.caption}`,
          ).toEqual(t.rows.map((r) => r.length));
      }
    }
  });

  it('lands every internal link on an id of the same document', () => {
    for (const lang of LANGS) {
      const d = docs[lang];
      const targets = new Set([
        ...sectionIds(d),
        ...blocks(d.body).flatMap((b) => (b.kind === 'figure' ? [b.figure.id] : [])),
        ...tables(d).flatMap((t) => (t.rowIds ?? []).filter((id): id is string => id !== undefined)),
      ]);
      const links = inlines(d).flatMap((i) => (i.link ? [i.link] : []));
      expect(links.length, lang).toBeGreaterThan(20);
      for (const link of links) {
        expect(link, lang).toMatch(/^#/);
        expect(targets, `${lang} ${link}`).toContain(link.slice(1));
      }
    }
  });

  it('leaves no template field, message key or undefined in any text', () => {
    for (const lang of LANGS) {
      for (const s of strings(docs[lang])) {
        expect(s, lang).not.toMatch(/\{\{|\}\}/);
        // "undefined" is a word of the method chapter ("a growth rate is then undefined"); a value that
        // was never set shows up as the whole text, or before a space or at the end of one.
        expect(s, lang).not.toMatch(/\bNaN\b|\[object Object\]|\bundefined(\s|$)/);
      }
    }
  });

  it('prints the cover in each language, with the revision and its date', () => {
    expect(docs.en.cover.lines.join('\n')).toMatch(/Revision \d+/);
    expect(docs.es.cover.lines.join('\n')).toMatch(/Revisión \d+/);
    for (const lang of LANGS) expect(docs[lang].cover.title, lang).toContain(String(year));
  });
});
