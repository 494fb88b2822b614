// End to end: the real CLI builds both languages and formats from the real seeds and data (the
// run's default build, made once by test/helpers/default-build.ts); the tests read the PDFs' text
// (pdftotext) and the HTML, as a reader would.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, runCli, scratchProject, snapshot, YEAR } from '../helpers/cli.js';
import { copyOfDefaultBuild, defaultBuild } from '../helpers/report.js';
import { sha256 as sha256Hex } from '../../pipeline/core/hash.js';
import { parse } from 'csv-parse/sync';
import { formatter } from '../../pipeline/compose/format.js';
import { formatValue } from '../../pipeline/compose/context.js';
import { isElem, readPdf, type PageData, type StructElem } from '../render/pdf/read-pdf.js';
import { printedForms, qualifierTemplate } from '../helpers/printed.js';

const en = JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/en/report.json'), 'utf8')) as Record<
  string,
  string
>;
const es = JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/es/report.json'), 'utf8')) as Record<
  string,
  string
>;
const progress = {
  en: JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/en/progress.json'), 'utf8')) as Record<
    string,
    string
  >,
  es: JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/es/progress.json'), 'utf8')) as Record<
    string,
    string
  >,
};
const verdicts = {
  en: JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/en/verdicts.json'), 'utf8')) as Record<
    string,
    string
  >,
  es: JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/i18n/es/verdicts.json'), 'utf8')) as Record<
    string,
    string
  >,
};
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
let out: string;
let text: { en: string; es: string };
let html: { en: string; es: string };

beforeAll(async () => {
  const built = await defaultBuild();
  dir = built.dir;
  expect(built.stderr).not.toMatch(/error/);
  expect(built.status).toBe(0);
  out = built.out;
  text = { en: pdfText(join(out, `hlsd-report-${YEAR}-en.pdf`)), es: pdfText(join(out, `hlsd-report-${YEAR}-es.pdf`)) };
  html = {
    en: readFileSync(join(out, `hlsd-report-${YEAR}-en.html`), 'utf8'),
    es: readFileSync(join(out, `hlsd-report-${YEAR}-es.html`), 'utf8'),
  };
}, 180_000);

// Original titles of the seed documents are bibliographic references and stay in English.
const seedTitles = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../seeds/manifest.json'), 'utf8')).seeds as { title: string }[]
)
  .map((s) => s.title)
  .join(' | ');

