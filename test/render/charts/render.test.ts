import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compileChart, postProcessSvg, renderChart } from '../../../pipeline/render/charts/render.js';
import { chartLocale } from '../../../pipeline/render/charts/locale.js';
import { CHART_WIDTH } from '../../../pipeline/render/charts/specs.js';
import type { BarChart, ChartRequest } from '../../../pipeline/render/charts/types.js';
import { bars, scorecard, SCORECARD_LABELS, timeSeries, US_VALUES, YEARS, MX_VALUES } from './fixtures.js';
import { count, groups, ids, roleTexts, texts } from './svg.js';

const ALL: ChartRequest[] = (['en-US', 'es-MX'] as const).flatMap((l) => [timeSeries(l), bars(l), scorecard(l)]);

describe('specs compile cleanly', () => {
  it.each(ALL.map((r) => [`${r.kind} ${r.locale}`, r] as const))('%s: no vega-lite warnings', (_name, req) => {
    expect(compileChart(req).warnings).toEqual([]);
  });
});

describe('time series', () => {
  it('formats tick labels per locale and shows fiscal period labels', async () => {
    const en = await renderChart(timeSeries('en-US'));
    const es = await renderChart(timeSeries('es-MX'));
    const enTicks = roleTexts(en.svg, 'axis-label');
    const esTicks = roleTexts(es.svg, 'axis-label');
    // en-US and es-MX both group thousands with "," (Mexico's convention).
    expect(enTicks).toContain('100,000');
    expect(esTicks).toContain('100,000');
    expect(enTicks).toContain('FY2022');
    expect(esTicks).toContain('AF2022');
    expect(esTicks).not.toContain('FY2022');
    // Periods in order, whatever the order of the points.
    expect(esTicks.filter((t) => t.startsWith('AF'))).toEqual(YEARS.map((y) => `AF${y}`));
  });

  it('draws one line per country and one point per observation', async () => {
    const req = timeSeries('en-US');
    const { svg } = await renderChart(req);
    const [points] = groups(svg, 'mark-symbol', 'mark');
    expect(count(points, '<path')).toBe(US_VALUES.length + MX_VALUES.length);
    // One segment between each country's consecutive points (each segment carries its own dash).
    const lines = groups(svg, 'mark-line', 'mark');
    expect(lines.reduce((n, g) => n + count(g, '<path'), 0)).toBe(US_VALUES.length - 1 + MX_VALUES.length - 1);
    // Mexico's line is dashed, the U.S. line solid (grayscale-readable).
    expect(count(svg, 'stroke-dasharray="6,3"')).toBe(MX_VALUES.length - 1);
  });

  it('draws provisional and underreported points hollow, reached by a dotted segment, with a key entry (#25)', async () => {
    const req = timeSeries('en-US');
    const flagged = {
      ...req,
      flaggedLabel: 'Provisional or underreported',
      points: req.points.map((p, i) => (i === US_VALUES.length - 1 ? { ...p, flag: 'underreported' as const } : p)),
    };
    const plain = await renderChart(req);
    const { svg } = await renderChart(flagged);
    expect(roleTexts(svg, 'mark')).toContain('Provisional or underreported');
    expect(roleTexts(plain.svg, 'mark')).not.toContain('Provisional or underreported');
    // The dotted segment into the flagged point, only there.
    expect(count(svg, 'stroke-dasharray="1.5,3.5"')).toBe(1);
    expect(count(plain.svg, 'stroke-dasharray="1.5,3.5"')).toBe(0);
    // Hollow: white inside, the country's colour around (the flagged point and the key's marker).
    expect(count(svg, 'fill="#FFFFFF" stroke=')).toBeGreaterThanOrEqual(2);
  });

  it('labels baseline and target reference rules', async () => {
    const { svg } = await renderChart(timeSeries('es-MX'));
    const labels = roleTexts(svg, 'mark');
    // The baseline is named in the key above the plot (never on the plot, where a point may be),
    // the target at its rule's right end.
    expect(labels).toContain('Línea base 2021: 5,046');
    expect(labels).toContain('Meta 2024: 7,000');
    const rules = groups(svg, 'mark-rule', 'mark');
    expect(rules).toHaveLength(3); // baseline, target, and the baseline's sample in the key
  });

  it('has a legend with the localized country names', async () => {
    const { svg } = await renderChart(timeSeries('es-MX'));
    expect(roleTexts(svg, 'legend-label')).toEqual(['Estados Unidos', 'México']);
  });
});

