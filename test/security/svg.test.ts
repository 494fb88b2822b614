// Chart SVG never references or runs anything: labels that look like markup (an <image> with an
// external href, a <script>, an event handler) are drawn as text, and the renderer's guard removes
// any element that could load a resource even if one slipped into vega's output.

import { describe, expect, it } from 'vitest';
import { compileChart, postProcessSvg, renderChart } from '../../pipeline/render/charts/render.js';
import { sanitizeChartSvg } from '../../pipeline/render/html/index.js';
import type { ChartRequest } from '../../pipeline/render/charts/types.js';
import { bars, scorecard, timeSeries } from '../render/charts/fixtures.js';
import { texts, unescape } from '../render/charts/svg.js';

const IMAGE = '<image href="http://x/y.png"/>';
const SCRIPT = '<script>alert(1)</script>';
const HANDLER = '"><svg onload=alert(1)>';
const HOSTILE = `${IMAGE} ${SCRIPT} ${HANDLER}`;

/** Every text a chart can draw, set to the payloads. */
function hostile(): ChartRequest[] {
  const ts = timeSeries('en-US');
  const b = bars('es-MX');
  const sc = scorecard('es-MX');
  return [
    {
      ...ts,
      title: HOSTILE,
      description: HOSTILE,
      valueTitle: HOSTILE,
      periodTitle: HOSTILE,
      showTitle: true,
      points: ts.points.map((p) => ({
        ...p,
        countryLabel: `${p.countryLabel} ${IMAGE}`,
        periodLabel: `${p.periodLabel}${SCRIPT}`,
      })),
      baseline: { value: 5046, label: HOSTILE },
      target: { value: 7000, label: IMAGE },
    },
    {
      ...b,
      title: HOSTILE,
      description: HOSTILE,
      valueTitle: IMAGE,
      points: b.points.map((p) => ({ ...p, countryLabel: `${IMAGE} ${p.countryLabel}` })),
    },
    {
      ...sc,
      cells: sc.cells.map((c) => ({ ...c, row: `${c.row} ${IMAGE}`, statusLabel: HANDLER })),
      legend: sc.legend.map((l) => ({ ...l, label: IMAGE })),
    },
  ];
}

/** Names of all elements in SVG markup. */
const elements = (svg: string) => [...svg.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase());

describe.each(hostile().map((r) => [`${r.kind} ${r.locale}`, r] as const))(
  'a %s chart with markup in every label',
  (_name, req) => {
    it('has no <image>, <script>, <foreignObject> or <a> element, no handler and no external reference', async () => {
      const { svg } = await renderChart(req);
      const names = new Set(elements(svg));
      for (const bad of ['image', 'script', 'foreignobject', 'a', 'iframe', 'use', 'style'])
        expect(names, `<${bad}>`).not.toContain(bad);
      // Attributes live in tags; the payloads' "onload=" inside text content is text (its < > are escaped).
      const tags = svg.match(/<[^>]+>/g)!.join('\n');
      expect(tags).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tags).not.toMatch(/\s(?:xlink:)?href\s*=\s*"(?!#)/);
      expect(tags).not.toMatch(/url\(\s*['"]?(?!#)/);
      expect(tags).not.toMatch(/javascript:/i);
    });

    it('draws the payloads as text, escaped', async () => {
      const { svg } = await renderChart(req);
      const drawn = [
        ...texts(svg),
        ...[...svg.matchAll(/<(?:title|desc)\b[^>]*>([\s\S]*?)<\/(?:title|desc)>/g)].map((m) => unescape(m[1]!)),
      ].join('\n');
      expect(drawn).toMatch(/<image href="http:\/\/x\/y\.png"\/>|<script>alert\(1\)<\/script>|onload=alert\(1\)/);
      expect(svg).toContain('&lt;');
    });

    it('compiles to a vega spec that loads nothing: data inline, no url anywhere', () => {
      const spec = JSON.stringify(compileChart(req).vega);
      expect(spec).not.toMatch(/"url"\s*:/);
    });
  },
);

describe('the guards behind the renderer', () => {
  const req = { id: 'metric-x', locale: 'en-US' as const, title: 'T', description: 'D' };

  it('postProcessSvg removes <image> elements from raw renderer output, however they are written', () => {
    const raw = `<svg width="10" height="10" viewBox="0 0 10 10"><image href="http://x/a.png"/><image xlink:href="/etc/secret.png" width="1"></image><IMAGE href='x'/><text>ok</text></svg>`;
    const { svg } = postProcessSvg(raw, req);
    expect(elements(svg)).not.toContain('image');
    expect(svg).not.toMatch(/secret|http:\/\/x/);
    expect(texts(svg)).toContain('ok');
  });

  it('sanitizeChartSvg (before HTML insertion) strips scripts, handlers and external references', () => {
    const svg = sanitizeChartSvg(
      `<svg><script>alert(1)</script><image href="http://x/a.png" onload="alert(1)"/><rect fill="url(http://x/p)" /><text>ok</text></svg>`,
    );
    expect(elements(svg)).not.toContain('script');
    expect(svg).not.toMatch(/http:\/\/x|onload|alert/);
    expect(svg).toContain('<text>ok</text>');
  });
});
