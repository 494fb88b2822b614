// A value reads the same in a chart as in a sentence or table: the charts' d3 number locale agrees
// with Intl (pipeline/compose/format.ts) for both report languages.

import { describe, expect, it } from 'vitest';
import { formatter } from '../../../pipeline/compose/format.js';
import { formatNumber } from '../../../pipeline/render/charts/locale.js';

describe('chart number locale', () => {
  for (const [lang, locale] of [
    ['en', 'en-US'],
    ['es', 'es-MX'],
  ] as const) {
    it(`matches Intl for ${locale}`, () => {
      const f = formatter(lang);
      for (const v of [0, 7, 5046, 109413, 25100000000, -1234.5]) {
        expect(formatNumber(locale, ',.0f', Math.round(v))).toBe(f.number(Math.round(v), 0));
        expect(formatNumber(locale, ',.1f', v)).toBe(
          new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v),
        );
      }
    });
  }
});
