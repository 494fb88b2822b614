// Every patch of pdfkit's internals (pdfkit is pdfmake's PDF writer, not a direct dependency: the
// one checked is the copy pdfmake loads). The tagging session of render/pdf/tagging.ts, for each
// tagged document:
//
//   - overrides five of its drawing methods on the document itself (addPage, text, goTo, link,
//     annotate), calling pdfkit's own from there (overrideDocumentMethods);
//   - writes the document's output in larger pieces, through its private _write, push and _offset
//     (batchDocumentOutput);
//   - writes each page's content operators in one piece, through the write and end of the page's
//     content reference (collectPageContent);
//   - reads and sets the private current transformation matrix _ctm to write one link
//     annotation per run of words (currentTransform, withTransform).
//
// None of this changes a byte of the PDF. Before anything is patched the installed version and
// every method and field above are checked (checkPdfkit, checkDocument).

import { createRequire } from 'node:module';
import { checkMembers, checkVersion, installedVersion, type MemberKind, type PatchTarget } from './guard.js';

export const PDFKIT: PatchTarget = {
  pkg: 'pdfkit',
  versions: ['0.19.1'],
  file: 'pipeline/patches/pdfkit.ts',
  pin: 'pdfkit comes with pdfmake: keep pdfmake at the version package.json pins and run npm ci, or pin pdfkit to 0.19.1 with "overrides" in package.json',
};

/** The methods of pdfkit's PDFDocument the session overrides, calls or replaces. */
export const OVERRIDDEN_METHODS = ['addPage', 'text', 'goTo', 'link', 'annotate'] as const;
const DOCUMENT_METHODS = {
  ...Object.fromEntries(OVERRIDDEN_METHODS.map((m) => [m, 'function'])),
  _write: 'function',
  push: 'function',
  struct: 'function',
  markStructureContent: 'function',
  markContent: 'function',
  endMarkedContent: 'function',
  addStructure: 'function',
} as Record<string, MemberKind>;
/** Fields of a document (set by its constructor) the session reads or writes. */
const DOCUMENT_FIELDS = { _offset: 'number', _ctm: 'array' } as const satisfies Record<string, MemberKind>;
const CONTENT_METHODS = { write: 'function', end: 'function' } as const satisfies Record<string, MemberKind>;

/** For tests: another version, or another PDFDocument class, than the installed ones. */
export interface PdfkitProbe {
  version?: string;
  PDFDocument?: unknown;
}

const require = createRequire(import.meta.url);
let checked: string | undefined;

/** pdfkit as pdfmake requires it. */
function pdfkitPath(): string {
  return createRequire(require.resolve('pdfmake')).resolve('pdfkit');
}

/**
 * The installed pdfkit's version, once it is one this module was written for and its PDFDocument
 * has every method the session patches; else a DependencyPatchError. Loads pdfkit (do this after
 * anything that must come before it, see fontkit.ts). Checked once per thread (a probe each time).
 */
export function checkPdfkit(probe?: PdfkitProbe): string {
  if (checked && !probe) return checked;
  const version = probe?.version ?? installedVersion('pdfkit', require.resolve('pdfmake'));
  checkVersion(PDFKIT, version);
  const PDFDocument = probe && 'PDFDocument' in probe ? probe.PDFDocument : require(pdfkitPath());
  checkMembers(PDFKIT, version, PDFDocument, 'PDFDocument (js/pdfkit.js)', {});
  checkMembers(
    PDFKIT,
    version,
    (PDFDocument as { prototype?: unknown }).prototype,
    'PDFDocument.prototype',
    DOCUMENT_METHODS,
  );
  if (!probe) checked = version;
  return version;
}

/** A pdfkit document (pdfmake's subclass of it). */
export type PdfKitDocument = object;

/** Checks pdfkit (checkPdfkit) and the fields of this document the session uses. */
export function checkDocument(doc: PdfKitDocument, probe?: PdfkitProbe): void {
  const version = checkPdfkit(probe);
  checkMembers(PDFKIT, version, doc, 'PDFDocument instance', DOCUMENT_FIELDS);
}

type DocumentMethod = (...args: never[]) => unknown;
export type DocumentMethods = Record<(typeof OVERRIDDEN_METHODS)[number], DocumentMethod>;

/**
 * Gives this document its own addPage, text, goTo, link and annotate, made from pdfkit's (the
 * ones of its prototype), until restoreDocumentMethods. Returns pdfkit's.
 */
