// Checks that a quote cited from a seed really occurs in it, and that an observation's value
// appears in its quote as a number a reader would recognise.

/**
 * Reduces text to what a reader sees: markdown bold, <u> tags and backslash escapes removed,
 * typographic quotes, dashes and odd spaces made plain, all whitespace (newlines too) collapsed
 * to one space. Applied identically to seeds and quotes.
 */
export function normalizeQuoteText(s: string): string {
  return s
    .replace(/\*\*/g, '')
    .replace(/<\/?u>/gi, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/g, ' ')
    .trim();
}

const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** A number as a quote writes it: where it stands, and the values a reader may take it for. */
export interface StatedNumber {
  /** Half-open range [start, end) of the number (with its scale word or "percent"; a leading "$" included). */
  start: number;
  end: number;
  /** "20.4 million" → [20.4, 20400000]; "5,046" → [5046]; "23 percent" → [23]. */
  values: number[];
}

// The one pattern for a stated number: "5,046", "5046", "20.4 million", "23 percent", "23%".
// A comma only groups thousands when every group has three digits.
const NUMBER =
  /(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)(?:\s*(thousand|million|billion|trillion|percent|per cent|%))?/gi;

/**
 * The numbers a text states, in order, with their positions in that same text (so a caller that
 * needs positions passes the text as written; the quote check passes the normalised text).
 */
export function statedNumbers(text: string): StatedNumber[] {
  const found: StatedNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const n = Number(m[1]!.replace(/,/g, '') + (m[2] ?? ''));
    if (!Number.isFinite(n)) continue;
    const scale = m[3] ? SCALES[m[3].toLowerCase()] : undefined;
    const start = m.index! > 0 && text[m.index! - 1] === '$' ? m.index! - 1 : m.index!;
    found.push({ start, end: m.index! + m[0].length, values: scale ? [n, n * scale] : [n] });
  }
  return found;
}

/**
 * The numbers a quote states: "5,046" and "5046" as 5046, "20.4 million" as 20.4 and 20400000,
 * "23 percent"/"23%" as 23. A comma only groups thousands when every group has three digits.
 */
export function numbersIn(quote: string): number[] {
  return statedNumbers(normalizeQuoteText(quote)).flatMap((s) => s.values);
}

/** The same number, as the quote check compares them (its magnitude: a quote never carries the sign). */
function states(n: number, value: number): boolean {
  const v = Math.abs(value);
  return Math.abs(n - v) <= 1e-9 * Math.max(1, v);
}

/**
 * Where the quote (as written) states the value: the first number that states it (grouped, plain,
 * with a scale word or "percent"), with a leading "$" included. Undefined when it does not.
 */
export function valueSpan(value: number, quote: string): { start: number; end: number } | undefined {
  const s = statedNumbers(quote).find((x) => x.values.some((n) => states(n, value)));
  return s ? { start: s.start, end: s.end } : undefined;
}

/** True when the quote states the value (its magnitude: a quote never carries the sign). */
export function valueAppearsIn(value: number, quote: string): boolean {
  return numbersIn(quote).some((n) => states(n, value));
}

export type QuoteCheck = { found: true } | { found: false; matchedPrefix: string };

/** Whether the normalised quote occurs in the normalised seed text; if not, the longest prefix that does. */
export function findQuote(quote: string, seedText: string): QuoteCheck {
  const q = normalizeQuoteText(quote);
  const seed = normalizedSeed(seedText);
  if (q !== '' && seed.includes(q)) return { found: true };
  // Occurrence is monotonic in prefix length, so a binary search finds the longest matching prefix.
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seed.includes(q.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return { found: false, matchedPrefix: q.slice(0, lo) };
}

// Seeds are few and each is checked against many quotes: normalise each once.
const seedCache = new Map<string, string>();
function normalizedSeed(text: string): string {
  let n = seedCache.get(text);
  if (n === undefined) {
    if (seedCache.size > 32) seedCache.clear();
    seedCache.set(text, (n = normalizeQuoteText(text)));
  }
  return n;
}

// Seeds are few and each is searched for many quotes: results are kept per seed text.
const linesCache = new Map<string, Map<string, [number, number] | undefined>>();

/**
 * The 1-based inclusive line range of the first occurrence of the quote in the seed, both
 * normalised as the quote check does (markup removed, whitespace collapsed), so a sentence broken
 * across lines is found. Undefined when the quote does not occur.
 */
export function quoteLines(quote: string, seedText: string): [number, number] | undefined {
  let perSeed = linesCache.get(seedText);
  if (!perSeed) {
    if (linesCache.size > 16) linesCache.clear();
    linesCache.set(seedText, (perSeed = new Map()));
  }
  if (perSeed.has(quote)) return perSeed.get(quote);
  const q = normalizeQuoteText(quote);
  const lines = seedText.split('\n');
  const has = (from: number, to: number) => normalizeQuoteText(lines.slice(from, to + 1).join('\n')).includes(q);
  let found: [number, number] | undefined;
  if (q !== '' && has(0, lines.length - 1)) {
    // Containment grows with the window, so binary searches find the first end and the last start.
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (has(0, mid)) hi = mid;
      else lo = mid + 1;
    }
    const end = lo;
    let a = 0;
    let b = end;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (has(mid, end)) a = mid;
      else b = mid - 1;
    }
    found = [a + 1, end + 1];
  }
  perSeed.set(quote, found);
  return found;
}
