// Output file names, in one place so the language switch, the manifest and the packets agree.

import { FORMATS, type Format } from './formats.js';
import type { Lang } from './types.js';

export function reportFileName(year: number, lang: Lang, format: Format): string {
  return `hlsd-report-${year}-${lang}.${FORMATS[format].extension}`;
}

/** The full report as sent to a recipient: HLSD-2022-annual-report-r2-ES.pdf */
export function fullPacketName(year: number, revision: number, lang: Lang, format: Format): string {
  return `HLSD-${year}-annual-report-r${revision}-${lang.toUpperCase()}.${format}`;
}

/** A recipient's excerpt: HLSD-2022-excerpt-r2-ES-<slug>.pdf, the slug from slugify/uniqueSlugs. */
export function excerptPacketName(year: number, revision: number, lang: Lang, format: Format, slug: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new Error(`excerptPacketName: unsafe slug ${JSON.stringify(slug)}`);
  return `HLSD-${year}-excerpt-r${revision}-${lang.toUpperCase()}-${slug}.${format}`;
}

const SLUG_MAX = 48;

/**
 * A file-name-safe slug of a recipient's name: ASCII letters and digits joined by single hyphens,
 * accents folded (Secretaría → secretaria). Whatever the name holds — slashes, dots, quotes,
 * markup, formulas — only [a-z0-9-] survives, so a slug can never leave the packets folder.
 */
export function slugify(name: string, fallback = 'recipient'): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > SLUG_MAX) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, SLUG_MAX) ?? '') || fallback;
}

/** Slugs for names in order, with -2, -3… added so no two recipients share a file. */
export function uniqueSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = slugify(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  });
}
