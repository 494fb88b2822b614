// One formatter per value (issue #18, item 6): a figure prints the same number string in its chart,
// its table and its sentence, in both languages; and a chart's cache key depends on its own
// metric's figures only, so a one-value edit re-renders only that metric's charts.
//
// The data are SYNTHETIC: test/fixtures/good-small with a few observations added below (each one
// marked "SYNTHETIC" in its note) so that a dollar metric, a percent metric and a count metric each
// get a bar chart (bars print their value labels). The cache test edits one value of the report
// data (data/observations.csv) in a scratch copy.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block, Figure, ReportDocument } from '../../pipeline/compose/document.js';
import type { BarChart, ChartRequest } from '../../pipeline/compose/charts.js';
import { formatValueAs } from '../../pipeline/compose/format.js';
import { chartCacheKey } from '../../pipeline/render/charts/cache.js';
import { renderChart } from '../../pipeline/render/charts/render.js';
import { chartSpec } from '../../pipeline/render/charts/specs.js';
import { chartRequests } from '../../pipeline/render/index.js';
import { valueSpan, numbersIn, statedNumbers } from '../../pipeline/validate/quote.js';
import { ROOT } from '../helpers/cli.js';
import { editedData, loadProject } from '../publish/helpers.js';
import { roleTexts } from '../render/charts/svg.js';

const GOOD_SMALL = join(ROOT, 'test/fixtures/good-small');

/** SYNTHETIC rows (good-small's columns: metric,country,period,value,status,source,quote,note). */
const SYNTHETIC_ROWS = [
  // (a) dollars in billions: good-small's quoted $25.1 billion (US) beside a synthetic Mexican figure.
  'treatment-investment,MX,FY2022,3200000000,estimate,Synthetic test source,,SYNTHETIC value for the one-formatter test',
  // (c) a count: good-small's 72 substances (MX) beside a synthetic U.S. figure with a thousands separator.
  'watchlisted-substances,US,2022,1250,estimate,Synthetic test source,,SYNTHETIC value for the one-formatter test',
];

/** The metric's values as both editions must print them, in the chart, the table and the sentence. */
const EXPECTED = {
  'treatment-investment': {
    US: { en: '$25.1 billion', es: '25,100 millones de dólares' },
    MX: { en: '$3.2 billion', es: '3,200 millones de dólares' },
  },
  // (b) a percent with one decimal: good-small's illustrative Mexican -1.5 becomes 23.4 (SYNTHETIC).
  'smuggling-change': {
    US: { en: '23%', es: '23%' },
    MX: { en: '23.4%', es: '23.4%' },
  },
  'watchlisted-substances': {
    US: { en: '1,250', es: '1,250' },
    MX: { en: '72', es: '72' },
  },
} as const;

type MetricId = keyof typeof EXPECTED;

function walk(blocks: readonly Block[], visit: (b: Block) => void): void {
  for (const b of blocks) {
    visit(b);
    if (b.kind === 'section') walk(b.children, visit);
  }
}

