// How the report may print one observation row: its value in the metric's style (with the default
// decimals, or the more a series whose change is printed needs: compose/format.ts pairDigits), with
// the source's own word for its bound (compose/qualifiers.ts), else the qualifier category's word.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatStyled, formatter, MAX_PAIR_DIGITS, valueStyle } from '../../pipeline/compose/format.js';
import { sourceQualifier } from '../../pipeline/compose/qualifiers.js';
import type { Lang } from '../../pipeline/core/types.js';
import { ROOT } from './cli.js';

const catalogues = new Map<Lang, Record<string, string>>();
function messages(lang: Lang): Record<string, string> {
  let m = catalogues.get(lang);
  if (!m) {
    const read = (f: string) =>
      JSON.parse(readFileSync(join(ROOT, 'templates/i18n', lang, f), 'utf8')) as Record<string, string>;
    catalogues.set(lang, (m = { ...read('progress.json'), ...read('qualifiers.json') }));
  }
  return m;
}

export interface PrintedRow {
  value: string | number;
  unit: string;
  qualifier?: string;
  quote?: string;
}

/** The word the report puts around a printed value of this row ("over {{value}}"), or "{{value}}". */
export function qualifierTemplate(lang: Lang, row: Omit<PrintedRow, 'unit'>): string {
  const slug = sourceQualifier({ value: Number(row.value), ...(row.quote ? { quote: row.quote } : {}) });
  if (slug) return messages(lang)[`qualifier.source.${slug}`]!;
  if (slug === null || !row.qualifier || row.qualifier === 'exact') return '{{value}}';
  return messages(lang)[`qualifier.${row.qualifier}`]!;
}

/** Every string the report may print for the row: default decimals first, then one to six. */
export function printedForms(lang: Lang, row: PrintedRow): string[] {
  const fmt = formatter(lang);
  const style = valueStyle(row.unit);
  const values = [
    formatStyled(fmt, style, Number(row.value)),
    ...Array.from({ length: MAX_PAIR_DIGITS }, (_, i) => formatStyled(fmt, style, Number(row.value), i + 1)),
  ];
  const template = qualifierTemplate(lang, row);
  return [...new Set(values)].map((value) => template.replace('{{value}}', value));
}
