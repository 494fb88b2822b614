// pipeline/patches/pdfkit.ts: the pdfkit pdfmake loads passes the check; another version, or a
// PDFDocument without a method or field the patches use, fails it loudly. The patches themselves
// write the same bytes as pdfkit as shipped.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DependencyPatchError } from '../../pipeline/patches/guard.js';
import {
  batchDocumentOutput,
  checkDocument,
  checkPdfkit,
  collectPageContent,
  currentTransform,
  overrideDocumentMethods,
  PDFKIT,
  restoreDocumentMethods,
  withTransform,
} from '../../pipeline/patches/pdfkit.js';

const require = createRequire(import.meta.url);
const fromPdfmake = createRequire(require.resolve('pdfmake'));
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

interface Doc {
  addPage(): Doc;
  text(text: string, x?: number, y?: number): Doc;
  rect(x: number, y: number, w: number, h: number): Doc;
  fill(color: string): Doc;
  end(): void;
  on(event: string, listener: (chunk?: Buffer) => void): void;
}
const PDFDocument = fromPdfmake('pdfkit') as new (options: Record<string, unknown>) => Doc;

/** A small three-page PDF, written by pdfkit as shipped or with the output patches of the session. */
function write(patched: boolean): Promise<{ bytes: Buffer; chunks: number }> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c!));
  const done = new Promise<{ bytes: Buffer; chunks: number }>((resolve) =>
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), chunks: chunks.length })),
  );
  if (patched) batchDocumentOutput(doc);
  for (let p = 0; p < 3; p++) {
    doc.addPage();
    if (patched) expect(collectPageContent(doc)).toBeTypeOf('function');
    doc.text(`Page ${p}: ${'lorem ipsum dolor '.repeat(80)}`, 50, 50);
    doc.rect(10, 10, 40, 40).fill('#1f4e79');
  }
  doc.end();
  return done;
}

describe('pdfkit patches: the installed version', () => {
  it('is the one the patches were written for, the one pdfmake loads and the one the lock file holds', () => {
    const installed = (fromPdfmake('pdfkit/package.json') as { version: string }).version;
    expect(PDFKIT.versions).toContain(installed);
    expect(lock.packages['node_modules/pdfkit']?.version).toBe(installed);
    expect(checkPdfkit()).toBe(installed);
  });

  it('writes the same bytes with its output and page content written in larger pieces', async () => {
    const plain = await write(false);
    expect((await write(false)).bytes).toEqual(plain.bytes); // deterministic, so the comparison means something
    const patched = await write(true);
    expect(patched.bytes).toEqual(plain.bytes);
    expect(patched.chunks).toBeLessThan(plain.chunks / 10);
  });

  it('overrides and restores the drawing methods on one document only, and sets the transform for a call', () => {
    const doc = new PDFDocument({ autoFirstPage: false }) as Doc & Record<string, unknown>;
    const calls: string[] = [];
    const pdfkit = overrideDocumentMethods(doc, (own) => ({
      ...own,
      addPage(this: Doc) {
        calls.push('addPage');
        return own.addPage.call(this as never);
      },
    }));
    expect(pdfkit.addPage).toBe(PDFDocument.prototype.addPage);
    expect(Object.hasOwn(doc, 'addPage')).toBe(true);
    doc.addPage();
    expect(calls).toEqual(['addPage']);
    restoreDocumentMethods(doc);
    expect(Object.hasOwn(doc, 'addPage')).toBe(false);
    expect(Object.hasOwn(new PDFDocument({ autoFirstPage: false }), 'addPage')).toBe(false);

    const ctm = currentTransform(doc).slice();
    const seen = withTransform(doc, [2, 0, 0, 2, 5, 5], () => currentTransform(doc).slice());
    expect(seen).toEqual([2, 0, 0, 2, 5, 5]);
    expect(currentTransform(doc)).toEqual(ctm);
  });
});

describe('pdfkit patches: another pdfkit', () => {
  it('fails on another version, saying which, for which the patches were written, and what to do', () => {
    const attempt = () => checkPdfkit({ version: '0.20.0', PDFDocument });
    expect(attempt).toThrow(DependencyPatchError);
    expect(attempt).toThrow(
      'cannot patch pdfkit 0.20.0 (installed): pipeline/patches/pdfkit.ts was written for pdfkit 0.19.1. ' +
        'To fix: pdfkit comes with pdfmake: keep pdfmake at the version package.json pins and run npm ci, or pin pdfkit to 0.19.1 with "overrides" in package.json, ' +
        'or update pipeline/patches/pdfkit.ts and test/patches/pdfkit.test.ts for pdfkit 0.20.0',
    );
  });

  it.each(['_write', 'push', 'addPage', 'goTo', 'markStructureContent', 'addStructure'])(
    'fails when PDFDocument.prototype.%s is gone, naming it',
    (method) => {
      class Fake extends (PDFDocument as unknown as new () => object) {}
      Object.defineProperty(Fake.prototype, method, { value: undefined });
      expect(() => checkPdfkit({ version: '0.19.1', PDFDocument: Fake })).toThrow(
        new RegExp(
          `its PDFDocument\\.prototype\\.${method} is missing or changed \\(expected a function, found undefined\\).*pin pdfkit to 0\\.19\\.1`,
        ),
      );
    },
  );

  it('fails on a document without the private fields the session reads (_offset, _ctm)', () => {
    expect(() => checkDocument({ _offset: 0 })).toThrow(
      /its PDFDocument instance\._ctm is missing or changed \(expected an array, found undefined\)/,
    );
    expect(() => checkDocument({ _ctm: [1, 0, 0, 1, 0, 0] })).toThrow(
      /its PDFDocument instance\._offset is missing or changed \(expected a number/,
    );
    expect(() => batchDocumentOutput({ _ctm: [] })).toThrow(DependencyPatchError);
    expect(() => checkDocument(new PDFDocument({ autoFirstPage: false }))).not.toThrow();
  });

  it('fails on a page whose content has no write or end', () => {
    expect(() => collectPageContent({ page: { content: { write() {} } } })).toThrow(
      /its PDFPage\.content \(a PDFReference\)\.end is missing/,
    );
    expect(collectPageContent({})).toBeNull();
  });
});
