// Reads one CSV file's bytes into positioned rows (line and character column of every cell) and
// reports encoding, delimiter and syntax problems as diagnostics; it never throws.

import { isUtf8 } from 'node:buffer';
import { parse, type CsvError, type InfoField } from 'csv-parse/sync';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { firstInvalidUtf8 } from './utf8.js';

export interface CsvHeaderCell {
  name: string;
  /** 1-based character column on line 1. */
  column: number;
}

export interface CsvRow {
  /** 1-based line where the record starts. */
  line: number;
  cells: Record<string, string>;
  /** 1-based character column (code points, tabs count one) where each cell starts on its line. */
  columns: Record<string, number>;
  /** 1-based line where each cell starts; differs from `line` only after a quoted cell spanning lines. */
  lines: Record<string, number>;
}

export interface ParsedCsv {
  /** The path given to parseCsv, copied into every diagnostic. */
  file: string;
  header: CsvHeaderCell[];
  rows: CsvRow[];
  diagnostics: Diagnostic[];
}

/** Longer cells are rejected: they are almost always a runaway quote or a pasted document. */
export const MAX_CELL_CHARS = 10_000;

/**
 * Longer runs of characters without a space are rejected: no word, number or address in the data
 * comes near it (the longest is under 40), and laying out one costs time growing with its square.
 */
// 240: an official address (a White House statement's archived URL is 201 characters) stays a word; a word pasted twice does not.
export const MAX_WORD_CHARS = 240;

/** C0 and C1 control characters other than tab and line breaks, and the Unicode line/paragraph separators. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/gu;
const LONG_WORD = new RegExp(`[^\\s,"]{${MAX_WORD_CHARS + 1},}`, 'gu');
/** More problems of one kind in one file are summed up in the last diagnostic. */
const MAX_REPORTED = 10;