describe('bars', () => {
  it('writes the request’s value labels and the ticks in the metric’s format', async () => {
    const enBars = await renderChart(bars('en-US'));
    const esBars = await renderChart(bars('es-MX'));
    // As a table prints them: one decimal at most, none for a whole number.
    expect(roleTexts(enBars.svg, 'mark')).toEqual(['24.9%', '61.7%', '100%']);
    expect(roleTexts(esBars.svg, 'mark')).toEqual(['24.9%', '61.7%', '100%']);
    expect(roleTexts(esBars.svg, 'axis-label')).toContain('Estados Unidos · 2022');
    expect(roleTexts(enBars.svg, 'axis-label')).toContain('20%');
    const big: BarChart = {
      ...bars('es-MX'),
      valueFormat: { lang: 'es', style: 'number' },
      points: [
        {
          country: 'US',
          countryLabel: 'Estados Unidos',
          period: 'FY2022',
          periodLabel: 'AF2022',
          value: 109413,
          label: '109,413',
        },
      ],
    };
    const r = await renderChart(big);
    expect(roleTexts(r.svg, 'mark')).toEqual(['109,413']);
    expect(roleTexts(r.svg, 'axis-label')).toContain('Estados Unidos · AF2022');
    expect(roleTexts(r.svg, 'axis-label')).toContain('100,000');
  });

  it('writes dollar ticks with the scale word, as the tables do', async () => {
    for (const [locale, lang, ticks] of [
      ['en-US', 'en', ['$0', '$10 billion', '$20 billion']],
      ['es-MX', 'es', ['0 dólares', '10,000 millones de dólares', '20,000 millones de dólares']],
    ] as const) {
      const req: BarChart = {
        ...bars(locale),
        valueFormat: { lang, style: 'usd' },
        points: [
          { country: 'US', countryLabel: 'U.S.', period: '2022', periodLabel: '2022', value: 25.1e9, label: 'L' },
        ],
      };
      const axis = roleTexts((await renderChart(req)).svg, 'axis-label');
      for (const tick of ticks) expect(axis).toContain(tick);
    }
  });

  it('draws one bar per point', async () => {
    const { svg } = await renderChart(bars('en-US'));
    const [rects] = groups(svg, 'mark-rect', 'mark');
    expect(count(rects, '<path')).toBe(3);
  });

  it('uses the hyphen-minus for negatives, as Intl does', async () => {
    const req = bars('es-MX');
    req.points = [
      ...req.points,
      { country: 'MX', countryLabel: 'México', period: '2023', periodLabel: '2023', value: -12.5, label: '-12.5%' },
    ];
    const { svg } = await renderChart(req);
    expect(roleTexts(svg, 'mark')).toContain('-12.5%');
    expect(roleTexts(svg, 'axis-label').filter((t) => t.startsWith('-')).length).toBeGreaterThan(0);
    expect(svg).not.toContain('\u2212');
  });
});

describe('scorecard', () => {
  it('shows every status label in its cell and in the legend, rows in order', async () => {
    for (const locale of ['en-US', 'es-MX'] as const) {
      const { svg } = await renderChart(scorecard(locale));
      const cellTexts = roleTexts(svg, 'mark');
      const all = Object.values(SCORECARD_LABELS[locale]);
      expect(cellTexts).toEqual(all);
      expect(roleTexts(svg, 'legend-label')).toEqual(all);
      const rows = roleTexts(svg, 'axis-label');
      const word = locale === 'es-MX' ? 'Acción' : 'Action';
      expect(rows).toEqual(all.map((_, i) => `${word} ${i + 1}`));
      const [cells] = groups(svg, 'mark-rect', 'mark');
      expect(count(cells, '<path')).toBe(all.length);
    }
  });

  it('wraps long row labels instead of truncating them', async () => {
    const req = scorecard('es-MX');
    const long =
      'Meta 1: Proteger a nuestra gente mediante la inversión en salud pública y el desarrollo seguro de las comunidades';
    req.cells = [{ ...req.cells[0], row: long }];
    const { svg } = await renderChart(req);
    const rows = roleTexts(svg, 'axis-label');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.join(' ')).toBe(long);
    expect(svg).not.toContain('…');
  });
});

