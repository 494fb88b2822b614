// Issue #24, item 9: a bounded figure is printed with the source's own word, read from the quoted
// sentence beside the value ("over 25 million", not "more than 25 million"), in Spanish the
// matching word ("casi", never "cerca de", for "nearly"); a value the quote states with no word
// beside it is printed bare, even when the qualifier column says lower_bound; the qualifier
// column's category word is the fallback for a figure without a quote. Hand-made rows.

import { describe, expect, it } from 'vitest';
import { SOURCE_QUALIFIER_SLUGS, sourceQualifier } from '../../pipeline/compose/qualifiers.js';
import { catalogueKeys, handmadeContext, metric, observation } from './handmade.js';

const OVER =
  'In Mexico, law enforcement agencies seized over 32,000 weapons, 17 million rounds of ammunition, and 2,300 grenades since 2019.';
const MORE_THAN =
  'In 2021, the U.S. Drug Enforcement Agency seized more than 20.4 million fake pills and 15,000 pounds of fentanyl powder.';
const NEARLY =
  'The U.S. Department of Health and Human Services allocated nearly $1.5 billion to address the opioid crisis.';

describe('the source qualifier word', () => {
  it('is the word the quote writes right before the value', () => {
    expect(sourceQualifier({ value: 32000, quote: OVER })).toBe('over');
    expect(sourceQualifier({ value: 20400000, quote: MORE_THAN })).toBe('more_than');
    expect(sourceQualifier({ value: 1500000000, quote: NEARLY })).toBe('nearly');
    expect(sourceQualifier({ value: 80, quote: 'It trained at least 80 agents.' })).toBe('at_least');
    expect(sourceQualifier({ value: 80, quote: 'It trained about 80 agents.' })).toBe('about');
    expect(sourceQualifier({ value: 80, quote: 'It trained approximately 80 agents.' })).toBe('approximately');
    expect(sourceQualifier({ value: 80, quote: 'It trained 80 or more agents.' })).toBe('or_more');
    expect(sourceQualifier({ value: 108000, quote: 'Murieron casi 108,000 personas.' })).toBe('nearly');
  });

  it('is none (null) for a value the quote states bare, even in a sentence whose other value is bounded', () => {
    expect(sourceQualifier({ value: 17000000, quote: OVER })).toBeNull();
    expect(sourceQualifier({ value: 2300, quote: OVER })).toBeNull();
    expect(sourceQualifier({ value: 15000, quote: MORE_THAN })).toBeNull();
    // "over" that governs the comparison year, not the value
    expect(sourceQualifier({ value: 23, quote: 'a 23 percent increase over 2020' })).toBeNull();
  });

  it('is unknown (undefined) without a quote, or when the quote does not state the value', () => {
    expect(sourceQualifier({ value: 5 })).toBeUndefined();
    expect(sourceQualifier({ value: 99, quote: OVER })).toBeUndefined();
  });

  it('has its words in both catalogues', () => {
    for (const lang of ['en', 'es'] as const) {
      const keys = catalogueKeys(lang);
      for (const slug of SOURCE_QUALIFIER_SLUGS)
        expect(keys.has(`qualifier.source.${slug}`), `${lang} qualifier.source.${slug}`).toBe(true);
    }
  });
});

describe('a printed figure', () => {
  const m = metric('seized', 'weapons');
  const rows = [
    observation('seized', 'MX', '2022', 32000, { qualifier: 'lower_bound', quote: OVER }),
    observation('rounds', 'MX', '2022', 17000000, { qualifier: 'lower_bound', quote: OVER }),
    observation('grenades', 'MX', '2022', 2300, { qualifier: 'lower_bound', quote: OVER }),
    observation('hhs', 'US', '2022', 1500000000, { qualifier: 'upper_bound', quote: NEARLY }),
    observation('dataset', 'US', '2022', 1200, { qualifier: 'approximate' }),
  ];

  it('uses the source word in English and its Spanish match, never a word the source does not write', () => {
    const en = handmadeContext({ year: 2022, metrics: [m], observations: rows }, 'en');
    const es = handmadeContext({ year: 2022, metrics: [m], observations: rows }, 'es');
    expect(rows.map((o) => en.observed(o, o.metric === 'hhs' ? 'usd' : 'weapons'))).toEqual([
      'over 32,000',
      '17 million',
      '2,300',
      'nearly $1.5 billion',
      'about 1,200',
    ]);
    expect(rows.map((o) => es.observed(o, o.metric === 'hhs' ? 'usd' : 'weapons'))).toEqual([
      'más de 32,000',
      '17 millones',
      '2,300',
      'casi 1,500 millones de dólares',
      'alrededor de 1,200',
    ]);
  });

  it('keeps the word on a rate worked out from a bounded figure', () => {
    const en = handmadeContext({ year: 2022 }, 'en');
    const o = observation('referrals', 'US', '2022', 300, {
      qualifier: 'upper_bound',
      quote: 'resulted in nearly 300 percent more criminal referrals',
    });
    expect(en.qualify(o, '+300%')).toBe('nearly +300%');
    expect(handmadeContext({ year: 2022 }, 'es').qualify(o, '+300%')).toBe('casi +300%');
  });
});
