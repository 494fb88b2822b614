// Loads the real templates/html once for the HTML renderer tests.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  compileHtmlTemplates,
  loadHtmlTemplateSources,
  type HtmlTemplateSources,
  type HtmlTemplates,
} from '../../../pipeline/render/html/index.js';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../../templates/html/', import.meta.url));

export function templateSources(): Promise<HtmlTemplateSources> {
  return loadHtmlTemplateSources(TEMPLATE_DIR, readFile);
}

export async function templates(): Promise<HtmlTemplates> {
  return compileHtmlTemplates(await templateSources());
}
