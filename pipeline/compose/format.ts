// Locale formatting for numbers, percentages, dates and periods, built on Intl: one module, so a
// value reads the same in a sentence, a table and a chart.

import { LOCALE_OF, type Locale } from '../core/languages.js';
import type { Lang, Period } from '../core/types.js';

/** Language → locale, from the registry (core/languages.ts). */
export const LOCALES: Readonly<Record<Lang, Locale>> = LOCALE_OF;

export interface Formatter {
  lang: Lang;
  locale: Locale;
  /** Plain number with grouping, up to `digits` decimals (default: 0 for integers, else 1). */
  number(value: number, digits?: number): string;
  /** Ratio 0.23 → "23%" / "23 %" per locale. */
  percent(ratio: number, digits?: number): string;
  /** Signed ratio, e.g. "+23%" / "−4.1%". */
  signedPercent(ratio: number, digits?: number): string;
  /** Large values with a scale word: 25100000000 → "25.1 billion" / "25.1 mil millones". */
  compact(value: number): string;
  /** ISO date (YYYY-MM-DD or YYYY-MM) → "October 14, 2022" / "14 de octubre de 2022". */
  date(iso: string): string;
  /** "2021" → "2021"; "FY2022" → "FY2022" / "AF2022". */
  period(period: Period | string): string;
  /** ["2023", "2024"] → "2023 and 2024" / "2023 y 2024" (Intl.ListFormat). */
  list(items: readonly string[]): string;
}

/**
 * How a unit's values are written: U.S. dollars ("$25.1 billion" / "25.1 mil millones de
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
 * Up to one decimal (none for whole numbers); a scale word from a million up.
 */
export function formatStyled(fmt: Formatter, style: ValueStyle, value: number): string {
  if (style === 'usd') {
    const abs = Math.abs(value);
    const n = abs >= 1e6 ? fmt.compact(value) : fmt.number(value);
    if (fmt.lang === 'en') return `$${n}`;
    return abs >= 1e6 ? `${n} de dólares` : `${n} dólares`;
  }
  // Both locales write the percent sign without a space (Intl's en-US and es-MX agree).
  if (style === 'percent') return fmt.percent(value / 100, 1);
  return Math.abs(value) >= 1e6 ? fmt.compact(value) : fmt.number(value);
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
    number: (value, digits) => nf({ maximumFractionDigits: digitsFor(value, digits) }).format(value),
    percent: (ratio, digits = 0) =>
      nf({ style: 'percent', maximumFractionDigits: digits }).format(ratio),
    signedPercent: (ratio, digits = 1) =>
      nf({ style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(ratio),
    compact: (value) =>
      Math.abs(value) >= 1e6
        ? nf({ notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 }).format(value)
        : nf({ maximumFractionDigits: digitsFor(value) }).format(value),
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
