// Acceptance of the tagged PDF on the real report: the default build of the run (the CLI, from
// data/ and seeds/, made once by test/helpers/default-build.ts); pdfinfo says it is tagged, and pdf.js reads its structure tree back as an
// assistive technology would: headings against the outline, charts against the HTML's chart
// descriptions, table headers, and the page text against what the structure tree reaches.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, ROOT, YEAR } from '../../helpers/cli.js';
import { defaultBuild } from '../../helpers/report.js';
import {
  elements,
  elemText,
  isElem,
  readPdf,
  reachableIds,
  squash,
  type PageData,
  type PdfData,
  type StructElem,
} from './read-pdf.js';

const LANGS = ['en', 'es'] as const;
type Lang = (typeof LANGS)[number];
const LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };

let out: string;
const pdf = {} as Record<Lang, PdfData>;
const html = {} as Record<Lang, string>;

beforeAll(async () => {
  // HLSD_TEST_PDF_DIR runs these checks on the files of another folder, e.g. a revision published
  // with --sign (published/2022/r1): the signed PDFs must pass them unchanged.
  if (process.env.HLSD_TEST_PDF_DIR) out = process.env.HLSD_TEST_PDF_DIR;
  else {
    const r = await defaultBuild();
    expect(r.status, r.stderr).toBe(0);
    out = r.out;
  }
  for (const lang of LANGS) {
    pdf[lang] = await readPdf(readFileSync(join(out, `hlsd-report-${YEAR}-${lang}.pdf`)));
    html[lang] = readFileSync(join(out, `hlsd-report-${YEAR}-${lang}.html`), 'utf8');
  }
}, 180_000);

function headings(data: PdfData): { level: number; title: string }[] {
  return data.pages.flatMap((page) =>
    elements(page)
      .filter((e) => /^H[1-6]$/.test(e.role))
      .map((e) => ({ level: Number(e.role.slice(1)), title: squash(elemText(e, page)) }))
      // pdf.js lists an element on every page its parent appears on; its text says where it is.
      .filter((h) => h.title !== ''),
  );
}

/** Content ids of a page in structure-tree order. */
function treeOrder(page: PageData): string[] {
  const ids: string[] = [];
  const walk = (e: StructElem, inLbl: boolean) => {
    for (const k of e.children) {
      if (isElem(k)) walk(k, inLbl || k.role === 'Lbl');
      else if (k.type === 'content' && !inLbl && page.spans.get(k.id)?.trim()) ids.push(k.id);
    }
  };
  if (page.tree) walk(page.tree, false);
  return ids;
}

/** The running header's title, from the catalogues (the PDF shows it only as page furniture). */
const shortTitle = Object.fromEntries(
  LANGS.map((l) => [
    l,
    (JSON.parse(readFileSync(join(ROOT, `templates/i18n/${l}/report.json`), 'utf8')) as Record<string, string>)[
      'report.shortTitle'
    ]!.replace('{{year}}', String(YEAR)),
  ]),
) as Record<Lang, string>;