/** Fixed strings of one catalogue that must never appear in the other language's document. */
function foreignPhrases(mine: Record<string, string>, other: Record<string, string>): string[] {
  return Object.entries(other)
    .filter(([k, v]) => !k.startsWith('_') && !k.startsWith('acronym.') && v !== mine[k])
    .flatMap(([, v]) => v.split(/\{\{[^}]+\}\}/))
    .map((s) => s.replace(/^[\s:.,;()«»“”—–-]+|[\s:.,;()«»“”—–-]+$/g, ''))
    .filter((s) => s.length >= 12 && !/^[A-Z]{2,}/.test(s) && !seedTitles.includes(s));
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.skipIf(!hasTool('pdftotext'))('the built PDFs', () => {
  it('writes a manifest whose checksums match the files', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const paths = manifest.files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `hlsd-report-${YEAR}-en.html`,
        `hlsd-report-${YEAR}-en.pdf`,
        `hlsd-report-${YEAR}-es.html`,
        `hlsd-report-${YEAR}-es.pdf`,
        'data/datapackage.json',
      ]),
    );
    expect(manifest.files.find((f: { path: string }) => f.path === `hlsd-report-${YEAR}-es.pdf`)).toMatchObject({
      lang: 'es',
      format: 'pdf',
    });
    for (const f of manifest.files) expect(sha256Hex(readFileSync(join(out, f.path)))).toBe(f.sha256);
  });

  it('holds every chapter title in the right language, with the page footer', () => {
    for (const key of [
      'summary.title',
      'actions.title',
      'commitments.title',
      'methodology.title',
      'annex.title',
      'glossary.title',
    ]) {
      expect(text.en).toContain(en[key]);
      expect(text.es).toContain(es[key]);
    }
    expect(text.es).toMatch(/Página 2 de \d+/);
    expect(text.en).toMatch(/Page 2 of \d+/);
  });

  it('holds the framework in Spanish in the Spanish document, and in English in the English one', () => {
    const s = squash(text.es);
    for (const title of [
      'Proteger a nuestra gente',
      'Prevenir la delincuencia transfronteriza',
      'Perseguir a las redes delictivas',
    ])
      expect(s).toContain(title);
    for (let n = 1; n <= 13; n++) expect(s).toContain(`Acción ${n}`);
    expect(s).toContain('Compromiso 3');
    const e = squash(text.en);
    for (const title of ['Protect our people', 'Prevent transborder crime', 'Pursue criminal networks'])
      expect(e).toContain(title);
    for (let n = 1; n <= 13; n++) expect(e).toContain(`Action ${n}`);
    expect(e).toContain('Sign a memorandum of understanding to exchange information');
  });

  it('leaves no English template text in the Spanish document, and the reverse', () => {
    const s = squash(text.es);
    const e = squash(text.en);
    for (const phrase of foreignPhrases(es, en))
      expect(s, `English "${phrase}" in the Spanish PDF`).not.toContain(phrase);
    for (const phrase of foreignPhrases(en, es))
      expect(e, `Spanish "${phrase}" in the English PDF`).not.toContain(phrase);
  });

  it('shows the latest value of every metric, formatted for the locale', () => {
    const metrics = parse(readFileSync(join(dir, 'data/metrics.csv')), { columns: true }) as {
      id: string;
      unit: string;
    }[];
    const observations = parse(readFileSync(join(dir, 'data/observations.csv')), { columns: true }) as {
      metric: string;
      period: string;
      value: string;
    }[];
    for (const m of metrics) {
      const own = observations.filter((o) => o.metric === m.id).sort((a, b) => a.period.localeCompare(b.period));
      const latest = own[own.length - 1];
      if (!latest) continue;
      for (const lang of ['en', 'es'] as const) {
        // With the default decimals, or the more its series needs to recompute its printed change.
        const forms = printedForms(lang, { value: latest.value, unit: m.unit });
        expect(
          forms.some((f) => squash(text[lang]).includes(f)),
          `${m.id} in ${lang}: one of ${forms.join(' | ')}`,
        ).toBe(true);
      }
    }
  });

  it('formats figures for the locale', () => {
    expect(text.en).toContain('5,046');
    expect(text.es).toContain('5,046');
    expect(squash(text.en)).toContain('$25.1 billion');
    expect(squash(text.es)).toContain('25,100 millones de dólares');
  });
});

