// Unit tests for parseCsv: cell positions, line endings, BOM, encoding, delimiters and syntax errors.

import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/ingest/csv.js';

const parse = (text: string | Buffer) =>
  parseCsv('data/x.csv', Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));

describe('parseCsv positions', () => {
  it('gives each row its start line and each cell its character column', () => {
    const r = parse('a,b,c\nxx,"y,y",z\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.header).toEqual([
      { name: 'a', column: 1 },
      { name: 'b', column: 3 },
      { name: 'c', column: 5 },
    ]);
    expect(r.rows).toEqual([
      { line: 2, cells: { a: 'xx', b: 'y,y', c: 'z' }, columns: { a: 1, b: 4, c: 10 }, lines: { a: 2, b: 2, c: 2 } },
    ]);
  });

  it('counts columns in characters, not bytes or UTF-16 units', () => {
    const r = parse('a,b\ntráfico 😀,x\n');
    expect(r.rows[0].columns).toEqual({ a: 1, b: 11 });
  });

  it('places cells after a quoted cell spanning lines on the line where they start', () => {
    const r = parse('a,b,c\n1,"two\nlines",3\n4,5,6\n');
    expect(r.rows[0]).toMatchObject({
      line: 2,
      cells: { b: 'two\nlines' },
      lines: { a: 2, b: 2, c: 3 },
      columns: { a: 1, b: 3, c: 8 },
    });
    expect(r.rows[1]).toMatchObject({ line: 4, columns: { a: 1, b: 3, c: 5 } });
  });

  it('unescapes doubled quotes and keeps columns right after them', () => {
    const r = parse('a,b\n"say ""hi""",x\n');
    expect(r.rows[0]).toMatchObject({ cells: { a: 'say "hi"', b: 'x' }, columns: { a: 1, b: 14 } });
  });

  it('skips blank lines but keeps true line numbers', () => {
    const r = parse('a,b\n\n1,2\n\n\n3,4\n');
    expect(r.rows.map((row) => row.line)).toEqual([3, 6]);
  });
});

describe('parseCsv line endings and BOM', () => {
  it('accepts CRLF, lone CR and mixed line ends without stray \\r in cells', () => {
    for (const text of ['a,b\r\n1,2\r\n3,4\r\n', 'a,b\r1,2\r3,4\r', 'a,b\n1,2\r\n3,4\n']) {
      const r = parse(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.rows.map((row) => [row.line, row.cells.b])).toEqual([
        [2, '2'],
        [3, '4'],
      ]);
    }
  });

  it('strips a UTF-8 BOM silently and does not count it as a column', () => {
    const r = parse('\uFEFFid,x\n1,2\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.header[0]).toEqual({ name: 'id', column: 1 });
  });
});

describe('parseCsv problems', () => {
  it('reports Latin-1 bytes at the first bad byte and returns no rows (no mojibake)', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,Tr'), Buffer.from([0xe1]), Buffer.from('fico\n')]);
    const r = parse(bytes);
    expect(r.rows).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      rule: 'csv/encoding',
      line: 2,
      column: 5,
      severity: 'error',
      file: 'data/x.csv',
    });
    expect(r.diagnostics[0].message).toContain('not UTF-8');
    expect(r.diagnostics[0].hint).toMatch(/UTF-8/);
  });

  it('reports an empty file', () => {
    expect(parse('').diagnostics.map((d) => d.rule)).toEqual(['csv/empty']);
    expect(parse('\uFEFF\n\n').diagnostics.map((d) => d.rule)).toEqual(['csv/empty']);
  });

  it('returns a header-only file without diagnostics (validate decides if rows are required)', () => {
    const r = parse('a,b\n');
    expect(r).toMatchObject({ header: [{ name: 'a' }, { name: 'b' }], rows: [], diagnostics: [] });
  });

  it('reports a semicolon or tab delimiter', () => {
    for (const text of ['a;b;c\n1;2;3\n', 'a\tb\tc\n1\t2\t3\n']) {
      const r = parse(text);
      expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['csv/delimiter', 1, 1]]);
      expect(r.diagnostics[0].hint).toMatch(/comma/);
    }
  });

  it('reports rows with extra or missing fields and keeps the others', () => {
    const r = parse('a,b,c\n1,2,3,4\n5,6\n7,8,9\n');
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['csv/field-count', 2, 7],
      ['csv/field-count', 3, 4],
    ]);
    expect(r.rows.map((row) => row.line)).toEqual([4]);
  });

  it('points a number split by a thousands separator at the number', () => {
    const r = parse('metric,value,status\nx,5,046,final\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'csv/field-count', line: 2, column: 3 });
    expect(r.diagnostics[0].message).toContain('"5,046"');
    expect(r.diagnostics[0].hint).toContain('5046');
  });

  it('points an unclosed quote at its opening quote', () => {
    const r = parse('a,b\n1,"open\n2,3\n');
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['csv/syntax', 2, 3]]);
  });

  it('points a stray quote inside an unquoted cell at the quote', () => {
    const r = parse('a,b\n1,2"x\n3,4\n');
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['csv/syntax', 2, 4]]);
  });

  it('reports text after a closing quote on the same line', () => {
    const r = parse('a,b\n1,"2"x\n');
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['csv/syntax', 2, 6]]);
  });

  it('rejects cells over 10,000 characters and quotes their start truncated', () => {
    const r = parse(`a,b\n1,${'y'.repeat(10_001)}\n`);
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['csv/cell-too-long', 2, 3]]);
    expect(r.diagnostics[0].message.length).toBeLessThan(200);
  });

  it('never throws on a CSV far beyond csv-parse limits', () => {
    const r = parse(`a\n"${'z'.repeat(1_200_000)}\n`);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});
