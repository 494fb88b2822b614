// #25, what a reader of the built 2024 report gets: pages that hold together in both PDFs, Spanish
// without the slips the issue lists, a link to every dataset's address in both PDFs and both HTML
// pages, and HTML that a phone (375 px, Chromium) reads without scrolling sideways.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { hasTool, pdfText, runCli, scratchProject } from '../helpers/cli.js';
import { isElem, readPdf, type PageData, type PdfData, type StructElem } from '../render/pdf/read-pdf.js';

const YEAR = 2024;
const LANGS = ['en', 'es'] as const;
type Lang = (typeof LANGS)[number];
const CAVEAT: Record<Lang, RegExp> = { en: /^Caveat:/, es: /^(Nota|Salvedad|Advertencia):/ };
const MONTHS_ES = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';

let out: string;
const pdf = {} as Record<Lang, { data: PdfData; urls: string[]; text: string }>;

/** The tagged text of a page in reading order: each piece with the role of the element that holds it (a Link's parent). */
function flow(page: PageData): { role: string; text: string }[] {
  const pieces: { role: string; text: string }[] = [];
  const walk = (e: StructElem, role: string) => {
    const own = e.role === 'Link' || e.role === 'Span' ? role : e.role;
    for (const k of e.children) {
      if (isElem(k)) walk(k, own);
      else if (k.type === 'content') {
        const text = (page.spans.get(k.id) ?? '').trim();
        if (text) pieces.push({ role: own, text });
      }
    }
  };
  if (page.tree) walk(page.tree, 'Document');
  // Consecutive pieces of one element join: a paragraph is one piece.
  const joined: { role: string; text: string }[] = [];
  for (const p of pieces) {
    const last = joined[joined.length - 1];
    if (last && last.role === p.role) last.text += ` ${p.text}`;
    else joined.push({ ...p });
  }
  return joined;
}

async function externalLinks(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  const urls: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      for (const a of (await (await doc.getPage(n)).getAnnotations()) as { subtype: string; url?: string }[])
        if (a.subtype === 'Link' && a.url) urls.push(a.url);
    }
  } finally {
    await doc.destroy();
  }
  return urls;
}

/** Every catalogue message of a language (all files of templates/i18n/<lang>/). */
function catalogue(lang: Lang): Record<string, string> {
  const dir = new URL(`../../templates/i18n/${lang}/`, import.meta.url);
  return Object.assign(
    {},
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'))),
  );
}

/** The dataset sources' addresses (data/sources.csv, kind dataset, url). */
function datasetUrls(): string[] {
  const csv = readFileSync(new URL('../../data/sources.csv', import.meta.url), 'utf8');
  return [...new Set([...csv.matchAll(/^[^,\n]+,dataset,.*?,(https:\/\/[^,\s]+),/gm)].map((m) => m[1]!))];
}

