// The tagging layer on the hand-built fixture documents (every block kind, both languages), plus a
// long table with row ids, an ordered list and a draft watermark: the structure tree read back with
// pdf.js, and the few attributes pdf.js does not expose read from the raw objects.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, ReportDocument } from '../../../pipeline/compose/document.js';
import type { Lang } from '../../../pipeline/core/types.js';
import { renderDefinition, renderPdf } from '../../../pipeline/render/pdf/index.js';
import { artifact, mark, StructTree } from '../../../pipeline/render/pdf/structure.js';
import { inlineRuns, TaggingError } from '../../../pipeline/render/pdf/tagging.js';
import { fixtureCharts, fixtureDocument } from '../../fixtures/document.js';
import {
  elements,
  elemText,
  isElem,
  readPdf,
  reachableIds,
  squash,
  type PdfData,
  type StructElem,
} from './read-pdf.js';
import { rawObjects, structElements } from './raw-objects.js';

const LABELS: Record<Lang, Record<string, string>> = {
  en: { contents: 'Contents', page: 'Page {page} of {pages}', draft: 'DRAFT' },
  es: { contents: 'Contenido', page: 'Página {page} de {pages}', draft: 'BORRADOR' },
};

const ROWS = 70;

/** The fixture document plus what it lacks: a table long enough to break, row ids, an ordered list. */
function document(lang: Lang): ReportDocument {
  const doc = fixtureDocument(lang);
  const annex: Block = {
    kind: 'section',
    id: 'annex',
    level: 1,
    title: lang === 'en' ? 'Annex' : 'Anexo',
    pageBreak: true,
    children: [
      {
        kind: 'list',
        ordered: true,
        items: [
          [
            { text: lang === 'en' ? 'See ' : 'Véase ' },
            { text: lang === 'en' ? 'entry 42' : 'la entrada 42', link: '#entry-42' },
          ],
          [{ text: 'B' }],
        ],
      },
      {
        kind: 'paragraph',
        style: 'quote',
        inlines: [{ text: lang === 'en' ? 'A quoted paragraph.' : 'Un párrafo citado.' }],
      },
      {
        kind: 'table',
        table: {
          caption: lang === 'en' ? 'Entries' : 'Entradas',
          head: ['No.', lang === 'en' ? 'Entry' : 'Entrada'],
          rows: Array.from({ length: ROWS }, (_, i) => [
            `[${i + 1}]`,
            `${lang === 'en' ? 'Entry' : 'Entrada'} ${i + 1}`,
          ]),
          numeric: [false, false],
          rowIds: Array.from({ length: ROWS }, (_, i) => `entry-${i + 1}`),
        },
      },
    ],
  };
  return { ...doc, meta: { ...doc.meta, labels: { ...doc.meta.labels, ...LABELS[lang] } }, body: [...doc.body, annex] };
}

/** (level, title) of every section of the tree, in document order. */
function sections(blocks: readonly Block[]): { level: number; title: string }[] {
  return blocks.flatMap((b) =>
    b.kind === 'section' ? [{ level: b.level, title: b.title }, ...sections(b.children)] : [],
  );
}

const pdfs = {} as Record<Lang, { bytes: Buffer; data: PdfData; doc: ReportDocument }>;

beforeAll(async () => {
  for (const lang of ['en', 'es'] as const) {
    const doc = document(lang);
    const bytes = await renderPdf(doc, fixtureCharts(lang), { paper: 'letter', draft: lang === 'es' });
    pdfs[lang] = { bytes, data: await readPdf(bytes), doc };
  }
});

/** Elements of a role that have marked content on their page, with that text. */
function tagged(data: PdfData, role: string): { page: number; elem: StructElem; text: string }[] {
  return data.pages.flatMap((page) =>
    elements(page)
      .filter((e) => e.role === role)
      .map((elem) => ({ page: page.number, elem, text: squash(elemText(elem, page)) }))
      .filter((e) => e.text !== '' || e.elem.children.length > 0),
  );
}

