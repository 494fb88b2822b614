// Message catalogues: every fixed string of the report in both languages, as small Handlebars
// templates. A key missing or empty in either language is a build error, never a leaked key.

import Handlebars from 'handlebars';
import { LOCALE_OF } from '../core/languages.js';
import type { Lang } from '../core/types.js';
import { MESSAGE_COMPILE_OPTIONS, plainTemplate, type Catalogue } from '../validate/catalogues.js';

export type Params = Record<string, string | number | boolean | undefined>;

/** Looks up and fills messages; unknown keys are recorded (the build then fails) and never shown. */
export class Translator {
  readonly missing = new Set<string>();
  /** Messages that failed to fill (a field they use is not given here): key → the field and the fields given. */
  readonly broken = new Map<string, { field: string; given: string[] }>();
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(readonly catalogues: Catalogue[]) {}

  get lang(): Lang {
    return this.catalogues[0]!.lang;
  }

  has(key: string): boolean {
    return this.catalogues.some((c) => c.messages[key] !== undefined && c.messages[key] !== '');
  }

  /**
   * A message that agrees with a count: `${key}.${category}` for the language's plural category of
   * `count` (Intl.PluralRules: one, other, and es-MX's many), falling back to `${key}.other`. The
   * count is passed to the message as {{count}}, formatted for the locale.
   */
  plural(key: string, count: number, params: Params = {}): string {
    const category = pluralRules(this.lang).select(count);
    const chosen = this.has(`${key}.${category}`) ? `${key}.${category}` : `${key}.other`;
    return this.t(chosen, { count: new Intl.NumberFormat(LOCALE_OF[this.lang]).format(count), ...params });
  }

  /** A message as written, not a template (quoted sentences' translations: plain text, braces included). */
  raw(key: string): string {
    const source = this.catalogues.map((c) => c.messages[key]).find((m) => m !== undefined && m !== '');
    if (source === undefined) this.missing.add(key);
    return source ?? '';
  }

  t(key: string, params: Params = {}): string {
    let template = this.compiled.get(key);
    if (!template) {
      const source = this.catalogues.map((c) => c.messages[key]).find((m) => m !== undefined && m !== '');
      if (source === undefined) {
        this.missing.add(key);
        return '';
      }
      // noEscape: output is plain text for the document tree; the HTML renderer escapes it.
      template = plainTemplate(source) ?? this.hb.compile(source, MESSAGE_COMPILE_OPTIONS);
      this.compiled.set(key, template);
    }
    try {
      const text = template(params, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      return this.lang === 'es' ? contractSpanish(text) : text;
    } catch (e) {
      // Strict mode: a field the message names is not among the parameters (a typo, or an object
      // path such as {{constructor.constructor}}). Recorded like a missing key: the build fails.
      const field = /^"([^"]*)" not defined/.exec(String((e as Error)?.message))?.[1] ?? '?';
      if (!this.broken.has(key)) this.broken.set(key, { field, given: Object.keys(params).sort() });
      return '';
    }
  }
}

const MONTHS_ES = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const OF_THE = /(?<![\p{L}\p{N}])([Dd])e el(?![\p{L}\p{N}])/gu;
const TO_THE = /(?<![\p{L}\p{N}])([Aa]) el(?![\p{L}\p{N}])/gu;
const BY_MONTH = new RegExp(`(?<![\\p{L}\\p{N}])el (?=(?:${MONTHS_ES}) de \\d)`, 'gu');

/**
 * Spanish grammar a filled message can break: "de" or "a" before a field that starts with the
 * article ("de {{subject}}" with "el objetivo 1") contract to "del", "al"; and a date given by its
 * month alone takes "en", never "el" ("a más tardar en septiembre de 2022"; a day keeps "el 14 de
 * octubre"). Only the lower-case article contracts: "de El Paso" stays.
 */
export function contractSpanish(text: string): string {
  return text.replace(OF_THE, '$1el').replace(TO_THE, '$1l').replace(BY_MONTH, 'en ');
}

const pluralCache = new Map<Lang, Intl.PluralRules>();
function pluralRules(lang: Lang): Intl.PluralRules {
  let rules = pluralCache.get(lang);
  if (!rules) pluralCache.set(lang, (rules = new Intl.PluralRules(LOCALE_OF[lang])));
  return rules;
}