describe.skipIf(!hasTool('pdftotext'))(`the ${YEAR} report as a reader gets it`, () => {
  beforeAll(async () => {
    const dir = scratchProject();
    const r = runCli(['build', '--year', String(YEAR)], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    out = join(dir, `out/${YEAR}`);
    for (const lang of LANGS) {
      const path = join(out, `hlsd-report-${YEAR}-${lang}.pdf`);
      const bytes = readFileSync(path);
      pdf[lang] = { data: await readPdf(bytes), urls: await externalLinks(bytes), text: pdfText(path, false) };
    }
  }, 240_000);

  it('knows the dataset addresses it looks for', () => {
    expect(datasetUrls().length).toBeGreaterThanOrEqual(5);
  });

  describe.each(LANGS)('%s PDF', (lang) => {
    it('has at most one page with less than a fifth of a median page’s text', () => {
      const lengths = pdf[lang].data.pages.map((p) =>
        flow(p).reduce((n, x) => n + x.text.replace(/\s/g, '').length, 0),
      );
      const median = [...lengths].sort((a, b) => a - b)[Math.floor(lengths.length / 2)]!;
      const short = lengths.map((n, i) => ({ page: i + 1, n })).filter((p) => p.n < median / 5);
      expect(short.length, JSON.stringify(short)).toBeLessThanOrEqual(1);
    });

    it('ends no page on a heading', () => {
      const ending = pdf[lang].data.pages
        .map((p) => ({ page: p.number, last: flow(p).at(-1) }))
        .filter((p) => p.last && /^H[1-6]$/.test(p.last.role));
      expect(ending).toEqual([]);
    });

    it('opens no page on a citation line or a caveat', () => {
      const opening = pdf[lang].data.pages
        .map((p) => ({ page: p.number, first: flow(p)[0]?.text ?? '' }))
        .filter((p) => p.first.startsWith('—') || CAVEAT[lang].test(p.first));
      expect(opening).toEqual([]);
    });

    it('links every dataset’s address', () => {
      for (const url of datasetUrls()) expect(pdf[lang].urls, url).toContain(url);
    });

    it('prints the overview of goals and actions on one page, with its legend', () => {
      const cat = catalogue(lang);
      const caption = cat['scorecard.caption']!.replace('{{year}}', String(YEAR));
      const pages = pdf[lang].data.pages.map((p) =>
        flow(p)
          .map((x) => x.text)
          .join(' '),
      );
      const at = pages.findIndex((t) => t.includes(caption));
      expect(at, caption).toBeGreaterThan(0);
      const page = pages[at]!;
      // Every goal and all 13 actions, and the legend's last entry, on that one page.
      for (let n = 1; n <= 13; n++)
        expect(page, `action ${n}`).toContain(`${cat['action.number']!.replace('{{number}}', String(n))}:`);
      for (let n = 1; n <= 3; n++)
        expect(page, `goal ${n}`).toContain(cat['goal.short']!.replace('{{number}}', String(n)).split('{{title}}')[0]!);
      expect(page).toContain(cat['legend.columnsTerm']!);
      expect(page).toContain(cat['legend.provisionalTerm']!);
    });

    it('opens with key messages for each goal', () => {
      const cat = catalogue(lang);
      const text = pdf[lang].data.pages
        .slice(0, 8)
        .map((p) =>
          flow(p)
            .map((x) => `${x.role}: ${x.text}`)
            .join('\n'),
        )
        .join('\n');
      // The section's heading, not its line in the table of contents.
      const start = text.indexOf(`H2: ${cat['summary.keyMessages']!}`);
      const end = text.indexOf(`H2: ${cat['summary.keyFigures']!}`, start);
      expect(start).toBeGreaterThan(0);
      const messages = text.slice(start, end);
      for (let n = 1; n <= 3; n++)
        expect(messages, `goal ${n}`).toContain(
          cat['goal.short']!.replace('{{number}}', String(n)).split('{{title}}')[0]!,
        );
      // At least two messages a goal: what moved (or that nothing rates it) and what the milestones report.
      expect((messages.match(/^(LBody|LI|P): /gm) ?? []).length).toBeGreaterThanOrEqual(6);
    });
  });

  it('Spanish PDF: no "de el", no "el <mes> de"', () => {
    const text = pdf.es.text.replace(/\s+/g, ' ');
    expect(text.match(/(?<![\p{L}\p{N}])de el(?![\p{L}\p{N}])/giu) ?? []).toEqual([]);
    expect(text.match(new RegExp(`(?<![\\p{L}\\p{N}])el (?:${MONTHS_ES}) de`, 'giu')) ?? []).toEqual([]);
  });

  it('both HTML pages link every dataset’s address', () => {
    for (const lang of LANGS) {
      const html = readFileSync(join(out, `hlsd-report-${YEAR}-${lang}.html`), 'utf8');
      for (const url of datasetUrls()) expect(html, `${lang} ${url}`).toContain(`<a href="${url}"`);
    }
  });

  describe.skipIf(chromiumMissing() !== null)('HTML at 375 px in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it.each(LANGS)(
      '%s: no sideways scrolling, charts within the screen, at most a quarter of the tables scrolling',
      async (lang) => {
        const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
        const page = await context.newPage();
        await page.goto(pathToFileURL(join(out, `hlsd-report-${YEAR}-${lang}.html`)).href, { waitUntil: 'load' });
        // Data tables open, as a reader who taps "data table" sees them.
        await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        const r = await page.evaluate(() => {
          const scrolls = (el: Element | null): boolean => {
            for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
              const s = getComputedStyle(e);
              if (/(auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1) return true;
            }
            return false;
          };
          const charts = [...document.querySelectorAll('svg.chart')];
          const tables = [...document.querySelectorAll('table')];
          return {
            page: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth },
            charts: charts.length,
            wideCharts: charts
              .filter((c) => c.getBoundingClientRect().width > 375 || c.getBoundingClientRect().right > 375 + 1)
              .map((c) => c.getAttribute('class')),
            scrollingCharts: charts.filter((c) => scrolls(c)).map((c) => c.getAttribute('class')),
            tables: tables.length,
            scrollingTables: tables
              .filter((t) => scrolls(t) || t.getBoundingClientRect().right > 375 + 1)
              .map((t) => t.id),
          };
        });
        await context.close();
        expect(r.page.scroll).toBeLessThanOrEqual(r.page.client);
        expect(r.charts).toBeGreaterThan(10);
        expect(r.wideCharts).toEqual([]);
        expect(r.scrollingCharts).toEqual([]);
        expect(r.scrollingTables.length, r.scrollingTables.join(' ')).toBeLessThanOrEqual(r.tables / 4);
      },
    );
  });
});