describe.each(['en', 'es'] as const)('the tagged fixture PDF (%s)', (lang) => {
  it('has headings H1–H4 in document order, the cover title (H1) and "Contents" first, matching the outline', () => {
    const { data, doc } = pdfs[lang];
    const headings = data.pages.flatMap((page) =>
      elements(page)
        .filter((e) => /^H[1-6]$/.test(e.role))
        .map((e) => ({ level: Number(e.role.slice(1)), title: squash(elemText(e, page)) }))
        .filter((h) => h.title !== ''),
    );
    expect(headings).toEqual([
      { level: 1, title: squash(doc.cover.title) },
      { level: 1, title: LABELS[lang].contents },
      ...sections(doc.body),
    ]);
    expect(data.outline.map((o) => ({ level: o.depth, title: o.title }))).toEqual(headings);
  });

  it('makes the chart a Figure whose alt text is the figure description, in the document language', () => {
    const { data, doc } = pdfs[lang];
    const figures = tagged(data, 'Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]!.elem.alt).toBe(
      fixtureCharts(lang)
        .values()
        .next()
        .value!.svg.match(/<desc[^>]*>([^<]*)</)![1],
    );
    expect(figures[0]!.elem.lang).toBe(doc.meta.locale);
  });

  it('tags tables as Table > Caption, TR > TH (column scope), then rows that start with a row header', () => {
    const { data, bytes } = pdfs[lang];
    const tables = tagged(data, 'Table').filter((t) => {
      const caption = t.elem.children.find((k): k is StructElem => isElem(k) && k.role === 'Caption');
      return caption && caption.children.length > 0;
    });
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const t of tables) {
      const rows = t.elem.children.filter((k): k is StructElem => isElem(k) && k.role === 'TR');
      expect(rows[0]!.children.every((k) => isElem(k) && k.role === 'TH')).toBe(true);
      // Every table of the fixture has a text first column: it labels the row, like <th scope="row">.
      for (const row of rows.slice(1))
        expect(row.children.map((k) => (isElem(k) ? k.role : k.type))).toEqual([
          'TH',
          ...row.children.slice(1).map(() => 'TD'),
        ]);
    }
    const scopes = structElements(rawObjects(bytes), 'TH').map((o) => o.body.match(/\/Scope \/(\w+)/)?.[1]);
    expect(new Set(scopes)).toEqual(new Set(['Column', 'Row']));
  });

  it('repeats the header row of a long table as an artifact, and lands row links on their row', () => {
    const { data } = pdfs[lang];
    const entry = lang === 'en' ? 'Entry' : 'Entrada';
    const first = data.pages.find((p) => p.text.includes('[1]'))!;
    const last = data.pages.find((p) => p.text.includes(`[${ROWS}]`))!;
    expect(last.number).toBeGreaterThan(first.number);
    expect(squash(first.artifactText.join(' '))).not.toContain(`No. ${entry}`);
    expect(squash(last.artifactText.join(' '))).toContain(`No. ${entry}`);
    expect(tagged(data, 'TH').filter((t) => t.text === entry)).toHaveLength(1);
    // The list item links to row 42; its destination exists and the link is a Link element.
    expect(data.destinations.get('entry-42')).toBe(data.pages.find((p) => p.text.includes('[42]'))!.number);
    expect(data.links.some((l) => l.dest === 'entry-42')).toBe(true);
    expect(tagged(data, 'Link').some((l) => l.text === (lang === 'en' ? 'entry 42' : 'la entrada 42'))).toBe(true);
  });

  it('tags an ordered list as L > LI > Lbl + LBody, with the number in Lbl and ListNumbering', () => {
    const { data, bytes } = pdfs[lang];
    const ordered = tagged(data, 'L').filter((l) =>
      l.elem.children.some((li) => isElem(li) && li.children.some((k) => isElem(k) && k.role === 'Lbl')),
    );
    // The fixture's own ordered list and the annex's.
    expect(ordered).toHaveLength(2);
    for (const list of ordered) {
      const page = data.pages.find((p) => p.number === list.page)!;
      const items = list.elem.children as StructElem[];
      expect(items.map((li) => li.children.map((k) => (isElem(k) ? k.role : k.type)))).toEqual([
        ['Lbl', 'LBody'],
        ['Lbl', 'LBody'],
      ]);
      expect(items.map((li) => squash(elemText(li.children[0] as StructElem, page)))).toEqual(['1.', '2.']);
      expect(squash(elemText(items[1]!.children[1] as StructElem, page))).toBe('B');
    }
    const lists = structElements(rawObjects(bytes), 'L').map((o) => o.body.match(/\/ListNumbering \/(\w+)/)?.[1]);
    expect(lists).toContain('Decimal');
    expect(lists).toContain('Disc');
  });

  it('puts link text and its annotations in Link elements, each annotation with Contents', () => {
    const { data, bytes } = pdfs[lang];
    const links = tagged(data, 'Link');
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l.text).not.toBe('');
      expect(l.elem.children.some((k) => !isElem(k) && k.type === 'object')).toBe(true);
    }
    const annots = rawObjects(bytes).filter((o) => /\/Subtype \/Link/.test(o.body));
    expect(annots.length).toBeGreaterThan(0);
    for (const a of annots) {
      expect(a.body).toMatch(/\/StructParent \d+/);
      expect(a.body).toMatch(/\/Contents [(<]/);
    }
  });

  it('tags every piece of text or marks it as an artifact, never both, in reading order', () => {
    const { data } = pdfs[lang];
    for (const page of data.pages) {
      expect(page.untaggedText.join('').trim(), `page ${page.number}`).toBe('');
      expect(page.mixed, `page ${page.number}`).toEqual([]);
      const reachable = reachableIds(page);
      for (const [id, text] of page.spans)
        if (text.trim()) expect(reachable.has(id), `page ${page.number}: "${text}"`).toBe(true);
    }
  });

  it('keeps page furniture and the watermark out of the structure tree', () => {
    const { data, doc } = pdfs[lang];
    const footer = (n: number) =>
      LABELS[lang].page!.replace('{page}', String(n)).replace('{pages}', String(data.pages.length));
    for (const page of data.pages.slice(1)) {
      const artifacts = squash(page.artifactText.join(' '));
      expect(artifacts).toContain(footer(page.number));
      const tree = page.tree
        ? squash(
            elements(page)
              .map((e) =>
                e.children.map((k) => (!isElem(k) && k.type === 'content' ? page.spans.get(k.id) : '')).join(' '),
              )
              .join(' '),
          )
        : '';
      expect(tree).not.toContain(footer(page.number));
      if (page.number > 2) expect(artifacts).toContain(doc.meta.shortTitle);
      if (lang === 'es') expect(artifacts).toContain(LABELS.es.draft);
    }
  });

  it('declares the language, the title, PDF/UA and marked content at document level', () => {
    const { data, bytes, doc } = pdfs[lang];
    expect(data.info.Language).toBe(doc.meta.locale);
    expect(data.info.Title).toBe(doc.meta.title);
    expect(data.info.PDFFormatVersion).toBe('1.7');
    expect(data.markInfo?.Marked).toBe(true);
    expect(data.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(data.xmp).toContain(`<rdf:li xml:lang="x-default">${doc.meta.title}</rdf:li>`);
    const catalog = rawObjects(bytes).find((o) => /\/Type \/Catalog/.test(o.body))!;
    expect(catalog.body).toMatch(/\/StructTreeRoot \d+ 0 R/);
    const prefs = catalog.body.match(/\/ViewerPreferences (\d+) 0 R/)![1];
    expect(rawObjects(bytes).find((o) => o.id === Number(prefs))!.body).toMatch(/\/DisplayDocTitle true/);
    for (const page of rawObjects(bytes).filter((o) => /\/Type \/Page\n/.test(o.body)))
      expect(page.body).toMatch(/\/Tabs \/S/);
  });
});

