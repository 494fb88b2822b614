// Tagged PDF on top of pdfmake: while pdfmake lays out and renders a document whose nodes carry
// structure marks (structure.ts), this records which structure element every line and chart
// belongs to, and writes marked content, artifacts and the structure tree with pdfkit's primitives.
//
// pdfmake 0.3 forwards `tagged` to pdfkit but tags nothing, so a tagged document comes out with an
// empty structure tree. Rather than fork pdfmake, installTagging() wraps a few of its methods, once
// per process:
//
//   layout  LayoutBuilder.processNode          a stack of the marks of the nodes being laid out;
//                                              a TOC node also hands marks to the rows pdfmake
//                                              builds for it
//           ElementWriter.addLine              stamps each line with the innermost mark; a line
//                                              added while another is being added is an ordered
//                                              list's number, which belongs to the item's Lbl
//           PageElementWriter.pushToRepeatables  flags table header rows that pdfmake repeats on
//                                              the following pages (repeats are artifacts)
//   render  Renderer.renderPages               one tagging session per document; builds the tree
//                                              when the last page is drawn
//           Renderer.renderLine                marked content per run of inlines: plain runs belong
//                                              to the line's element, link runs to a Link element
//                                              that also owns the link annotations
//           Renderer.renderSVG, renderImage    Figure content, with a bounding box
//           Renderer.renderVector, renderWatermark  artifacts
//
// Documents without `tagged: true` go through the original methods untouched. A line or a chart
// without a mark is a bug in definition.ts and stops the render (TaggingError) instead of
// producing content that a screen reader silently skips. The tests in test/render/pdf/ read the
// structure tree of the real report back with pdf.js, so a pdfmake release that changes any of
// these internals fails there.

import { createRequire } from 'node:module';
import { markOf, STRUCT_KEY, type ArtifactType, type StructMark, type StructNode, type StructRole } from './structure.js';

export class TaggingError extends Error {
  override name = 'TaggingError';
}

// ---- the parts of pdfkit and pdfmake this module touches (both are untyped JavaScript) ----

interface PdfStructElement {
  add(child: PdfStructElement | PdfStructContent): PdfStructElement;
  end(): void;
  dictionary: { data: Record<string, unknown> };
}
type PdfStructContent = object;

interface PdfKitDoc {
  options: { tagged?: boolean };
  text(text: string, x: number, y: number, options: Record<string, unknown>): unknown;
  addPage(...args: unknown[]): unknown;
  annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): unknown;
  struct(role: string, options?: Record<string, unknown>): PdfStructElement;
  markStructureContent(role: string, options?: Record<string, unknown>): PdfStructContent;
  markContent(tag: string, options?: Record<string, unknown>): unknown;
  endMarkedContent(): unknown;
  addStructure(elem: PdfStructElement): unknown;
}

interface Inline {
  text: string;
  link?: string;
  linkToDestination?: string;
  linkToPage?: number;
}

interface Line {
  inlines: Inline[];
  [key: string]: unknown;
}

interface Positioned {
  x: number;
  y: number;
  _width: number;
  _height: number;
  [key: string]: unknown;
}

interface Repeatable {
  items: { item: Record<string, unknown> }[];
}

type Method = (this: unknown, ...args: never[]) => unknown;
type Proto = Record<string, Method>;

/** Set on the items of a repeated table header: the copies pdfmake draws on later pages. */
const REPEATED_KEY = 'hlsdRepeated';
const LAYOUT = Symbol('hlsd.tagging.layout');
const SESSION = Symbol('hlsd.tagging.session');
const INSTALLED = Symbol.for('hlsd.tagging.installed');

interface LayoutState {
  stack: StructMark[];
  /** How many addLine calls are in progress (nested calls come from pdfmake's 'lineAdded' listeners). */
  depth: number;
}

// ---- installation ----

