// Handlebars sources as positioned diagnostics: catalogue messages (templates/i18n/<lang>/*.json)
// and the HTML page and partials. A syntax error (an unclosed {{, a {{#if}} without {{/if}}) is
// reported at its file, line and column by `check` and `build` alike, before anything is composed.

import Handlebars from 'handlebars';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

export interface TemplateProblem {
  /** 1-based line and column within the template source. */
  line: number;
  column: number;
  message: string;
}

// Handlebars' generated parser throws a bare Error whose text draws the position; keep its
// structured position too (same text, one more property), so it can be reported as a place.
(Handlebars as unknown as { Parser: { parseError: (text: string, hash: unknown) => never } }).Parser.parseError = (text, hash) => {
  throw Object.assign(new Error(text), { hash });
};

interface ParseHash {
  token?: string;
  expected?: string[];
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

const HINT = 'close every {{ with }} and every {{#block}} with its {{/block}}; write a literal {{ as \\{{';

/** The first syntax error of a Handlebars source, or undefined when it parses. */
export function templateSyntax(source: string): TemplateProblem | undefined {
  try {
    Handlebars.parse(source);
    return undefined;
  } catch (e) {
    const hash = (e as { hash?: ParseHash }).hash;
    if (hash?.loc) {
      if (hash.token === 'EOF') return unclosedBlock(source) ?? { line: hash.loc.last_line, column: hash.loc.last_column + 1, message: 'the template ends in the middle of a {{…}} or a block' };
      const found = hash.token === 'INVALID' ? 'a {{ that is not closed by }}, or a character Handlebars cannot read' : `an unexpected ${tokenName(hash.token)}`;
      return { line: hash.loc.first_line, column: hash.loc.first_column + 1, message: `syntax error: ${found}` };
    }
    // Handlebars' own checks ("if doesn't match each") carry lineNumber and a 0-based column.
    const { lineNumber, column } = e as { lineNumber?: number; column?: number };
    const message = String((e as Error)?.message ?? e).split('\n')[0]!.replace(/ - \d+:\d+$/, '');
    return { line: lineNumber ?? 1, column: (column ?? 0) + 1, message: `syntax error: ${message}` };
  }
}

function tokenName(token: string | undefined): string {
  if (token === 'OPEN_ENDBLOCK') return '{{/…}} that closes no block';
  if (token === 'CLOSE' || token === 'CLOSE_UNESCAPED') return '}}';
  return token ? token.toLowerCase().replace(/_/g, ' ') : 'end';
}

/** The innermost {{#name}} or {{^name}} that has no {{/name}}, for a template that ends too soon. */
function unclosedBlock(source: string): TemplateProblem | undefined {
  const open: { name: string; index: number }[] = [];
  for (const m of source.matchAll(/\{\{~?\s*([#^/])\s*>?\s*([^\s}~]+)/g)) {
    if (m[1] === '/') {
      const at = open.map((o) => o.name).lastIndexOf(m[2]!);
      if (at >= 0) open.length = at;
    } else open.push({ name: m[2]!, index: m.index });
  }
  const last = open.at(-1);
  if (!last) return undefined;
  return { ...positionAt(source, last.index), message: `{{#${last.name}}} is never closed: the template ends before its {{/${last.name}}}` };
}

/** 1-based line and column (code points) of a UTF-16 offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** Where the text of `key` starts in a catalogue's JSON (just inside its opening quote). */
export function valuePosition(json: string, key: string): { line: number; column: number; offset: number } | undefined {
  const escaped = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}\\s*:\\s*"`).exec(json);
  if (!m) return undefined;
  const offset = m.index + m[0].length;
  return { ...positionAt(json, offset), offset };
}

/** The place in a catalogue of a problem at `at` inside the text of `key` (single-line texts map exactly). */
export function placeInCatalogue(json: string, key: string, at: { line: number; column: number } = { line: 1, column: 1 }): { line?: number; column?: number } {
  const start = valuePosition(json, key);
  if (!start) return {};
  return { line: start.line, column: at.line === 1 ? start.column + at.column - 1 : start.column };
}

/** The place in a catalogue of the first use of `field` (the first path segment) in the text of `key`. */
export function fieldInCatalogue(json: string, key: string, message: string, field: string): { line?: number; column?: number } {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\{\\{[~#^/&{]?\\s*${escaped}\\b`).exec(message);
  return placeInCatalogue(json, key, m ? positionAt(message, m.index) : undefined);
}

/** Syntax errors in the messages of one catalogue, each at the place of the message in the file. */
export function catalogueSyntax(file: string, json: string, messages: Record<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, text] of Object.entries(messages)) {
    const problem = templateSyntax(text);
    if (problem) out.push(error({ file, ...placeInCatalogue(json, key, problem) }, 'i18n/template', `the text for "${key}": ${problem.message}`, HINT));
  }
  return out;
}

/** Syntax errors in the HTML page and partials, at their place in each file. */
export function htmlTemplateSyntax(templatesDir: string, html: { page: string; partials: Record<string, string> } | undefined): Diagnostic[] {
  if (!html) return [];
  const sources: [string, string][] = [['page.hbs', html.page], ...Object.entries(html.partials).map(([name, s]): [string, string] => [`partials/${name}.hbs`, s])];
  const out: Diagnostic[] = [];
  for (const [name, source] of sources) {
    const problem = templateSyntax(source);
    if (problem) out.push(error({ file: join(templatesDir, 'html', name), line: problem.line, column: problem.column }, 'template/syntax', problem.message, HINT));
  }
  return out;
}
