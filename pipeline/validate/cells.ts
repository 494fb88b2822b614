// Parsers for the cell shapes the data files share (numbers, periods, dates, yes/no, id lists),
// each returning a value or a problem that the caller turns into a positioned diagnostic.

import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Period } from '../core/types.js';
import { truncate } from '../ingest/csv.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; kind: string; message: string; hint?: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (kind: string, message: string, hint?: string): Parsed<never> => ({ ok: false, kind, message, hint });

/** A cell quoted for a message: JSON-style quotes, at most 60 characters. */
export function show(cell: string): string {
  return JSON.stringify(truncate(cell, 60));
}

const spacesHint = (cell: string) => (cell.trim() !== cell ? 'remove the spaces around the value' : undefined);

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^-?\d+,\d+$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity|∞)$/i;

/**
 * A plain number: optional minus, digits, optional dot decimals, optional exponent. Failures carry
 * the rule suffix (`number`, `thousands-separator`, `decimal-comma`, `not-finite`).
 */
export function parsePlainNumber(cell: string): Parsed<number> {
  if (PLAIN_NUMBER.test(cell)) {
    const value = Number(cell);
    if (!Number.isFinite(value))
      return fail(
        'not-finite',
        `${show(cell)} is too large to be a finite number`,
        'write a number below 1.8e308; check the exponent',
      );
    // Every number is kept, compared and printed as what was written, or refused: never rounded.
    if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return fail(
        'inexact',
        `${show(cell)} is too large to be printed exactly (at most 9007199254740991)`,
        'check the exponent or the number of digits; or use a larger unit (million, billion) in units.csv',
      );
    }
    if (decimalKey(cell) !== decimalKey(String(value))) {
      const became = value === 0 ? '0' : String(value);
      return fail(
        'inexact',
        `${show(cell)} cannot be kept exactly: it would become ${became}`,
        value === 0
          ? 'the value is too small to store; check the exponent'
          : 'round it to at most 15 significant digits',
      );
    }
    return ok(value === 0 ? 0 : value); // no -0
  }
  const t = cell.trim();
  if (THOUSANDS.test(t)) {
    return fail(
      'thousands-separator',
      `${show(cell)} uses thousands separators`,
      `write ${t.replace(/,/g, '')} without separators`,
    );
  }
  if (DECIMAL_COMMA.test(t)) {
    return fail(
      'decimal-comma',
      `${show(cell)} uses a decimal comma`,
      `use a dot for decimals: ${t.replace(',', '.')}`,
    );
  }
  if (NON_FINITE.test(t)) {
    return fail(
      'not-finite',
      `${show(cell)} is not a finite number`,
      'write a finite number; leave the row out when there is no value',
    );
  }
  if (PLAIN_NUMBER.test(t)) return fail('number', `${show(cell)} has spaces around the number`, spacesHint(cell));
  const hint = /^\+/.test(t)
    ? 'drop the plus sign'
    : /[$%€]/.test(t)
      ? 'write the bare number; the unit says what it counts'
      : /^-?\.\d|\d\.$/.test(t)
        ? 'write digits on both sides of the dot: 0.5, 12.0'
        : 'write digits with an optional minus and a dot for decimals: 5046, -3, 12.5';
  return fail('number', `${show(cell)} is not a number`, hint);
}

/**
 * A decimal numeral ("-0012.50", "1.5e+21", "1e-7") reduced to sign, significant digits and power
 * of ten ("-125e-1"), so two numerals compare equal exactly when they name the same number.
 */
