// pipeline/patches/vega.ts: the running vega passes the check; another version, or a vega without
// the text measurement the patch replaces, fails it loudly.

import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { DependencyPatchError } from '../../pipeline/patches/guard.js';
import { checkVega, measureTextWith, VEGA } from '../../pipeline/patches/vega.js';
import { installTextMetrics, textWidth } from '../../pipeline/render/charts/metrics.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};
const running = vega as unknown as { version: string; textMetrics: { width: unknown; estimateWidth: unknown } };

const fakeVega = (textMetrics: Record<string, unknown>) => ({ version: '6.4.0', textMetrics });
const fn = () => 0;

describe('vega patches: the running version', () => {
  it('is the one the patch was written for, and the one package.json pins exactly', () => {
    expect(VEGA.versions).toContain(running.version);
    expect(VEGA.versions).toContain(pkg.dependencies.vega);
    expect(checkVega()).toBe(running.textMetrics);
  });

  it('makes vega measure text with Roboto (render/charts/metrics.ts)', () => {
    installTextMetrics();
    const width = running.textMetrics.width as (item: object, text: string) => number;
    expect(width).not.toBe(running.textMetrics.estimateWidth);
    expect(width({ fontSize: 11 }, '109,413')).toBe(textWidth('109,413', 11));
  });
});

describe('vega patches: another vega', () => {
  it('fails on another version, saying which, for which the patch was written, and what to do', () => {
    const attempt = () => measureTextWith(fn, { version: '6.5.0' });
    expect(attempt).toThrow(DependencyPatchError);
    expect(attempt).toThrow(
      'cannot patch vega 6.5.0 (installed): pipeline/patches/vega.ts was written for vega 6.4.0. ' +
        'To fix: pin vega to 6.4.0 in package.json and package-lock.json and run npm ci, ' +
        'or update pipeline/patches/vega.ts and test/patches/vega.test.ts for vega 6.5.0',
    );
    expect(() => checkVega({ vega: { version: '7.0.0', textMetrics: running.textMetrics } })).toThrow(
      /cannot patch vega 7\.0\.0/,
    );
  });

  it('fails when textMetrics or one of its functions is gone, naming it, and replaces nothing', () => {
    const tm = { estimateWidth: fn, measureWidth: fn, width: fn };
    expect(() => checkVega({ vega: { version: '6.4.0' } })).toThrow(
      /its textMetrics \(from vega-scenegraph\) is missing \(found undefined\)/,
    );
    expect(() => measureTextWith(() => 1, { vega: fakeVega({ estimateWidth: fn, width: fn }) })).toThrow(
      /its textMetrics \(from vega-scenegraph\)\.measureWidth is missing or changed \(expected a function, found undefined\).*pin vega to 6\.4\.0/,
    );
    const good = fakeVega(tm);
    const mine = () => 1;
    measureTextWith(mine, { vega: good });
    expect(good.textMetrics.width).toBe(mine);
  });
});
