// Issue #24, item 9: printed values carry enough decimals to recompute the printed change. A pair
// printed "1.5 → 1.3 (−18.6%)" cannot be checked by a reader; format.ts pairDigits picks the fewest
// decimals (at least the style's default) with which the change computed from the printed values
// rounds to the printed change, and compose prints the whole series of that metric × country with
// them (sentence, table, chart labels, key figure, annex). Hand-made values.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStyled, formatter, pairDigits, printedValue, type ValueStyle } from '../../pipeline/compose/format.js';
import { metricSentence } from '../../pipeline/compose/metrics.js';
import { handmadeContext, metric, observation, trend } from './handmade.js';

const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const recomputes = (style: ValueStyle, base: number, latest: number, d: number) =>
  pct.format(
    (printedValue(style, latest, d) - printedValue(style, base, d)) / Math.abs(printedValue(style, base, d)),
  ) === pct.format((latest - base) / Math.abs(base));

describe('pairDigits', () => {
  it('gives a rate the decimals its change needs: 1.549812 → 1.261377 prints 1.550 → 1.261 (−18.6%)', () => {
    expect(pairDigits('number', 1.549812, 1.261377)).toBe(3);
    const en = formatter('en');
    expect([formatStyled(en, 'number', 1.549812, 3), formatStyled(en, 'number', 1.261377, 3)]).toEqual([
      '1.550',
      '1.261',
    ]);
    expect(recomputes('number', 1.549812, 1.261377, 1)).toBe(false);
    expect(recomputes('number', 1.549812, 1.261377, 3)).toBe(true);
  });

  it('keeps the defaults where they already recompute (counts, and rates that happen to)', () => {
    expect(pairDigits('number', 107573, 80391)).toBeUndefined();
    expect(pairDigits('number', 2.5, 2.0)).toBeUndefined();
    expect(pairDigits('percent', 10, 12)).toBeUndefined();
  });

  it('counts decimals of the scaled value above a million and of the percent', () => {
    expect(pairDigits('usd', 25_140_000_000, 25_190_000_000)).toBe(2);
    expect(formatStyled(formatter('en'), 'usd', 25_140_000_000, 2)).toBe('$25.14 billion');
    expect(formatStyled(formatter('es'), 'usd', 25_140_000_000, 2)).toBe('25,140 millones de dólares');
    expect(pairDigits('percent', 12.34, 12.96)).toBe(2);
    expect(formatStyled(formatter('es'), 'percent', 12.3, 2)).toBe('12.30%');
  });

  it('always recomputes the printed change (rates with up to six decimals)', () => {
    const rate = fc.integer({ min: 1, max: 99_999_999 }).map((n) => n / 1e6);
    fc.assert(
      fc.property(rate, rate, (base, latest) => {
        const d = pairDigits('number', base, latest) ?? 1;
        return recomputes('number', base, latest, d);
      }),
      { numRuns: 500, seed: 24 },
    );
  });
});

describe('a series whose change is printed', () => {
  const m = metric('femicide-rate', 'per-100k-women');
  const rows = [
    observation('femicide-rate', 'MX', '2021', 1.549812),
    observation('femicide-rate', 'MX', '2022', 1.401),
    observation('femicide-rate', 'MX', '2024', 1.261377),
  ];
  const a = trend(rows[0]!, rows[2]!);

  it('prints its values with the decimals the change needs, in the sentence and everywhere else', () => {
    for (const lang of ['en', 'es'] as const) {
      const ctx = handmadeContext({ year: 2024, metrics: [m], observations: rows, assessments: [a] }, lang);
      const sentence = metricSentence(ctx, m, a);
      expect(sentence).toContain('1.550');
      expect(sentence).toContain('1.261');
      expect(sentence).toContain('-18.6%');
      expect(rows.map((o) => ctx.observed(o, m.unit))).toEqual(['1.550', '1.401', '1.261']);
      // Another country's series is not affected.
      expect(ctx.observed(observation('femicide-rate', 'US', '2021', 1.549812), m.unit)).toBe('1.5');
    }
  });
});