const QUOTE_ERRORS = new Set(['INVALID_OPENING_QUOTE', 'CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

export function parseCsv(file: string, bytes: Buffer): ParsedCsv {
  const result: ParsedCsv = { file, header: [], rows: [], diagnostics: [] };
  try {
    parseInto(result, bytes);
  } catch (e) {
    // Unreachable by design; kept so a csv-parse surprise becomes a diagnostic, not a crash.
    result.rows = [];
    result.diagnostics.push(
      error({ file }, 'csv/syntax', `could not read the file: ${String((e as Error)?.message ?? e)}`),
    );
  }
  return result;
}

function parseInto(result: ParsedCsv, bytes: Buffer): void {
  const { file } = result;
  // UTF-16 without a byte-order mark is valid UTF-8 when it is mostly ASCII (every other byte NUL).
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    result.diagnostics.push(
      error(
        { file, line: 1, column: 1 },
        'csv/encoding',
        `the file is not UTF-8: it looks like ${utf16}`,
        're-save the file as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")',
      ),
    );
    return;
  }
  if (!isUtf8(bytes)) {
    result.diagnostics.push(encodingDiagnostic(file, bytes, firstInvalidUtf8(bytes)));
    return;
  }
  let text = bytes.toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') {
    result.diagnostics.push(
      error(
        { file, line: 1, column: 1 },
        'csv/empty',
        'the file is empty',
        'write the header line and at least one row',
      ),
    );
    return;
  }
  // Line breaks become "\n" so csv-parse sees one record delimiter; "\r\n", "\r" and "\n" each
  // count as one line break, so lines and columns in `text` are those of the original file.
  text = text.replace(/\r\n?/g, '\n');
  const lines = new LineIndex(text);
  // Control characters are refused wherever they are, before any cell is read (a file full of them
  // is not text at all); overlong words are reported along with whatever else is wrong.
  if (refuseControlCharacters(result, text, lines)) return;
  refuseLongWords(result, text, lines);

  // A cast callback tells which cells were quoted, which error positions need, but it makes
  // csv-parse several times slower; so it only runs again when the first pass met errors.
  let { records, errors } = runParser(text, false);
  if (errors.length > 0) ({ records, errors } = runParser(text, true));
  // A raw record may begin with the empty lines skipped before it; they belong to no cell.
  for (const rec of records) rec.raw = rec.raw.replace(/^\n+/, '');
  for (const err of errors) err.raw = err.raw.replace(/^\n+/, '');

  // Place each record and each error: its raw text starts at the first occurrence after the
  // previous one (only skipped empty lines can lie between).
  type Placed = { start: number; record?: { record: string[]; raw: string }; error?: (typeof errors)[number] };
  const placed: Placed[] = [];
  let cursor = 0;
  let r = 0;
  let e = 0;
  // csv-parse emits records and skips in file order; merge them back by searching from the cursor.
  while (r < records.length || e < errors.length) {
    const nextRecord = r < records.length ? indexFrom(text, records[r].raw, cursor) : Infinity;
    const nextError = e < errors.length ? indexFrom(text, errors[e].raw, cursor) : Infinity;
    if (nextRecord <= nextError) {
      placed.push({ start: nextRecord, record: records[r++] });
      cursor = nextRecord + records[r - 1].raw.length;
    } else {
      placed.push({ start: nextError, error: errors[e++] });
      cursor = nextError + Math.max(errors[e - 1].raw.length, 1);
    }
  }

  let headerSeen = false;
  let quoteErrorSeen = false;
  let headerLength = 0;
  for (const p of placed) {
    if (p.error) {
      const d = syntaxDiagnostic(
        file,
        text,
        lines,
        p.start,
        p.error,
        headerLength,
        result.header.map((h) => h.name),
      );
      const isQuote = QUOTE_ERRORS.has(String(p.error.err.code));
      // After one quote error csv-parse's later complaints are mostly echoes of it.
      if (isQuote && quoteErrorSeen) continue;
      if (isQuote) quoteErrorSeen = true;
      result.diagnostics.push(d);
      continue;
    }
    const rec = p.record!;
    const starts = rawFieldStarts(rec.record, rec.raw);
    if (!headerSeen) {
      headerSeen = true;
      headerLength = rec.record.length;
      if (rec.record.length === 1 && /[;\t|]/.test(rec.record[0])) {
        const found = rec.record[0].includes(';')
          ? 'semicolons (;)'
          : rec.record[0].includes('\t')
            ? 'tabs'
            : 'bars (|)';
        result.diagnostics.push(
          error(
            { file, line: 1, column: 1 },
            'csv/delimiter',
            `the header is separated by ${found}, not commas`,
            'export the file as comma-separated values (CSV, comma delimiter); in Excel choose "CSV UTF-8 (Comma delimited)"',
          ),
        );
        return;
      }
      result.header = rec.record.map((name, i) => ({ name, column: lines.at(p.start + starts[i]).column }));
      checkCellLengths(result, rec.record, p.start, starts, lines);
      continue;
    }
    const row: CsvRow = { line: lines.at(p.start).line, cells: {}, columns: {}, lines: {} };
    result.header.forEach((h, i) => {
      if (Object.hasOwn(row.cells, h.name)) return; // duplicated header name: the first column wins, validate reports it
      const at = lines.at(p.start + starts[i]);
      row.cells[h.name] = rec.record[i] ?? '';
      row.columns[h.name] = at.column;
      row.lines[h.name] = at.line;
    });
    checkCellLengths(result, rec.record, p.start, starts, lines);
    result.rows.push(row);
  }
}

type Field = { value: string; quoting: boolean };
type Skipped = { err: CsvError; raw: string; fields: Field[] };

function runParser(
  text: string,
  withFields: boolean,
): { records: { record: string[]; raw: string }[]; errors: Skipped[] } {
  let fields: Field[] = [];
  const errors: Skipped[] = [];
  const records = parse(text, {
    info: true,
    raw: true,
    bom: false,
    delimiter: ',',
    record_delimiter: '\n',
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    max_record_size: 1_000_000,
    ...(withFields
      ? {
          cast: (value: string, ctx: InfoField) => {
            if (ctx.index === 0) fields = [];
            fields.push({ value, quoting: ctx.quoting });
            return value;
          },
          on_record: (record: string[]) => {
            fields = [];
            return record;
          },
        }
      : {}),
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      if (err) errors.push({ err, raw: raw ?? (typeof err.raw === 'string' ? err.raw : ''), fields });
      fields = [];
      return undefined;
    },
  }) as unknown as { record: string[]; raw: string }[];
  return { records, errors };
}

function indexFrom(text: string, raw: string, from: number): number {
  if (raw === '') return from;
  const i = text.indexOf(raw, from);
  return i < 0 ? from : i;
}

