// Rendering fast must not change a byte. The same project built with --jobs 1 (all in one
// thread) and --jobs 2 (charts and PDFs in two worker threads) gives identical files; each build
// runs in its own scratch project, so each has an empty chart cache and every chart really is
// rendered by the threads under test. And charts that reuse a compiled shape (render.ts compiles
// and parses each spec shape once) are byte-identical to a plain vega-lite compile + vega parse.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartLocale } from '../../pipeline/render/charts/locale.js';
import { installTextMetrics } from '../../pipeline/render/charts/metrics.js';
import { postProcessSvg, renderChart } from '../../pipeline/render/charts/render.js';
import { chartSpec } from '../../pipeline/render/charts/specs.js';
import type { ChartLocale, ChartRequest } from '../../pipeline/render/charts/types.js';
import { ROOT, runCli, scratchProject, snapshot } from '../helpers/cli.js';
import { bars, scorecard, timeSeries } from './charts/fixtures.js';

const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

function buildIn(jobs: number, data: string): Record<string, string> {
  const project = scratchProject(`hlsd-jobs${jobs}-`);
  try {
    const r = runCli(['build', '--jobs', String(jobs), '--data', data], { cwd: project, env: EPOCH });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    return snapshot(join(project, 'out'));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

describe('--jobs', () => {
  it.each([
    ['the report data', join(ROOT, 'data')],
    ['a multi-year fixture (one chart per metric)', join(ROOT, 'test/fixtures/multi-year')],
  ])(
    '--jobs 1 and --jobs 2 write byte-identical files for %s',
    (_name, data) => {
      const one = buildIn(1, data);
      const two = buildIn(2, data);
      expect(Object.keys(one).filter((p) => /\.(pdf|html)$/.test(p)).length).toBe(4);
      expect(two).toEqual(one);
    },
    300_000,
  );

  it('rejects a --jobs that is not a positive whole number (usage error)', () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = runCli(['build', `--jobs=${bad}`, '--out', '/nonexistent/never-written']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--jobs takes a whole number/);
    }
  });
});

/** The render without any sharing between charts: compile, parse, view, SVG. */
async function plainRender(req: ChartRequest): Promise<string> {
  installTextMetrics();
  const view = new View(parse(compile(chartSpec(req) as never).spec), {
    renderer: 'none',
    locale: chartLocale(req.locale) as never,
  });
  try {
    return postProcessSvg(await view.toSVG(), req).svg;
  } finally {
    view.finalize();
  }
}

/** The same chart with other values (and description): same shape, so a cache hit. */
function scaled<T extends ChartRequest>(req: T, factor: number): T {
  return JSON.parse(JSON.stringify(req), (key, value: unknown) =>
    key === 'value' && typeof value === 'number'
      ? Math.round(value * factor * 100) / 100
      : key === 'description'
        ? `${String(value)} (×${factor})`
        : value,
  ) as T;
}

describe('chart shapes compiled once', () => {
  const locales: ChartLocale[] = ['en-US', 'es-MX'];
  const requests = locales.flatMap((l) => [timeSeries(l), bars(l), scorecard(l)]);
  it.each(requests.map((r) => [`${r.kind} ${r.locale}`, r] as const))(
    '%s: first render, and renders with other values, equal plain renders byte for byte',
    async (_name, req) => {
      for (const variant of [req, scaled(req, 1.7), scaled(req, 0.3), req]) {
        expect((await renderChart(variant)).svg).toBe(await plainRender(variant));
      }
    },
  );

  it('keeps identical value arrays of two layers apart from different ones (vega-lite merges equal data sources)', async () => {
    const base = timeSeries('en-US');
    // Every point the same value: the layers' inline data become equal.
    const flat = { ...base, points: base.points.map((p) => ({ ...p, value: 1000 })) };
    expect((await renderChart(flat)).svg).toBe(await plainRender(flat));
    expect((await renderChart(base)).svg).toBe(await plainRender(base));
  });
});
