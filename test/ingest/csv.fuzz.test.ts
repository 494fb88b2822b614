// Property tests: mutated CSV bytes never make parseCsv or validateDataset throw, diagnostics stay
// well-formed, and well-formed tables round-trip with every cell found at its reported position;
// drawn hostile cells (control characters, exponents, long words, other scripts) are kept exactly
// or refused at their place.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { MAX_WORD_CHARS, parseCsv, type ParsedCsv } from '../../pipeline/ingest/csv.js';
import { decimalKey, parsePlainNumber } from '../../pipeline/validate/cells.js';
import { RULES, validateDataset, type DatasetInput } from '../../pipeline/validate/index.js';
import { printable, unprintableCharacters } from '../../pipeline/ingest/printable.js';
import { frameworkMin } from '../fixtures/framework-min.js';
import { DATA_FILES, GOOD_SMALL, loadSeeds } from '../validate/load.js';

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));
const GOOD = Object.fromEntries(DATA_FILES.map((f) => [f, readFileSync(join(GOOD_SMALL, f))])) as Record<
  (typeof DATA_FILES)[number],
  Buffer
>;
const SEEDS = loadSeeds();
const KEYS = {
  'units.csv': 'units',
  'metrics.csv': 'metrics',
  'observations.csv': 'observations',
  'milestones.csv': 'milestones',
} as const;
// validateDataset only reads its input, so the unchanged files are parsed once.
const GOOD_PARSED = Object.fromEntries(
  DATA_FILES.map((f) => [KEYS[f], parseCsv(f, GOOD[f])]),
) as unknown as DatasetInput;

/** Bytes that break CSV or encoding in interesting ways. */
const NASTY = [
  0x2c, 0x22, 0x0a, 0x0d, 0x3b, 0x09, 0xe1, 0xf1, 0xc3, 0xef, 0xbb, 0xbf, 0x00, 0x80, 0xff, 0x2d, 0x2e, 0x30, 0x39,
  0x20,
];

type Mutation =
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; byte: number };

const byte = fc.oneof(fc.constantFrom(...NASTY), fc.integer({ min: 0, max: 255 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(byte, { minLength: 1, maxLength: 4 }),
  }),
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
      fc.property(
        fc.constantFrom(...DATA_FILES),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (file, mutations) => {
          const bytes = mutate(GOOD[file], mutations);
          checkParsedShape(parseCsv(file, bytes), bytes);
        },
      ),
      { numRuns: 7_000 },
    );
  });
});