describe('SVG contract', () => {
  it('is 468 wide with modest heights', async () => {
    for (const req of ALL) {
      const r = await renderChart(req);
      expect(r.width).toBe(CHART_WIDTH);
      expect(r.svg).toMatch(new RegExp(`^<svg [^>]*width="${CHART_WIDTH}" height="${r.height}"`));
      if (req.kind === 'timeseries') expect(r.height).toBe(220);
      if (req.kind === 'bars') expect(r.height).toBeLessThanOrEqual(40 + 28 * req.points.length + 20);
      if (req.kind === 'scorecard') expect(r.height).toBeLessThanOrEqual(20 * req.cells.length + 120);
    }
  });

  it('has role="img", exactly one <title> and one <desc> as first children, referenced by aria-labelledby', async () => {
    for (const req of ALL) {
      const { svg } = await renderChart(req);
      expect(count(svg, '<title')).toBe(1);
      expect(count(svg, '<desc')).toBe(1);
      const m =
        /^<svg [^>]*role="img" aria-labelledby="([^"]+) ([^"]+)"><title id="([^"]+)">([^<]*)<\/title><desc id="([^"]+)">([^<]*)<\/desc>/.exec(
          svg,
        );
      expect(m).not.toBeNull();
      expect(m![1]).toBe(m![3]);
      expect(m![2]).toBe(m![5]);
      expect(m![4]).toBe(req.title);
      expect(m![6]).toBe(req.description);
      // No other ARIA inside: the children of role="img" are presentational.
      expect(count(svg, 'role=')).toBe(1);
    }
  });

  it('translates titles; showTitle draws the title too', async () => {
    const es = await renderChart({ ...timeSeries('es-MX'), showTitle: true });
    expect(es.svg).toContain(
      '<title id="metric-smuggling-es-title">Personas procesadas por tráfico de personas</title>',
    );
    expect(roleTexts(es.svg, 'title-text')).toEqual(['Personas procesadas por tráfico de personas']);
    const en = await renderChart(timeSeries('en-US'));
    expect(en.svg).toContain('>Human-smuggling defendants</title>');
    expect(groups(en.svg, 'mark-text', 'title-text')).toEqual([]);
  });

  it('escapes text from data and never emits markup from it', async () => {
    const req = timeSeries('en-US');
    req.title = 'Fentanyl <seizures> & "labs"';
    req.description = '</desc><script>alert(1)</script>';
    req.points = req.points.map((p) => (p.country === 'MX' ? { ...p, countryLabel: "México'); alert(1); ('<b>" } : p));
    const { svg } = await renderChart(req);
    expect(svg).toContain(
      '<title id="metric-smuggling-en-title">Fentanyl &lt;seizures&gt; &amp; &quot;labs&quot;</title>',
    );
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(roleTexts(svg, 'legend-label')).toContain("México'); alert(1); ('<b>");
    expect(count(svg, '<desc')).toBe(1);
  });

  it('renders byte-identical twice', async () => {
    for (const req of ALL) {
      const a = await renderChart(req);
      const b = await renderChart(req);
      expect(b.svg).toBe(a.svg);
    }
  });

  it('gives two different charts disjoint ids', async () => {
    const a = await renderChart(timeSeries('en-US', 'metric-a'));
    const b = await renderChart(timeSeries('en-US', 'metric-b'));
    const idsA = ids(a.svg);
    const idsB = ids(b.svg);
    expect(idsA.length).toBeGreaterThan(0);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    // Same chart in the two languages: disjoint too.
    const es = await renderChart(timeSeries('es-MX', 'metric-a'));
    expect(ids(es.svg).filter((id) => idsA.includes(id))).toEqual([]);
  });

  it('has no XML prolog and no external references', async () => {
    for (const req of ALL) {
      const { svg } = await renderChart(req);
      expect(svg.startsWith('<svg ')).toBe(true);
      expect(svg).not.toMatch(/<\?xml|<!DOCTYPE|<image|<a\b|href=|<foreignObject|<script|<style/i);
      expect(svg).not.toMatch(/url\((?!#)/);
      expect(svg).not.toContain('…');
    }
  });

  it('sets Roboto on all text', async () => {
    const { svg } = await renderChart({ ...bars('en-US'), showTitle: true });
    const fonts = [...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]);
    expect(fonts.length).toBeGreaterThan(5);
    expect(new Set(fonts)).toEqual(new Set(['Roboto']));
  });
});

describe('post-processing', () => {
  const raw =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks" width="100.4" height="50" viewBox="0 0 100.4 50" role="graphics-document" aria-label="x">' +
    '<defs><clipPath id="clip7"><rect x="0" y="0" width="10.123456" height="10"/></clipPath><linearGradient id="gradient_3"/></defs>' +
    '<g clip-path="url(#clip7)"><path fill="url(#gradient_3)" d="M0,0"/></g><use href="#clip7"/>' +
    '<image href="https://example.org/x.png"/><a href="https://example.org"><text>3.14159</text></a></svg>';

  it('prefixes and renumbers ids deterministically and rewrites references', () => {
    const a = postProcessSvg(raw, { id: 'metric-x', locale: 'en-US', title: 't', description: 'd' });
    expect(ids(a.svg)).toEqual(['metric-x-en-title', 'metric-x-en-desc', 'metric-x-en-d1', 'metric-x-en-d2']);
    expect(a.svg).toContain('clip-path="url(#metric-x-en-d1)"');
    expect(a.svg).toContain('fill="url(#metric-x-en-d2)"');
    expect(a.svg).toContain('href="#metric-x-en-d1"');
    const b = postProcessSvg(raw.replaceAll('clip7', 'clip99').replaceAll('gradient_3', 'gradient_12'), {
      id: 'metric-x',
      locale: 'en-US',
      title: 't',
      description: 'd',
    });
    expect(b.svg).toBe(a.svg);
  });

  it('drops the prolog, images and external links; rounds coordinates but not text', () => {
    const a = postProcessSvg(raw, { id: '7 odd/id', locale: 'es-MX', title: 't', description: 'd' });
    expect(a.svg.startsWith('<svg ')).toBe(true);
    expect(a.svg).not.toMatch(/<\?xml|<image|example\.org|<a\b|graphics-document/);
    expect(a.svg).toContain('width="10.12"');
    expect(a.svg).toContain('<text>3.14159</text>');
    expect(a.width).toBe(101);
    expect(a.svg).toContain('viewBox="0 0 101 50"');
    expect(ids(a.svg)[0]).toBe('chart-7-odd-id-es-title');
  });
});

describe('locale isolation', () => {
  it('es-MX and en-US renders in one process, interleaved, keep their own locale; no global state changes', async () => {
    // A View locale with decimal comma, applied to one View only, rendered concurrently with en-US.
    const comma = chartLocale('es-MX');
    comma.number.decimal = ',';
    comma.number.thousands = '.';
    const [odd, en1, es1] = await Promise.all([
      renderChart(bars('es-MX'), { localeDefinition: comma }),
      renderChart(bars('en-US')),
      renderChart(timeSeries('es-MX')),
    ]);
    // No number of a chart goes through the View's d3 locale: labels and ticks are compose's
    // (Intl) strings, so the odd locale changes no byte.
    expect(odd.svg).toBe((await renderChart(bars('es-MX'))).svg);
    const oddSeries = await renderChart(timeSeries('es-MX'), { localeDefinition: comma });
    expect(oddSeries.svg).toBe(es1.svg);
    expect(roleTexts(es1.svg, 'axis-label')).toContain('100,000');
    expect(roleTexts(en1.svg, 'mark')).toEqual(['24.9%', '61.7%', '100%']);
    // Rendered again afterwards: unchanged, byte for byte.
    const en2 = await renderChart(bars('en-US'));
    expect(en2.svg).toBe(en1.svg);
    // vega's process-wide default locale is untouched.
    const def = (vega as unknown as { defaultLocale(): { format(s: string): (v: number) => string } }).defaultLocale();
    expect(def.format(',.1f')(1234.5)).toBe('1,234.5');
    expect(texts(odd.svg).join(' ')).not.toContain('24,9%');
  });
});
