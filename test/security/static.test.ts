// Source-level guarantees that no data can become code: read every pipeline/**/*.ts (comments
// stripped) and templates/html/**/*.hbs and check how templates are compiled and what may run.
// A new file that breaks a rule fails here with its name, before any hostile input is needed.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

/** The code without comments (block comments, and line comments that start a line or follow a space). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

const sources = files(join(ROOT, 'pipeline'), '.ts').map((path) => ({ path: relative(ROOT, path), text: code(path) }));

/** The argument list of each call `name(` in `text` (balanced parentheses; strings are not special-cased). */
function callArgs(text: string, name: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(`${name.source}\\s*\\(`, 'g'))) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out.push(text.slice(start, i - 1));
  }
  return out;
}

/** The object literal a `const NAME = {…}` in `text` holds, or undefined. */
function constObject(text: string, name: string): string | undefined {
  const m = new RegExp(`const\\s+${name}\\b[^=]*=\\s*\\{`).exec(text);
  if (!m) return undefined;
  let depth = 1;
  let i = m.index + m[0].length;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
  }
  return text.slice(m.index + m[0].length, i - 1);
}

describe('no code from strings', () => {
  it('reads a real tree (the check would pass vacuously on an empty one)', () => {
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.some((s) => s.path === 'pipeline/render/html/index.ts')).toBe(true);
  });

  it.each([
    ['eval(', /\beval\s*\(/],
    ['new Function(', /\bnew\s+Function\s*\(/],
    ['Function(…) called as a constructor', /(^|[^.\w])Function\s*\(\s*['"`]/m],
    ['node:vm', /from\s+['"](?:node:)?vm['"]|require\(\s*['"](?:node:)?vm['"]\s*\)/],
    ['setTimeout/setInterval with a string', /\bset(?:Timeout|Interval)\s*\(\s*['"`]/],
  ])('no %s anywhere in pipeline/', (_what, pattern) => {
    const offenders = sources.filter((s) => pattern.test(s.text)).map((s) => s.path);
    expect(offenders).toEqual([]);
  });
});

describe('Handlebars', () => {
  // Modules that hold Handlebars itself (a value import), and those that compile with an instance
  // handed to them (core/html-page.ts: `import type`).
  const users = sources.filter((s) => /^import\s+Handlebars\s+from\s+['"]handlebars['"]/m.test(s.text));
  const compilers = sources.filter((s) => /from\s+['"]handlebars['"]/.test(s.text));

  it('is used (so the checks below check something)', () => {
    expect(users.map((s) => s.path)).toEqual(
      expect.arrayContaining(['pipeline/compose/i18n.ts', 'pipeline/render/html/index.ts']),
    );
  });

  it('is only ever used through private instances (Handlebars.create()), never the global one', () => {
    for (const s of users) {
      expect(s.text, s.path).toMatch(/Handlebars\.create\(\)/);
      expect(s.text, s.path).not.toMatch(
        /Handlebars\.(?:compile|precompile|template|registerHelper|registerPartial)\s*\(/,
      );
    }
  });

  it('compiles every template in strict mode', () => {
    let calls = 0;
    for (const s of compilers) {
      for (const args of callArgs(s.text, /\.(?:compile|precompile)/)) {
        calls++;
        const options = args.slice(args.indexOf(',') + 1).trim();
        expect(args.includes(','), `${s.path}: compile(${args}) has no options`).toBe(true);
        // The options object: written in the call, or a const of this module or of the one it imports it from.
        const name = options.replace(/\W.*$/s, '');
        const literal = options.startsWith('{')
          ? options
          : (constObject(s.text, name) ?? sources.map((o) => constObject(o.text, name)).find(Boolean));
        expect(literal, `${s.path}: cannot find the options ${options}`).toBeDefined();
        expect(literal, `${s.path}: compile(${args}) is not strict`).toMatch(/\bstrict:\s*true\b/);
        expect(literal, `${s.path}: compile(${args}) lets templates call unknown helpers`).toMatch(
          /\bknownHelpersOnly:\s*true\b/,
        );
      }
    }
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('never re-enables prototype access', () => {
    for (const s of sources) {
      expect(s.text, s.path).not.toMatch(/allowProto(?:Properties|Methods)ByDefault:\s*true/);
      expect(s.text, s.path).not.toMatch(/allowedProto(?:Properties|Methods)\s*:/);
    }
    for (const s of users) {
      for (const args of callArgs(s.text, /\b(?:template|page)/).filter((a) => a.includes('allowProto')))
        expect(args).toMatch(/allowProtoPropertiesByDefault: false/);
    }
  });

  it('skips HTML escaping only for catalogue strings (plain text, escaped by the renderer later)', () => {
    expect(sources.filter((s) => /\bnoEscape:\s*true/.test(s.text)).map((s) => s.path)).toEqual([
      'pipeline/validate/catalogues.ts',
    ]);
  });

  it('marks markup as safe in one module only: the HTML renderer (its own stylesheet and chart SVG)', () => {
    expect(sources.filter((s) => /\bSafeString\b/.test(s.text)).map((s) => s.path)).toEqual([
      'pipeline/render/html/index.ts',
    ]);
  });

  it('templates never print unescaped ({{{ }}} or {{& }}): raw insertions go through named helpers', () => {
    const templates = files(join(ROOT, 'templates/html'), '.hbs');
    expect(templates.length).toBeGreaterThan(3);
    for (const t of templates) expect(readFileSync(t, 'utf8'), relative(ROOT, t)).not.toMatch(/\{\{\{|\{\{~?\s*&/);
  });
});

describe('PDF and charts', () => {
  it('pdfmake denies every URL and allows only its font files locally', () => {
    const pdf = sources.find((s) => s.path === 'pipeline/render/pdf/index.ts')!;
    expect(pdf.text).toMatch(/setUrlAccessPolicy\(\(\) => false\)/);
    expect(pdf.text).toMatch(/setLocalAccessPolicy\(\(path\) => allowed\.has\(path\)\)/);
  });

  it('chart specs take data as values only, never as a URL to load', () => {
    for (const s of sources.filter((x) => x.path.startsWith('pipeline/render/charts/')))
      expect(s.text, s.path).not.toMatch(/\burl\s*:/);
  });
});
