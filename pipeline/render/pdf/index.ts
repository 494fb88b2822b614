// Render a document tree to PDF bytes with pdfmake: fonts embedded from the pdfmake package, no
// URL access, local access only to those font files; tagged for accessibility (tagging.ts).

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportDocument } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { ChapterTracker, pdfDefinition, type PdfOptions } from './definition.js';
import { installTagging } from './tagging.js';

export type { PdfOptions } from './definition.js';
export type { Paper } from '../../options.js';

const require = createRequire(import.meta.url);
/**
 * Two speed-ups of how pdfmake is driven (below), neither of which changes a byte of output:
 * documents of a thread share parsed fonts, and style lookups allocate nothing.
 * HLSD_PLAIN_PDFMAKE=1 turns both off, to compare against pdfmake as shipped.
 */
const PLAIN = process.env.HLSD_PLAIN_PDFMAKE === '1';
/**
 * Shared fonts are OFF unless HLSD_SHARED_FONTS=1: with the larger report of December 2026 a
 * build sometimes lost the glyph of "’" (U+2019) in the English PDF (one run in three, --jobs 1,
 * same inputs), which plain pdfmake never did. Until that is understood, correctness wins.
 */
const SHARED_FONTS = process.env.HLSD_SHARED_FONTS === '1';
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
if (SPEEDUPS.leanStyles) leanStyleLookup();
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
installTagging();

export async function renderPdf(doc: ReportDocument, charts: ReadonlyMap<string, RenderedChart>, options: PdfOptions): Promise<Buffer> {
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
  const pdfkitPath = createRequire(require.resolve('pdfmake')).resolve('pdfkit');
  if (require.cache[pdfkitPath]) return false; // pdfkit already holds the plain fontkit: same bytes, just slower
  const fontkitPath = createRequire(pdfkitPath).resolve('fontkit');
  const fontkit = require(fontkitPath) as { create(bytes: Uint8Array, postscriptName?: string): FontkitFont };
  const parsed = new Map<string, FontkitFont>();
  const create = (bytes: Uint8Array, postscriptName?: string): FontkitFont => {
    const key = `${createHash('sha256').update(bytes).digest('hex')} ${postscriptName ?? ''}`;
    let font = parsed.get(key);
    if (!font) {
      font = withShapingMemo(fontkit.create(bytes, postscriptName));
      parsed.set(key, font);
    }
    return font;
  };
  // pdfkit reads fontkit.create when it opens a font; give it, and only it, this module's view.
  require.cache[fontkitPath]!.exports = Object.create(fontkit, { create: { value: create, enumerable: true } });
  return true;
}

function withShapingMemo(font: FontkitFont): FontkitFont {
  const layout = font.layout.bind(font);
  const memo = new Map<string, FontkitRun>();
  font.layout = (text: string, ...rest: unknown[]): FontkitRun => {
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
  return font;
}

interface StyleStack {
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  styleOverrides?: (string | Record<string, unknown>)[];
  defaultStyle?: Record<string, unknown>;
  getProperty(property: string): unknown;
  autopush(item: unknown): number;
  pop(howMany: number): void;
}

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: Record<string, unknown>, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
}

/**
 * pdfmake asks its style stack for some twenty properties of every word, and each lookup walks
 * the whole stack allocating a closure, plus a Set per named style on it: at 1,000 metrics that is
 * a tenth of the PDF time and much of its garbage. This is the same lookup — top of the stack
 * down, a named style's own value, else an override object's, else the default style — without
 * the allocations. Styles that use `extends` (ours do not) go to pdfmake's own lookup. Likewise
 * getStyleProperty, which pdfmake calls with a fresh closure for each property of each word.
 */
function leanStyleLookup(): void {
  const pdfmakeDir = dirname(require.resolve('pdfmake/package.json'));
  const { default: StyleContextStack } = require(join(pdfmakeDir, 'js', 'StyleContextStack.js')) as { default: StyleStackClass };
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    const own = item[property];
    if (own !== undefined && own !== null) return own;
    if (!stack) return defaultValue;
    const pushed = stack.autopush(item);
    const value = stack.getProperty(property);
    if (pushed > 0) stack.pop(pushed);
    return value !== undefined && value !== null ? value : defaultValue;
  };
  const original = StyleContextStack.prototype.getProperty;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string): unknown {
    const stack = this.styleOverrides;
    if (stack) {
      for (let i = stack.length - 1; i >= 0; i--) {
        const item = stack[i]!;
        if (typeof item === 'string') {
          const style = this.styleDictionary[item];
          if (!style) continue;
          if (style.extends !== undefined) return original.call(this, property);
          const value = style[property];
          if (value !== undefined && value !== null) return value;
        } else {
          const value = item[property];
          if (value !== undefined && value !== null) return value;
        }
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  };
}
