// Locale formatting for numbers, percentages, dates and periods, built on Intl: one module, so a
// value reads the same in a sentence, a table and a chart.

import { LOCALE_OF, type Locale } from '../core/languages.js';
import type { Lang, Period } from '../core/types.js';

/** Language → locale, from the registry (core/languages.ts). */
export const LOCALES: Readonly<Record<Lang, Locale>> = LOCALE_OF;

export interface Formatter {
  lang: Lang;
  locale: Locale;
  /** Plain number with grouping, up to `digits` decimals (default: 0 for integers, else 1), at least `minDigits`. */
  number(value: number, digits?: number, minDigits?: number): string;
  /** Ratio 0.23 → "23%" / "23 %" per locale, up to `digits` decimals, at least `minDigits`. */
  percent(ratio: number, digits?: number, minDigits?: number): string;
  /** Signed ratio, e.g. "+23%" / "−4.1%". */
  signedPercent(ratio: number, digits?: number): string;
  /** Large values with a scale word: 25100000000 → "25.1 billion" / "25,100 millones" (`digits`: exactly that many decimals of the English scale). */
  compact(value: number, digits?: number): string;
  /** ISO date (YYYY-MM-DD or YYYY-MM) → "October 14, 2022" / "14 de octubre de 2022". */
  date(iso: string): string;
  /** "2021" → "2021"; "FY2022" → "FY2022" / "AF2022". */
  period(period: Period | string): string;
  /** ["2023", "2024"] → "2023 and 2024" / "2023 y 2024" (Intl.ListFormat). */
  list(items: readonly string[]): string;
}

/**
 * How a unit's values are written: U.S. dollars ("$25.1 billion" / "25,100 millones de
 * dólares"), percent points (23.4 → "23.4%") or plain numbers ("109,413", "25.3 million").
 */
export type ValueStyle = keyof typeof UNIT_STYLES;

/**
 * The unit styles, and the units of data/units.csv written in each (`number`: every unit not
 * listed elsewhere). formatStyled below writes each style; valueAxis (render/charts/specs.ts)
 * accepts exactly these.
 */
export const UNIT_STYLES = {
  usd: { units: ['usd'] },
  percent: { units: ['percent'] },
  number: { units: [] },
} as const satisfies Record<string, { units: readonly string[] }>;

export const VALUE_STYLES = Object.keys(UNIT_STYLES) as ValueStyle[];

/**
 * One metric's number format in one language. Plain data, so a chart request carries it to the
 * renderer (a worker thread, the chart cache key), which writes its axis ticks with
 * formatValueAs: the very function its tables, tiles, sentences and chart labels go through.
 */
export interface ValueFormat {
  lang: Lang;
  style: ValueStyle;
}

/** The style of a unit of data/units.csv. */
export function valueStyle(unitId: string): ValueStyle {
  return VALUE_STYLES.find((style) => (UNIT_STYLES[style].units as readonly string[]).includes(unitId)) ?? 'number';
}

/**
 * The one way to write a value: sentences, tiles, tables, chart value labels and chart axis ticks.
 * Up to one decimal (none for whole numbers); a scale word from a million up. `digits`, when given,
 * writes exactly that many decimals (of the number, the percent or the scaled "25.13 million"):
 * what a pair of values needs so that its printed change can be recomputed (pairDigits).
 */
export function formatStyled(fmt: Formatter, style: ValueStyle, value: number, digits?: number): string {
  if (style === 'usd') {
    const abs = Math.abs(value);
    const n = abs >= 1e6 ? fmt.compact(value, digits) : fmt.number(value, digits, digits);
    if (fmt.lang === 'en') return `$${n}`;
    return abs >= 1e6 ? `${n} de dólares` : `${n} dólares`;
  }
  // Both locales write the percent sign without a space (Intl's en-US and es-MX agree).
  if (style === 'percent') return fmt.percent(value / 100, digits ?? 1, digits);
  return Math.abs(value) >= 1e6 ? fmt.compact(value, digits) : fmt.number(value, digits, digits);
}

/** The decimals a style writes by default for a value (formatStyled without `digits`). */
export function defaultDigits(style: ValueStyle, value: number): number {
  if (style === 'percent') return 1;
  if (Math.abs(value) >= 1e6) return 1;
  return Number.isInteger(value) ? 0 : 1;
}

/** The most decimals a pair is given: the data keep at most six (rates to six decimals). */
export const MAX_PAIR_DIGITS = 6;

const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: MAX_PAIR_DIGITS + 3 });
const roundedCache = new Map<number, Intl.NumberFormat>();
const percentCache = new Map<number, Intl.NumberFormat>();

/**
 * The number a reader reads in formatStyled's string (decimals of the scaled value when a scale word
 * is used), rounded as Intl rounds it (half away from zero, on the double's exact decimal value).
 */
export function printedValue(style: ValueStyle, value: number, digits: number): number {
  const abs = Math.abs(value);
  const scale = style !== 'percent' && abs >= 1e6 ? (abs >= 1e12 ? 1e12 : abs >= 1e9 ? 1e9 : 1e6) : 1;
  let nf = roundedCache.get(digits);
  if (!nf)
    roundedCache.set(
      digits,
      (nf = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: digits })),
    );
  const mantissa = Number(nf.format(Number(plainNumber.format(value / scale))));
  return mantissa * scale;
}