export function decimalKey(numeral: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(numeral);
  if (!m) return numeral;
  const fraction = m[3] ?? '';
  let digits = `${m[2]}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  // BigInt: an exponent of any length is compared exactly, never as a rounded float.
  const exponent = BigInt(m[4] ?? '0') - BigInt(fraction.length) + BigInt(trailing);
  return `${m[1]}${digits}e${exponent}`;
}

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

/** "2021" (calendar) or "FY2022" (U.S. fiscal year). Failure kinds: `period`, `period-year`. */
export function parsePeriod(cell: string): Parsed<Period> {
  const m = /^(FY)?(\d{4})$/.exec(cell);
  if (!m) {
    const t = cell.trim();
    let hint = 'write a calendar year like 2021 or a U.S. fiscal year like FY2022';
    if (t !== cell && /^(FY)?\d{4}$/.test(t)) hint = 'remove the spaces around the period';
    else if (/^fy\s*\d{4}$/i.test(t)) hint = `write the fiscal year as FY${t.replace(/\D/g, '')}`;
    else if (/^\d{4}\s*[-/]?\s*(Q|H|S)\d$/i.test(t))
      hint = 'periods are whole years: write 2021 (or FY2021), not quarters or halves';
    else if (/^\d{4}-\d{2}(-\d{2})?$/.test(t)) hint = `periods are whole years: write ${t.slice(0, 4)}`;
    return fail('period', `${show(cell)} is not a period`, hint);
  }
  const year = Number(m[2]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(
      'period-year',
      `${show(cell)} is outside the plausible years ${MIN_YEAR}–${MAX_YEAR}`,
      'check the year for a typo (e.g. 2021, not 2201)',
    );
  }
  return ok({ kind: m[1] ? 'fiscal' : 'calendar', year, label: cell });
}

/** YYYY-MM or YYYY-MM-DD naming a real month or day. */
export function parseIsoDate(cell: string): Parsed<string> {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(cell);
  if (!m) {
    const hint = /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(cell.trim())
      ? 'write the date as YYYY-MM-DD (2022-10-14), not with slashes'
      : 'write YYYY-MM (2022-10) or YYYY-MM-DD (2022-10-14)';
    return fail('date', `${show(cell)} is not a date`, spacesHint(cell) ?? hint);
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return fail('date', `${show(cell)} is not a real date`, 'check the month (01–12) and the day of the month');
  }
  if (year < MIN_YEAR || year > MAX_YEAR)
    return fail(
      'date',
      `${show(cell)} is outside the plausible years ${MIN_YEAR}–${MAX_YEAR}`,
      'check the year for a typo',
    );
  return ok(cell);
}

const YES_NO = z.enum(['yes', 'no']);

export function parseYesNo(cell: string): Parsed<boolean> {
  const r = YES_NO.safeParse(cell);
  if (r.success) return ok(r.data === 'yes');
  return fail('flag', `${show(cell)} is not yes or no`, spacesHint(cell) ?? 'write yes or no (lower case)');
}

/** One of a closed set of words, validated with a zod enum so the set is declared once. */
export function parseEnum<const T extends readonly [string, ...string[]]>(values: T, cell: string): Parsed<T[number]> {
  const r = z.enum(values).safeParse(cell);
  if (r.success) return ok(r.data as T[number]);
  const near = nearest(cell.trim().toLowerCase(), values);
  const exact = values.find((v) => v.toLowerCase() === cell.trim().toLowerCase());
  const hint = exact
    ? `write ${exact}`
    : near
      ? `did you mean ${near}? allowed: ${values.join(', ')}`
      : `allowed: ${values.join(', ')}`;
  return fail('enum', `${show(cell)} is not one of ${values.join(', ')}`, hint);
}

/** Positive whole numbers separated by ";" (may be empty). */
export function parseNumberList(cell: string): Parsed<number[]> {
  if (cell.trim() === '') return ok([]);
  const parts = cell.split(';').map((p) => p.trim());
  if (parts.every((p) => /^\d+$/.test(p))) return ok(parts.map(Number));
  const hint = /,/.test(cell)
    ? 'separate action numbers with semicolons: 5;8'
    : 'write action numbers separated by semicolons, like 5;8';
  return fail('list', `${show(cell)} is not a list of action numbers`, hint);
}

/** Words longer than this get no "did you mean": no identifier is that long, and comparing costs length². */
export const MAX_SUGGESTED_LENGTH = 64;

/**
 * The closest candidate within a typo's distance (about a third of the word), if any. A candidate
 * whose length differs by more than that cannot be within it and is not compared, so the work per
 * word is bounded (at most MAX_SUGGESTED_LENGTH² per candidate) whatever the input.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.trim().toLowerCase();
  if (w.length > MAX_SUGGESTED_LENGTH) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(w.length, 1) / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - w.length) > limit) continue;
    const d = distance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
