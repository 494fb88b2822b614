// Editions that say what they are (issue #24, item 8), end to end: `build --year 2022|2023|2024`
// (HTML, both languages) from the real data. Each edition states its data cut-off on its cover and
// in the methodology, and carries its own date from data/editions.csv; the editions prepared more
// than a year after their year say that they are retrospective; the 2022 edition's text names no
// later year outside the sources' own dates and titles; no drafting note reaches the text.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatter } from '../../pipeline/compose/format.js';
import type { Lang } from '../../pipeline/core/types.js';
import { runCli, scratchProject } from '../helpers/cli.js';
import { ancestors, one, parseHtml, visibleText } from '../render/html/dom.js';

type Row = Record<string, string>;
const YEARS = [2022, 2023, 2024] as const;
const LANGS = ['en', 'es'] as const;
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const squash = (s: string) => s.replace(/\s+/g, ' ');

let dir: string;
const text = {} as Record<number, Record<Lang, string>>;
const methodology = {} as Record<number, Record<Lang, string>>;
let sources: Row[];
let editions: Row[];
let catalogue: Record<Lang, Record<string, string>>;

beforeAll(() => {
  dir = scratchProject('hlsd-editions-');
  for (const year of YEARS) {
    const r = runCli(['build', '--year', String(year), '--format', 'html'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    text[year] = {} as Record<Lang, string>;
    methodology[year] = {} as Record<Lang, string>;
    for (const lang of LANGS) {
      const dom = parseHtml(readFileSync(join(dir, `out/${year}/hlsd-report-${year}-${lang}.html`), 'utf8'));
      text[year]![lang] = squash(visibleText(dom));
      // The <section> the heading #method-edition opens.
      const heading = one(dom, (e) => e.attrs.id === 'method-edition');
      methodology[year]![lang] = squash(visibleText(ancestors(heading).find((e) => e.tag === 'section')!));
    }
  }
  sources = parse(readFileSync(join(dir, 'data/sources.csv')), { columns: true }) as Row[];
  editions = parse(readFileSync(join(dir, 'data/editions.csv')), { columns: true }) as Row[];
  const read = (lang: Lang) =>
    JSON.parse(readFileSync(join(dir, `templates/i18n/${lang}/edition.json`), 'utf8')) as Record<string, string>;
  catalogue = { en: read('en'), es: read('es') };
}, 300_000);

const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k]));
const editionDate = (year: number) => editions.find((e) => Number(e.year) === year)!.date!;

describe('each edition', () => {
  it.each(YEARS)('%i states a data cut-off on its cover and in the methodology, with its own date', (year) => {
    for (const lang of LANGS) {
      const cover = fill(catalogue[lang]['edition.cover.cutoff']!, { date: '' }).trim();
      expect(text[year]![lang], `${year} ${lang}`).toContain(cover);
      const cut = new RegExp(`${cover.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ([^·|]+?\\d{4})`).exec(
        text[year]![lang],
      )![1]!;
      expect(methodology[year]![lang]).toContain(cut);
      // The cut-off is one of the dates of the sources (or seeds) the edition uses, and no source the
      // edition cites is dated after it.
      expect(sources.map((s) => formatter(lang).date(s.date!))).toContain(cut);
      // Its own date: the cover's revision line carries the edition's date of editions.csv.
      expect(text[year]![lang]).toContain(formatter(lang).date(editionDate(year)));
    }
  });

  it('says it is retrospective when prepared more than a year after its year: 2022 and 2023 (and, dated 2026-12-03, 2024)', () => {
    for (const year of YEARS) {
      const retrospective = editionDate(year) > `${year + 1}-12-31`;
      if (year < 2024) expect(retrospective).toBe(true);
      for (const lang of LANGS) {
        const line = fill(catalogue[lang]['edition.cover.retrospective']!, {
          date: formatter(lang).date(editionDate(year)),
          year,
        });
        expect(text[year]![lang].includes(line), `${year} ${lang}: ${line}`).toBe(retrospective);
        expect(
          methodology[year]![lang].includes(
            lang === 'en' ? 'It is a retrospective edition' : 'Es una edición retrospectiva',
          ),
        ).toBe(retrospective);
      }
    }
  });

  it('prints no drafting note', () => {
    for (const year of YEARS) {
      for (const lang of LANGS) {
        const at = [...text[year]![lang].matchAll(/State whether|Indique si/gi)].map((m) =>
          text[year]![lang].slice(Math.max(0, m.index! - 80), m.index! + 60),
        );
        expect(at, `${year} ${lang}`).toEqual([]);
      }
    }
  });
});

describe('the 2022 edition', () => {
  it("names no year later than 2022 outside the sources' own dates and titles (and its own date)", () => {
    const seeds = (
      JSON.parse(readFileSync(join(dir, 'seeds/manifest.json'), 'utf8')) as { seeds: { date: string }[] }
    ).seeds.map((s) => s.date);
    const dates = [...sources.map((s) => s.date!), ...seeds, editionDate(2022)];
    for (const lang of LANGS) {
      let t = text[2022]![lang];
      const allowed = new Set<string>();
      for (const s of sources)
        for (const k of ['title_en', 'title_es', 'publisher_en', 'publisher_es']) allowed.add(squash(s[k]!));
      for (const d of dates) {
        allowed.add(d);
        allowed.add(formatter('en').date(d));
        allowed.add(formatter('es').date(d));
        const [y, m, day] = d.split('-').map(Number);
        if (y && m && day) allowed.add(`${day} ${EN_MONTHS[m - 1]} ${y}`);
      }
      for (const a of [...allowed].sort((x, y) => y.length - x.length)) t = t.split(a).join(' ');
      const later = [...t.matchAll(/(?<![\p{L}\p{N}])(?:FY|AF)?(20[2-9]\d)(?![\p{N}])/gu)].filter(
        (m) => Number(m[1]) > 2022,
      );
      expect(
        later.map((m) => t.slice(Math.max(0, m.index! - 60), m.index! + 20)),
        lang,
      ).toEqual([]);
    }
  });
});