/** Characters a cell occupies in the raw record: quoted cells add two quotes and double inner ones. */
function rawLength(value: string, quoting: boolean): number {
  if (!quoting) return value.length;
  let quotes = 0;
  for (const ch of value) if (ch === '"') quotes++;
  return value.length + 2 + quotes;
}

/**
 * Start offsets of each cell within a record's raw text. Emitted records carry no quoting flags,
 * but a cell is quoted exactly when its raw text begins with a quote (csv-parse rejects a quote
 * anywhere else in an unquoted cell).
 */
function rawFieldStarts(values: readonly string[], raw: string): number[] {
  const starts: number[] = [];
  let pos = 0;
  for (const v of values) {
    starts.push(pos);
    pos += rawLength(v, raw[pos] === '"') + 1;
  }
  return starts;
}

function fieldStarts(values: readonly string[], quoting: readonly boolean[]): number[] {
  const starts: number[] = [];
  let pos = 0;
  values.forEach((v, i) => {
    starts.push(pos);
    pos += rawLength(v, quoting[i] ?? false) + 1;
  });
  return starts;
}

function checkCellLengths(
  result: ParsedCsv,
  values: readonly string[],
  start: number,
  starts: number[],
  lines: LineIndex,
): void {
  values.forEach((v, i) => {
    if (v.length <= MAX_CELL_CHARS) return;
    const at = lines.at(start + starts[i]);
    result.diagnostics.push(
      error(
        { file: result.file, ...at },
        'csv/cell-too-long',
        `the cell starting ${JSON.stringify(truncate(v, 60))} has ${v.length.toLocaleString('en-US')} characters (at most ${MAX_CELL_CHARS.toLocaleString('en-US')})`,
        'shorten the cell, or look for a quote (") that was opened and not closed before it',
      ),
    );
  });
}

/** Every match of `pattern` in `text` as a positioned diagnostic, the first MAX_REPORTED of them and a count of the rest. */
function positioned(
  result: ParsedCsv,
  text: string,
  lines: LineIndex,
  pattern: RegExp,
  make: (match: string, at: { line: number; column: number }) => Diagnostic,
  more: (n: number) => Diagnostic,
  counts: (match: string) => boolean = () => true,
): number {
  let n = 0;
  for (const m of text.matchAll(pattern)) {
    if (!counts(m[0])) continue;
    // Only the reported ones are placed and described; the rest are counted.
    if (++n <= MAX_REPORTED) result.diagnostics.push(make(m[0], lines.at(m.index)));
  }
  if (n > MAX_REPORTED) result.diagnostics.push(more(n - MAX_REPORTED));
  return n;
}

function refuseControlCharacters(result: ParsedCsv, text: string, lines: LineIndex): boolean {
  const n = positioned(
    result,
    text,
    lines,
    CONTROL,
    (ch, at) =>
      error(
        { file: result.file, ...at },
        'csv/control-character',
        `control character ${codePointName(ch)} at line ${at.line}, column ${at.column}`,
        'delete it: cells hold plain text (tabs, and line breaks inside quoted cells, are allowed)',
      ),
    (rest) =>
      error(
        { file: result.file, line: 1, column: 1 },
        'csv/control-character',
        `and ${rest.toLocaleString('en-US')} more control characters`,
        'the file may not be text at all; re-export it as CSV UTF-8',
      ),
  );
  return n > 0;
}

function refuseLongWords(result: ParsedCsv, text: string, lines: LineIndex): void {
  positioned(
    result,
    text,
    lines,
    LONG_WORD,
    (word, at) =>
      error(
        { file: result.file, ...at },
        'csv/word-too-long',
        `the word starting ${JSON.stringify(truncate(word, 40))} has ${codePoints(word).toLocaleString('en-US')} characters without a space (at most ${MAX_WORD_CHARS})`,
        'put spaces between the words; a long address or identifier was probably pasted twice or garbled',
      ),
    (rest) =>
      error(
        { file: result.file, line: 1, column: 1 },
        'csv/word-too-long',
        `and ${rest.toLocaleString('en-US')} more overlong words`,
        'put spaces between the words',
      ),
    // A word longer than a cell may be is in a cell that is too long, which is reported as such.
    (word) => word.length <= MAX_CELL_CHARS || codePoints(word) <= MAX_CELL_CHARS,
  );
}

