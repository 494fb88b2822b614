// data/stakeholders.csv is checked like the report's data files: every problem at once, each with
// file:line:column, a stable rule and a hint; the shipped sample is valid.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/ingest/csv.js';
import { validateStakeholders } from '../../pipeline/distribute/stakeholders.js';
import { ROOT } from '../helpers/cli.js';
import { frameworkMin as FRAMEWORK_MIN } from '../fixtures/framework-min.js';

const HEADER = 'recipient,organisation,email,language,format,goals,actions,scope\n';
const check = (body: string, header = HEADER) =>
  validateStakeholders(parseCsv('data/stakeholders.csv', Buffer.from(header + body)), FRAMEWORK_MIN);
const brief = (r: ReturnType<typeof check>) =>
  r.diagnostics.map((d) => `${[d.line, d.column].filter((n) => n !== undefined).join(':')} ${d.severity} ${d.rule}`);

describe('stakeholders.csv', () => {
  it('accepts the sample shipped in data/, which names only fictional recipients', () => {
    const file = join(ROOT, 'data/stakeholders.csv');
    const r = validateStakeholders(parseCsv(file, readFileSync(file)), FRAMEWORK_MIN);
    expect(r.diagnostics).toEqual([]);
    expect(r.stakeholders.length).toBeGreaterThanOrEqual(4);
    expect(new Set(r.stakeholders.map((s) => s.scope))).toEqual(new Set(['full', 'excerpt']));
    for (const s of r.stakeholders) expect(`${s.recipient} ${s.organisation}`).toMatch(/example|ejemplo/i);
    for (const s of r.stakeholders) if (s.email) expect(s.email).toMatch(/@example\.org$/);
  });

  it('reads lists and choices', () => {
    const r = check('Ana,Org,ana@example.org,ES,pdf, 2 ; 1 ,7;7;8,excerpt\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.stakeholders).toEqual([
      {
        recipient: 'Ana',
        organisation: 'Org',
        email: 'ana@example.org',
        language: 'es',
        format: 'pdf',
        goals: [1, 2],
        actions: [7, 8],
        scope: 'excerpt',
        line: 2,
      },
    ]);
  });

  it('reports every problem with its position and rule', () => {
    const r = check(
      [
        'A,O,not-an-email,fr,docx,,,full', // 2: email, language, format
        'B,O,,en,pdf,4,"7,8",excerpt', // 3: goal 4 unknown, comma list
        'C,O,,en,pdf,,,excerpt', // 4: excerpt with nothing
        ',O,,en,pdf,,,everything', // 5: recipient missing, scope
        'D,O,,en,pdf,1,,full', // 6: warning, selection ignored
        'D,O,,en,pdf,1,,full', // 7: duplicate (warning)
        'E,O,,es,html,,14,excerpt', // 8: action 14 unknown
      ].join('\n') + '\n',
    );
    expect(brief(r)).toEqual([
      '2:5 error stakeholder/email',
      '2:18 error stakeholder/language',
      '2:21 error stakeholder/format',
      '3:13 error stakeholder/goal',
      '3:15 error stakeholder/action',
      '4:15 error stakeholder/excerpt-empty',
      '5:1 error csv/missing-value',
      '5:14 error stakeholder/scope',
      '6:16 warning stakeholder/full-with-selection',
      '7:16 warning stakeholder/full-with-selection',
      '7:1 warning stakeholder/duplicate',
      '8:15 error stakeholder/action',
    ]);
    expect(r.diagnostics.find((d) => d.rule === 'stakeholder/action' && d.line === 3)?.hint).toBe(
      'separate actions with semicolons: 7;8',
    );
    for (const d of r.diagnostics) expect(d.hint).toBeTruthy();
    expect(r.stakeholders.map((s) => s.recipient)).toEqual(['D']);
  });

  it('rejects a line break inside a name, and checks the header', () => {
    const r = check('"Ana\nBad",O,,en,pdf,,,full\n');
    expect(brief(r)).toEqual(['2:1 error stakeholder/control-character']);
    const h = check('A,O,,en,pdf,,,full\n', 'recipient,organization,email,language,format,goals,actions,scope\n');
    expect(h.diagnostics.map((d) => [d.rule, d.hint])).toEqual([['csv/unknown-column', 'did you mean organisation?']]);
  });

  it('keeps hostile names as data: they are validated text, not paths or formulas', () => {
    const r = check(
      '../../evil,"=HYPERLINK(""http://x.example"",""x"")",,en,pdf,1,,excerpt\n<script>alert(1)</script>,O,,es,pdf,,3,excerpt\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.stakeholders.map((s) => s.recipient)).toEqual(['../../evil', '<script>alert(1)</script>']);
  });

  it('tells recipients apart by address: one mailbox however it is spelled, two addresses for one name, no row dropped without a diagnostic', () => {
    const nfc = 'jos\u00e9@example.org';
    const nfd = 'jose\u0301@example.org';
    const r = check(
      [
        `José,Org,${nfc},es,pdf,,,full`, // 2
        `José (otra vez),Org,${nfd},es,pdf,,,full`, // 3: same mailbox, same packet: one message
        `José,Org,JOSE\u0301@Example.ORG,es,html,,,full`, // 4: same mailbox, another packet: a second message
        'Same Name,Org,first@example.org,en,pdf,,,full', // 5
        'Same Name,Org,second@example.org,en,pdf,,,full', // 6: same name, another address: two recipients
      ].join('\n') + '\n',
    );
    expect(brief(r)).toEqual(['3:21 warning stakeholder/duplicate']);
    expect(r.diagnostics[0]!.message).toContain('line 2');
    expect(r.diagnostics[0]!.message).toContain('are one address');
    expect(r.stakeholders.map((s) => [s.line, s.email])).toEqual([
      [2, nfc],
      [4, 'JOS\u00c9@Example.ORG'],
      [5, 'first@example.org'],
      [6, 'second@example.org'],
    ]);
    // Every row is a recipient or named in a diagnostic.
    const accounted = new Set([...r.stakeholders.map((s) => s.line), ...r.diagnostics.map((d) => d.line)]);
    expect([...accounted].sort()).toEqual([2, 3, 4, 5, 6]);
  });
});
