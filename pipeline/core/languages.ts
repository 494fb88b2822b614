// The report's languages: one entry per language, read by every place that needs a language's
// code, locale, catalogue folder or data column suffix (the CLI's --lang, the default options, the
// catalogues ingest reads and validate pairs, compose's Intl formatters, plural rules and quotes).
// docs/contributing.md ("How to add a language") lists what else a new language still needs.

export interface Language {
  /** ISO 639-1 code: --lang, file names (hlsd-report-<year>-<code>.pdf), document meta. */
  code: string;
  /** BCP 47 locale for Intl (numbers, dates, plural rules), chart locales and lang attributes. */
  locale: string;
  /** Its catalogue folder, templates/i18n/<catalogue>/. */
  catalogue: string;
  /** The suffix of its data columns: name_<suffix>, caveat_<suffix> (metrics), label_<suffix> (units), text_<suffix> (milestones). */
  column: string;
  /** Its name in English, for messages to maintainers. */
  name: string;
}

export const LANGUAGES = [
  { code: 'en', locale: 'en-US', catalogue: 'en', column: 'en', name: 'English' },
  { code: 'es', locale: 'es-MX', catalogue: 'es', column: 'es', name: 'Spanish' },
] as const satisfies readonly Language[];

export type Lang = (typeof LANGUAGES)[number]['code'];
export type Locale = (typeof LANGUAGES)[number]['locale'];

/** Every language code, in report order (English first). */
export const LANGS: readonly Lang[] = LANGUAGES.map((l) => l.code);

/** The registry entry of a language. */
export function language(code: Lang): (typeof LANGUAGES)[number] {
  return LANGUAGES.find((l) => l.code === code)!;
}

/** Language code → BCP 47 locale (en → en-US, es → es-MX). */
export const LOCALE_OF = Object.fromEntries(LANGUAGES.map((l) => [l.code, l.locale])) as {
  readonly [L in Lang]: Extract<(typeof LANGUAGES)[number], { code: L }>['locale'];
};

/** A value for each language, made by `make` (e.g. an empty list per language). */
export function perLanguage<T>(make: (lang: Lang) => T): Record<Lang, T> {
  return Object.fromEntries(LANGS.map((l) => [l, make(l)])) as Record<Lang, T>;
}
