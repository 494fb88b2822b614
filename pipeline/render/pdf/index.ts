// Render a document tree to PDF bytes with pdfmake: fonts embedded from the pdfmake package, no
// URL access, local access only to those font files; tagged for accessibility (tagging.ts).

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportDocument } from '../../compose/document.js';
import { forgetGlyphsWithoutCharacters, replaceCreateForPdfkit, wrapLayout } from '../../patches/fontkit.js';
import { patchStyleLookups } from '../../patches/pdfmake.js';
import type { RenderedChart } from '../charts/types.js';
import { ChapterTracker, pdfDefinition, type PdfOptions } from './definition.js';
import { installTagging } from './tagging.js';

export type { PdfOptions } from './definition.js';

const require = createRequire(import.meta.url);
/**
 * Two speed-ups of how pdfmake is driven (below), neither of which changes a byte of output:
 * documents of a thread share parsed fonts, and style lookups allocate nothing.
 * HLSD_PLAIN_PDFMAKE=1 turns both off, to compare against pdfmake as shipped.
 */
const PLAIN = process.env.HLSD_PLAIN_PDFMAKE === '1';
/**
 * Shared fonts are on unless HLSD_SHARED_FONTS=0. They were off for a while: with the larger
 * report of December 2026 a build sometimes lost the glyph of "’" (U+2019) in the English PDF (one
 * run in three, --jobs 1, same inputs), which plain pdfmake never did. The cause: fontkit caches a
 * glyph object per glyph id with the code points of its first request. In Roboto "”" (U+201D) is
 * a composite of the "’" glyph, so writing the font subset of a Spanish PDF (which has "”" and no
 * "’") asks fontkit for that component by id alone, and the shared font kept a "’" glyph with no
 * code points; an English PDF laid out after it in the same thread mapped "’" to nothing in its
 * ToUnicode table (drawn, but gone from its text: "Mexico s"). With --jobs 1 which document is
 * written first depends on which one's charts come back first. The fix: each time a document
 * opens a shared font, the glyphs cached without code points are dropped
 * (patches/fontkit.ts forgetGlyphsWithoutCharacters), so every document's glyphs come from its own
 * text, as with a font parsed for it alone; test/render/pdf/speedups.test.ts renders that order.
 */
const SHARED_FONTS = process.env.HLSD_SHARED_FONTS !== '0';
export const SPEEDUPS = { sharedFonts: !PLAIN && SHARED_FONTS && shareParsedFonts(), leanStyles: !PLAIN };
const pdfmake = require('pdfmake') as {
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: unknown, options?: unknown): { getBuffer(): Promise<Buffer> };
};

const fontDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
export const FONT_FILES = {
  normal: join(fontDir, 'Roboto-Regular.ttf'),
  bold: join(fontDir, 'Roboto-Medium.ttf'),
  italics: join(fontDir, 'Roboto-Italic.ttf'),
  bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
};
const allowed = new Set(Object.values(FONT_FILES));

pdfmake.setFonts({ Roboto: FONT_FILES });
if (SPEEDUPS.leanStyles) patchStyleLookups(); // the same style lookups without allocations (patches/pdfmake.ts)
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
installTagging();

export async function renderPdf(
  doc: ReportDocument,
  charts: ReadonlyMap<string, RenderedChart>,
  options: PdfOptions,
): Promise<Buffer> {
  return renderDefinition(pdfDefinition(doc, charts, options, new ChapterTracker()));
}

/** A pdfmake document definition → PDF bytes, with the fonts, access policies and tagging above. */
export function renderDefinition(definition: Record<string, unknown>): Promise<Buffer> {
  return pdfmake.createPdf(definition).getBuffer();
}

interface FontkitRun {
  glyphs: unknown[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}
interface FontkitFont {
  layout(text: string, ...rest: unknown[]): FontkitRun;
}

/** Words whose shaping is kept per font and thread (a whole default report uses ~3,000). */
const MAX_SHAPED_WORDS = 100_000;

/**
 * pdfkit parses each font file again for every document and shapes each word again in every
 * document (its word cache lives in the document). Parsing and shaping are a third of the time of
 * a PDF; the results depend only on the font file and the word. So, in this thread, every document
 * gets the same parsed fontkit font for the same file bytes, and that font remembers how it shaped
 * each plain word. pdfkit scales the positions of a run in place, so every call gets fresh
 * position objects (glyphs are shared: pdfkit only reads them).
 */
function shareParsedFonts(): boolean {
  const parsed = new Map<string, FontkitFont>();
  // pdfkit reads fontkit.create when it opens a font; give it, and only it, this module's view
  // (patches/fontkit.ts; nothing happens when pdfkit is already loaded: same bytes, just slower).
  return replaceCreateForPdfkit((fontkitCreate) => (bytes: Uint8Array, postscriptName?: string): FontkitFont => {
    const key = `${createHash('sha256').update(bytes).digest('hex')} ${postscriptName ?? ''}`;
    let font = parsed.get(key);
    if (!font) {
      font = withShapingMemo(fontkitCreate(bytes, postscriptName) as FontkitFont);
      parsed.set(key, font);
    } else forgetGlyphsWithoutCharacters(font); // a new document opens it: see patches/fontkit.ts
    return font;
  });
}

function withShapingMemo(font: FontkitFont): FontkitFont {
  return wrapLayout(font, (layout) => {
    const memo = new Map<string, FontkitRun>();
    return (text: string, ...rest: unknown[]): FontkitRun => {
      if (rest.some((r) => r !== undefined)) return layout(text, ...rest); // features, script…: not memoized
      let run = memo.get(text);
      if (!run) {
        run = layout(text);
        if (memo.size < MAX_SHAPED_WORDS) memo.set(text, run);
      }
      const copy = Object.create(Object.getPrototypeOf(run)) as FontkitRun;
      Object.assign(copy, run);
      copy.glyphs = run.glyphs.slice();
      copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p)), p));
      return copy;
    };
  });
}