describe('the tagging layer', () => {
  it('writes the same bytes twice', async () => {
    const doc = document('en');
    const a = await renderPdf(doc, fixtureCharts('en'), { paper: 'a4', draft: false });
    const b = await renderPdf(doc, fixtureCharts('en'), { paper: 'a4', draft: false });
    expect(a.equals(b)).toBe(true);
  });

  it('leaves untagged documents alone: marks are ignored without `tagged`', async () => {
    const tree = new StructTree();
    const content = () => [mark({ text: 'Heading', style: 'h' }, tree.add(tree.root, 'H1')), { text: 'Body text.' }];
    const base = { info: { creationDate: new Date('2022-10-14T00:00:00Z') }, styles: { h: { fontSize: 16 } } };
    const withMarks = await renderDefinition({ ...base, content: content() });
    const without = await renderDefinition({
      ...base,
      content: [{ text: 'Heading', style: 'h' }, { text: 'Body text.' }],
    });
    expect(withMarks.equals(without)).toBe(true);
    expect(Buffer.from(withMarks).toString('latin1')).not.toMatch(/StructTreeRoot|BDC/);
  });

  it('refuses to draw a line that has no structure mark in a tagged document', async () => {
    const tree = new StructTree();
    const definition = {
      tagged: true,
      content: [mark({ text: 'Marked' }, tree.add(tree.root, 'P')), { text: 'Not marked' }],
    };
    await expect(renderDefinition(definition)).rejects.toThrow(TaggingError);
    await expect(
      renderDefinition({
        tagged: true,
        content: [mark({ text: 'Marked' }, tree.add(tree.root, 'P')), mark({ text: 'Furniture' }, artifact('Layout'))],
      }),
    ).resolves.toBeInstanceOf(Buffer);
  });

  it('groups inlines into runs of plain text and of one link target', () => {
    expect(
      inlineRuns([
        { text: 'a ' },
        { text: 'b ' },
        { text: 'c ', linkToDestination: 'x' },
        { text: 'd ', linkToDestination: 'x' },
        { text: 'e', linkToDestination: 'y' },
        { text: '.' },
      ]),
    ).toEqual([
      { link: false, from: 0, to: 2 },
      { link: true, from: 2, to: 4 },
      { link: true, from: 4, to: 5 },
      { link: false, from: 5, to: 6 },
    ]);
    expect(inlineRuns([])).toEqual([]);
  });
});
