// Diagnostic.rule is the union of catalogued rule ids (diagnostics/rules.ts), so an id that is not
// catalogued (and so not in data/README.md) does not type-check: `make test`'s tsc runs this file.

import { describe, expect, it } from 'vitest';
import { error, warning, type Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { allRules, type RuleId } from '../../pipeline/diagnostics/rules.js';

describe('Diagnostic.rule', () => {
  it('takes catalogued ids only', () => {
    const ok: RuleId[] = ['explain/unknown-metric', 'explain/no-figure', 'observation/value-number', 'seed/changed'];
    for (const id of ok) expect(allRules().map((r) => r.id)).toContain(id);
    // @ts-expect-error: not a catalogued rule id
    const bad: Diagnostic = error({ file: 'x.csv' }, 'observation/no-such-rule', 'message');
    // @ts-expect-error: not a catalogued rule id
    warning({ file: 'x.csv' }, 'explain/anything', 'message');
    expect(bad.rule).toBe('observation/no-such-rule');
  });
});