const decode = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.skipIf(!hasTool('pdfinfo'))('the tagged report', () => {
  it('is tagged according to pdfinfo, every PDF of the build', () => {
    const files = readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(files).toHaveLength(2);
    for (const f of files) {
      const info = spawnSync('pdfinfo', [join(out, f)], { encoding: 'utf8' }).stdout;
      expect(info, f).toMatch(/^Tagged:\s+yes$/m);
      expect(info, f).toMatch(/^Metadata Stream:\s+yes$/m);
    }
  });

  describe.each(LANGS)('%s', (lang) => {
    it('has one heading per outline entry, in the same order, level and wording', () => {
      const hs = headings(pdf[lang]);
      expect(hs.length).toBeGreaterThan(50);
      expect(hs.filter((h) => h.level === 1).length).toBeGreaterThanOrEqual(8);
      expect(pdf[lang].outline.map((o) => ({ level: o.depth, title: squash(o.title) }))).toEqual(hs);
      // No heading level is skipped on the way down.
      hs.forEach((h, i) => expect(h.level - (hs[i - 1]?.level ?? 0), h.title).toBeLessThanOrEqual(1));
    });

    it('makes every chart a Figure whose alt text is the chart description of the same language', () => {
      const descs = [...html[lang].matchAll(/<desc id="[^"]*">([^<]*)<\/desc>/g)].map((m) => decode(m[1]!));
      const figures = pdf[lang].pages.flatMap((p) =>
        elements(p).filter((e) => e.role === 'Figure' && e.children.length > 0),
      );
      expect(figures.length).toBe(descs.length);
      expect(figures.length).toBeGreaterThan(0);
      figures.forEach((f, i) => {
        expect(f.alt?.trim()).toBeTruthy();
        expect(f.alt).toBe(descs[i]);
        expect(f.lang).toBe(LOCALE[lang]);
      });
      const other = LANGS.find((l) => l !== lang)!;
      const otherAlts = pdf[other].pages.flatMap((p) =>
        elements(p)
          .filter((e) => e.role === 'Figure')
          .map((e) => e.alt),
      );
      for (const f of figures) expect(otherAlts).not.toContain(f.alt);
    });

    it('gives every table a row of header cells (TH), tagged once', () => {
      const { pages } = pdf[lang];
      // pdf.js lists a table on every page it has content on; its caption and its header row have
      // text on the page where each is drawn (a caption may end one page, the rows start the next).
      const captions = pages.flatMap((page) =>
        elements(page).filter((e) => e.role === 'Caption' && squash(elemText(e, page))),
      );
      const heads = pages.flatMap((page) =>
        elements(page)
          .filter((e) => e.role === 'Table')
          .map((table) => table.children.find((k): k is StructElem => isElem(k) && k.role === 'TR')!)
          .filter((tr) => squash(elemText(tr, page)))
          .map((tr) => ({ page, cells: tr.children.filter(isElem) })),
      );
      expect(captions.length).toBeGreaterThanOrEqual(10);
      expect(heads).toHaveLength(captions.length);
      for (const { page, cells } of heads) {
        expect(cells.length).toBeGreaterThan(0);
        for (const th of cells) {
          expect(th.role).toBe('TH');
          expect(squash(elemText(th, page)), `page ${page.number}`).not.toBe('');
        }
      }
    });

    it('reaches all the page text through the structure tree, apart from page furniture', () => {
      const data = pdf[lang];
      const chapters = headings(data)
        .filter((h) => h.level === 1)
        .map((h) => h.title);
      // Column headers: the cells of each table's first row.
      const headers = new Set(
        data.pages.flatMap((p) =>
          elements(p)
            .filter((e) => e.role === 'Table')
            .flatMap((t) =>
              (t.children.find((k): k is StructElem => isElem(k) && k.role === 'TR')?.children ?? []).filter(isElem),
            )
            .map((th) => squash(elemText(th, p)))
            .filter(Boolean),
        ),
      );
      // Table captions head their table and repeat with its column headers on the pages a long table runs on.
      for (const p of data.pages)
        for (const c of elements(p).filter((e) => e.role === 'Caption')) headers.add(squash(elemText(c, p)));
      const footer = lang === 'en' ? /Page \d+ of \d+/g : /Página \d+ de \d+/g;
      let tagged = 0;
      for (const page of data.pages) {
        expect(page.untaggedText.join('').trim(), `page ${page.number}`).toBe('');
        const reachable = reachableIds(page);
        for (const [id, text] of page.spans) {
          if (!text.trim()) continue;
          expect(reachable.has(id), `page ${page.number}: "${text}"`).toBe(true);
          tagged += text.replace(/\s/g, '').length;
        }
        // Artifacts hold only the running header, the footer and repeated table captions and header rows.
        let rest = squash(page.artifactText.join(' ')).replace(footer, ' ');
        for (const piece of [shortTitle[lang], ...chapters, ...headers].sort((a, b) => b.length - a.length))
          rest = rest.split(piece).join(' ');
        expect(rest.trim(), `page ${page.number}`).toBe('');
      }
      const all = data.pages.map((p) => p.text.replace(/\s/g, '').length).reduce((a, b) => a + b, 0);
      expect(tagged / all).toBeGreaterThan(0.9);
    });

    it('names in the running header the chapter each page belongs to', () => {
      const data = pdf[lang];
      let chapter = '';
      let named = 0;
      for (const page of data.pages) {
        const opening = elements(page)
          .filter((e) => e.role === 'H1')
          .map((e) => squash(elemText(e, page)))
          .filter(Boolean);
        if (opening.length) chapter = opening.at(-1)!;
        if (page.number <= 2 || !chapter) continue;
        const furniture = squash(page.artifactText.join(' '));
        expect(furniture, `page ${page.number}`).toContain(shortTitle[lang]);
        expect(furniture, `page ${page.number}`).toContain(chapter);
        named++;
      }
      expect(named).toBeGreaterThan(20);
    });

    it('has no content that is both tagged and an artifact', () => {
      for (const page of pdf[lang].pages) expect(page.mixed, `page ${page.number}`).toEqual([]);
    });

    it('reads in the order it is drawn', () => {
      for (const page of pdf[lang].pages) {
        const drawn = [...page.spans.keys()].filter((id) => treeOrder(page).includes(id));
        expect(treeOrder(page), `page ${page.number}`).toEqual(drawn);
      }
    });

    it('links only to destinations that exist', () => {
      const { links, destinations } = pdf[lang];
      expect(links.length).toBeGreaterThan(20);
      for (const l of links) expect(destinations.has(l.dest), `${l.dest} (page ${l.page})`).toBe(true);
    });

    it('writes one link annotation per line of a link, not one per word, each with its description', () => {
      const { links } = pdf[lang];
      for (const l of links) expect(l.contents.trim(), `${l.dest} (page ${l.page})`).not.toBe('');
      // Two annotations to the same place on the same line never touch: they would be one link.
      const key = (l: (typeof links)[number]) => `${l.page} ${l.dest}`;
      const groups = new Map<string, typeof links>();
      for (const l of links) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
      for (const group of groups.values()) {
        for (const a of group) {
          for (const b of group) {
            if (a === b || a.rect[1] >= b.rect[3] || b.rect[1] >= a.rect[3]) continue;
            expect(
              Math.abs(a.rect[2] - b.rect[0]) > 0.5 && Math.abs(b.rect[2] - a.rect[0]) > 0.5,
              `${a.dest} on page ${a.page}`,
            ).toBe(true);
          }
        }
      }
    });

    it('declares language, title and PDF/UA', () => {
      const data = pdf[lang];
      expect(data.info.Language).toBe(LOCALE[lang]);
      expect(data.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
      expect(data.xmp).toContain(`<rdf:li xml:lang="x-default">${data.info.Title}</rdf:li>`);
      expect(html[lang]).toContain(`<title>${data.info.Title}</title>`);
    });
  });
});
