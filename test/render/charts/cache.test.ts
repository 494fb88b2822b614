import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../pipeline/core/hash.js';
import {
  ChartCache,
  chartCacheKey,
  directoryStore,
  CHART_CODE_VERSION,
} from '../../../pipeline/render/charts/cache.js';
import { renderChart } from '../../../pipeline/render/charts/render.js';
import type { ChartRequest, RenderedChart } from '../../../pipeline/render/charts/types.js';
import { bars, timeSeries } from './fixtures.js';

describe('canonical JSON and keys', () => {
  it('does not depend on key order; drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 'é' }], c: undefined })).toBe('{"a":[{"x":"é","y":2}],"b":1}');
    const req = timeSeries('en-US');
    const shuffled = Object.fromEntries(Object.entries(req).reverse()) as unknown as ChartRequest;
    expect(chartCacheKey(shuffled)).toBe(chartCacheKey(req));
  });

  it('changes with the content, the language and the code version', () => {
    const req = timeSeries('en-US');
    const k = chartCacheKey(req);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(chartCacheKey({ ...req, title: req.title + '!' })).not.toBe(k);
    expect(chartCacheKey(timeSeries('es-MX'))).not.toBe(k);
    expect(chartCacheKey(req, CHART_CODE_VERSION + 'x')).not.toBe(k);
    expect(CHART_CODE_VERSION).toMatch(/vega-\d+\.\d+\.\d+;vega-lite-\d+\.\d+\.\d+/);
  });
});

describe('ChartCache', () => {
  it('renders an unchanged chart once', async () => {
    const cache = new ChartCache();
    const a = await cache.render(timeSeries('en-US'));
    const b = await cache.render(timeSeries('en-US'));
    const [c, d] = await Promise.all([cache.render(bars('en-US')), cache.render(bars('en-US'))]);
    expect(cache.renders).toBe(2);
    expect(b).toBe(a);
    expect(d).toBe(c);
    expect(await cache.get(timeSeries('en-US'))).toBe(a);
    expect(await cache.get(timeSeries('es-MX'))).toBeUndefined();
    expect(cache.renders).toBe(2);
    expect(a.svg).toBe((await renderChart(timeSeries('en-US'))).svg);
  });

  it('persists across builds through an injected store', async () => {
    const files = new Map<string, string>();
    const io = {
      async readFile(path: string): Promise<string> {
        const v = files.get(path);
        if (v === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return v;
      },
      async writeFile(path: string, data: string): Promise<void> {
        files.set(path, data);
      },
    };
    const first = new ChartCache({ store: directoryStore('.cache/charts/', io) });
    const r1 = await first.render(bars('es-MX'));
    expect(first.renders).toBe(1);
    expect([...files.keys()]).toEqual([`.cache/charts/${chartCacheKey(bars('es-MX'))}.svg`]);

    let calls = 0;
    const second = new ChartCache({
      store: directoryStore('.cache/charts', io),
      render: async (req): Promise<RenderedChart> => {
        calls++;
        return renderChart(req);
      },
    });
    const r2 = await second.render(bars('es-MX'));
    expect(second.renders).toBe(0);
    expect(second.hits).toBe(1);
    expect(calls).toBe(0);
    expect(r2).toEqual(r1);

    // A new code version misses the store and renders again.
    const third = new ChartCache({ store: directoryStore('.cache/charts', io), version: 'other' });
    await third.render(bars('es-MX'));
    expect(third.renders).toBe(1);
    expect(files.size).toBe(2);
  });

  it('does not cache failures', async () => {
    let n = 0;
    const cache = new ChartCache({
      render: async (req) => {
        n++;
        if (n === 1) throw new Error('boom');
        return { id: req.id, svg: '<svg width="1" height="1"></svg>', width: 1, height: 1 };
      },
    });
    await expect(cache.render(bars('en-US'))).rejects.toThrow('boom');
    await expect(cache.render(bars('en-US'))).resolves.toMatchObject({ width: 1 });
    expect(cache.renders).toBe(2);
  });
});
