// Every patch of fontkit's internals, for the shared fonts of render/pdf/index.ts
// (on unless HLSD_SHARED_FONTS=0): pdfkit gets, through Node's require cache, a fontkit whose create() is
// the renderer's (replaceCreateForPdfkit), and a parsed font's layout() is wrapped on that font
// (wrapLayout). Before anything is patched the installed version and the patched functions are
// checked (checkFontkit). The public API that render/charts/metrics.ts and ingest/printable.ts
// call (create, layout, hasGlyphForCodePoint) needs no patch.

import { createRequire } from 'node:module';
import { checkMembers, checkVersion, installedVersion, type PatchTarget } from './guard.js';

export const FONTKIT: PatchTarget = { pkg: 'fontkit', versions: ['2.0.4'], file: 'pipeline/patches/fontkit.ts' };

export interface FontkitFont {
  layout(text: string, ...rest: unknown[]): unknown;
}
export type Create = (bytes: Uint8Array, postscriptName?: string) => FontkitFont;

/** For tests: another version, or another module, than the installed ones. */
export interface FontkitProbe {
  version?: string;
  fontkit?: unknown;
}

const require = createRequire(import.meta.url);
let checkedVersion: string | undefined;

/** pdfkit and fontkit as pdfmake's pdfkit requires them (resolving loads neither). */
function paths(): { pdfkit: string; fontkit: string } {
  const pdfkit = createRequire(require.resolve('pdfmake')).resolve('pdfkit');
  return { pdfkit, fontkit: createRequire(pdfkit).resolve('fontkit') };
}

/**
 * fontkit as pdfkit loads it, once it is a version this module was written for and has create();
 * else a DependencyPatchError saying what differs and what to do.
 */
export function checkFontkit(probe?: FontkitProbe): { create: Create } {
  const { pdfkit, fontkit: path } = paths();
  const version = probe?.version ?? installedVersion('fontkit', pdfkit);
  checkVersion(FONTKIT, version);
  const fontkit = probe && 'fontkit' in probe ? probe.fontkit : require(path);
  checkMembers(FONTKIT, version, fontkit, 'module (dist/main.cjs)', { create: 'function' });
  if (!probe) checkedVersion = version;
  return fontkit as { create: Create };
}

/**
 * Gives pdfkit — and anything else that requires this fontkit from now on in this thread — a
 * fontkit whose create is `make(fontkit's create)`; the rest of fontkit is unchanged. Does nothing
 * and returns false when pdfkit is already loaded (it then holds the plain fontkit). Checks
 * fontkit first (checkFontkit).
 */
export function replaceCreateForPdfkit(make: (create: Create) => Create, probe?: FontkitProbe): boolean {
  const { pdfkit, fontkit: path } = paths();
  if (require.cache[pdfkit]) return false;
  const fontkit = checkFontkit(probe);
  const cached = require.cache[path];
  if (!cached || cached.exports !== fontkit) return false; // a probe, or fontkit not loaded through require: leave it
  const create = make(fontkit.create.bind(fontkit));
  cached.exports = Object.create(fontkit, { create: { value: create, enumerable: true } });
  return true;
}

/** Replaces `font.layout` (on this font only) by `make(its own layout, bound to the font)`. */
export function wrapLayout<F extends FontkitFont>(
  font: F,
  make: (layout: F['layout']) => F['layout'],
  probe?: FontkitProbe,
): F {
  checkMembers(
    FONTKIT,
    probe?.version ?? checkedVersion ?? installedVersion('fontkit', paths().pdfkit),
    font,
    'font (TTFFont)',
    { layout: 'function' },
  );
  font.layout = make(font.layout.bind(font) as F['layout']);
  return font;
}

/**
 * fontkit keeps one glyph object per glyph id (`font._glyphs`), with the characters of the request
 * that created it. Writing a document's font subset asks for the components of composite glyphs by
 * id alone (in Roboto, "”" is built from the glyph of "’"), so such a glyph is cached with no
 * characters, and a later document of the same shared font that draws "’" would get that object
 * and lose the character from its text layer. Dropping the cached glyphs that carry no characters
 * before each document opens the font gives every document glyphs made from its own text, as a
 * font parsed for that document alone would. Returns how many were dropped.
 */
export function forgetGlyphsWithoutCharacters(font: FontkitFont, probe?: FontkitProbe): number {
  checkMembers(
    FONTKIT,
    probe?.version ?? checkedVersion ?? installedVersion('fontkit', paths().pdfkit),
    font,
    'font (TTFFont)',
    { _glyphs: 'object', getGlyph: 'function' },
  );
  const glyphs = (font as unknown as { _glyphs: Record<string, { codePoints?: readonly number[] } | undefined> })
    ._glyphs;
  let dropped = 0;
  for (const id of Object.keys(glyphs)) {
    const g = glyphs[id];
    if (g && (!Array.isArray(g.codePoints) || g.codePoints.length === 0)) {
      delete glyphs[id];
      dropped++;
    }
  }
  return dropped;
}
