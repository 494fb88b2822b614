// pipeline/patches/pdfmake.ts: the installed pdfmake passes the check; another version, or a
// class without a method the patches replace, fails it loudly, before any prototype is touched.
// (Whether the patched pdfmake still writes correct PDFs is for test/render/pdf/.)

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DependencyPatchError } from '../../pipeline/patches/guard.js';
import {
  checkPdfmake,
  installTaggingHooks,
  patchStyleLookups,
  PDFMAKE,
  TAGGED_METHODS,
  type TaggingHooks,
} from '../../pipeline/patches/pdfmake.js';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

type Fake = { default: { new (): object; prototype: Record<string, unknown>; [key: string]: unknown } };

/** pdfmake/js/<name>.js as far as the patches see it: classes with every method, minus `drop`. */
function fakePdfmake(drop?: string): (name: string) => Fake | undefined {
  const made = new Map<string, Fake>();
  return (name) => {
    if (drop === name) return undefined;
    if (!made.has(name)) {
      const klass = class {} as unknown as Fake['default'];
      const methods =
        name === 'StyleContextStack'
          ? ['getProperty', 'autopush', 'pop']
          : [...(TAGGED_METHODS[name as keyof typeof TAGGED_METHODS] ?? [])];
      for (const m of methods) if (`${name}.${m}` !== drop) klass.prototype[m] = function original() {};
      if (drop !== 'StyleContextStack.getStyleProperty') klass.getStyleProperty = () => undefined;
      made.set(name, { default: klass });
    }
    return made.get(name);
  };
}

const noopHooks = (): TaggingHooks => {
  const wrap = (original: (...args: unknown[]) => unknown) =>
    Object.assign((...args: never[]) => original(...args), { wrapped: original });
  return Object.fromEntries(
    Object.entries(TAGGED_METHODS).map(([c, ms]) => [c, Object.fromEntries(ms.map((m) => [m, wrap]))]),
  ) as unknown as TaggingHooks;
};

describe('pdfmake patches: the installed version', () => {
  it('is the one the patches were written for, and the one package.json pins exactly', () => {
    const installed = (require('pdfmake/package.json') as { version: string }).version;
    expect(PDFMAKE.versions).toContain(installed);
    expect(PDFMAKE.versions).toContain(pkg.dependencies.pdfmake);
  });

  it('passes the check: every patched class and method is there', () => {
    const classes = checkPdfmake();
    expect(classes.version).toBe(require('pdfmake/package.json').version);
    for (const [name, methods] of Object.entries(TAGGED_METHODS)) {
      for (const m of methods)
        expect(typeof classes[name as keyof typeof TAGGED_METHODS].prototype[m], `${name}.${m}`).toBe('function');
    }
    expect(typeof classes.StyleContextStack.getStyleProperty).toBe('function');
    // the very classes pdfmake itself uses
    expect(classes.Renderer).toBe(require('pdfmake/js/Renderer').default);
  });
});

describe('pdfmake patches: another pdfmake', () => {
  it('fails on another version, saying which, for which the patches were written, and what to do', () => {
    const attempt = () => checkPdfmake({ version: '0.3.12', load: fakePdfmake() });
    expect(attempt).toThrow(DependencyPatchError);
    expect(attempt).toThrow(
      'cannot patch pdfmake 0.3.12 (installed): pipeline/patches/pdfmake.ts was written for pdfmake 0.3.11. ' +
        'To fix: pin pdfmake to 0.3.11 in package.json and package-lock.json and run npm ci, ' +
        'or update pipeline/patches/pdfmake.ts and test/patches/pdfmake.test.ts for pdfmake 0.3.12',
    );
  });

  it.each([
    [
      'Renderer.renderLine',
      /its Renderer\.prototype\.renderLine is missing or changed \(expected a function, found undefined\)/,
    ],
    ['LayoutBuilder.processNode', /its LayoutBuilder\.prototype\.processNode is missing/],
    ['StyleContextStack.getProperty', /its StyleContextStack\.prototype\.getProperty is missing/],
    ['StyleContextStack.getStyleProperty', /its StyleContextStack\.getStyleProperty is missing/],
    ['PageElementWriter', /its js\/PageElementWriter\.js is missing \(found undefined\)/],
  ])('fails when %s is gone, naming it', (drop, message) => {
    const attempt = () => checkPdfmake({ version: '0.3.11', load: fakePdfmake(drop) });
    expect(attempt).toThrow(DependencyPatchError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(
      /pin pdfmake to 0\.3\.11 in package\.json .*or update pipeline\/patches\/pdfmake\.ts and test\/patches\/pdfmake\.test\.ts/,
    );
  });

  it('touches no prototype when the check fails', () => {
    const load = fakePdfmake('Renderer.renderWatermark');
    const before = load('LayoutBuilder')!.default.prototype.processNode;
    expect(() => installTaggingHooks(noopHooks(), { version: '0.3.11', load })).toThrow(/renderWatermark/);
    expect(() => patchStyleLookups({ version: '0.3.11', load })).toThrow(/renderWatermark/);
    expect(load('LayoutBuilder')!.default.prototype.processNode).toBe(before);
    expect(load('StyleContextStack')!.default.getStyleProperty).toBeTypeOf('function');
    expect(load('StyleContextStack')!.default.prototype.getProperty).toHaveProperty('name', 'original');
  });

  it('wraps each of the nine methods once, with what the hook makes of the original', () => {
    const load = fakePdfmake();
    const originals = Object.entries(TAGGED_METHODS).flatMap(([c, ms]) =>
      ms.map((m) => [c, m, load(c)!.default.prototype[m]] as const),
    );
    expect(originals).toHaveLength(9);
    installTaggingHooks(noopHooks(), { version: '0.3.11', load });
    installTaggingHooks(noopHooks(), { version: '0.3.11', load }); // idempotent
    for (const [c, m, original] of originals)
      expect(load(c)!.default.prototype[m], `${c}.${m}`).toHaveProperty('wrapped', original);
  });
});