function section(doc: ReportDocument, id: string): Extract<Block, { kind: 'section' }> {
  let found: Extract<Block, { kind: 'section' }> | undefined;
  walk(doc.body, (b) => {
    if (b.kind === 'section' && b.id === id) found = b;
  });
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

const inlineText = (b: Block) => (b.kind === 'paragraph' ? b.inlines.map((i) => i.text).join('') : '');

let dir: string;
let docs: ReportDocument[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hlsd-one-formatter-'));
  cpSync(GOOD_SMALL, dir, { recursive: true });
  const file = join(dir, 'observations.csv');
  const text = readFileSync(file, 'utf8')
    // SYNTHETIC: the illustrative -1.5 of good-small written as 23.4 (a percent with one decimal).
    .replace('smuggling-change,MX,2021,-1.5,', 'smuggling-change,MX,2021,23.4,');
  expect(text).toContain('smuggling-change,MX,2021,23.4,');
  writeFileSync(file, `${text.replace(/\n?$/, '\n')}${SYNTHETIC_ROWS.join('\n')}\n`);
  const project = await loadProject(dir);
  docs = project.compose().documents;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one number string per figure: chart, table and sentence', () => {
  for (const lang of ['en', 'es'] as const) {
    for (const metric of Object.keys(EXPECTED) as MetricId[]) {
      it(`${metric} (${lang})`, async () => {
        const doc = docs.find((d) => d.meta.lang === lang)!;
        const s = section(doc, `metric-${metric}`);
        const figure = s.children.find((b): b is { kind: 'figure'; figure: Figure } => b.kind === 'figure')?.figure;
        expect(figure, 'a bar chart').toBeDefined();
        const chart = figure!.chart as BarChart;
        expect(chart.kind).toBe('bars');
        const svg = (await renderChart(chart)).svg;
        const drawn = roleTexts(svg, 'mark');
        const sentences = s.children.filter((b) => b.kind === 'paragraph').map(inlineText);
        for (const [country, byLang] of Object.entries(EXPECTED[metric])) {
          const want = byLang[lang];
          const point = chart.points.find((p) => p.country === country)!;
          const row = figure!.table.rows.find((r) => r[0] === point.countryLabel)!;
          // The request's label, the drawn value label, the table cell: one string.
          expect(point.label).toBe(want);
          expect(drawn).toContain(want);
          expect(row[2]).toBe(want);
          // The sentence about that country prints the same string.
          expect(
            sentences.some((t) => t.includes(point.countryLabel) && t.includes(want)),
            `${country}: ${sentences.join(' | ')}`,
          ).toBe(true);
          // And the alt text.
          expect(figure!.alt).toContain(want);
        }
        // The axis ticks are written by the same formatter (scale words and % included).
        const ticks = roleTexts(svg, 'axis-label').filter((t) => !t.includes('·'));
        expect(ticks.length).toBeGreaterThan(1);
        const style = chart.valueFormat.style;
        for (const tick of ticks) {
          // Each tick is the formatter's string for some value of the tick grid.
          const grid = [...Array(201).keys()].flatMap((i) =>
            [0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9].map((step) => (i - 100) * step),
          );
          expect(
            grid.some((v) => formatValueAs({ lang, style }, v) === tick),
            `tick ${tick}`,
          ).toBe(true);
        }
        if (metric === 'treatment-investment')
          expect(ticks).toContain(lang === 'en' ? '$10 billion' : '10,000 millones de dólares');
        if (metric === 'smuggling-change') expect(ticks).toContain('10%');
        if (metric === 'watchlisted-substances') expect(ticks).toContain('1,000');
      });
    }
  }
});

describe('the quote check and the provenance find a value in a quote with one pattern', () => {
  it('valueSpan points at the number numbersIn reads', () => {
    const quote =
      'The United States invested $25.1 billion in drug treatment and interdiction, a 23 percent increase and 5,046 cases.';
    for (const value of [25.1e9, 23, 5046]) {
      const span = valueSpan(value, quote)!;
      expect(span).toBeDefined();
      const stated = statedNumbers(quote).find((s) => s.start === span.start)!;
      expect(stated.values.some((n) => Math.abs(n - value) < 1e-6)).toBe(true);
      expect(numbersIn(quote)).toContain(value);
    }
    expect(quote.slice(...Object.values(valueSpan(25.1e9, quote)!))).toBe('$25.1 billion');
    expect(valueSpan(7, quote)).toBeUndefined();
  });
});

describe('a one-value edit re-renders only that metric’s charts', () => {
  it('changes the cache keys and specs of the edited metric’s charts only (report data)', async () => {
    const requestsOf = async (data: string): Promise<Map<string, ChartRequest>> => {
      const { documents } = (await loadProject(data)).compose();
      return new Map(documents.flatMap((d) => chartRequests(d.body)).map((r) => [r.id, r]));
    };
    const data = join(ROOT, 'data');
    const edited = editedData(data, 'observations.csv', (text) => {
      const next = text.replace(/^(mx-secuestro-victims,MX,2016,,,)1381,/m, '$11382,');
      expect(next).not.toBe(text);
      return next;
    });
    try {
      const before = await requestsOf(data);
      const after = await requestsOf(edited);
      expect([...after.keys()]).toEqual([...before.keys()]);
      expect(before.size).toBeGreaterThan(4);
      const changed = [...before.keys()].filter(
        (id) => chartCacheKey(before.get(id)!) !== chartCacheKey(after.get(id)!),
      );
      expect(changed.sort()).toEqual(['chart-mx-secuestro-victims-en', 'chart-mx-secuestro-victims-es']);
      for (const id of before.keys()) {
        const same = JSON.stringify(chartSpec(before.get(id)!)) === JSON.stringify(chartSpec(after.get(id)!));
        expect(same, id).toBe(!changed.includes(id));
      }
    } finally {
      rmSync(edited, { recursive: true, force: true });
    }
  }, 120_000);
});
