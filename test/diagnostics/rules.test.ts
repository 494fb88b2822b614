// The rule list in data/README.md is the one the code reports, and every rule id emitted in the
// pipeline is listed (so an analyst can look any message up).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, rulesMarkdown } from '../../pipeline/diagnostics/rules.js';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('rules', () => {
  it('data/README.md prints the current rule list', () => {
    const readme = readFileSync(join(ROOT, 'data/README.md'), 'utf8');
    expect(readme).toContain(rulesMarkdown());
  });

  it('lists every rule id the pipeline emits outside validate/', () => {
    const known = new Set(allRules().map((r) => r.id));
    const emitted = new Set<string>();
    for (const file of sources(join(ROOT, 'pipeline'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /'((?:seed|i18n|input|model|output|stakeholder|revisions|publish|packets|sign|send|explain|env|template)\/[a-z-]+)'/g,
      ))
        emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThan(8);
    for (const id of emitted) expect(known, `rule ${id} is emitted but not listed`).toContain(id);
  });

  it('has unique ids, each with a description and a hint', () => {
    const ids = allRules().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of allRules()) expect(r.description.length * r.hint.length).toBeGreaterThan(0);
  });
});
