// d3 number and time format locales for the charts, one per report language: d3's own locale
// files (d3-format/locale, d3-time-format/locale), with one documented deviation below.
//
// They are handed to each vega View (`new View(runtime, { locale })`), which keeps them on that
// view only: no vega.formatLocale()/timeFormatLocale() global is touched, so an es-MX render can
// never leak into an en-US one in the same process.
//
// The charts print no number through them: value labels and axis ticks come from compose's one
// formatter (compose/format.ts, on Intl), the same as tables and sentences. These locales are the
// View's fallback and must still agree with Intl (test/render/charts/locale-intl.test.ts).

import * as vega from 'vega';
import enUSNumber from 'd3-format/locale/en-US' with { type: 'json' };
import esMXNumber from 'd3-format/locale/es-MX' with { type: 'json' };
import enUSTime from 'd3-time-format/locale/en-US' with { type: 'json' };
import esMXTime from 'd3-time-format/locale/es-MX' with { type: 'json' };
import type { ChartLocale } from './types.js';

export interface NumberLocaleDefinition {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
  minus?: string;
  percent?: string;
  nan?: string;
}

export interface TimeLocaleDefinition {
  dateTime: string;
  date: string;
  time: string;
  periods: [string, string];
  days: [string, string, string, string, string, string, string];
  shortDays: [string, string, string, string, string, string, string];
  months: [string, string, string, string, string, string, string, string, string, string, string, string];
  shortMonths: [string, string, string, string, string, string, string, string, string, string, string, string];
}

export interface ChartLocaleDefinition {
  number: NumberLocaleDefinition;
  time: TimeLocaleDefinition;
}

/**
 * The one deviation from d3's files: negatives with the hyphen-minus "-", as Intl writes them for
 * en-US and es-MX (d3's default is U+2212), so anything the View formats reads like the tables.
 */
const NUMBER_OVERRIDES: Partial<NumberLocaleDefinition> = { minus: '-' };

const LOCALES: Readonly<Record<ChartLocale, ChartLocaleDefinition>> = {
  'en-US': {
    number: { ...(enUSNumber as NumberLocaleDefinition), ...NUMBER_OVERRIDES },
    time: enUSTime as TimeLocaleDefinition,
  },
  'es-MX': {
    number: { ...(esMXNumber as NumberLocaleDefinition), ...NUMBER_OVERRIDES },
    time: esMXTime as TimeLocaleDefinition,
  },
};

/** The d3 number/time locale definitions for a chart locale (fresh copies; safe to mutate). */
export function chartLocale(locale: ChartLocale): ChartLocaleDefinition {
  const def = LOCALES[locale];
  if (!def) throw new Error(`unsupported chart locale: ${String(locale)}`);
  return structuredClone(def);
}

// --- Formatting numbers in code with exactly the chart's formatter ---------------------------

interface NumberFormatters {
  format(specifier: string): (value: number) => string;
}

const formatterCache = new Map<ChartLocale | ChartLocaleDefinition, NumberFormatters>();

/**
 * Format a number with the chart's d3 locale and specifier: the same formatter the View uses for
 * axis labels (vega-format's `locale()` builds fresh formatters; the default locale is untouched).
 */
export function formatNumber(locale: ChartLocale | ChartLocaleDefinition, specifier: string, value: number): string {
  let f = formatterCache.get(locale);
  if (!f) {
    const def = typeof locale === 'string' ? chartLocale(locale) : locale;
    // vega-format's locale(number, time): exported by vega at runtime, missing from vega-typings.
    const makeLocale = (vega as unknown as { locale(n: unknown, t: unknown): NumberFormatters }).locale;
    f = makeLocale(def.number, def.time);
    if (typeof locale === 'string') formatterCache.set(locale, f);
  }
  return f.format(specifier)(value);
}
