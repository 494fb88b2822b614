// Characters the PDF cannot print. The PDF is set in Roboto (pdfmake's font), which covers Latin,
// Greek and Cyrillic; an emoji, a CJK ideograph or an Arabic letter has no glyph there and would
// vanish from the PDF without a word. Each one in the data is refused at its line and column,
// naming the character, before anything is rendered.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ROBOTO_FILES, robotoDir } from '../render/fonts.js';

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
    faces ??= Object.values(ROBOTO_FILES).map((name) => (require('fontkit') as { create(b: Buffer): Font }).create(readFileSync(join(robotoDir(), name))));
    yes = faces.every((f) => f.hasGlyphForCodePoint(codePoint));
    known.set(codePoint, yes);
  }
  return yes;
}

/** Every character of `text` (a data file) the PDF font cannot draw, at its line and column. */
export function unprintableCharacters(file: string, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let count = 0;
  let line = 1;
  let column = 1;
  let previous = '';
  for (const ch of text) {
    if (ch === '\n' && previous === '\r') {
      previous = ch;
      continue; // CRLF is one line break
    }
    previous = ch;
    if (ch === '\n' || ch === '\r') {
      line++;
      column = 1;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (!(line === 1 && column === 1 && cp === 0xfeff) && !printable(cp)) {
      if (++count <= MAX_REPORTED) {
        out.push(
          error(
            { file, line, column },
            'csv/unprintable-character',
            `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(ch)} cannot be printed in the PDF: its font (Roboto) has no glyph for it`,
            'write it in words or leave it out; the PDF font covers Latin, Greek and Cyrillic letters and common punctuation, not emoji, CJK or Arabic script',
          ),
        );
      }
    }
    column++;
  }
  if (count > MAX_REPORTED) out.push(error({ file, line: 1, column: 1 }, 'csv/unprintable-character', `and ${(count - MAX_REPORTED).toLocaleString('en-US')} more characters the PDF font cannot print`, 'write them in words or leave them out'));
  return out;
}