/** Wraps pdfmake's layout and render methods (idempotent). Throws if pdfmake no longer has them. */
export function installTagging(): void {
  const require = createRequire(import.meta.url);
  const load = (name: string): Proto => {
    const mod = require(`pdfmake/js/${name}`) as { default?: { prototype: Proto } };
    if (!mod.default?.prototype) throw new TaggingError(`pdfmake/js/${name} no longer exports a class`);
    return mod.default.prototype;
  };
  const renderer = load('Renderer');
  if ((renderer as Record<symbol, unknown>)[INSTALLED]) return;
  const layoutBuilder = load('LayoutBuilder');
  const elementWriter = load('ElementWriter');
  const pageElementWriter = load('PageElementWriter');

  wrap(layoutBuilder, 'processNode', (original) =>
    function (this: { writer?: object }, node: Record<string, unknown>, ...rest: unknown[]) {
      const m = markOf(node);
      if (!m || !this.writer) return original.call(this, node, ...rest);
      if (m.kind === 'struct' && node.toc) markTocRows(node.toc as TocNode, m);
      const state = layoutState(this.writer);
      state.stack.push(m);
      try {
        return original.call(this, node, ...rest);
      } finally {
        state.stack.pop();
      }
    },
  );

  wrap(elementWriter, 'addLine', (original) =>
    function (this: object, line: Line, ...rest: unknown[]) {
      const state = layoutState(this);
      state.depth++;
      try {
        if (!(STRUCT_KEY in line)) {
          const top = state.stack[state.stack.length - 1];
          // A nested addLine is pdfmake drawing a list number beside the item's first line.
          const owner = state.depth > 1 && top?.kind === 'struct' && top.label ? top.label : top;
          if (owner) line[STRUCT_KEY] = owner;
        }
        return original.call(this, line, ...rest);
      } finally {
        state.depth--;
      }
    },
  );

  wrap(pageElementWriter, 'pushToRepeatables', (original) =>
    function (this: object, rep: Repeatable, ...rest: unknown[]) {
      // The header row has already been placed (as copies) when pdfmake keeps it for repeating;
      // flag the kept items so that only the later copies become artifacts.
      for (const { item } of rep.items) item[REPEATED_KEY] = true;
      return original.call(this, rep, ...rest);
    },
  );

  wrap(renderer, 'renderPages', (original) =>
    function (this: { pdfDocument: PdfKitDoc; [SESSION]?: TaggingSession }, ...args: unknown[]) {
      if (!this.pdfDocument.options.tagged) return original.call(this, ...args);
      const session = new TaggingSession(this.pdfDocument);
      this[SESSION] = session;
      try {
        original.call(this, ...args);
      } finally {
        delete this[SESSION];
      }
      session.finish();
      return undefined;
    },
  );

  const withSession = (name: string, around: (session: TaggingSession, item: never, draw: () => unknown) => unknown) =>
    wrap(renderer, name, (original) =>
      function (this: { [SESSION]?: TaggingSession }, item: never, ...rest: unknown[]) {
        const session = this[SESSION];
        if (!session) return original.call(this, item, ...rest);
        return around(session, item, () => original.call(this, item, ...rest));
      },
    );
  withSession('renderLine', (s, line: Line, draw) => s.line(line, draw));
  withSession('renderSVG', (s, svg: Positioned, draw) => s.figure(svg, draw));
  withSession('renderImage', (s, image: Positioned, draw) => s.figure(image, draw));
  withSession('renderVector', (s, _vector, draw) => s.artifact('Layout', draw));
  withSession('renderWatermark', (s, _page, draw) => s.artifact('Pagination', draw));

  (renderer as Record<symbol, unknown>)[INSTALLED] = true;
}

type Original = (this: unknown, ...args: unknown[]) => unknown;

function wrap(proto: Proto, name: string, make: (original: Original) => (...args: never[]) => unknown): void {
  const original = proto[name];
  if (typeof original !== 'function') throw new TaggingError(`pdfmake no longer has ${name}(); the tagging layer needs updating`);
  proto[name] = make(original as unknown as Original) as Method;
}

function layoutState(writer: object): LayoutState {
  const holder = writer as { [LAYOUT]?: LayoutState };
  return (holder[LAYOUT] ??= { stack: [], depth: 0 });
}

// ---- table of contents ----

interface TocNode {
  _items?: { _textNodeRef?: { headlineLevel?: number } }[];
  _table?: { table?: { body?: Record<string, unknown>[][] } };
}

const tocEntries = new WeakMap<StructNode, StructNode[]>();

/**
 * pdfmake builds the TOC's rows itself (one per heading with `tocItem`); give every cell of row i
 * the Reference of entry i. Level-2 entries nest in a TOC inside the preceding level-1 entry. The
 * entries are made once per TOC mark, since pdfmake may lay the document out more than once.
 */