describe.skipIf(!hasTool('pdftotext'))('honest wording of each figure (issue 16)', () => {
  it("never prints a qualified figure without the source's word for it, nor with a word the source does not write, in text, tiles, tables and chart descriptions", async () => {
    const rows = parse(readFileSync(join(dir, 'data/observations.csv')), { columns: true }) as Record<string, string>[];
    const units = new Map(
      (parse(readFileSync(join(dir, 'data/metrics.csv')), { columns: true }) as Record<string, string>[]).map((m) => [
        m.id!,
        m.unit!,
      ]),
    );
    const qualified = rows.filter(
      (o) => o.qualifier && o.qualifier !== 'exact' && Number(o.period!.replace('FY', '')) <= YEAR,
    );
    expect(qualified.length).toBeGreaterThanOrEqual(10);
    for (const lang of ['en', 'es'] as const) {
      // The tagged text of every page outside the charts' drawings (axis ticks are not figures),
      // then the charts' descriptions (alt text). Quoted source sentences (“…” in the annex) keep
      // the source's own words; everything else is ours.
      const pdf = await readPdf(readFileSync(join(out, `hlsd-report-${YEAR}-${lang}.pdf`)));
      const parts: string[] = [];
      const walk = (e: StructElem, page: PageData) => {
        if (e.role === 'Figure') return void parts.push(` ${e.alt ?? ''} `);
        for (const k of e.children) {
          if (isElem(k)) walk(k, page);
          else if (k.type === 'content') parts.push(page.spans.get(k.id) ?? '');
        }
      };
      for (const page of pdf.pages) if (page.tree) walk(page.tree, page);
      const body = squash(parts.join(' '))
        .replace(/“[^”]*”/g, '“”')
        .replace(/«[^»]*»/g, '«»');
      for (const o of qualified) {
        const value = formatValue(formatter(lang), Number(o.value), units.get(o.metric!)!);
        // The source's own word beside the value (issue 24: "over", not "more than"; "casi", not
        // "cerca de"); none where the quote states the value bare (helpers/printed.ts).
        const word = qualifierTemplate(lang, o as { value: string; qualifier?: string; quote?: string })
          .replace('{{value}}', '')
          .trim();
        const at = [...body.matchAll(new RegExp(`(?<![\\d.,])${escapeRe(value)}(?![\\d])`, 'g'))].map((m) => m.index!);
        expect(at.length, `${o.metric} ${lang}: ${value} is printed`).toBeGreaterThan(0);
        for (const i of at) {
          const before = body.slice(Math.max(0, i - 16), i).replace(/[+−-]$/, ''); // a signed rate: "nearly +300%"
          if (word)
            expect(
              before.endsWith(`${word} `),
              `${o.metric} ${lang}: "…${before}${value}" lacks the source's "${word}"`,
            ).toBe(true);
          else
            expect(
              before,
              `${o.metric} ${lang}: "…${before}${value}" adds a qualifier the source does not write`,
            ).not.toMatch(/(more than|over|nearly|about|más de|casi|cerca de|alrededor de) $/i);
        }
      }
    }
  });

  it('shows "over 25 million" (EN, the statement\'s word) and "más de 25 millones" (ES)', () => {
    expect(squash(text.en)).toContain('over 25 million');
    expect(squash(text.en)).not.toContain('more than 25 million');
    expect(squash(text.es)).toContain('más de 25 millones');
  });

  it('says a milestone was "reported done by" a date, and never "Not started" or "Milestones only" in the scorecard', () => {
    expect(squash(text.en)).toMatch(
      /Reported done by (January|February|March|April|May|June|July|August|September|October|November|December)/,
    );
    // Reading order: a table cell's lines stay together (laid out, they interleave with the next column's).
    expect(squash(pdfText(join(out, `hlsd-report-${YEAR}-es.pdf`), false))).toMatch(
      /Cumplido a más tardar el \d+ de [a-z]+ de \d{4}/,
    );
    for (const lang of ['en', 'es'] as const) {
      const flat = squash(pdfText(join(out, `hlsd-report-${YEAR}-${lang}.pdf`), false));
      const start = flat.indexOf(progress[lang]['scorecard.caption']!.replace('{{year}}', String(YEAR)));
      const summary = flat.slice(start, flat.indexOf(lang === 'en' ? en['summary.gaps']! : es['summary.gaps']!, start));
      expect(start).toBeGreaterThan(0);
      expect(summary.length).toBeGreaterThan(1000);
      expect(summary).not.toMatch(/Not started|Milestones only|No iniciado|Solo hitos/);
    }
  });
});

