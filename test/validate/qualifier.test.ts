// A qualifier written as the source words it ("nearly", "more than") is refused at its place, and
// the hint names the qualifier that word means, not only the list of allowed values.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/ingest/csv.js';
import { validateDataset } from '../../pipeline/validate/index.js';
import { frameworkMin } from '../fixtures/framework-min.js';
import { GOOD_SMALL, loadInput, loadSeeds } from './load.js';

function withQualifier(word: string) {
  const lines = readFileSync(join(GOOD_SMALL, 'observations.csv'), 'utf8').split('\n');
  lines[0] = `${lines[0]},qualifier`;
  for (let i = 1; i < lines.length; i++) if (lines[i]) lines[i] = `${lines[i]},${i === 1 ? word : ''}`;
  const input = { ...loadInput(GOOD_SMALL), observations: parseCsv('observations.csv', Buffer.from(lines.join('\n'))) };
  return validateDataset(input, frameworkMin, loadSeeds()).diagnostics.filter(
    (d) => d.rule === 'observation/qualifier',
  );
}

describe('observation qualifier', () => {
  it.each([
    ['nearly', 'upper_bound'],
    ['more than', 'lower_bound'],
    ['more_than', 'lower_bound'],
    ['about', 'approximate'],
  ])('"%s" is refused with the hint to write %s', (word, meant) => {
    const [d, ...rest] = withQualifier(word);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'observations.csv', line: 2 });
    expect(d!.hint).toBe(`"${word}" in the source means ${meant}: write ${meant}`);
  });

  it('an unknown word keeps the list of allowed values', () => {
    const [d] = withQualifier('perhaps');
    expect(d!.hint).toContain('allowed: exact, approximate, lower_bound, upper_bound');
  });
});