export function overrideDocumentMethods(
  doc: PdfKitDocument,
  make: (pdfkit: DocumentMethods) => DocumentMethods,
): DocumentMethods {
  checkDocument(doc);
  const pdfkit = Object.getPrototypeOf(doc) as DocumentMethods;
  Object.assign(doc, make(pdfkit));
  return pdfkit;
}

/** Removes the document's own methods: pdfkit's apply again. */
export function restoreDocumentMethods(doc: PdfKitDocument): void {
  for (const name of OVERRIDDEN_METHODS) delete (doc as Record<string, unknown>)[name];
}

/** The document's current transformation matrix (pdfkit's private _ctm). */
export function currentTransform(doc: PdfKitDocument): number[] {
  return (doc as { _ctm: number[] })._ctm;
}

/** Runs `draw` with the document's current transformation matrix set to `ctm`, then restores it. */
export function withTransform<T>(doc: PdfKitDocument, ctm: readonly number[], draw: () => T): T {
  const holder = doc as { _ctm: number[] };
  const saved = holder._ctm;
  holder._ctm = ctm as number[];
  try {
    return draw();
  } finally {
    holder._ctm = saved;
  }
}

/** Bytes of output collected before they are handed to the stream as one Buffer. */
const OUTPUT_BATCH = 64 * 1024;

/**
 * pdfkit writes its output as one Buffer per line (`Buffer.from(line + '\n', 'binary')`), pushed
 * into the document's stream; pdfmake reads that stream only once the whole document is written,
 * so a large PDF sits in memory as hundreds of thousands of small Buffers. This collects the lines
 * and pushes them ~64 KB at a time: the same bytes, and the same offsets for the cross-reference
 * table (pdfkit's _offset still advances line by line).
 */
export function batchDocumentOutput(doc: PdfKitDocument): void {
  checkDocument(doc);
  const stream = doc as unknown as { _write(data: unknown): void; push(chunk: unknown): boolean; _offset: number };
  const push = Object.getPrototypeOf(doc).push as (chunk: unknown) => boolean;
  const lines: string[] = [];
  let size = 0;
  const flush = () => {
    if (lines.length === 0) return;
    push.call(stream, Buffer.from(`${lines.join('\n')}\n`, 'binary'));
    lines.length = 0;
    size = 0;
  };
  stream._write = (data: unknown) => {
    if (Buffer.isBuffer(data)) {
      flush();
      push.call(stream, data);
      stream._offset += data.length;
      return;
    }
    const line = String(data);
    lines.push(line);
    size += line.length + 1;
    stream._offset += line.length + 1;
    if (size >= OUTPUT_BATCH) flush();
  };
  stream.push = (chunk: unknown) => {
    flush();
    return push.call(stream, chunk);
  };
}

interface ContentRef {
  write(chunk: unknown): unknown;
  end(chunk?: unknown): unknown;
}

/**
 * Collects the current page's content operators as strings. pdfkit's PDFReference.write turns
 * each chunk into `Buffer.from(chunk + '\n', 'binary')`; joining the strings with '\n' and
 * writing them once gives the same bytes. Anything that is not a string is written as it comes,
 * after what was collected before it. Returns the function that writes what was collected so
 * far, or null when the document has no page.
 */
export function collectPageContent(doc: PdfKitDocument): (() => void) | null {
  const page = (doc as { page?: { content?: ContentRef } }).page;
  if (!page) return null;
  checkMembers(PDFKIT, checkPdfkit(), page.content, 'PDFPage.content (a PDFReference)', CONTENT_METHODS);
  const ref = page.content!;
  const write = ref.write;
  const parts: string[] = [];
  const flush = () => {
    if (parts.length === 0) return;
    write.call(ref, parts.join('\n'));
    parts.length = 0;
  };
  ref.write = (chunk: unknown) => {
    if (typeof chunk === 'string') parts.push(chunk);
    else if (typeof chunk === 'number') parts.push(String(chunk));
    else {
      flush();
      write.call(ref, chunk);
    }
  };
  const end = ref.end;
  ref.end = (chunk?: unknown) => {
    flush();
    delete (ref as Partial<ContentRef>).write;
    delete (ref as Partial<ContentRef>).end;
    return end.call(ref, chunk);
  };
  return flush;
}
