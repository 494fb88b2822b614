// Rendered charts keyed by content: sha256 of a code-version string and the canonical JSON of
// the request. An unchanged chart is rendered once per process and, with a store, once across
// builds (e.g. `.cache/charts/<hash>.svg`).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { canonicalJson } from '../../core/hash.js';
import { PIPELINE_SOURCES } from '../../source.js';
import type { ChartRequest, RenderedChart } from './types.js';

const require = createRequire(import.meta.url);

/**
 * What a chart's pixels depend on, as globs under pipeline/: every module of this folder (a new one
 * is covered without being listed), compose's formatter and chart contract (the axis ticks are
 * written by it), core/status.ts (the status colours) and patches/vega.ts (it puts metrics.ts's text
 * widths into vega). `*` matches
 * within one folder, `**` across folders.
 */
export const CHART_SOURCES = [
  'render/charts/**/*.ts',
  'compose/format.ts',
  'compose/charts.ts',
  'core/status.ts',
  'patches/vega.ts',
];

const globRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '\u0000')
      .replace(/\*/g, '[^/]*')
      .replace(/\u0000/g, '(?:.*/)?')}$`,
  );

/** The files under `root` (paths with `/`, sorted) that match one of `globs`. */
export function matchSources(root: string, globs: readonly string[]): string[] {
  const patterns = globs.map(globRegExp);
  return (readdirSync(root, { recursive: true }) as string[])
    .map((name) => name.split(sep).join('/'))
    .filter((name) => patterns.some((p) => p.test(name)))
    .sort();
}

/** sha256 (first 16 hex) of the rendering sources, so any change to them misses the cache. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  let files: string[] = [];
  try {
    files = matchSources(PIPELINE_SOURCES, CHART_SOURCES);
  } catch {
    // no sources next to the code (an unusual install): the versions below still key the cache
  }
  for (const name of files) hash.update(`${name}\n`).update(readFileSync(join(PIPELINE_SOURCES, ...name.split('/'))));
  if (files.length === 0) hash.update('sources:missing');
  return hash.digest('hex').slice(0, 16);
}

/**
 * A package's version from its package.json, found from its entry point (vega and vega-lite do
 * not export ./package.json), so computing a cache key never loads the engines themselves.
 */
function packageVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // no package.json at this level: keep climbing
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'unknown';
  }
}

/**
 * Changes whenever the rendering code, its engines, the font (pdfmake's Roboto) or the number
 * data change: a manual generation number, a digest of the chart sources, the vega/vega-lite/
 * pdfmake versions, and Node's ICU and CLDR versions (Intl writes the ticks and labels).
 */
export const CHART_CODE_VERSION = `charts-1;src-${sourceDigest()};vega-${packageVersion('vega')};vega-lite-${packageVersion('vega-lite')};pdfmake-${packageVersion('pdfmake')};icu-${process.versions.icu ?? 'none'};cldr-${process.versions.cldr ?? 'none'}`;

export function chartCacheKey(req: ChartRequest, version: string = CHART_CODE_VERSION): string {
  return createHash('sha256').update(version).update('\n').update(canonicalJson(req)).digest('hex');
}

/** Persistent storage for rendered SVGs, addressed by cache key. */
export interface ChartCacheStore {
  /** The stored SVG, or undefined when absent (a missing entry is not an error). */
  read(key: string): Promise<string | undefined>;
  write(key: string, svg: string): Promise<void>;
}

/**
 * A store in a directory, `<dir>/<key>.svg`, over injected file functions (e.g. the build's
 * effects), so tests can use memory and the CLI the disk. `readFile` may reject with ENOENT.
 */
export function directoryStore(
  dir: string,
  io: {
    readFile(path: string): Promise<Buffer | string>;
    writeFile(path: string, data: string): Promise<void>;
  },
): ChartCacheStore {
  const path = (key: string): string => `${dir.replace(/\/+$/, '')}/${key}.svg`;
  return {
    async read(key) {
      try {
        return (await io.readFile(path(key))).toString();
      } catch (err) {
        if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async write(key, svg) {
      await io.writeFile(path(key), svg);
    },
  };
}

export interface ChartCacheOptions {
  store?: ChartCacheStore;
  /** Defaults to renderChart in this thread (loaded on first use); the build passes its workers. */
  render?: (req: ChartRequest) => Promise<RenderedChart>;
  version?: string;
}

export class ChartCache {
  /** Charts actually rendered by this cache (misses in memory and store). */
  renders = 0;
  /** Charts served from memory or the store. */
  hits = 0;
  private readonly memory = new Map<string, Promise<RenderedChart>>();
  private readonly store?: ChartCacheStore;
  private readonly renderFn: (req: ChartRequest) => Promise<RenderedChart>;
  private readonly version: string;

  constructor(options: ChartCacheOptions = {}) {
    this.store = options.store;
    this.renderFn = options.render ?? (async (req) => (await import('./render.js')).renderChart(req));
    this.version = options.version ?? CHART_CODE_VERSION;
  }

  key(req: ChartRequest): string {
    return chartCacheKey(req, this.version);
  }

  /** The chart if already rendered in this process (no store lookup, no rendering). */
  async get(req: ChartRequest): Promise<RenderedChart | undefined> {
    const hit = this.memory.get(this.key(req));
    return hit ? await hit : undefined;
  }

  /** The chart from memory, else from the store, else rendered (and stored). */
  render(req: ChartRequest): Promise<RenderedChart> {
    const key = this.key(req);
    const cached = this.memory.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    const pending = this.load(key, req);
    this.memory.set(key, pending);
    pending.catch(() => this.memory.delete(key));
    return pending;
  }

  private async load(key: string, req: ChartRequest): Promise<RenderedChart> {
    const stored = this.store ? await this.store.read(key) : undefined;
    if (stored !== undefined) {
      const size = /^<svg\b[^>]*\swidth="([0-9.]+)"[^>]*\sheight="([0-9.]+)"/.exec(stored);
      if (size) {
        this.hits++;
        return { id: req.id, svg: stored, width: Number(size[1]), height: Number(size[2]) };
      }
    }
    this.renders++;
    const chart = await this.renderFn(req);
    if (this.store) await this.store.write(key, chart.svg);
    return chart;
  }
}
