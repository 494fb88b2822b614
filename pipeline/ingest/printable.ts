// Characters the PDF cannot print. The PDF is set in Roboto (pdfmake's font), which covers Latin,
// Greek and Cyrillic; an emoji, a CJK ideograph or an Arabic letter has no glyph there and would
// vanish from the PDF without a word. Each one in the data is refused at its line and column,
// naming the character, before anything is rendered.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ROBOTO_FILES, robotoDir } from '../core/fonts.js';

const require = createRequire(import.meta.url);

interface Font {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

let faces: Font[] | undefined;
const known = new Map<number, boolean>();
/** Diagnostics per file past this are summed up in one. */
const MAX_REPORTED = 10;

/** Does every face of the PDF font (regular, medium, italic, medium italic) draw this code point? */
export function printable(codePoint: number): boolean {
  if (codePoint < 0x80) return true; // ASCII: control characters are refused elsewhere
  let yes = known.get(codePoint);
  if (yes === undefined) {
    faces ??= Object.values(ROBOTO_FILES).map((name) =>
      (require('fontkit') as { create(b: Buffer): Font }).create(readFileSync(join(robotoDir(), name))),
    );
    yes = faces.every((f) => f.hasGlyphForCodePoint(codePoint));
    known.set(codePoint, yes);
  }
  return yes;
}

/**
 * Every character of `text` (a data file) the PDF font cannot draw, at its line and column (lines
 * end at LF, CRLF or CR; columns count code points). Only non-ASCII characters are looked at, and
 * a position is worked out only for the few that are reported, so the scan stays linear.
 */
export function unprintableCharacters(file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let count = 0;
  for (const m of text.matchAll(/[^\u0000-\u007f]/gu)) {
    const cp = m[0].codePointAt(0)!;
    if ((m.index === 0 && cp === 0xfeff) || printable(cp)) continue;
    if (++count > MAX_REPORTED) continue;
    const before = text.slice(0, m.index);
    const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
    const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    const column = [...before.slice(lineStart)].length + 1;
    out.push(
      error(
        { file, line, column },
        'csv/unprintable-character',
        `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(m[0])} cannot be printed in the PDF: its font (Roboto) has no glyph for it`,
        'write it in words or leave it out; the PDF font covers Latin, Greek and Cyrillic letters and common punctuation, not emoji, CJK or Arabic script',
      ),
    );
  }
  if (count > MAX_REPORTED)
    out.push(
      error(
        { file, line: 1, column: 1 },
        'csv/unprintable-character',
        `and ${(count - MAX_REPORTED).toLocaleString('en-US')} more characters the PDF font cannot print`,
        'write them in words or leave them out',
      ),
    );
  return out;
}
