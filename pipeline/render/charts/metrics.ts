// Real text widths for Roboto (the font of the PDF and of every chart), measured with fontkit
// from pdfmake's own TTF files. Vega without node-canvas guesses 0.8 × chars × size, which is
// far too wide for Roboto and makes vega truncate or misplace labels; `installTextMetrics()`
// registers these measurements with vega's scenegraph (the hook vl-convert uses too).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { measureTextWith, type TextItem } from '../../patches/vega.js';
import { ROBOTO_FILES, robotoDir, type FontFace } from '../../core/fonts.js';

const require = createRequire(import.meta.url);

interface FontkitGlyphRun {
  advanceWidth: number;
}
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): FontkitGlyphRun;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface FontkitModule {
  create(buffer: Buffer): FontkitFont;
}

export { robotoDir, type FontFace } from '../../core/fonts.js';
const FILES = ROBOTO_FILES;

const fonts = new Map<FontFace, FontkitFont>();

export function robotoFont(face: FontFace): FontkitFont {
  let font = fonts.get(face);
  if (!font) {
    const fontkit = require('fontkit') as FontkitModule;
    font = fontkit.create(readFileSync(join(robotoDir(), FILES[face])));
    fonts.set(face, font);
  }
  return font;
}

/** Map a CSS-ish weight/style to the Roboto faces pdfmake ships (bold is drawn with Medium). */
export function faceFor(fontWeight?: string | number | null, fontStyle?: string | null): FontFace {
  const w =
    fontWeight == null
      ? 400
      : fontWeight === 'bold' || fontWeight === 'bolder'
        ? 700
        : fontWeight === 'normal' || fontWeight === 'lighter'
          ? 400
          : Number(fontWeight) || 400;
  const italic = fontStyle === 'italic' || fontStyle === 'oblique';
  const medium = w >= 500;
  return medium ? (italic ? 'mediumItalic' : 'medium') : italic ? 'italic' : 'regular';
}

const widthCache = new Map<string, number>();

/** Advance width in px (= pt) of `text` set in Roboto at `size`, with kerning. */
export function textWidth(text: string, size: number, face: FontFace = 'regular'): number {
  if (!text || size <= 0) return 0;
  const key = `${face}\u0000${text}`;
  let em = widthCache.get(key);
  if (em === undefined) {
    const font = robotoFont(face);
    em = font.layout(text).advanceWidth / font.unitsPerEm;
    if (widthCache.size > 20_000) widthCache.clear();
    widthCache.set(key, em);
  }
  return em * size;
}

/** Greedy word wrap of `text` into lines no wider than `maxWidth` (a word longer than that gets its own line). */
export function wrapText(text: string, maxWidth: number, size: number, face: FontFace = 'regular'): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || textWidth(candidate, size, face) <= maxWidth) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

let installed = false;

/**
 * Make vega measure text with Roboto's real advance widths. Idempotent. It replaces vega's
 * process-wide `textMetrics.width` (through patches/vega.ts, which checks vega first); every chart
 * here is Roboto, so that is the intended effect.
 * The text passed in is already truncated (vega calls us from its own truncation loop too).
 */
export function installTextMetrics(): void {
  if (installed) return;
  measureTextWith((item: TextItem, text?: string): number => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const s = text == null ? '' : String(text).trim();
    return textWidth(s, size, faceFor(item.fontWeight, item.fontStyle));
  });
  installed = true;
}