/**
 * The fewest decimals (at least the style's default for either value) with which the change
 * computed from the two printed values rounds to the printed change: "1.5 → 1.3 (−18.6%)" becomes
 * "1.53 → 1.25 (−18.6%)". `changeDigits` is the printed change's decimals (signedPercent's, 1).
 * Undefined when the defaults already do, so the usual strings are kept; the change is relative to
 * |base| as assess computes it.
 */
export function pairDigits(style: ValueStyle, base: number, latest: number, changeDigits = 1): number | undefined {
  if (base === 0 || !Number.isFinite(base) || !Number.isFinite(latest)) return undefined;
  let nf = percentCache.get(changeDigits);
  if (!nf)
    percentCache.set(
      changeDigits,
      (nf = new Intl.NumberFormat('en-US', {
        style: 'percent',
        maximumFractionDigits: changeDigits,
        signDisplay: 'exceptZero',
      })),
    );
  const change = (a: number, b: number) => (b - a) / Math.abs(a);
  const printed = nf.format(change(base, latest));
  const start = Math.max(defaultDigits(style, base), defaultDigits(style, latest));
  for (let d = start; d <= MAX_PAIR_DIGITS; d++) {
    const b = printedValue(style, base, d);
    const l = printedValue(style, latest, d);
    if (b !== 0 && nf.format(change(b, l)) === printed) return d === start ? undefined : d;
  }
  return MAX_PAIR_DIGITS;
}

const formatters = new Map<Lang, Formatter>();

/** A value written in a metric's format (what its table cell prints for an exact figure). */
export function formatValueAs(format: ValueFormat, value: number): string {
  let fmt = formatters.get(format.lang);
  if (!fmt) {
    if (!(format.lang in LOCALES)) throw new Error(`unsupported language: ${String(format.lang)}`);
    fmt = formatter(format.lang);
    formatters.set(format.lang, fmt);
  }
  if (!VALUE_STYLES.includes(format.style)) throw new Error(`unknown value style: ${String(format.style)}`);
  return formatStyled(fmt, format.style, value);
}

const fiscalPrefix: Record<Lang, string> = { en: 'FY', es: 'AF' };

export function formatter(lang: Lang): Formatter {
  const locale = LOCALES[lang];
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (opts: Intl.NumberFormatOptions): Intl.NumberFormat => {
    const key = JSON.stringify(opts);
    let f = cache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, opts);
      cache.set(key, f);
    }
    return f;
  };
  const digitsFor = (value: number, digits?: number) => digits ?? (Number.isInteger(value) ? 0 : 1);
  return {
    lang,
    locale,
    number: (value, digits, minDigits) =>
      nf({
        maximumFractionDigits: digitsFor(value, digits),
        ...(minDigits ? { minimumFractionDigits: minDigits } : {}),
      }).format(value),
    percent: (ratio, digits = 0, minDigits) =>
      nf({
        style: 'percent',
        maximumFractionDigits: digits,
        ...(minDigits ? { minimumFractionDigits: minDigits } : {}),
      }).format(ratio),
    signedPercent: (ratio, digits = 1) =>
      nf({ style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(ratio),
    compact: (value, digits) =>
      // Spanish writes thousands of millions as millions ("25,100 millones", as "1,500 millones"),
      // never "25.1 mil millones" beside them: one style for every large amount. A billion with d
      // decimals is a number of millions with d − 3.
      lang === 'es' && Math.abs(value) >= 1e9 && Math.abs(value) < 1e12
        ? `${nf({ maximumFractionDigits: Math.max(0, (digits ?? 0) - 3), ...(digits && digits > 3 ? { minimumFractionDigits: digits - 3 } : {}) }).format(value / 1e6)} millones`
        : Math.abs(value) >= 1e6
          ? nf({
              notation: 'compact',
              compactDisplay: 'long',
              maximumFractionDigits: digits ?? 1,
              ...(digits ? { minimumFractionDigits: digits } : {}),
            }).format(value)
          : nf({
              maximumFractionDigits: digitsFor(value, digits),
              ...(digits ? { minimumFractionDigits: digits } : {}),
            }).format(value),
    date: (iso) => formatIsoDate(iso, locale),
    list: (items) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items),
    period: (period) => {
      const label = typeof period === 'string' ? period : period.label;
      return label.startsWith('FY') ? fiscalPrefix[lang] + label.slice(2) : label;
    },
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatIsoDate(iso: string, locale: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y) return iso;
  // UTC so the time zone of the machine never shifts the day.
  const when = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  const precision = m ? (d ? 'day' : 'month') : 'year';
  const key = `${locale} ${precision}`;
  let format = dateFormats.get(key);
  if (!format) {
    const opts: Intl.DateTimeFormatOptions =
      precision === 'day'
        ? { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
        : precision === 'month'
          ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
          : { year: 'numeric', timeZone: 'UTC' };
    format = new Intl.DateTimeFormat(locale, opts);
    dateFormats.set(key, format);
  }
  return format.format(when);
}
