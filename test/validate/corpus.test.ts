// Runs validateDataset on every case of the bad-data corpus and checks rule, file and position
// of every diagnostic; also keeps test/fixtures/README.md in step with the corpus.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../pipeline/validate/index.js';
import { corpusCases, corpusTable, runCase } from './corpus.js';
import { FIXTURES, GOOD_SMALL, loadInput, loadSeeds } from './load.js';
import { validateDataset } from '../../pipeline/validate/index.js';
import { frameworkMin } from '../fixtures/framework-min.js';

const cases = corpusCases();

describe('good-small', () => {
  it('validates without any diagnostic and keeps every row', () => {
    const r = validateDataset(loadInput(GOOD_SMALL), frameworkMin, loadSeeds());
    expect(r.diagnostics).toEqual([]);
    expect(r.dataset.metrics).toHaveLength(6);
    expect(r.dataset.observations).toHaveLength(8);
    expect(r.dataset.milestones).toHaveLength(3);
    expect(r.units).toHaveLength(6);
  });
});

describe('bad-data corpus', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const actual = runCase(c).map((d) => ({
      rule: d.rule,
      file: d.file,
      line: d.line,
      ...(c.expected.some((e) => e.rule === d.rule && e.column === undefined) ? {} : { column: d.column }),
      severity: d.severity,
    }));
    const expected = c.expected.map((e) => ({ ...e, severity: e.severity ?? 'error' }));
    const key = (d: { rule: string; file: string; line?: number }) =>
      `${d.file}:${String(d.line).padStart(6)}:${d.rule}`;
    expect([...actual].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...expected].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it('every diagnostic has a message, a hint and a rule listed in RULES', () => {
    const ids = new Set<string>(RULES.map((r) => r.id));
    for (const c of cases) {
      for (const d of runCase(c)) {
        expect(ids.has(d.rule), `${c.name}: ${d.rule}`).toBe(true);
        expect(d.message.length).toBeGreaterThan(0);
        expect(d.hint?.length ?? 0, `${c.name}: ${d.rule} has no hint`).toBeGreaterThan(0);
      }
    }
  });

  it('test/fixtures/README.md lists the corpus as it is (run `npx tsx test/validate/write-readme.ts`)', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    expect(readme).toContain(corpusTable());
  });
});
