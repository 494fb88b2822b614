// Output file names, in one place so the language switch, the manifest and the packets agree.

import type { Lang } from '../model/types.js';
import type { Format } from '../options.js';

export function reportFileName(year: number, lang: Lang, format: Format): string {
  return `hlsd-report-${year}-${lang}.${format}`;
}
