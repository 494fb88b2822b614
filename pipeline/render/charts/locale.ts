// d3 number and time format locales for the charts, one per report language.
//
// They are handed to each vega View (`new View(runtime, { locale })`), which keeps them on that
// view only: no vega.formatLocale()/timeFormatLocale() global is touched, so an es-MX render can
// never leak into an en-US one in the same process.
//
// Conventions match Intl.NumberFormat for en-US and es-MX (what compose uses for tables and
// sentences): Mexico writes 109,413.5 like the U.S. (thousands ",", decimal "."), the currency
// sign is "$", percent has no space ("24.9%"), and negatives use the hyphen-minus "-" as Intl does
// (d3's default is U+2212; Roboto has that glyph, but a chart should read exactly like the table).

import * as vega from 'vega';
import type { ChartLocale } from './types.js';

export interface NumberLocaleDefinition {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
  minus: string;
  percent: string;
  nan: string;
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
 * Mexico writes numbers as the United States does (1,234.5; Intl's en-US and es-MX agree), so the
 * two chart locales share one number format and differ in their date words only. The minus is the
 * hyphen-minus, as Intl writes it, so a chart matches the tables and sentences.
 */
const NUMBER: ChartLocaleDefinition['number'] = {
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['$', ''],
  minus: '-',
  percent: '%',
  nan: 'NaN',
};

const EN_US: ChartLocaleDefinition = {
  number: NUMBER,
  time: {
    dateTime: '%x, %X',
    date: '%-m/%-d/%Y',
    time: '%-I:%M:%S %p',
    periods: ['AM', 'PM'],
    days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
};

const ES_MX: ChartLocaleDefinition = {
  number: NUMBER,
  time: {
    dateTime: '%x, %X',
    date: '%d/%m/%Y',
    time: '%-I:%M:%S %p',
    periods: ['a. m.', 'p. m.'],
    days: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
    shortDays: ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'],
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    shortMonths: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  },
};

const LOCALES: Readonly<Record<ChartLocale, ChartLocaleDefinition>> = { 'en-US': EN_US, 'es-MX': ES_MX };

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
