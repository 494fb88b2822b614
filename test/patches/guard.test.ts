// The checks every module of pipeline/patches/ makes, and how the CLI reports a failed one: an
// internal error (exit 70) with the message, no stack.

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkMembers,
  checkVersion,
  DependencyPatchError,
  installedVersion,
  type PatchTarget,
} from '../../pipeline/patches/guard.js';

const TARGET: PatchTarget = { pkg: 'somepkg', versions: ['1.2.3'], file: 'pipeline/patches/somepkg.ts' };

describe('installedVersion', () => {
  it('reads a package.json the package does not export, walking up from its entry point', () => {
    // vega exports neither ./package.json nor a CommonJS entry at its root folder
    expect(installedVersion('vega', import.meta.url)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedVersion('pdfmake', import.meta.url)).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('says so when the package is not installed', () => {
    expect(installedVersion('no-such-package-hlsd', import.meta.url)).toBe('not installed');
  });
});

describe('DependencyPatchError', () => {
  it('names the package, the version found, the version the patch was written for, and what to do', () => {
    const e = (() => {
      try {
        checkVersion(TARGET, '1.3.0');
      } catch (error) {
        return error as DependencyPatchError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(DependencyPatchError);
    expect(e.name).toBe('DependencyPatchError');
    expect(e).toMatchObject({ pkg: 'somepkg', found: '1.3.0', expected: ['1.2.3'] });
    expect(e.message).toBe(
      'cannot patch somepkg 1.3.0 (installed): pipeline/patches/somepkg.ts was written for somepkg 1.2.3. ' +
        'To fix: pin somepkg to 1.2.3 in package.json and package-lock.json and run npm ci, ' +
        'or update pipeline/patches/somepkg.ts and test/patches/somepkg.test.ts for somepkg 1.3.0',
    );
  });

  it('names a missing or changed member and its expected type', () => {
    class Thing {
      run(): void {}
    }
    expect(() => checkMembers(TARGET, '1.2.3', Thing.prototype, 'Thing.prototype', { run: 'function' })).not.toThrow();
    expect(() => checkMembers(TARGET, '1.2.3', Thing.prototype, 'Thing.prototype', { walk: 'function' })).toThrow(
      /^cannot patch somepkg 1\.2\.3 \(installed\): .*, and its Thing\.prototype\.walk is missing or changed \(expected a function, found undefined\)\. To fix: pin somepkg/,
    );
    expect(() => checkMembers(TARGET, '1.2.3', { _ctm: 'x' }, 'doc', { _ctm: 'array' })).toThrow(
      /its doc\._ctm is missing or changed \(expected an array, found string\)/,
    );
    expect(() => checkMembers(TARGET, '1.2.3', undefined, 'module', {})).toThrow(
      /its module is missing \(found undefined\)/,
    );
  });
});

describe('the CLI', () => {
  afterEach(() => {
    vi.doUnmock('../../pipeline/commands/index.js');
    vi.resetModules();
    vi.restoreAllMocks();
    process.exitCode = 0;
  });

  it('reports a DependencyPatchError as an internal error, exit 70, with its message and no stack', async () => {
    vi.resetModules();
    vi.doMock('../../pipeline/commands/index.js', () => ({
      COMMANDS: [
        {
          name: 'build',
          summary: 'build',
          help: 'build',
          options: {},
          run: () =>
            checkVersion({ pkg: 'pdfmake', versions: ['0.3.11'], file: 'pipeline/patches/pdfmake.ts' }, '0.3.12'),
        },
      ],
    }));
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const { run } = await import('../../pipeline/cli.js');
    const saved = process.env.HLSD_DEBUG;
    delete process.env.HLSD_DEBUG;
    try {
      await run(['build']);
    } finally {
      if (saved !== undefined) process.env.HLSD_DEBUG = saved;
    }
    expect(process.exitCode).toBe(70);
    const text = stderr.join('');
    expect(text).toMatch(
      /^hlsd-report: internal error: cannot patch pdfmake 0\.3\.12 \(installed\): pipeline\/patches\/pdfmake\.ts was written for pdfmake 0\.3\.11\. To fix: pin pdfmake to 0\.3\.11 in package\.json/,
    );
    expect(text).toMatch(/\nThis is a problem of the installed dependencies, not of your data\./);
    expect(text).not.toMatch(/\n\s+at /); // no stack
  });
});
