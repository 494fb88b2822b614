// The Translator fills plain `{{name}}` messages without compiling them through Handlebars; this
// checks that shortcut gives exactly what Handlebars (strict, unescaped) gives, on every message
// of the real catalogues and on generated ones.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { plainTemplate } from '../../pipeline/validate/catalogues.js';

const hb = Handlebars.create();
const viaHandlebars = (source: string, params: Record<string, unknown>) => {
  try {
    return hb.compile(source, { strict: true, noEscape: true, knownHelpersOnly: true })(params);
  } catch {
    return 'THROWS';
  }
};
const viaShortcut = (source: string, params: Record<string, unknown>) => {
  try {
    return plainTemplate(source)!(params);
  } catch {
    return 'THROWS';
  }
};

const I18N = join(import.meta.dirname, '../../templates/i18n');
const messages: string[] = readdirSync(I18N).flatMap((lang) =>
  readdirSync(join(I18N, lang))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => Object.values(JSON.parse(readFileSync(join(I18N, lang, f), 'utf8')) as Record<string, unknown>))
    .filter((m): m is string => typeof m === 'string'),
);

describe('plainTemplate', () => {
  it('takes most catalogue messages and fills each as Handlebars does', () => {
    const plain = messages.filter((m) => plainTemplate(m));
    expect(messages.length).toBeGreaterThan(200);
    expect(plain.length / messages.length).toBeGreaterThan(0.8);
    for (const source of plain) {
      const names = [...source.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(
        names.map((n, i) => [n, i % 3 === 0 ? 1234.5 : i % 3 === 1 ? 'Valor <b>&"' : 0]),
      );
      expect(viaShortcut(source, params), source).toBe(viaHandlebars(source, params));
      if (names.length) {
        const { [names[0]!]: _, ...missing } = params;
        expect(viaShortcut(source, missing)).toBe('THROWS');
        expect(viaHandlebars(source, missing)).toBe('THROWS');
      }
    }
  });

  it('leaves helpers, blocks, paths, comments and escapes to Handlebars', () => {
    for (const source of [
      '{{#if a}}x{{/if}}',
      '{{a.b}}',
      '{{{a}}}',
      '{{! note}}',
      '\\{{a}}',
      '{{~a~}}',
      '{{lookup a b}}',
      '{{this}}',
      '{{log}}',
      '{{a b}}',
    ]) {
      expect(plainTemplate(source), source).toBeUndefined();
    }
  });

  it('agrees with Handlebars on generated messages and values', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ' ', 'ñ', '.', '<', '&', '}', '{', '\\') }),
      fc.constantFrom('{{x}}', '{{ y }}', '{{x}}{{y}}', '{{#if x}}', '{{/if}}'),
    );
    // Not booleans: Handlebars adds adjacent booleans as numbers ("{{x}}{{x}}" with false gives "0").
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.constant(null),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 6 }),
        fc.dictionary(fc.constantFrom('x', 'y'), value),
        (pieces, params) => {
          const source = pieces.join('');
          if (!plainTemplate(source)) return;
          // Handlebars (noEscape) adds adjacent non-string values as numbers ("{{x}}{{x}}" with 1
          // gives "2"); the shortcut joins them as text, which is what a message means.
          if (/\}\}\s*\{\{/.test(source) && Object.values(params).some((v) => typeof v === 'number')) return;
          expect(viaShortcut(source, params)).toBe(viaHandlebars(source, params));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
