// Message catalogues as validate reads them: each file parsed into key → text, JSON mistakes and
// non-text values placed at their line, and every key present and non-empty in both languages.
// (compose/i18n.ts fills the messages; validate/templates.ts compiles them.)

import type Handlebars from 'handlebars';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Lang } from '../core/types.js';

export interface Catalogue {
  lang: Lang;
  /** Path for diagnostics, e.g. templates/i18n/es.json */
  file: string;
  messages: Record<string, string>;
  /** The file's text, to place problems found later (a field a message uses but is not given). */
  text?: string;
}

/** Parse a catalogue file; JSON errors and non-string values become diagnostics. */
export function parseCatalogue(
  lang: Lang,
  file: string,
  text: string,
): { catalogue: Catalogue; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const messages: Record<string, string> = {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // JSON.parse quotes the text around the error, line breaks and all: give the place instead.
    const message = String((e as Error).message);
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? NaN);
    const at = Number.isFinite(offset) ? placeOf(text, offset) : {};
    const reason = message
      .replace(/,? "[\s\S]*" is not valid JSON$/, '') // V8 quotes the whole text: line breaks, BOM and all
      .replace(/ in JSON at position \d+[\s\S]*$/, '')
      .split('\n')[0]!
      .replace(
        /[\u0000-\u001f\u007f-\u009f\ufeff]/g,
        (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      );
    diagnostics.push(
      error(
        { file, ...at },
        'i18n/json',
        `the catalogue is not valid JSON: ${reason.trim()}`,
        'fix the JSON syntax (a missing comma or quote)',
      ),
    );
    return { catalogue: { lang, file, messages }, diagnostics };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    diagnostics.push(
      error({ file }, 'i18n/json', 'the catalogue must be a JSON object of key → text', 'write { "key": "text", … }'),
    );
    return { catalogue: { lang, file, messages }, diagnostics };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_')) continue; // comments
    if (typeof value !== 'string') {
      diagnostics.push(
        error(
          { file, line: lineOfKey(text, key) },
          'i18n/not-text',
          `"${key}" is not a string`,
          'every entry is a piece of text',
        ),
      );
      continue;
    }
    messages[key] = value;
  }
  return { catalogue: { lang, file, messages, text }, diagnostics };
}

/** Every key present in one catalogue must be present and non-empty in the other; `required` keys in both. */
export function checkCatalogues(
  catalogues: Catalogue[],
  required: readonly string[] = [],
  texts: Record<string, string> = {},
): Diagnostic[] {
  const all = new Set<string>(required);
  for (const c of catalogues) for (const k of Object.keys(c.messages)) all.add(k);
  const diagnostics: Diagnostic[] = [];
  for (const c of catalogues) {
    for (const key of [...all].sort()) {
      const value = c.messages[key];
      if (value === undefined || value.trim() === '') {
        diagnostics.push(
          error(
            { file: c.file, line: value === undefined ? undefined : lineOfKey(texts[c.file] ?? '', key) },
            'i18n/missing',
            `the ${c.lang === 'es' ? 'Spanish' : 'English'} text for "${key}" is ${value === undefined ? 'missing' : 'empty'}`,
            `add "${key}": "…" to ${c.file}`,
          ),
        );
      }
    }
  }
  return diagnostics;
}

/** 1-based line and column of an offset in a catalogue's text. */
function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
}

function lineOfKey(text: string, key: string): number | undefined {
  const index = text.indexOf(JSON.stringify(key));
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

/**
 * Handlebars' options for every catalogue message, in compose (which fills them) and in validate
 * (which compiles them first). noEscape: a message is plain text for the document tree; the HTML
 * renderer escapes it.
 */
export const MESSAGE_COMPILE_OPTIONS = { strict: true, noEscape: true, knownHelpersOnly: true } as const;

/** Messages that are only text and plain `{{name}}` fields (most of them). */
const PLAIN = /^(?:[^{}\\]|\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})*$/;
const FIELD = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * A message of plain text and `{{name}}` fields filled without compiling it through Handlebars
 * (compiling is most of the compose stage's time), with Handlebars' strict, unescaped semantics: a
 * missing or null field throws, anything else is converted with String(). Any other syntax
 * (helpers, blocks, paths, escapes) goes to Handlebars.
 */
export function plainTemplate(source: string): Handlebars.TemplateDelegate | undefined {
  if (!PLAIN.test(source)) return undefined;
  const names = [...source.matchAll(FIELD)].map((m) => m[1]!);
  if (names.some((n) => RESERVED.has(n))) return undefined;
  if (names.length === 0) return () => source;
  return (params: Record<string, unknown>) =>
    source.replace(FIELD, (_, name: string) => {
      if (!Object.hasOwn(params, name)) throw new Error(`"${name}" not defined in ${String(params)}`);
      const value = params[name];
      return value === undefined || value === null ? '' : String(value);
    });
}

/** Names Handlebars resolves as helpers or keywords rather than as fields. */
const RESERVED = new Set([
  'this',
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'helperMissing',
  'blockHelperMissing',
  'true',
  'false',
  'null',
  'undefined',
]);
