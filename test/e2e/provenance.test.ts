// Provenance end to end: a scratch copy of the project, with one figure added from a publication
// outside the seeds, is built by the real CLI. A reader of the HTML follows a figure's reference to
// its annex entry and finds the quoted sentence stating the same value; a reader of the PDF finds
// every figure of the data in the annex with its source (pdftotext).

import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../pipeline/core/types.js';
import { valueAppearsIn } from '../../pipeline/validate/quote.js';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { hasTool, runCli, YEAR } from '../helpers/cli.js';
import { printedForms } from '../helpers/printed.js';
import { copyOfDefaultBuild } from '../helpers/report.js';
import { all, ancestors, one, parseHtml, visibleText, type Element } from '../render/html/dom.js';
import { readPdf } from '../render/pdf/read-pdf.js';

const LANGS: Lang[] = ['en', 'es'];
const CDC = 'CDC, Provisional Drug Overdose Death Counts, release of 2023-05-17';
/** A figure an analyst adds from another publication (data/README.md), quoted from nowhere. */
const ANALYST_ROW = `overdose-deaths,US,2022,,,109680,exact,provisional,"${CDC}",,"Predicted provisional count for the 12 months ending December 2022, all drugs, national (https://www.cdc.gov/nchs/nvss/vsrr/drug-overdose-data.htm). Provisional: counts are revised as records are completed."\n`;

interface ObservationRow {
  figure_id: string;
  report_ref: string;
  metric: string;
  country: string;
  period: string;
  value: string;
  unit: string;
  source: string;
  quote: string;
  qualifier: string;
}

let dir: string;
const html = {} as Record<Lang, string>;
const dom = {} as Record<Lang, Element>;
const catalogue = {} as Record<Lang, Record<string, string>>;
let observations: ObservationRow[];
let metricNames: Map<string, Record<Lang, string>>;
/** The annex names a figure by its metric's short name (issue 25: a compact annex), else its name. */
let shortNames: Map<string, Record<Lang, string>>;
let seedRoles: Map<string, string>;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const bare = (s: string) => s.replace(/\s+/g, '');
const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k]));