describe('each sentence once (issue 16)', () => {
  it('prints no sentence of 40 characters or more twice in either PDF, quotes included (tagged text, page furniture excluded)', async () => {
    for (const lang of ['en', 'es'] as const) {
      const pdf = await readPdf(readFileSync(join(out, `hlsd-report-${YEAR}-${lang}.pdf`)));
      // The tagged text of every page in reading order; artifacts (headers, footers, repeated table heads) are not in it.
      const tagged = pdf.pages.map((p) => [...p.spans.values()].join(' ')).join(' ');
      const sentences = squash(tagged)
        .replace(/\b(U\.S|U\.N|Mr|No|Núm|p\. ej|e\.g)\. /g, '$1.\u2060') // abbreviations do not end a sentence
        .split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ“«¿])/)
        .map((x) => x.trim())
        .filter((x) => x.length >= 40);
      const seen = new Map<string, number>();
      for (const x of sentences) seen.set(x, (seen.get(x) ?? 0) + 1);
      expect(
        [...seen].filter(([, n]) => n > 1).map(([x, n]) => `${n}× ${x}`),
        lang,
      ).toEqual([]);
    }
  }, 120_000);
});

describe('the built HTML', () => {
  it('is in the page language and links to the other language', () => {
    expect(html.es).toMatch(/<html[^>]*lang="es-MX"/);
    expect(html.en).toMatch(/<html[^>]*lang="en-US"/);
    expect(html.es).toContain('hreflang="en-US"');
    expect(html.es).toContain(`hlsd-report-${YEAR}-en.html`);
  });

  it('has the same anchors in both languages', () => {
    const ids = (h: string) =>
      [...h.matchAll(/\sid="((?:goal|area|objective|action|metric|commitment)-[^"]+)"/g)].map((m) => m[1]).sort();
    expect(ids(html.es).length).toBeGreaterThan(50);
    expect(ids(html.es)).toEqual(ids(html.en));
  });

  it('leaves no English template text in the Spanish page', () => {
    const visible = (h: string) =>
      squash(
        h
          .replace(/<style[\s\S]*?<\/style>/g, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&[a-z#0-9]+;/g, ' '),
      );
    const s = visible(html.es);
    for (const phrase of foreignPhrases(es, en))
      expect(s, `English "${phrase}" in the Spanish HTML`).not.toContain(phrase);
    expect(s).toContain('Proteger a nuestra gente');
  });
});

describe('the overview (scorecard)', () => {
  it('shows the same statuses per country as assess --json --rollup, in both languages and formats', () => {
    const r = runCli(['assess', '--json', '--rollup'], { cwd: dir });
    expect(r.status).toBe(0);
    type Row = { id: string; headline: string; by_country: Record<string, string>; provisional: boolean };
    const { rollups } = JSON.parse(r.stdout) as { rollups: { goals: Row[]; actions: Row[] } };
    for (const [lang, cat] of [
      ['en', en],
      ['es', es],
    ] as const) {
      const pdf = squash(pdfText(join(out, `hlsd-report-${YEAR}-${lang}.pdf`), false));
      const provisional = verdicts[lang]['status.provisional']!;
      for (const a of rollups.actions) {
        const n = a.id.replace('action-', '');
        const heading = progress[lang]['action.shortHeading']!.replace('{{number}}', n).replace(
          '{{title}}',
          progress[lang][`action-${n}.short`]!,
        );
        // The row: the action's short title (linked to its section), then the United States' and
        // Mexico's statuses, each a badge with the status's words (provisional marked) or a dash.
        const cell = (country: 'US' | 'MX') => {
          const status = a.by_country[country];
          if (!status) return '—';
          const label = a.provisional
            ? provisional.replace('{{status}}', cat[`status.${status}`]!)
            : cat[`status.${status}`]!;
          return `<span class="badge badge--${status.replace(/_/g, '-')}">${escapeRe(label)}</span>`;
        };
        const row = new RegExp(
          `<th scope="row"[^>]*><a href="#action-${n}">${escapeRe(heading)}</a></th>\\s*<td[^>]*>${cell('US')}</td>\\s*<td[^>]*>${cell('MX')}</td>`,
        );
        expect(html[lang], `${a.id} in ${lang} HTML`).toMatch(row);
        // A rated action reads rated, an unrated one does not, in the headline too.
        expect(a.headline === 'not_rated', a.id).toBe(Object.keys(a.by_country).length === 0);
        // In the PDF the row's cells wrap side by side, so their lines interleave in the text: the
        // row (from its heading to the next row) holds every word of the heading.
        const scorecard = pdf.slice(
          pdf.indexOf(progress[lang]['scorecard.caption']!.replace('{{year}}', String(YEAR)).slice(0, 20)),
        );
        const start = scorecard.indexOf(heading.split(' ').slice(0, 3).join(' '));
        expect(start, `${a.id} in ${lang} PDF`).toBeGreaterThanOrEqual(0);
        const rowText = scorecard.slice(start, start + heading.length + 80);
        // A hyphen at a line break is lost in the PDF's text ("high-" + "impact" → "highimpact").
        const unhyphen = (x: string) => x.replace(/-/g, '');
        for (const word of heading.split(/[\s–]+/))
          expect(unhyphen(rowText), `${a.id} in ${lang} PDF`).toContain(unhyphen(word));
      }
      for (const g of rollups.goals)
        for (const s of Object.values(g.by_country)) expect(html[lang]).toContain(cat[`status.${s}`]!);
    }
  });
});

describe('reproducibility', () => {
  it('gives byte-identical outputs for the same inputs, whatever TZ and LANG', () => {
    const other = scratchProject();
    const r = runCli(['build'], { cwd: other, env: { TZ: 'Asia/Tokyo', LANG: 'es_MX.UTF-8' } });
    expect(r.status).toBe(0);
    expect(snapshot(join(other, 'out'))).toEqual(snapshot(join(dir, 'out')));
  }, 120_000);

  // `make` bundles pipeline/ into dist/, which bin/ runs when it is fresh; HLSD_TSX=1 runs the
  // TypeScript sources through tsx instead. Both must write the same bytes.
  it.skipIf(!distIsFresh())(
    'gives the same bytes from the bundle in dist/ as from the TypeScript sources',
    () => {
      const other = scratchProject();
      const r = runCli(['build', '--verbose'], { cwd: other, env: { HLSD_TSX: '1' } });
      expect(r.status, r.stderr).toBe(0);
      expect(snapshot(join(other, 'out'))).toEqual(snapshot(join(dir, 'out')));
    },
    120_000,
  );
});

/** Whether bin/ runs the bundle (as in `make test`): dist/.built newer than every source. */
function distIsFresh(): boolean {
  const root = join(import.meta.dirname, '../..');
  let built: number;
  try {
    built = statSync(join(root, 'dist/.built')).mtimeMs;
  } catch {
    return false;
  }
  return (readdirSync(join(root, 'pipeline'), { recursive: true }) as string[]).every(
    (f) => !f.endsWith('.ts') || statSync(join(root, 'pipeline', f)).mtimeMs <= built,
  );
}

describe('invalid input', () => {
  it('reports a broken CSV row with file:line:column and a hint, exits 1, and leaves out/ unchanged', async () => {
    const { readFileSync: read, writeFileSync } = await import('node:fs');
    const { dir } = await copyOfDefaultBuild('hlsd-invalid-'); // the shared build is read by other files meanwhile
    const before = snapshot(join(dir, 'out'));
    const file = join(dir, 'data/observations.csv');
    const original = read(file, 'utf8');
    const lines = original.split('\n');
    lines[2] = lines[2]!.replace(',25100000000,', ',"25,1",');
    writeFileSync(file, lines.join('\n'));
    try {
      const r = runCli(['build'], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/data\/observations\.csv:3:\d+\s+error\s+observation\/value/);
      expect(r.stderr).toMatch(/hint:/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(join(dir, 'out'))).toEqual(before);
    } finally {
      writeFileSync(file, original);
    }
  }, 60_000);

  it('check writes nothing', () => {
    const fresh = scratchProject();
    const r = runCli(['check'], { cwd: fresh });
    expect(r.status).toBe(0);
    expect(snapshot(join(fresh, 'out'))).toEqual({});
  });

  it('usage errors exit 2', () => {
    expect(runCli(['build', '--lang', 'fr']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
  });
});
