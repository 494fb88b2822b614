// Counts agree with their nouns and verbs in both languages (Intl.PluralRules), and no catalogue
// message falls back to "(s)".

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Translator } from '../../pipeline/compose/i18n.js';
import { parseCatalogue } from '../../pipeline/validate/catalogues.js';
import type { Lang } from '../../pipeline/core/types.js';

const I18N = join(import.meta.dirname, '../../templates/i18n');

function translator(lang: Lang): Translator {
  const dir = join(I18N, lang);
  return new Translator(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => parseCatalogue(lang, join(dir, f), readFileSync(join(dir, f), 'utf8')).catalogue),
  );
}

describe('plural messages', () => {
  const en = translator('en');
  const es = translator('es');

  it('says "1 of the 13 actions has" and "2 of the 13 actions have"', () => {
    expect(en.plural('summary.gapsIntro', 1, { total: 13 })).toMatch(
      /^1 of the 13 actions has no official series that measures what it commits to, so it is not rated\./,
    );
    expect(en.plural('summary.gapsIntro', 3, { total: 13 })).toMatch(
      /^3 of the 13 actions have no official series that measures what they commit to, so they are not rated\./,
    );
    expect(en.plural('summary.actionsRated', 1, { total: 13 })).toBe(
      '1 of the 13 actions is rated from an official series.',
    );
    expect(en.plural('summary.actionsRated', 2, { total: 13 })).toBe(
      '2 of the 13 actions are rated from an official series.',
    );
  });

  it('dice "1 de las 13 acciones no tiene" y "2 de las 13 acciones no tienen"', () => {
    expect(es.plural('summary.gapsIntro', 1, { total: 13 })).toMatch(
      /^1 de las 13 acciones no tiene una serie oficial que mida su compromiso, por lo que no se califica\./,
    );
    expect(es.plural('summary.gapsIntro', 2, { total: 13 })).toMatch(
      /^2 de las 13 acciones no tienen una serie oficial que mida su compromiso, por lo que no se califican\./,
    );
    expect(es.plural('summary.actionsRated', 1, { total: 13 })).toBe(
      '1 de las 13 acciones se califica con una serie oficial.',
    );
    expect(es.plural('summary.actionsRated', 2, { total: 13 })).toBe(
      '2 de las 13 acciones se califican con una serie oficial.',
    );
  });

  it('writes 0 and many with the plural form, 1 with the singular, in both languages', () => {
    expect([0, 1, 2, 1000].map((n) => en.plural('count.metric', n))).toEqual([
      '0 metrics',
      '1 metric',
      '2 metrics',
      '1,000 metrics',
    ]);
    expect([0, 1, 2, 1000].map((n) => es.plural('count.milestone', n))).toEqual([
      '0 hitos',
      '1 hito',
      '2 hitos',
      '1,000 hitos',
    ]);
    expect(es.plural('count.reportedDone', 1)).toBe('1 cumplido según las fuentes');
    expect(es.plural('count.reportedDone', 5)).toBe('5 cumplidos según las fuentes');
    // es-MX has a "many" category for a million; it falls back to "other".
    expect(es.plural('count.milestone', 1_000_000)).toBe('1,000,000 hitos');
  });

  it('never writes "(s)" in a message', () => {
    for (const lang of ['en', 'es']) {
      for (const f of readdirSync(join(I18N, lang)).filter((x) => x.endsWith('.json'))) {
        for (const [key, value] of Object.entries(
          JSON.parse(readFileSync(join(I18N, lang, f), 'utf8')) as Record<string, string>,
        )) {
          expect(value, `${lang}/${f} ${key}`).not.toMatch(/\w\((s|es)\)/);
        }
      }
    }
  });

  it('has both forms of every plural message in both languages', () => {
    for (const t of [en, es]) {
      const keys = t.catalogues.flatMap((c) => Object.keys(c.messages)).filter((k) => /\.(one|other)$/.test(k));
      for (const k of keys) {
        const stem = k.replace(/\.(one|other)$/, '');
        expect(t.has(`${stem}.one`) && t.has(`${stem}.other`), `${t.lang} ${stem}`).toBe(true);
      }
    }
  });
});