/** "U+0007" for a character, as a message names it. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * "UTF-16LE" or "UTF-16BE" (with or without a byte-order mark) when the bytes look like it: a
 * byte-order mark, or NUL bytes in most of the even (BE) or odd (LE) places of the first 4 KiB,
 * which UTF-8 text never has.
 */
export function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE (it starts with a UTF-16 byte-order mark)';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE (it starts with a UTF-16 byte-order mark)';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.4 && even < pairs * 0.1) return 'UTF-16LE without a byte-order mark';
  if (even >= pairs * 0.4 && odd < pairs * 0.1) return 'UTF-16BE without a byte-order mark';
  return undefined;
}

function syntaxDiagnostic(
  file: string,
  text: string,
  lines: LineIndex,
  start: number,
  placed: Skipped,
  headerLength: number,
  headerNames: string[],
): Diagnostic {
  const { err, raw, fields } = placed;
  const code = String(err.code);
  const recordLine = lines.at(start).line;
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    const values = fields.map((f) => f.value);
    const starts = fieldStarts(
      values,
      fields.map((f) => f.quoting),
    );
    const got = values.length;
    if (got > headerLength) {
      const split = splitNumber(fields, got - headerLength, headerNames);
      if (split) {
        const header = headerNames[split.index] ?? `field ${split.index + 1}`;
        return error(
          { file, ...lines.at(start + starts[split.index]) },
          'csv/field-count',
          `line ${recordLine} has ${got} fields but the header has ${headerLength}: ${JSON.stringify(split.text)} (${header}) looks like a number ${split.kind === 'thousands' ? 'with thousands separators' : 'with a decimal comma'}`,
          split.kind === 'thousands'
            ? `write ${split.text.replace(/,/g, '')} without separators`
            : `use a dot for decimals: ${split.text.replace(',', '.')}`,
        );
      }
      const at = lines.at(start + starts[headerLength]);
      return error(
        { file, ...at },
        'csv/field-count',
        `line ${recordLine} has ${got} fields but the header has ${headerLength}; the extra field starts with ${JSON.stringify(truncate(values[headerLength] ?? '', 60))}`,
        'remove the extra field, or put the cell in double quotes if it contains a comma; write numbers without thousands separators (5046, not 5,046)',
      );
    }
    const lastEnd = got === 0 ? 0 : starts[got - 1] + rawLength(values[got - 1], fields[got - 1].quoting);
    const at = lines.at(start + lastEnd);
    if (got === 1 && /[;\t]/.test(values[0] ?? '')) {
      return error(
        { file, ...lines.at(start) },
        'csv/delimiter',
        `line ${recordLine} is separated by ${values[0].includes(';') ? 'semicolons (;)' : 'tabs'}, not commas`,
        'export the file as comma-separated values (CSV, comma delimiter)',
      );
    }
    return error(
      { file, ...at },
      'csv/field-count',
      `line ${recordLine} has ${got} field${got === 1 ? '' : 's'} but the header has ${headerLength}`,
      'add the missing cells (empty cells still need their commas), or join a cell that was split by a line break',
    );
  }
  // The cell being read when the error struck starts right after the cells already completed.
  const done = fields.map((f) => f.value);
  const doneStarts = fieldStarts(
    done,
    fields.map((f) => f.quoting),
  );
  const cellStart =
    done.length === 0
      ? 0
      : doneStarts[done.length - 1] + rawLength(done[done.length - 1], fields[done.length - 1].quoting) + 1;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return error(
      { file, ...lines.at(start + cellStart) },
      'csv/syntax',
      'a quoted cell is opened here and never closed',
      'close the quote with a second " at the end of the cell; a quote inside a quoted cell is written twice ("")',
    );
  }
  if (code === 'INVALID_OPENING_QUOTE') {
    const at = lines.at(start + Math.max(raw.length - 1, 0));
    return error(
      { file, ...at },
      'csv/syntax',
      'a quote (") appears inside a cell that does not start with a quote',
      'put the whole cell in double quotes and write each inner quote twice: "he said ""yes"""',
    );
  }
  if (code === 'CSV_INVALID_CLOSING_QUOTE') {
    const at = lines.at(start + raw.length);
    const opened = lines.at(start + cellStart);
    if (opened.line !== at.line) {
      // A quoted cell that runs over lines and then breaks is almost always a quote never closed.
      return error(
        { file, ...opened },
        'csv/syntax',
        `the quoted cell opened here runs on to line ${at.line}, where a quote is followed by ${JSON.stringify(text[start + raw.length] ?? '')}: its closing quote is probably missing`,
        'close the quote with a second " at the end of the cell; a quote inside a quoted cell is written twice ("")',
      );
    }
    return error(
      { file, ...at },
      'csv/syntax',
      `unexpected ${JSON.stringify(text[start + raw.length] ?? '')} after the closing quote of a cell`,
      'a quoted cell must end right after its closing quote; write inner quotes twice ("")',
    );
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return error(
      { file, line: recordLine, column: 1 },
      'csv/cell-too-long',
      'this record is larger than 1,000,000 characters',
      'look for a quote (") that was opened and not closed',
    );
  }
  return error(
    { file, line: recordLine, column: 1 },
    'csv/syntax',
    err.message,
    'check the quotes and commas on this line',
  );
}

