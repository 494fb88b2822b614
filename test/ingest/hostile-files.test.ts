// Issue 19, the parts that need no CLI: only regular files are read, within a size limit; UTF-16
// is named; numbers are kept exactly or refused; suggestions stay bounded on huge words;
// SOURCE_DATE_EPOCH is validated; staging folders of killed publishes are removed.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile, removeStaleStaging } from '../../pipeline/effects-node.js';
import { utf16Kind } from '../../pipeline/ingest/csv.js';
import { EnvironmentError, MAX_SOURCE_DATE_EPOCH, sourceDateEpoch } from '../../pipeline/options.js';
import { decimalKey, nearest, parsePlainNumber } from '../../pipeline/validate/cells.js';

const dir = mkdtempSync(join(tmpdir(), 'hlsd-hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'read',
    (e: NodeJS.ErrnoException) => e.code,
  );

describe('readRegularFile', () => {
  it('reads a regular file, and refuses a pipe, a device and a link to one without blocking', async () => {
    writeFileSync(join(dir, 'ok.csv'), 'a,b\n');
    expect((await readRegularFile(join(dir, 'ok.csv'))).toString()).toBe('a,b\n');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    const started = performance.now();
    expect(await codeOf(readRegularFile(join(dir, 'fifo')))).toBe('ENOTREG');
    expect(await codeOf(readRegularFile(join(dir, 'zero')))).toBe('ENOTREG');
    expect(await codeOf(readRegularFile('/dev/zero'))).toBe('ENOTREG');
    expect(performance.now() - started).toBeLessThan(2000);
    mkdirSync(join(dir, 'folder'));
    expect(await codeOf(readRegularFile(join(dir, 'folder')))).toBe('EISDIR');
    expect(await codeOf(readRegularFile(join(dir, 'none')))).toBe('ENOENT');
  });

  it('refuses a file over the limit before reading it, with its size and the limit', async () => {
    truncateSync((writeFileSync(join(dir, 'big'), ''), join(dir, 'big')), 5000);
    expect((await readRegularFile(join(dir, 'big'), 5000)).length).toBe(5000);
    const e = await readRegularFile(join(dir, 'big'), 4999).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'EFBIG', size: 5000, limit: 4999 });
  });
});

describe('utf16Kind', () => {
  const text = 'id,label_en,label_es\ndefendants,defendants,personas acusadas\n';
  it('names UTF-16 with or without a byte-order mark, and only UTF-16', () => {
    expect(utf16Kind(Buffer.from(text, 'utf16le'))).toBe('UTF-16LE without a byte-order mark');
    expect(utf16Kind(Buffer.from(text, 'utf16le').swap16())).toBe('UTF-16BE without a byte-order mark');
    expect(utf16Kind(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toMatch(
      /^UTF-16LE \(it starts with/,
    );
    expect(utf16Kind(Buffer.from(text, 'utf8'))).toBeUndefined();
    expect(utf16Kind(Buffer.from('Índice,ñandú,€\n'.repeat(50), 'utf8'))).toBeUndefined();
  });
});

describe('numbers are kept exactly or refused', () => {
  it('compares numerals by value, exponents of any length included', () => {
    expect(decimalKey('-0012.50')).toBe('-125e-1');
    expect(decimalKey('1.25e+1')).toBe(decimalKey('12.5'));
    expect(decimalKey('0.000')).toBe('0');
    expect(decimalKey('1e-99999999999999999999')).toBe('1e-99999999999999999999');
  });

  it.each([
    ['5046', 5046],
    ['-12.5', -12.5],
    ['2.1e6', 2100000],
    ['0.1', 0.1],
    ['9007199254740991', 9007199254740991],
    ['123456789012345', 123456789012345],
  ])('accepts %s', (cell, value) => {
    expect(parsePlainNumber(cell)).toEqual({ ok: true, value });
  });

  it.each([
    ['1e-400', /would become 0/],
    ['9007199254740993', /too large to be printed exactly/],
    ['1e308', /too large to be printed exactly/],
    ['0.1000000000000000055511', /would become 0\.1$/],
    ['1234567890.123456789', /would become 1234567890\.1234567/],
  ])('refuses %s', (cell, message) => {
    const r = parsePlainNumber(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.kind).toBe('inexact');
      expect(r.message).toMatch(message);
      expect(r.hint).toBeTruthy();
    }
  });
});

describe('nearest (did you mean)', () => {
  it('still suggests for typos', () => {
    expect(nearest('smuggling-defendant', ['smuggling-defendants', 'fentanyl-pills-seized'])).toBe(
      'smuggling-defendants',
    );
  });

  it('stays fast on 5,000 unknown 9,990-character ids (the issue took 146 s)', () => {
    const candidates = Array.from({ length: 40 }, (_, i) => `metric-${i}-${'x'.repeat(i)}`);
    const started = performance.now();
    for (let i = 0; i < 5000; i++) expect(nearest(`${i}${'y'.repeat(9990)}`, candidates)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('SOURCE_DATE_EPOCH', () => {
  it('is a whole number of seconds from 1970 to 9999, or unset', () => {
    expect(sourceDateEpoch({})).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: String(MAX_SOURCE_DATE_EPOCH) })?.toISOString()).toBe(
      '9999-12-31T23:59:59.000Z',
    );
    for (const bad of ['99999999999999', '253402300800', '-1', '1.5', 'now', ' 1700000000']) {
      expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: bad })).toThrow(EnvironmentError);
    }
    try {
      sourceDateEpoch({ SOURCE_DATE_EPOCH: '99999999999999' });
    } catch (e) {
      expect((e as EnvironmentError).diagnostic).toMatchObject({
        file: 'SOURCE_DATE_EPOCH',
        rule: 'env/source-date-epoch',
        severity: 'error',
        hint: expect.any(String),
      });
    }
  });
});

describe('removeStaleStaging', () => {
  it('removes the staging folders of publishes whose process is gone, and only those', async () => {
    const year = join(dir, 'published', '2022');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(year, `.r1.${dead}.partial`, 'inputs'), { recursive: true });
    writeFileSync(join(year, `.r1.${dead}.partial`, 'inputs', 'x'), 'x');
    mkdirSync(join(year, `.r2.${process.pid}.partial`), { recursive: true }); // running: this process
    mkdirSync(join(year, 'r1'));
    expect(await removeStaleStaging(year)).toEqual([`.r1.${dead}.partial`]);
    expect(existsSync(join(year, `.r1.${dead}.partial`))).toBe(false);
    expect(existsSync(join(year, `.r2.${process.pid}.partial`))).toBe(true);
    expect(existsSync(join(year, 'r1'))).toBe(true);
    expect(await removeStaleStaging(join(dir, 'no-such-folder'))).toEqual([]);
  });
});
