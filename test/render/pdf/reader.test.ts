// The report as a reader meets it (issue 17), on the real build in both languages: no page ends in
// a heading or a line that introduces what follows; every link annotation is described by its
// link's whole text (a page number by its heading's title), never by pdfmake's "00000"
// placeholder or one line of a wrapped link; in the Spanish edition, quoted English sentences are
// given in Spanish and their originals are marked as English (/Lang in the PDF, lang in the HTML),
// so that outside those originals English words are rare.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, ROOT, runCli, YEAR } from '../../helpers/cli.js';
import { defaultBuild } from '../../helpers/report.js';
import { composeData, scratchRoot } from '../../fixtures/cli-bad/project.js';
import { all, parseHtml, text, type Element, type Node } from '../html/dom.js';
import { isElem, readPdf, squash, type PageData, type PdfData, type StructElem } from './read-pdf.js';

const LANGS = ['en', 'es'] as const;
type Lang = (typeof LANGS)[number];

const pdf = {} as Record<Lang, PdfData>;
const html = {} as Record<Lang, Element>;
let outDir = '';

beforeAll(async () => {
  const r = await defaultBuild(); // the run's default build (test/helpers/default-build.ts)
  expect(r.status, r.stderr).toBe(0);
  outDir = r.out;
  for (const lang of LANGS) {
    pdf[lang] = await readPdf(readFileSync(join(outDir, `hlsd-report-${YEAR}-${lang}.pdf`)));
    html[lang] = parseHtml(readFileSync(join(outDir, `hlsd-report-${YEAR}-${lang}.html`), 'utf8'));
  }
}, 180_000);

/** The blocks of a page that hold text, in reading (structure-tree) order, with their language. */
function blocks(page: PageData): { role: string; text: string; lang: string | undefined }[] {
  const out: { role: string; text: string; lang: string | undefined }[] = [];
  const walk = (e: StructElem, lang: string | undefined) => {
    const own = e.lang ?? lang;
    let mine = '';
    for (const k of e.children) {
      if (isElem(k)) walk(k, own);
      else if (k.type === 'content') mine += page.spans.get(k.id) ?? '';
    }
    if (mine.trim() !== '') out.push({ role: e.role, text: squash(mine), lang: own });
  };
  if (page.tree) walk(page.tree, undefined);
  return out;
}

