// Quotations in the reader's language. The seeds are English: in the Spanish edition a quoted
// sentence is printed in Spanish, marked as an unofficial translation, with the English original
// beside it, marked as English (lang="en" in the HTML, /Lang on its PDF structure element). The
// translations live in templates/i18n/<lang>/quotes.json, keyed "quote:<the sentence as quoted>";
// a quote without one is a build error (compose/documents.ts names the file). The same holds the
// other way for a source sentence in Spanish in the English edition.

import { LOCALE_OF } from '../core/languages.js';
import type { Lang, Span } from '../core/types.js';
import type { ComposeContext } from './context.js';
import type { Block, Inline } from './document.js';
import { valueSpan } from '../validate/quote.js';
import { markedQuote } from './provenance.js';

/** The language every seed is written in (seeds/README.md). */
export const SEED_LANG: Lang = 'en';

/** Language → locale, from the registry (core/languages.ts). */
export const LOCALES: Readonly<Record<Lang, string>> = LOCALE_OF;

/** The catalogue key of a quoted sentence's translation. */
export function quoteKey(quote: string): string {
  return `quote:${quote}`;
}

export interface QuoteInReaderLanguage {
  /** What the reader reads first: the original (same language) or its translation. */
  text: string;
  inlines: Inline[];
  /** "Quoted sentence" or "Quoted sentence (unofficial translation)". */
  label: string;
  /** The original, when `text` is a translation. */
  original?: { label: string; text: string; lang: string; inlines: Inline[] };
}

/**
 * A quoted sentence for this edition. `values` are the figures the quote states, marked in the
 * original and, where the translation writes them the same way, in the translation.
 * `translation` overrides the quotes catalogue (the framework's own texts live in framework.json).
 */
export function quoteFor(
  ctx: ComposeContext,
  quote: string,
  options: { spans?: readonly Span[]; values?: readonly number[]; sourceLang?: Lang; translation?: string } = {},
): QuoteInReaderLanguage {
  const sourceLang = options.sourceLang ?? SEED_LANG;
  const originalInlines = markedQuote(quote, options.spans ?? spansOf(quote, options.values ?? []));
  if (sourceLang === ctx.lang) return { text: quote, inlines: originalInlines, label: ctx.t.t('citation.original') };
  const text = options.translation ?? ctx.t.raw(quoteKey(quote));
  const lang = LOCALES[sourceLang];
  return {
    text,
    inlines: markedQuote(text, spansOf(text, options.values ?? [])),
    label: ctx.t.t('citation.translation'),
    original: {
      label: ctx.t.t('citation.originalText'),
      text: quote,
      lang,
      inlines: originalInlines.map((i) => ({ ...i, lang })),
    },
  };
}

function spansOf(text: string, values: readonly number[]): Span[] {
  return values.map((v) => valueSpan(v, text)).filter((s): s is Span => s !== undefined);
}

/** A citation block: the quote in the reader's language (and its original), then its source. */
export function quotedCitation(
  ctx: ComposeContext,
  source: string,
  quote: string,
  options: Parameters<typeof quoteFor>[2] = {},
): Block {
  const q = quoteFor(ctx, quote, options);
  return {
    kind: 'citation',
    source,
    quote: q.text,
    label: q.label,
    quoteInlines: q.inlines,
    ...(q.original ? { original: q.original } : {}),
  };
}