beforeAll(async () => {
  // A copy of the run's default build: its chart cache serves every chart but the one this row changes.
  dir = (await copyOfDefaultBuild('hlsd-provenance-')).dir;
  appendFileSync(join(dir, 'data/observations.csv'), ANALYST_ROW);
  const r = runCli(['build'], { cwd: dir });
  expect(r.stderr).not.toMatch(/\berror\b/);
  expect(r.status).toBe(0);
  for (const lang of LANGS) {
    html[lang] = readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.html`), 'utf8');
    dom[lang] = parseHtml(html[lang]);
    catalogue[lang] = Object.assign(
      {},
      JSON.parse(readFileSync(join(dir, `templates/i18n/${lang}/report.json`), 'utf8')),
      JSON.parse(readFileSync(join(dir, `templates/i18n/${lang}/provenance.json`), 'utf8')),
      JSON.parse(readFileSync(join(dir, `templates/i18n/${lang}/progress.json`), 'utf8')),
    );
  }
  observations = parse(readFileSync(join(dir, `out/${YEAR}/data/observations.csv`), 'utf8'), {
    columns: true,
  }) as ObservationRow[];
  const metrics = parse(readFileSync(join(dir, 'data/metrics.csv'), 'utf8'), { columns: true }) as {
    id: string;
    name_en: string;
    name_es: string;
    name_short_en?: string;
    name_short_es?: string;
  }[];
  metricNames = new Map(metrics.map((m) => [m.id, { en: m.name_en, es: m.name_es }]));
  shortNames = new Map(
    metrics.map((m) => [m.id, { en: m.name_short_en || m.name_en, es: m.name_short_es || m.name_es }]),
  );
  const manifest = JSON.parse(readFileSync(join(dir, 'seeds/manifest.json'), 'utf8')) as {
    seeds: { role: string; file: string }[];
  };
  seedRoles = new Map(manifest.seeds.map((s) => [s.file, s.role]));
}, 240_000);

const byId = (lang: Lang, id: string) => one(dom[lang], (e) => e.attrs.id === id, `#${id}`);
const links = (root: Element, prefix = '#source-') =>
  all(root, (e) => e.tag === 'a' && (e.attrs.href ?? '').startsWith(prefix));
/** The <section> a heading id opens. */
const sectionOf = (lang: Lang, id: string) => ancestors(byId(lang, id)).find((e) => e.tag === 'section')!;
/** The strings the report may print for a value, with the source's word for its bound ("nearly 108,000"; helpers/printed.ts). */
const printed = (lang: Lang, o: ObservationRow) => printedForms(lang, o);
/**
 * Where a quoted sentence stands as written: the element itself in English; in the Spanish
 * edition, which prints an unofficial translation first, the original marked lang="en-US".
 */
const originals = (lang: Lang, root: Element): Element[] =>
  lang === 'en' ? [root] : all(root, (e) => e.tag === 'span' && e.attrs.lang === 'en-US');

describe('the HTML report', () => {
  it('takes a reader from a seed-cited figure to the sentence that states the same value', () => {
    for (const lang of LANGS) {
      const section = sectionOf(lang, 'metric-human-smuggling-defendants');
      const sentence = all(section, (e) => e.tag === 'p' && links(e).length > 0)[0]!;
      const link = links(sentence)[0]!;
      const value = visibleText(sentence).match(/(\S+)\s\[\d+\]/)![1]!;
      expect(value).toBe('5,046');
      const entry = byId(lang, link.attrs.href!.slice(1));
      expect(entry.tag).toBe('tr');
      expect(visibleText(entry.children.find((c): c is Element => c.type === 'element')!)).toBe(visibleText(link));
      const marks = originals(lang, entry).flatMap((o) => all(o, (e) => e.tag === 'mark'));
      expect(marks.map(visibleText)).toEqual([value]);
      const o = observations.find((x) => x.figure_id === link.attrs.href!.slice(1))!;
      expect(squash(visibleText(entry))).toContain(squash(o.quote));
      expect(visibleText(entry)).toContain(catalogue[lang]['seed.joint-statement-2022.title']!);
      expect(visibleText(entry)).toContain(lang === 'en' ? 'October 14, 2022' : '14 de octubre de 2022');
      // The metric's source note names the annex entry and does not print the sentence again (each quote once).
      expect(squash(visibleText(section))).toContain(visibleText(link));
      expect(squash(visibleText(section))).not.toContain(squash(o.quote));
    }
  });

  it('gives every figure of the data one annex entry, and every reference a target with the value it cites', () => {
    for (const lang of LANGS) {
      const rows = all(dom[lang], (e) => e.tag === 'tr' && (e.attrs.id ?? '').startsWith('source-'));
      expect(rows.map((r) => r.attrs.id)).toEqual(observations.map((o) => o.figure_id));
      // Each sentence, and each dataset, is written out at its first entry; later entries point back to it.
      const firstOf = new Map<string, ObservationRow>();
      for (const o of observations) {
        const key = o.quote ? `q\u0000${o.source}\u0000${o.quote}` : `s\u0000${o.source}`;
        const first = firstOf.get(key);
        if (first) {
          const row = byId(lang, o.figure_id);
          const cells = row.children.filter((c): c is Element => c.type === 'element').map(visibleText);
          expect(printed(lang, o)).toContain(cells[2]);
          expect(cells[3], o.figure_id).toContain(`[${first.report_ref}]`);
          expect(originals(lang, row).flatMap((x) => all(x, (e) => e.tag === 'mark'))).toEqual([]);
          continue;
        }
        firstOf.set(key, o);
        const row = byId(lang, o.figure_id);
        const cells = row.children.filter((c): c is Element => c.type === 'element').map(visibleText);
        expect(cells[0]).toBe(`[${o.report_ref}]`);
        expect(printed(lang, o)).toContain(cells[2]);
        const marks = originals(lang, row)
          .flatMap((x) => all(x, (e) => e.tag === 'mark'))
          .map(visibleText);
        if (o.quote) {
          expect(marks, o.figure_id).toHaveLength(1);
          expect(valueAppearsIn(Number(o.value), marks[0]!), `${o.figure_id}: ${marks[0]}`).toBe(true);
        } else {
          expect(marks).toEqual([]);
          // A publication named in words is printed as written; a registered dataset by its publisher.
          if (o.source === CDC)
            expect(cells[3]).toBe(fill(catalogue[lang]['provenance.annex.publication']!, { source: o.source }));
        }
      }
      const refs = links(dom[lang]);
      expect(refs.length).toBeGreaterThan(observations.length);
      for (const a of refs) expect(byId(lang, a.attrs.href!.slice(1)).tag).toBe('tr');
    }
  });

  it('links each key figure to the annex entry of the value the tile shows', () => {
    for (const lang of LANGS) {
      const tiles = all(sectionOf(lang, 'key-figures'), (e) => e.tag === 'li' && e.attrs.class === 'tile');
      // One per goal; a goal without a rated metric shows its milestones, with no figure to link.
      expect(tiles.length).toBe(3);
      // Since issue 24 only official series are rated: goal 1 has one (CDC), goals 2 and 3 show milestones.
      expect(tiles.filter((t) => links(t).length > 0).length).toBeGreaterThanOrEqual(1);
      for (const tile of tiles.filter((t) => links(t).length > 0)) {
        const value = visibleText(one(tile, (e) => e.attrs.class === 'tile__value'));
        const [link] = links(tile);
        const o = observations.find((x) => x.figure_id === link!.attrs.href!.slice(1))!;
        expect(printed(lang, o)).toContain(value);
        expect(visibleText(link!)).toBe(fill(catalogue[lang]['provenance.tileRef']!, { number: o.report_ref }));
      }
    }
  });

  it('refers a figure from another publication to an entry naming that publication', () => {
    const o = observations.find((x) => x.source === CDC)!;
    expect(o).toMatchObject({ metric: 'overdose-deaths', country: 'US', period: '2022', quote: '' });
    for (const lang of LANGS) {
      const section = sectionOf(lang, 'metric-overdose-deaths');
      expect(links(section).map((a) => a.attrs.href)).toContain(`#${o.figure_id}`);
      expect(visibleText(byId(lang, o.figure_id))).toContain(CDC);
    }
  });

  it.skipIf(chromiumMissing() !== null)(
    'works in a browser without script: the link lands on the highlighted entry',
    async () => {
      const browser = await launchChromium();
      try {
        for (const lang of LANGS) {
          const page = await browser.newPage({ javaScriptEnabled: false });
          await page.goto(pathToFileURL(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.html`)).href);
          await page.click('a[href="#source-human-smuggling-defendants-us-2021"] >> nth=0');
          expect(new URL(page.url()).hash).toBe('#source-human-smuggling-defendants-us-2021');
          const target = page.locator(':target');
          // The original's mark (the Spanish edition marks the value in its translation too).
          expect(await target.locator('mark').last().innerText()).toBe('5,046');
          expect(await target.isVisible()).toBe(true);
          const background = await target
            .locator('td')
            .first()
            .evaluate((td) => getComputedStyle(td).backgroundColor);
          expect(background).not.toBe('rgba(0, 0, 0, 0)');
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});

describe.skipIf(!hasTool('pdftotext'))('the PDF annex', () => {
  /** The annex "Sources of the figures" of one PDF, in content order, page furniture removed, as entries by number. */
  function annexEntries(lang: Lang): Map<number, string> {
    const r = spawnSync(
      'pdftotext',
      ['-raw', '-enc', 'UTF-8', join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.pdf`), '-'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    expect(r.status).toBe(0);
    const c = catalogue[lang];
    const lines = r.stdout.split('\n');
    const start = lines.findIndex((l) => l.trim() === c['provenance.annex.title']);
    const end = lines.findIndex((l, i) => i > start && l.trim() === c['glossary.title']);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const header = [
      c['provenance.annex.number'],
      c['provenance.annex.figure'],
      c['table.value'],
      c['provenance.annex.source'],
    ].join(' ');
    const running = fill(c['report.shortTitle']!, { year: YEAR });
    const footer = new RegExp(`^${fill(c['label.page']!, { page: '\\d+', pages: '\\d+' })}$`);
    const body = lines
      .slice(start + 1, end)
      .filter((l) => l.trim() !== header && l.trim() !== running && !footer.test(l.trim()));
    const entries = new Map<number, string>();
    for (const chunk of body
      .join('\n')
      .split(/^(?=\[\d+\] )/m)
      .slice(1))
      entries.set(Number(/^\[(\d+)\]/.exec(chunk)![1]), squash(chunk));
    return entries;
  }

  it('lists every figure of the data with its value and source, and the quoted sentence for seed-cited ones', () => {
    for (const lang of LANGS) {
      const entries = annexEntries(lang);
      expect([...entries.keys()]).toEqual(observations.map((o) => Number(o.report_ref)));
      const c = catalogue[lang];
      const firstOf = new Map<string, ObservationRow>();
      for (const o of observations) {
        const entry = bare(entries.get(Number(o.report_ref))!);
        const short = shortNames.get(o.metric)![lang];
        expect(entry.toLowerCase(), o.figure_id).toContain(bare(short).toLowerCase());
        expect(entry, o.figure_id).toContain(bare(c[`country.${o.country}`]!));
        expect(
          printed(lang, o).some((p) => entry.includes(bare(p))),
          o.figure_id,
        ).toBe(true);
        // A sentence or a dataset already written out at an earlier entry is referred to by its number.
        const key = o.quote ? `q\u0000${o.source}\u0000${o.quote}` : `s\u0000${o.source}`;
        const first = firstOf.get(key);
        if (first) {
          expect(entry, o.figure_id).toContain(bare(`[${first.report_ref}]`));
          if (o.quote) expect(entry, o.figure_id).not.toContain(bare(o.quote));
          continue;
        }
        firstOf.set(key, o);
        const role = seedRoles.get(o.source);
        if (role) {
          expect(entry, o.figure_id).toContain(bare(c[`seed.${role}.title`]!));
          if (lang === 'en') expect(entry, o.figure_id).toContain(bare(`${c['citation.original']}: “${o.quote}”`));
          else expect(entry, o.figure_id).toContain(bare(`${c['citation.originalText']}: “${o.quote}”`));
        } else if (o.source === CDC) {
          expect(entry, o.figure_id).toContain(bare(fill(c['provenance.annex.publication']!, { source: o.source })));
        }
      }
    }
  });

  it('puts the reference to the annex entry next to the figure in the text', () => {
    const r = spawnSync(
      'pdftotext',
      ['-layout', '-enc', 'UTF-8', join(dir, `out/${YEAR}/hlsd-report-${YEAR}-en.pdf`), '-'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const ref = observations.find((o) => o.figure_id === 'source-human-smuggling-defendants-us-2021')!.report_ref;
    // A statement's figure, as reported (issue 24): the value, its reference, its period, its source.
    expect(squash(r.stdout)).toContain(`5,046 [${ref}] in 2021, as reported in`);
  });

  it('links every reference to a destination on the annex entry, and every figure is referred to', async () => {
    for (const lang of LANGS) {
      const pdf = await readPdf(readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.pdf`)));
      const refs = pdf.links.filter((l) => l.dest.startsWith('source-'));
      expect(refs.length).toBeGreaterThan(observations.length);
      const annexPages = new Set(observations.map((o) => pdf.destinations.get(o.figure_id)));
      expect(annexPages.has(undefined)).toBe(false);
      for (const l of refs) {
        expect(pdf.destinations.has(l.dest), l.dest).toBe(true);
        expect(annexPages.has(pdf.destinations.get(l.dest))).toBe(true);
        expect(l.page, l.dest).toBeLessThan(Math.min(...[...annexPages].map(Number)));
      }
      expect(new Set(refs.map((l) => l.dest))).toEqual(new Set(observations.map((o) => o.figure_id)));
    }
  });
});
