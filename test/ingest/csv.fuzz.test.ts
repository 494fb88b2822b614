// Property tests: mutated CSV bytes never make parseCsv or validateDataset throw, diagnostics stay
// well-formed, and well-formed tables round-trip with every cell found at its reported position.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { parseCsv, type ParsedCsv } from '../../pipeline/ingest/csv.js';
import { RULES, validateDataset, type DatasetInput } from '../../pipeline/validate/index.js';
import { frameworkMin } from '../fixtures/framework-min.js';
import { DATA_FILES, GOOD_SMALL, loadSeeds } from '../validate/load.js';

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));
const GOOD = Object.fromEntries(DATA_FILES.map((f) => [f, readFileSync(join(GOOD_SMALL, f))])) as Record<(typeof DATA_FILES)[number], Buffer>;
const SEEDS = loadSeeds();
const KEYS = { 'units.csv': 'units', 'metrics.csv': 'metrics', 'observations.csv': 'observations', 'milestones.csv': 'milestones' } as const;
// validateDataset only reads its input, so the unchanged files are parsed once.
const GOOD_PARSED = Object.fromEntries(DATA_FILES.map((f) => [KEYS[f], parseCsv(f, GOOD[f])])) as unknown as DatasetInput;

/** Bytes that break CSV or encoding in interesting ways. */
const NASTY = [0x2c, 0x22, 0x0a, 0x0d, 0x3b, 0x09, 0xe1, 0xf1, 0xc3, 0xef, 0xbb, 0xbf, 0x00, 0x80, 0xff, 0x2d, 0x2e, 0x30, 0x39, 0x20];

type Mutation =
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; byte: number };

const byte = fc.oneof(fc.constantFrom(...NASTY), fc.integer({ min: 0, max: 255 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(byte, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte }),
);

function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let b = Array.from(input);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    if (m.kind === 'insert') b = [...b.slice(0, at), ...m.bytes, ...b.slice(at)];
    else if (m.kind === 'delete') b.splice(at, m.length);
    else if (at < b.length) b[at] = m.byte;
  }
  return Buffer.from(b);
}

// Plain checks rather than expect(): fast-check runs them tens of thousands of times.
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

function checkWellFormed(diagnostics: Diagnostic[], files: readonly string[]): void {
  for (const d of diagnostics) {
    const where = JSON.stringify(d);
    check(files.includes(d.file), `unknown file in ${where}`);
    check(RULE_IDS.has(d.rule), `unlisted rule in ${where}`);
    check(d.severity === 'error' || d.severity === 'warning', `bad severity in ${where}`);
    check(typeof d.message === 'string' && d.message.length > 0, `no message in ${where}`);
    check(d.line === undefined || (Number.isInteger(d.line) && d.line >= 1), `bad line in ${where}`);
    check(d.column === undefined || (Number.isInteger(d.column) && d.column >= 1), `bad column in ${where}`);
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

function checkParsedShape(r: ParsedCsv, bytes: Buffer): void {
  checkWellFormed(r.diagnostics, [r.file]);
  const hadReplacement = bytes.includes(REPLACEMENT);
  for (const row of r.rows) {
    check(row.line >= 2, `row line ${row.line}`);
    for (const h of r.header) {
      const v = row.cells[h.name];
      check(typeof v === 'string', `cell ${h.name} missing`);
      // Never mojibake: a replacement character only when the input itself had one.
      check(hadReplacement || !v.includes('\uFFFD'), `mojibake in ${JSON.stringify(v)}`);
      check(row.columns[h.name] >= 1 && row.lines[h.name] >= row.line, `bad position of ${h.name}`);
    }
  }
  if (r.diagnostics.some((d) => d.rule === 'csv/encoding')) check(r.rows.length === 0, 'rows despite csv/encoding');
}

describe('parseCsv on mutated bytes', () => {
  it('never throws and always returns structured results (7,000 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DATA_FILES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (file, mutations) => {
        const bytes = mutate(GOOD[file], mutations);
        checkParsedShape(parseCsv(file, bytes), bytes);
      }),
      { numRuns: 7_000 },
    );
  });
});

describe('validateDataset on mutated files', () => {
  it('never throws and reports only listed rules (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DATA_FILES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (file, mutations) => {
        const input = { ...GOOD_PARSED, [KEYS[file]]: parseCsv(file, mutate(GOOD[file], mutations)) };
        const r = validateDataset(input, frameworkMin, SEEDS);
        checkWellFormed(r.diagnostics, DATA_FILES);
        for (const o of r.dataset.observations) check(o.at.file === 'observations.csv' && Number.isFinite(o.value), 'bad observation');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('parseCsv round trip', () => {
  const cell = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r\n', ' ', 'é', '😀', ';'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 8 });
  const quote = (v: string) => (/[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);

  it('finds every cell at its reported line and column (1,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.tuple(fc.constant(width), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }))),
        fc.constantFrom('\n', '\r\n'),
        ([width, rows], eol) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const text = [header.join(','), ...rows.map((r) => r.map(quote).join(','))].join(eol) + eol;
          const r = parseCsv('t.csv', Buffer.from(text, 'utf8'));
          check(r.diagnostics.length === 0, JSON.stringify(r.diagnostics));
          // Cells come back with line breaks normalised to \n.
          check(JSON.stringify(r.rows.map((row) => header.map((h) => row.cells[h]))) === JSON.stringify(rows.map((row) => row.map((v) => v.replace(/\r\n?/g, '\n')))), 'cells differ');
          const lines = text.split(/\r\n|\n|\r/);
          r.rows.forEach((row, k) => {
            header.forEach((h, i) => {
              const line = [...lines[row.lines[h] - 1]];
              const expected = quote(rows[k][i]);
              const at = line.slice(row.columns[h] - 1).join('');
              check(at.startsWith(expected.split(/\r\n|\n|\r/)[0]), `cell ${JSON.stringify(expected)} not at ${row.lines[h]}:${row.columns[h]}`);
            });
          });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
