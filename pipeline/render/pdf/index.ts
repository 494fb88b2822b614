// Render a document tree to PDF bytes with pdfmake: fonts embedded from the pdfmake package, no
// URL access, local access only to those font files; tagged for accessibility (tagging.ts).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportDocument } from '../../compose/document.js';
import type { RenderedChart } from '../charts/types.js';
import { ChapterTracker, pdfDefinition, type PdfOptions } from './definition.js';
import { installTagging } from './tagging.js';

export type { PdfOptions, Paper } from './definition.js';

const require = createRequire(import.meta.url);
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
