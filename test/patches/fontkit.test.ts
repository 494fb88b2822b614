// pipeline/patches/fontkit.ts: the fontkit pdfkit loads passes the check; another version, or a
// fontkit or font without what the patches replace, fails it loudly. And the swap does reach pdfkit.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DependencyPatchError, installedVersion } from '../../pipeline/patches/guard.js';
import {
  checkFontkit,
  FONTKIT,
  replaceCreateForPdfkit,
  wrapLayout,
  type FontkitFont,
} from '../../pipeline/patches/fontkit.js';
import { ROBOTO_FILES, robotoDir } from '../../pipeline/core/fonts.js';

const require = createRequire(import.meta.url);
const pdfkitPath = createRequire(require.resolve('pdfmake')).resolve('pdfkit');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const roboto = () => readFileSync(join(robotoDir(), ROBOTO_FILES.regular));

describe('fontkit patches: the installed version', () => {
  it('is the one the patches were written for, the one package.json pins exactly, and the one pdfkit loads', () => {
    const installed = installedVersion('fontkit', pdfkitPath); // fontkit exports no ./package.json
    expect(installed).toBe(lock.packages['node_modules/fontkit']?.version);
    expect(FONTKIT.versions).toContain(installed);
    expect(FONTKIT.versions).toContain(pkg.dependencies.fontkit);
    expect(checkFontkit().create).toBeTypeOf('function');
  });

  it('gives pdfkit, loaded afterwards, the create it is handed, and wraps a font’s layout', () => {
    expect(require.cache[pdfkitPath]).toBeUndefined(); // nothing in this file loaded pdfkit yet
    const opened: number[] = [];
    const laidOut: string[] = [];
    const swapped = replaceCreateForPdfkit((create) => (bytes, name) => {
      opened.push(bytes.length);
      return wrapLayout(create(bytes, name), (layout) => (text: string, ...rest: unknown[]) => {
        laidOut.push(text);
        return layout(text, ...rest);
      });
    });
    expect(swapped).toBe(true);
    const PDFDocument = require(pdfkitPath) as new (o: object) => {
      font(src: Buffer): unknown;
      text(t: string): unknown;
      end(): void;
    };
    const doc = new PDFDocument({});
    doc.font(roboto());
    doc.text('Mexico’s');
    doc.end();
    expect(opened).toEqual([roboto().length]);
    expect(laidOut).toContain('Mexico’s');
    // once pdfkit is loaded it holds its fontkit: a second swap does nothing
    expect(replaceCreateForPdfkit((create) => create)).toBe(false);
  });
});

describe('fontkit patches: another fontkit', () => {
  it('fails on another version, saying which, for which the patches were written, and what to do', () => {
    const attempt = () => checkFontkit({ version: '2.1.0' });
    expect(attempt).toThrow(DependencyPatchError);
    expect(attempt).toThrow(
      'cannot patch fontkit 2.1.0 (installed): pipeline/patches/fontkit.ts was written for fontkit 2.0.4. ' +
        'To fix: pin fontkit to 2.0.4 in package.json and package-lock.json and run npm ci, ' +
        'or update pipeline/patches/fontkit.ts and test/patches/fontkit.test.ts for fontkit 2.1.0',
    );
  });

  it('fails on a fontkit without create, or a font without layout, naming it', () => {
    expect(() => checkFontkit({ version: '2.0.4', fontkit: { open() {} } })).toThrow(
      /its module \(dist\/main\.cjs\)\.create is missing or changed \(expected a function, found undefined\).*pin fontkit to 2\.0\.4/,
    );
    expect(() => wrapLayout({} as FontkitFont, (l) => l, { version: '2.0.4' })).toThrow(
      /its font \(TTFFont\)\.layout is missing/,
    );
  });
});
