// The PDF's font files: pdfmake's own Roboto, the one font the PDF and the charts are set in.
// Kept free of heavy imports, so validation can ask what the font covers without loading a renderer.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export type FontFace = 'regular' | 'medium' | 'italic' | 'mediumItalic';

export const ROBOTO_FILES: Record<FontFace, string> = {
  regular: 'Roboto-Regular.ttf',
  medium: 'Roboto-Medium.ttf',
  italic: 'Roboto-Italic.ttf',
  mediumItalic: 'Roboto-MediumItalic.ttf',
};

/** Folder holding pdfmake's Roboto TTFs. */
export function robotoDir(): string {
  return join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
}