function markTocRows(toc: TocNode, tocMark: StructNode): void {
  const rows = toc._table?.table?.body;
  const items = toc._items ?? [];
  if (!rows) return;
  let refs = tocEntries.get(tocMark);
  if (!refs) {
    refs = [];
    let lastTop: StructNode | undefined;
    let nested: StructNode | undefined;
    for (const item of items) {
      const level = item._textNodeRef?.headlineLevel ?? 1;
      let parent = tocMark;
      if (level > 1 && lastTop) parent = nested ??= addChild(lastTop, 'TOC');
      const entry = addChild(parent, 'TOCI');
      if (level <= 1) {
        lastTop = entry;
        nested = undefined;
      }
      refs.push(addChild(entry, 'Reference'));
    }
    tocEntries.set(tocMark, refs);
  }
  rows.forEach((row, i) => {
    const ref = refs[i];
    if (ref) for (const cell of row) cell[STRUCT_KEY] = ref;
  });
}

function addChild(parent: StructNode, role: StructRole): StructNode {
  const node: StructNode = { kind: 'struct', role, parent, children: [], attrs: {} };
  parent.children.push(node);
  return node;
}

// ---- render: one session per tagged document ----

/** Roles kept even when they received no content, so that tables stay rectangular. */
const KEEP_EMPTY = new Set<StructRole>(['TH', 'TD']);

interface Run {
  link: boolean;
  from: number;
  to: number;
}

export class TaggingSession {
  private readonly elements = new Map<StructNode, PdfStructElement>();
  private root: StructNode | null = null;
  /**
   * The Link element being written: a link that wraps onto the next line stays one element as long
   * as it continues on the same page. It is closed (and attached to its owner) before any other
   * content of the document, and before a new page, because pdfkit records the page of its link
   * annotations when the element is written.
   */
  private openLink: { owner: StructNode; target: string; elem: PdfStructElement } | null = null;

  constructor(private readonly doc: PdfKitDoc) {
    const session = this;
    doc.addPage = function (this: PdfKitDoc, ...args: unknown[]) {
      session.closeLink();
      return Object.getPrototypeOf(doc).addPage.apply(this, args);
    };
  }

  artifact(type: ArtifactType, draw: () => unknown): unknown {
    this.doc.markContent('Artifact', { type });
    try {
      return draw();
    } finally {
      this.doc.endMarkedContent();
    }
  }

  /** A chart (SVG) or image: all its drawing is the content of one Figure. */
  figure(item: Positioned, draw: () => unknown): unknown {
    const m = this.markOrFail(item, 'chart or image');
    if (m.kind === 'artifact') return this.artifact(m.type, draw);
    const bbox = [item.x, item.y, item.x + item._width, item.y + item._height];
    return this.content(m, draw, { bbox, placement: 'Block' });
  }

  /** A line of text: one marked-content sequence per run of plain or linked inlines. */
  line(line: Line, draw: () => unknown): unknown {
    if (line[REPEATED_KEY]) return this.artifact('Pagination', draw);
    const m = this.markOrFail(line, `line "${line.inlines.map((i) => i.text).join('')}"`);
    if (m.kind === 'artifact') return this.artifact(m.type, draw);
    const runs = inlineRuns(line.inlines);
    if (runs.length === 0) return this.content(m, draw);
    return this.runs(line, m, runs, draw);
  }

  /** After the last page: build the tree from the marks, in document order, dropping empty elements. */
  finish(): void {
    this.closeLink();
    delete (this.doc as Partial<PdfKitDoc>).addPage;
    if (!this.root) return;
    const root = this.build(this.root);
    if (root) this.doc.addStructure(root);
  }

  private content(m: StructNode, draw: () => unknown, extra: Record<string, unknown> = {}): unknown {
    this.closeLink();
    const elem = this.element(m, extra);
    elem.add(this.doc.markStructureContent(m.role));
    try {
      return draw();
    } finally {
      this.doc.endMarkedContent();
    }
  }

