// The chart cache's code digest covers its sources by glob (CHART_SOURCES), so a module added to
// render/charts/ changes the cache key without anyone listing it.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_SOURCES, matchSources } from '../../../pipeline/render/charts/cache.js';
import { PIPELINE_SOURCES } from '../../../pipeline/source.js';

describe('the chart cache sources', () => {
  it('are every module of render/charts/ and the few others a chart depends on', () => {
    const files = matchSources(PIPELINE_SOURCES, CHART_SOURCES);
    expect(files).toEqual(
      expect.arrayContaining([
        'render/charts/specs.ts',
        'render/charts/render.ts',
        'render/charts/palette.ts',
        'render/charts/locale.ts',
        'render/charts/metrics.ts',
        'render/charts/types.ts',
        'compose/format.ts',
        'compose/charts.ts',
        'patches/vega.ts',
      ]),
    );
    expect(files.filter((f) => !f.startsWith('render/charts/'))).toEqual([
      'compose/charts.ts',
      'compose/format.ts',
      'core/status.ts',
      'patches/vega.ts',
    ]);
  });

  it('include a module added to render/charts/ (at any depth), and nothing outside the globs', () => {
    const root = mkdtempSync(join(tmpdir(), 'hlsd-chart-sources-'));
    try {
      for (const f of [
        'render/charts/specs.ts',
        'render/charts/new-kind.ts',
        'render/charts/kinds/radar.ts',
        'render/pdf/index.ts',
        'compose/format.ts',
        'compose/progress.ts',
        'render/charts/notes.md',
      ]) {
        mkdirSync(join(root, f, '..'), { recursive: true });
        writeFileSync(join(root, f), '');
      }
      expect(matchSources(root, CHART_SOURCES)).toEqual([
        'compose/format.ts',
        'render/charts/kinds/radar.ts',
        'render/charts/new-kind.ts',
        'render/charts/specs.ts',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
