// The CSV writer: RFC 4180 quoting by csv-stringify, and spreadsheet formulas neutralised (a cell
// that starts with =, +, -, @, tab or CR gets a leading apostrophe) while numbers stay numbers.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv } from '../../pipeline/publish/csv.js';

const FORMULAS = [
  '=HYPERLINK("http://x","y")',
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
];

describe('neutralizeCell', () => {
  it.each(FORMULAS)('prefixes %j with an apostrophe, keeping the rest as written', (cell) => {
    expect(neutralizeCell(cell)).toBe(`'${cell}`);
  });

  it('leaves plain text, text with a formula later on, and empty cells alone', () => {
    for (const cell of ['Fake pills seized', 'a = b', 'x=HYPERLINK("http://x")', ' =1', '', "'=already"])
      expect(neutralizeCell(cell)).toBe(cell);
  });

  it('keeps numbers, negative ones included, as numbers', () => {
    expect(neutralizeCell('-1.5')).toBe('-1.5');
    expect(neutralizeCell('-12')).toBe('-12');
    expect(neutralizeCell(-1.5)).toBe('-1.5');
    expect(neutralizeCell(25100000000)).toBe('25100000000');
    expect(neutralizeCell(Number.NaN)).toBe('');
    expect(neutralizeCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('writes booleans and missing values plainly', () => {
    expect(neutralizeCell(true)).toBe('true');
    expect(neutralizeCell(false)).toBe('false');
    expect(neutralizeCell(null)).toBe('');
    expect(neutralizeCell(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  const rows = [
    ['smuggling', '=HYPERLINK("http://x","y")', -1.5, 'say "hi", then go'],
    ['multi\nline', '@cmd', '-1.5', '<script>alert(1)</script>'],
  ];
  const text = toCsv(['id', 'name', 'value', 'note'], rows);

  it('writes LF line ends, a header first, and quotes per RFC 4180', () => {
    expect(text.startsWith('id,name,value,note\n')).toBe(true);
    expect(text).not.toContain('\r\n');
    expect(text).toContain('"say ""hi"", then go"');
    expect(text).toContain('"multi\nline"');
  });

  it('reads back as the same cells, with every formula behind an apostrophe', () => {
    const back = parse(text, { columns: false }) as string[][];
    expect(back).toEqual([
      ['id', 'name', 'value', 'note'],
      ['smuggling', `'=HYPERLINK("http://x","y")`, '-1.5', 'say "hi", then go'],
      ['multi\nline', "'@cmd", '-1.5', '<script>alert(1)</script>'],
    ]);
    for (const row of back) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it('neutralises the header too', () => {
    expect(toCsv(['=evil'], [])).toBe("'=evil\n");
  });
});