  /**
   * pdfmake's renderLine draws a line with one pdfkit text() call per inline, in order: watch those
   * calls to switch marked content where a link run starts or ends. The first run is opened before
   * the line is drawn so that a background drawn under the text belongs to it too.
   */
  private runs(line: Line, m: StructNode, runs: Run[], draw: () => unknown): unknown {
    const doc = this.doc;
    let current: Run | null = null;
    const open = (run: Run) => {
      current = run;
      if (!run.link) {
        this.closeLink();
        this.element(m).add(doc.markStructureContent(m.role));
        return;
      }
      const link = this.link(m, linkTarget(line.inlines[run.from]!));
      link.add(doc.markStructureContent('Link'));
      // PDF/UA: a link annotation belongs to its Link element and has a description (Contents).
      const contents = new String(line.inlines.slice(run.from, run.to).map((i) => i.text).join('').trim());
      doc.annotate = function (this: PdfKitDoc, x, y, w, h, options) {
        return Object.getPrototypeOf(doc).annotate.call(this, x, y, w, h, { ...options, structParent: link, Contents: contents });
      };
    };
    const close = () => {
      if (!current) return;
      doc.endMarkedContent();
      delete (doc as Partial<PdfKitDoc>).annotate;
      current = null;
    };

    let k = 0;
    const text = doc.text;
    doc.text = function (this: PdfKitDoc, str, x, y, options) {
      const inline = line.inlines[k];
      if (!inline || inline.text !== str) throw new TaggingError(`pdfmake's renderLine no longer draws one text() per inline (at "${str}")`);
      const run = runs.find((r) => k >= r.from && k < r.to)!;
      if (current !== run) {
        close();
        open(run);
      }
      k++;
      return text.call(this, str, x, y, options);
    };
    open(runs[0]!);
    try {
      return draw();
    } finally {
      delete (doc as Partial<PdfKitDoc>).text;
      close();
    }
  }

  /** The open Link element if it continues (same owner, same target), else a new one. */
  private link(owner: StructNode, target: string): PdfStructElement {
    if (this.openLink?.owner === owner && this.openLink.target === target) return this.openLink.elem;
    this.closeLink();
    this.element(owner);
    this.openLink = { owner, target, elem: this.doc.struct('Link') };
    return this.openLink.elem;
  }

  private closeLink(): void {
    const link = this.openLink;
    if (!link) return;
    this.openLink = null;
    link.elem.end();
    this.element(link.owner).add(link.elem);
  }

  private markOrFail(item: object, what: string): StructMark {
    const m = markOf(item);
    if (!m) throw new TaggingError(`pdfmake drew a ${what} that has no structure mark`);
    return m;
  }

  private element(m: StructNode, extra: Record<string, unknown> = {}): PdfStructElement {
    let elem = this.elements.get(m);
    if (!elem) {
      this.adopt(m);
      elem = this.create(m, extra);
      this.elements.set(m, elem);
    }
    return elem;
  }

  private adopt(m: StructNode): void {
    let top = m;
    while (top.parent) top = top.parent;
    if (this.root && this.root !== top) throw new TaggingError('one document holds marks from two structure trees');
    this.root = top;
  }

  private create(m: StructNode, extra: Record<string, unknown> = {}): PdfStructElement {
    const { alt, lang, scope, listNumbering } = m.attrs;
    const elem = this.doc.struct(m.role, { ...(alt ? { alt } : {}), ...(lang ? { lang } : {}), ...(scope ? { scope } : {}), ...extra });
    if (listNumbering) elem.dictionary.data.A = { O: 'List', ListNumbering: listNumbering };
    return elem;
  }

  private build(m: StructNode): PdfStructElement | null {
    const children = m.children.map((c) => this.build(c)).filter((c): c is PdfStructElement => c !== null);
    let elem = this.elements.get(m);
    if (!elem) {
      if (children.length === 0 && !KEEP_EMPTY.has(m.role)) return null;
      elem = this.create(m);
    }
    for (const child of children) elem.add(child);
    elem.end();
    return elem;
  }
}

function isLink(inline: Inline): boolean {
  return inline.link != null || inline.linkToDestination != null || inline.linkToPage != null;
}

function linkTarget(inline: Inline): string {
  return `${inline.link ?? ''}\u0000${inline.linkToDestination ?? ''}\u0000${inline.linkToPage ?? ''}`;
}

/** Consecutive inlines with the same link target (or no link) form one run. */
export function inlineRuns(inlines: readonly Inline[]): Run[] {
  const runs: Run[] = [];
  inlines.forEach((inline, k) => {
    const link = isLink(inline);
    const last = runs[runs.length - 1];
    if (last && last.link === link && (!link || linkTarget(inlines[last.from]!) === linkTarget(inline))) last.to = k + 1;
    else runs.push({ link, from: k, to: k + 1 });
  });
  return runs;
}
