// A bounded figure is printed with the source's own word: "over 25 million" where the statement says
// "over", "nearly $1.5 billion" where it says "nearly", and in Spanish the matching word ("más de",
// "casi"). The word is read from the quoted sentence, next to the value (the span validate found);
// the qualifier column's category word ("more than", "nearly", "about") is the fallback for a
// figure without a quote (a dataset) or whose value the quote does not state as such. A value the
// quote states with no word beside it is printed bare, as the source prints it: "17 million rounds"
// stays "17 million" even when an "over" earlier in the sentence may govern it.

import type { Observation, Span } from '../core/types.js';
import { valueSpan } from '../validate/quote.js';
import type { Translator } from './i18n.js';

/**
 * The words a source writes before a value, longest first, and the catalogue slug of each:
 * `qualifier.source.<slug>` in templates/i18n/<lang>/qualifiers.json gives it in each language.
 */
const WORDS_BEFORE: readonly (readonly [string, string])[] = [
  ['just under', 'just_under'],
  ['more than', 'more_than'],
  ['fewer than', 'fewer_than'],
  ['less than', 'less_than'],
  ['at least', 'at_least'],
  ['close to', 'close_to'],
  ['up to', 'up_to'],
  ['approximately', 'approximately'],
  ['roughly', 'roughly'],
  ['nearly', 'nearly'],
  ['almost', 'almost'],
  ['around', 'around'],
  ['about', 'about'],
  ['above', 'above'],
  ['under', 'under'],
  ['over', 'over'],
  ['some', 'some'],
  // A source in Spanish.
  ['poco menos de', 'just_under'],
  ['alrededor de', 'about'],
  ['aproximadamente', 'approximately'],
  ['cerca de', 'close_to'],
  ['menos de', 'less_than'],
  ['al menos', 'at_least'],
  ['más de', 'more_than'],
  ['hasta', 'up_to'],
  ['casi', 'nearly'],
];

const WORDS_AFTER: readonly (readonly [string, string])[] = [
  ['or more', 'or_more'],
  ['o más', 'or_more'],
];

/** Every slug a source word can give: each needs `qualifier.source.<slug>` in both catalogues. */
export const SOURCE_QUALIFIER_SLUGS: readonly string[] = [
  ...new Set([...WORDS_BEFORE, ...WORDS_AFTER].map(([, slug]) => slug)),
].sort();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BEFORE = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(${WORDS_BEFORE.map(([w]) => escape(w).replace(/ /g, '\\s+')).join('|')})\\s+$`,
  'iu',
);
const AFTER = new RegExp(
  `^\\s+(${WORDS_AFTER.map(([w]) => escape(w).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);

const slugOf = (list: readonly (readonly [string, string])[], word: string) =>
  list.find(([w]) => w === word.toLowerCase().replace(/\s+/g, ' '))?.[1];

/**
 * What the quote says about the value: the slug of the word next to it, `null` when the quote states
 * the value with no word beside it, `undefined` when there is no quote or the value is not in it.
 */
export function sourceQualifier(
  o: Pick<Observation, 'value' | 'quote'> & { valueSpan?: Span },
): string | null | undefined {
  if (!o.quote) return undefined;
  const span = o.valueSpan ?? valueSpan(Math.abs(o.value), o.quote);
  if (!span) return undefined;
  const before = BEFORE.exec(o.quote.slice(0, span.start));
  if (before) return slugOf(WORDS_BEFORE, before[1]!) ?? null;
  const after = AFTER.exec(o.quote.slice(span.end));
  if (after) return slugOf(WORDS_AFTER, after[1]!) ?? null;
  return null;
}

/**
 * A printed value with the source's word for its bound ("over 25 million" / "más de 25 millones"),
 * or the qualifier category's word when the source's cannot be read; exact values as they are.
 */
export function qualifiedText(
  t: Translator,
  o: Pick<Observation, 'value' | 'qualifier' | 'quote'> & { valueSpan?: Span },
  text: string,
): string {
  const word = sourceQualifier(o);
  if (word) return t.t(`qualifier.source.${word}`, { value: text });
  if (word === null) return text;
  return !o.qualifier || o.qualifier === 'exact' ? text : t.t(`qualifier.${o.qualifier}`, { value: text });
}
