// Link annotations of the tagged PDF: pdfmake lays a linked phrase out one word at a time, and the
// tagging layer writes one annotation per line of a link (the union of its words), owned by one
// Link element, instead of one per word. Read back with pdf.js (annotations, text positions,
// structure tree) and from the raw objects.

import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderDefinition } from '../../../pipeline/render/pdf/index.js';
import { mark, StructTree } from '../../../pipeline/render/pdf/structure.js';
import { elements, isElem, readPdf, type PdfData, type StructElem } from './read-pdf.js';
import { rawObjects } from './raw-objects.js';

/** Upper-case words are linked, lower-case words are not. */
const WRAPPED = 'ALPHA BRAVO CHARLIE DELTA ECHO FOXTROT GOLF HOTEL INDIA JULIETT KILO LIMA MIKE';

interface Annot {
  page: number;
  dest: string;
  contents: string;
  rect: [number, number, number, number];
}
interface Word {
  page: number;
  str: string;
  x1: number;
  x2: number;
  y: number;
}

let bytes: Buffer;
let data: PdfData;
const annots: Annot[] = [];
const words: Word[] = [];

function definition(): Record<string, unknown> {
  const tree = new StructTree();
  const p = () => tree.add(tree.root, 'P');
  return {
    tagged: true,
    info: { creationDate: new Date('2022-10-14T00:00:00Z') },
    defaultStyle: { fontSize: 11 },
    content: [
      // A narrow column, so that the linked phrase wraps over several lines.
      mark(
        { text: ['before ', { text: WRAPPED, linkToDestination: 'wrapped' }, ' after'], margin: [0, 0, 330, 12] },
        p(),
      ),
      // Two links side by side on one line, to different targets: never merged.
      mark(
        {
          text: [
            'see ',
            { text: 'ONE TWO ', linkToDestination: 'first' },
            { text: 'THREE FOUR', linkToDestination: 'second' },
            ' and more',
          ],
        },
        p(),
      ),
      mark({ text: 'wrapped target', id: 'wrapped', pageBreak: 'before' }, p()),
      mark({ text: 'first target', id: 'first' }, p()),
      mark({ text: 'second target', id: 'second' }, p()),
    ],
  };
}

beforeAll(async () => {
  bytes = await renderDefinition(definition());
  data = await readPdf(bytes);
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      for (const a of (await page.getAnnotations()) as {
        subtype: string;
        dest?: unknown;
        rect: number[];
        contentsObj?: { str: string };
      }[]) {
        if (a.subtype === 'Link')
          annots.push({
            page: n,
            dest: String(a.dest),
            contents: a.contentsObj?.str ?? '',
            rect: a.rect as Annot['rect'],
          });
      }
      const content = await page.getTextContent();
      for (const item of content.items as { str: string; transform: number[]; width: number }[]) {
        // pdf.js may join the words of a line into one item; split it back by advance width share.
        const [x, y] = [item.transform[4]!, item.transform[5]!];
        const parts = item.str.split(/(\s+)/);
        let at = x;
        for (const part of parts) {
          const w = (part.length / Math.max(1, item.str.length)) * item.width;
          if (part.trim()) words.push({ page: n, str: part, x1: at, x2: at + w, y });
          at += w;
        }
      }
    }
  } finally {
    await doc.destroy();
  }
});

const inside = (w: Word, a: Annot, slack = 1) =>
  w.page === a.page &&
  w.x1 >= a.rect[0] - slack &&
  w.x2 <= a.rect[2] + slack &&
  w.y >= a.rect[1] - slack &&
  w.y <= a.rect[3] + slack;
const lines = (ws: Word[]) => [...new Set(ws.map((w) => Math.round(w.y)))];

describe('link annotations', () => {
  it('writes one annotation per line of a wrapped link, covering exactly its words', () => {
    const linked = words.filter((w) => w.page === 1 && WRAPPED.split(' ').includes(w.str));
    expect(linked.map((w) => w.str)).toEqual(WRAPPED.split(' '));
    const rows = lines(linked);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const wrapped = annots.filter((a) => a.dest === 'wrapped');
    expect(wrapped).toHaveLength(rows.length);
    // Every linked word lies in an annotation, and every annotation holds linked words of one line.
    for (const w of linked)
      expect(
        wrapped.some((a) => inside(w, a)),
        w.str,
      ).toBe(true);
    for (const a of wrapped) expect(lines(linked.filter((w) => inside(w, a)))).toHaveLength(1);
    // Plain words are never inside a link.
    for (const w of words.filter((w) => /^[a-z]+$/.test(w.str)))
      expect(
        annots.some((a) => inside(w, a, -0.5)),
        w.str,
      ).toBe(false);
    // Each annotation is described by the linked text of its line, in reading order.
    expect(wrapped.map((a) => a.contents).join(' ')).toBe(WRAPPED);
  });

  it('keeps neighbouring links to different targets apart', () => {
    const first = annots.filter((a) => a.dest === 'first');
    const second = annots.filter((a) => a.dest === 'second');
    expect(first.map((a) => a.contents)).toEqual(['ONE TWO']);
    expect(second.map((a) => a.contents)).toEqual(['THREE FOUR']);
    expect(first[0]!.rect[2]).toBeLessThanOrEqual(second[0]!.rect[0] + 0.01);
    for (const [dest, text] of [
      ['first', 'ONE TWO'],
      ['second', 'THREE FOUR'],
    ] as const) {
      const a = annots.find((x) => x.dest === dest)!;
      for (const w of words.filter((w) => text.split(' ').includes(w.str))) expect(inside(w, a), w.str).toBe(true);
    }
  });

  it('lands every link on its destination', () => {
    expect(annots).toHaveLength(data.links.length);
    for (const l of data.links) expect(data.destinations.has(l.dest), l.dest).toBe(true);
    expect(data.destinations.get('wrapped')).toBe(2);
  });

  it('gives each Link element one annotation (OBJR) per line, and each annotation its Link', () => {
    const page = data.pages[0]!;
    const links = elements(page).filter((e) => e.role === 'Link');
    const objrs = (e: StructElem) =>
      e.children.filter((k) => !isElem(k) && (k.type === 'object' || k.type === 'annotation')).length;
    // One Link element for the wrapped phrase (it stays on one page), one for each of the two others.
    expect(links).toHaveLength(3);
    expect(links.map(objrs)).toEqual([annots.filter((a) => a.dest === 'wrapped').length, 1, 1]);

    const objects = rawObjects(bytes);
    const linkAnnots = objects.filter((o) => /\/Subtype \/Link/.test(o.body));
    expect(linkAnnots).toHaveLength(annots.length);
    const actions = objects.filter((o) => /\/S \/GoTo/.test(o.body));
    expect(actions).toHaveLength(annots.length);
    const parents = new Set<number>();
    for (const a of linkAnnots) {
      expect(a.body).toMatch(/\/Contents [(<]/);
      parents.add(Number(a.body.match(/\/StructParent (\d+)/)![1]));
    }
    expect(parents.size).toBe(linkAnnots.length);
  });
});