describe('validateDataset on mutated files', () => {
  it('never throws and reports only listed rules (2,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATA_FILES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (file, mutations) => {
          const input = { ...GOOD_PARSED, [KEYS[file]]: parseCsv(file, mutate(GOOD[file], mutations)) };
          const r = validateDataset(input, frameworkMin, SEEDS);
          checkWellFormed(r.diagnostics, DATA_FILES);
          for (const o of r.dataset.observations)
            check(o.at.file === 'observations.csv' && Number.isFinite(o.value), 'bad observation');
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('parseCsv round trip', () => {
  const cell = fc.string({
    unit: fc.oneof(
      fc.constantFrom(',', '"', '\n', '\r\n', ' ', 'é', '😀', ';'),
      fc.string({ minLength: 1, maxLength: 1 }),
    ),
    maxLength: 8,
  });
  const quote = (v: string) => (/[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);

  it('finds every cell at its reported line and column (1,000 cases)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.tuple(
              fc.constant(width),
              fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }),
            ),
          ),
        fc.constantFrom('\n', '\r\n'),
        ([width, rows], eol) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const text = [header.join(','), ...rows.map((r) => r.map(quote).join(','))].join(eol) + eol;
          const r = parseCsv('t.csv', Buffer.from(text, 'utf8'));
          check(r.diagnostics.length === 0, JSON.stringify(r.diagnostics));
          // Cells come back with line breaks normalised to \n.
          check(
            JSON.stringify(r.rows.map((row) => header.map((h) => row.cells[h]))) ===
              JSON.stringify(rows.map((row) => row.map((v) => v.replace(/\r\n?/g, '\n')))),
            'cells differ',
          );
          const lines = text.split(/\r\n|\n|\r/);
          r.rows.forEach((row, k) => {
            header.forEach((h, i) => {
              const line = [...lines[row.lines[h] - 1]];
              const expected = quote(rows[k][i]);
              const at = line.slice(row.columns[h] - 1).join('');
              check(
                at.startsWith(expected.split(/\r\n|\n|\r/)[0]),
                `cell ${JSON.stringify(expected)} not at ${row.lines[h]}:${row.columns[h]}`,
              );
            });
          });
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

// Issue 19: the hostile text a careless paste or an attacker brings, drawn on purpose rather than
// hoped for from random bytes: control characters, exponents, long unbroken words, other scripts.
describe('hostile cells (control characters, exponents, long words, non-Latin scripts)', () => {
  const OBS = GOOD['observations.csv'].toString('utf8');
  const NOTE = 'derived from the 23 percent increase';
  const noteAt = OBS.indexOf(NOTE);
  /** The observations file with the note of line 3 replaced, and where the note starts (line, column). */
  const withNote = (note: string) => ({
    text: OBS.slice(0, noteAt) + note + OBS.slice(noteAt + NOTE.length),
    line: 3,
    column: [...OBS.slice(OBS.lastIndexOf('\n', noteAt) + 1, noteAt)].length + 1,
  });

  const control = fc.oneof(
    fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x2028, 0x2029),
  );

  it('refuses every control character at its line and column (1,000 cases)', () => {
    fc.assert(
      fc.property(control, fc.nat(NOTE.length), (code, at) => {
        const { text, line, column } = withNote(NOTE.slice(0, at) + String.fromCodePoint(code) + NOTE.slice(at));
        const r = parseCsv('observations.csv', Buffer.from(text, 'utf8'));
        checkWellFormed(r.diagnostics, ['observations.csv']);
        const hits = r.diagnostics.filter((d) => d.rule === 'csv/control-character');
        check(
          hits.length === 1 && hits[0].line === line && hits[0].column === column + at,
          `U+${code.toString(16)} at ${at}: ${JSON.stringify(r.diagnostics)}`,
        );
        check(
          !/[\u0000-\u001f\u007f-\u009f]/.test(hits[0].message + (hits[0].hint ?? '')),
          'a control character in the message',
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps a number written with an exponent exactly, or refuses it (2,000 cases)', () => {
    const numeral = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[0-9]{1,25}$/),
        fc.option(fc.stringMatching(/^[0-9]{1,25}$/)),
        fc.integer({ min: -420, max: 420 }),
        fc.constantFrom('e', 'E'),
      )
      .map(([minus, int, frac, exp, e]) => `${minus ? '-' : ''}${int}${frac ? `.${frac}` : ''}${e}${exp}`);
    fc.assert(
      fc.property(numeral, (cell) => {
        const r = parsePlainNumber(cell);
        if (r.ok) {
          // Accepted: the number is exactly the one written, and small enough to print every digit.
          check(decimalKey(String(r.value)) === decimalKey(cell), `${cell} became ${r.value}`);
          check(Math.abs(r.value) <= Number.MAX_SAFE_INTEGER, `${cell} accepted beyond 2^53`);
        } else {
          check(r.kind === 'inexact' || r.kind === 'not-finite', `${cell}: ${r.kind}`);
          check(Boolean(r.hint), `${cell}: no hint`);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it(`refuses an unbroken word over ${MAX_WORD_CHARS} characters at its start, and only then (300 cases)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 150, max: 12_000 }),
        fc.constantFrom('x', 'é', '中', '-'),
        fc.nat(NOTE.length),
        (length, ch, at) => {
          const word = ch.repeat(length);
          const before = `${NOTE.slice(0, at)} `;
          const { text, line, column } = withNote(`${before}${word} ${NOTE.slice(at)}`);
          const r = parseCsv('observations.csv', Buffer.from(text, 'utf8'));
          checkWellFormed(r.diagnostics, ['observations.csv']);
          const words = r.diagnostics.filter((d) => d.rule === 'csv/word-too-long');
          const cells = r.diagnostics.filter((d) => d.rule === 'csv/cell-too-long');
          // The note also holds NOTE's own words: the cell passes 10,000 characters before the word does.
          const cellLength = [...NOTE].length + 2 + length;
          if (length <= MAX_WORD_CHARS)
            check(words.length === 0 && cells.length === 0, `${length}: ${JSON.stringify(r.diagnostics)}`);
          else if (length <= 10_000)
            check(
              words.length === 1 && words[0].line === line && words[0].column === column + [...before].length,
              `${length}: ${JSON.stringify(words)}`,
            );
          else check(words.length === 0, `${length}: a word longer than a cell is reported as a long cell`);
          check((cells.length === 1) === cellLength > 10_000, `${length}: cell-too-long ${JSON.stringify(cells)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads any script, and names exactly the characters the PDF font cannot draw, where they are (500 cases)', () => {
    const script = fc.constantFrom(
      ...['Ωμέγα', 'Привет', 'ñandú', '中文', 'مرحبا', 'שלום', 'हिन्दी', '😀', '👍🏽', 'ก', '∑', '€'],
    );
    fc.assert(
      fc.property(fc.array(script, { minLength: 1, maxLength: 5 }), (words) => {
        const note = words.join(' ');
        const { text, line, column } = withNote(note);
        const r = parseCsv('observations.csv', Buffer.from(text, 'utf8'));
        check(r.diagnostics.length === 0, JSON.stringify(r.diagnostics));
        check(r.rows[1]!.cells.note === note && r.rows[1]!.columns.note === column, 'note misplaced');
        const found = unprintableCharacters('observations.csv', text);
        checkWellFormed(found, ['observations.csv']);
        const expected = [...note].map((ch, i) => ({ ch, i })).filter(({ ch }) => !printable(ch.codePointAt(0)!));
        const shown = expected.slice(0, 10);
        check(
          found.length === shown.length + (expected.length > 10 ? 1 : 0),
          `${note}: ${found.length} diagnostics for ${expected.length}`,
        );
        shown.forEach(({ ch, i }, k) =>
          check(
            found[k]!.line === line &&
              found[k]!.column === column + i &&
              found[k]!.message.includes(JSON.stringify(ch)),
            `${ch} at ${i}: ${JSON.stringify(found[k])}`,
          ),
        );
        // Latin, Greek and Cyrillic are printable; CJK, Arabic, Hebrew, Devanagari, Thai and emoji are not.
        check(
          !/[\u4e00-\u9fff\u0600-\u06ff\u0590-\u05ff]/u.test(note) || expected.length > 0,
          'a CJK, Arabic or Hebrew letter passed',
        );
        check(
          ![...note].some(
            (c) => /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u.test(c) && !printable(c.codePointAt(0)!),
          ),
          'a Latin, Greek or Cyrillic letter refused',
        );
      }),
      { numRuns: 500 },
    );
  });
});