/**
 * When a row has `extra` fields too many because a number was written "4,103" (or, under a value
 * column, "12,5") without quotes, the cell where that number starts.
 */
function splitNumber(
  fields: Field[],
  extra: number,
  headerNames: string[],
): { index: number; text: string; kind: 'thousands' | 'decimal-comma' } | undefined {
  const plain = (i: number) => fields[i] !== undefined && !fields[i].quoting;
  for (let i = 0; i + extra < fields.length; i++) {
    if (!plain(i) || !/^-?\d{1,3}$/.test(fields[i].value)) continue;
    const groups = fields.slice(i + 1, i + 1 + extra);
    if (groups.every((g, k) => !g.quoting && (k === extra - 1 ? /^\d{3}(\.\d+)?$/ : /^\d{3}$/).test(g.value))) {
      return { index: i, text: [fields[i], ...groups].map((f) => f.value).join(','), kind: 'thousands' };
    }
  }
  if (extra === 1) {
    for (let i = 0; i + 1 < fields.length; i++) {
      // Only under a value column: elsewhere two adjacent whole numbers are ordinary cells.
      if (
        /value/.test(headerNames[i] ?? '') &&
        plain(i) &&
        plain(i + 1) &&
        /^-?\d+$/.test(fields[i].value) &&
        /^\d+$/.test(fields[i + 1].value)
      ) {
        return { index: i, text: `${fields[i].value},${fields[i + 1].value}`, kind: 'decimal-comma' };
      }
    }
  }
  return undefined;
}

export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  // Only the head is split into code points: a cell may be 10,000 characters long.
  const head = [...s.slice(0, 2 * max)];
  if (s.length <= 2 * max && head.length <= max) return s;
  return head.slice(0, max - 1).join('') + '…';
}

/** Maps character offsets to 1-based line and column (counting code points). */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: codePoints(this.text.slice(this.starts[lo], o)) + 1 };
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // count high surrogates and BMP chars, skip low surrogates
  }
  return n;
}

function encodingDiagnostic(file: string, bytes: Buffer, bad: number): Diagnostic {
  const hex = `0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}`;
  let prefix = bytes.subarray(0, bad).toString('utf8');
  if (prefix.startsWith('\uFEFF')) prefix = prefix.slice(1);
  prefix = prefix.replace(/\r\n?/g, '\n');
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const line = prefix.slice(0, lineStart).split('\n').length;
  const before = prefix.slice(lineStart);
  const column = codePoints(before) + 1;
  const latin1 = bytes[bad] >= 0xa0 ? ` ("${String.fromCharCode(bytes[bad])}" in Latin-1)` : '';
  const context = before.length > 0 ? ` after ${JSON.stringify(truncate([...before].slice(-20).join(''), 20))}` : '';
  return error(
    { file, line, column },
    'csv/encoding',
    `the file is not UTF-8: byte ${hex}${latin1} at line ${line}, column ${column}${context}`,
    'the file was probably saved as Latin-1/Windows-1252; re-save it as UTF-8 (Excel: "CSV UTF-8 (Comma delimited)"; LibreOffice: character set "Unicode (UTF-8)")',
  );
}
