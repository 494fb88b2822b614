// Every patch of vega's internals: the text measurement of vega-scenegraph (re-exported by vega
// as `textMetrics`, missing from its typings). Without node-canvas vega estimates a text's width
// as 0.8 × characters × size; render/charts/metrics.ts measures Roboto instead, and
// measureTextWith() puts that measurement in place of vega's, process-wide — the hook vl-convert
// uses too. vega's truncation then calls it for every candidate text (a `width` that is neither
// of its own two functions). Before anything is patched the version of the running vega and the
// patched object are checked (checkVega).

import * as vega from 'vega';
import { checkMembers, checkVersion, type PatchTarget } from './guard.js';

export const VEGA: PatchTarget = { pkg: 'vega', versions: ['6.4.0'], file: 'pipeline/patches/vega.ts' };

export interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: string | number | null;
  fontStyle?: string | null;
  limit?: number;
}

export type TextWidth = (item: TextItem, text?: string) => number;

interface TextMetrics {
  width: TextWidth;
  estimateWidth: TextWidth;
  measureWidth: TextWidth;
}

/** For tests: another version, or another vega module, than the one running. */
export interface VegaProbe {
  version?: string;
  vega?: unknown;
}

/**
 * vega's textMetrics, once the running vega (the one bundled into dist/ when compiled, so its own
 * `version`, not a package.json) is a version this module was written for and textMetrics has
 * the functions it replaces or sits beside; else a DependencyPatchError.
 */
export function checkVega(probe?: VegaProbe): TextMetrics {
  const module = (probe && 'vega' in probe ? probe.vega : vega) as
    { version?: unknown; textMetrics?: unknown } | undefined;
  const version = probe?.version ?? String(module?.version ?? 'unknown');
  checkVersion(VEGA, version);
  checkMembers(VEGA, version, module?.textMetrics, 'textMetrics (from vega-scenegraph)', {
    width: 'function',
    estimateWidth: 'function',
    measureWidth: 'function',
  });
  return module!.textMetrics as TextMetrics;
}

/** Makes vega measure every text with `width` (process-wide). Checks vega first (checkVega). */
export function measureTextWith(width: TextWidth, probe?: VegaProbe): void {
  checkVega(probe).width = width;
}