/** Words of a text (letters, apostrophes). */
const words = (s: string) => s.match(/[\p{L}']+/gu) ?? [];

/** English function words that are not also Spanish words. */
const ENGLISH = new Set([
  'the',
  'of',
  'and',
  'to',
  'in',
  'is',
  'was',
  'were',
  'with',
  'for',
  'by',
  'on',
  'that',
  'this',
  'from',
  'have',
  'has',
  'are',
  'be',
  'at',
  'an',
  'or',
  'it',
  'its',
  'their',
  'our',
  'we',
  'over',
  'more',
  'than',
  'which',
  'into',
  'been',
  'each',
  'last',
  'year',
]);

function englishShare(text: string): { words: number; english: string[] } {
  const all = words(text);
  return { words: all.length, english: all.filter((w) => ENGLISH.has(w.toLowerCase())) };
}

describe.each(LANGS)('%s: pages that hold together', (lang) => {
  it('never ends a page with a heading or an introducing line', () => {
    const data = pdf[lang];
    const endings = data.pages.slice(0, -1).map((page) => ({ page: page.number, last: blocks(page).at(-1) }));
    expect(endings.length).toBeGreaterThan(20);
    const bad = endings.filter(({ last }) => last && (/^H\d$/.test(last.role) || /:$/.test(last.text)));
    expect(bad.map((b) => `p. ${b.page}: ${b.last!.role} "${b.last!.text}"`)).toEqual([]);
  });
});

describe.each(LANGS)('%s: glossary', (lang) => {
  it('lists exactly the acronyms the rest of the report uses', () => {
    const glossary = all(
      html[lang],
      (e) =>
        e.tag === 'section' &&
        all(e, (h) => h.attrs.id === 'glossary').length > 0 &&
        /^h\d$/.test(all(e, (h) => h.attrs.id === 'glossary')[0]!.tag),
    ).at(-1)!;
    const listed = all(glossary, (e) => e.tag === 'th' && e.attrs.scope === 'row').map((th) => squash(text(th)));
    expect(listed.length).toBeGreaterThan(8);
    // (Open SDG is a platform's name, not the acronym.)
    const rest = textOutside(all(html[lang], (e) => e.tag === 'body')[0]!, (e) => e === glossary).replace(
      /Open SDG/g,
      'Open',
    );
    const used = new Set(rest.match(/(?<![\p{L}\p{N}])\p{Lu}{2,7}(?![\p{L}\p{N}])/gu) ?? []);
    for (const a of listed) expect(used.has(a), `${a} is in the glossary but not in the text`).toBe(true);
    // Capitals that are not acronyms: a variable of the method, words of an English title.
    // (VC, IHR and PSRC are the parts of a World Bank indicator code, VC.IHR.PSRC.P5; II and HOJA
    // are words of the registered statements' titles in the methodology's source list, "Phase II",
    // "HOJA INFORMATIVA".)
    const NOT_ACRONYMS = new Set(['EE', 'UU', 'CR', 'FACT', 'SHEET', 'EN', 'ES', 'VC', 'IHR', 'PSRC', 'II', 'HOJA']);
    const missing = [...used].filter((a) => !NOT_ACRONYMS.has(a) && !listed.includes(a));
    expect(missing, listed.join(' ')).toEqual([]);
  });
});

describe.skipIf(!hasTool('pdftotext')).each(LANGS)('%s: pages that are not left empty', (lang) => {
  it('fills every page to at least 40 %, except the last page before a chapter opens', () => {
    // Where the lowest line of text sits on each page (pdftotext -bbox), between the running header
    // and the footer (letter paper: text from 72 pt to 728 pt).
    const bbox = spawnSync('pdftotext', ['-bbox', join(outDir, `hlsd-report-${YEAR}-${lang}.pdf`), '-'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).stdout;
    const fill = bbox
      .split('<page ')
      .slice(1)
      .map((page) => {
        const bottoms = [...page.matchAll(/yMax="([\d.]+)"/g)]
          .map((m) => Number(m[1]))
          .filter((y) => y > 72 && y < 725);
        return bottoms.length === 0 ? 0 : (Math.max(...bottoms) - 72) / (728 - 72);
      });
    expect(fill).toHaveLength(pdf[lang].pages.length);
    // Chapters open with an H1 at the top of a page.
    const opens = new Set(pdf[lang].pages.filter((p) => blocks(p)[0]?.role === 'H1').map((p) => p.number));
    const empty = fill
      .map((f, i) => ({ page: i + 1, f }))
      .filter(({ page, f }) => f < 0.4 && page < fill.length && !opens.has(page + 1));
    expect(empty.map(({ page, f }) => `p. ${page}: ${Math.round(f * 100)} %`)).toEqual([]);
  });
});

describe.each(LANGS)('%s: link descriptions', (lang) => {
  it('describes every link annotation by its whole link text, a page number by its heading', () => {
    const links = pdf[lang].links;
    expect(links.length).toBeGreaterThan(100);
    expect(
      links
        .filter((l) => /^\d+$/.test(l.contents.trim()) || l.contents.trim() === '')
        .map((l) => `p. ${l.page} → ${l.dest}`),
    ).toEqual([]);
    // The HTML has one <a href="#dest"> per link of the same tree, with the whole text.
    const texts = new Map<string, Set<string>>();
    for (const a of all(html[lang], (e) => e.tag === 'a' && (e.attrs.href ?? '').startsWith('#'))) {
      const dest = a.attrs.href!.slice(1);
      texts.set(dest, (texts.get(dest) ?? new Set()).add(squash(text(a))));
    }
    const fragments = links.filter((l) => !texts.get(l.dest)?.has(squash(l.contents)));
    expect(
      fragments.map((l) => `p. ${l.page} → ${l.dest}: "${l.contents}" (${[...(texts.get(l.dest) ?? [])].join(' | ')})`),
    ).toEqual([]);
    // A link that wraps: every annotation of it says the same whole text.
    // The table of contents: title and page number both say the heading's title.
    const headings = new Map(
      all(html[lang], (e) => /^h[2-5]$/.test(e.tag) && e.attrs.id !== undefined).map((h) => [
        h.attrs.id!,
        squash(text(h)),
      ]),
    );
    const toc = links.filter((l) => l.page <= 3 && headings.has(l.dest));
    expect(toc.length).toBeGreaterThan(80);
    for (const l of toc) expect(squash(l.contents), l.dest).toBe(headings.get(l.dest));
  });

  it('tags the cover title as the first heading, H1', () => {
    const first = pdf[lang].pages[0]!;
    const h = blocks(first).find((b) => /^H\d$/.test(b.role));
    expect(h?.role).toBe('H1');
    expect(h?.text).toBe(squash(text(all(html[lang], (e) => e.tag === 'h1')[0]!)));
  });
});

describe('es: quotations in the reader’s language', () => {
  it('gives each English quote in Spanish, marked as an unofficial translation, beside its original marked /Lang en-US', () => {
    const all = pdf.es.pages.flatMap((p) => blocks(p));
    const originals = all.filter((b) => b.lang === 'en-US');
    // 14 quoted sentences in the body and the annex, plus the benchmark decision and source titles.
    expect(originals.length).toBeGreaterThanOrEqual(14);
    for (const o of originals.filter((x) => words(x.text).length >= 12))
      expect(englishShare(o.text).english.length, o.text).toBeGreaterThan(0);
    const translations = all.filter((b) => b.text.includes('traducción no oficial'));
    expect(translations.length).toBeGreaterThanOrEqual(15);
    expect(all.some((b) => b.text.includes('texto original en inglés'))).toBe(false);
    expect(all.find((b) => b.text.includes('Casi 108,000 personas murieron por sobredosis'))?.text).toContain(
      'Frase citada (traducción no oficial)',
    );
  });

  it('has, outside the marked originals, under 1 % English function words (PDF and HTML)', () => {
    const pdfText = pdf.es.pages
      .flatMap((p) => blocks(p))
      .filter((b) => b.lang !== 'en-US')
      .map((b) => b.text)
      .join('\n');
    const p = englishShare(pdfText);
    expect(p.words).toBeGreaterThan(5000);
    expect(p.english.length / p.words, p.english.join(' ')).toBeLessThan(0.01);
    const body = all(html.es, (e) => e.tag === 'body')[0]!;
    const h = englishShare(textOutside(body, (e) => (e.attrs.lang ?? '').startsWith('en')));
    expect(h.words).toBeGreaterThan(5000);
    expect(h.english.length / h.words, h.english.join(' ')).toBeLessThan(0.01);
  });

  it('marks the English originals lang="en-US" in the HTML, each after its Spanish rendering', () => {
    const spans = all(html.es, (e) => e.tag === 'span' && e.attrs.lang === 'en-US');
    expect(spans.length).toBeGreaterThanOrEqual(14);
    // The original may be split around its marked value ("Nearly <mark>108,000</mark> people…"): every piece is marked.
    const quote = spans.find((s) => text(s).includes('people died of drug overdoses'));
    expect(quote).toBeDefined();
    // Each quote is printed once, in the annex entry of its first figure: the Spanish rendering, then the original.
    const entry = all(html.es, (e) => e.tag === 'td').find((b) => text(b).includes('Nearly 108,000 people'))!;
    expect(squash(text(entry))).toMatch(
      /Frase citada \(traducción no oficial\): “Casi 108,000 personas murieron.*Nearly 108,000 people/,
    );
  });
});

describe('a quote without its translation', () => {
  it('stops the build, naming the Spanish quotes catalogue and the sentence', () => {
    const root = scratchRoot('hlsd-no-translation-');
    try {
      composeData(root, 'data', join(ROOT, 'data'));
      const file = join(root, 'templates/i18n/es/quotes.json');
      const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const key = Object.keys(messages).find((k) => k.startsWith('quote:Nearly 108,000'))!;
      delete messages[key];
      writeFileSync(file, JSON.stringify(messages, null, 2));
      const r = runCli(['build', '--data', 'data', '--out', 'out'], { cwd: root });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('templates/i18n/es/quotes.json');
      expect(r.stderr).toContain('i18n/missing');
      expect(r.stderr).toContain('Nearly 108,000 people died of drug overdoses');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('en: quotations stay as written', () => {
  it('prints the English quotes without translation or language marks', () => {
    expect(pdf.en.pages.flatMap((p) => blocks(p)).filter((b) => b.lang && b.lang !== 'en-US')).toEqual([]);
    expect(all(html.en, (e) => e.tag === 'span' && e.attrs.lang !== undefined)).toEqual([]);
  });
});

function textOutside(node: Node, skip: (e: Element) => boolean): string {
  if (node.type === 'text') return node.text;
  if (skip(node) || node.tag === 'script' || node.tag === 'style' || node.tag === 'svg') return ' ';
  return node.children
    .map((c) => textOutside(c, skip))
    .join(/^(p|li|td|th|h\d|div|caption|figcaption|blockquote)$/.test(node.tag) ? ' ' : '');
}
