// Tagged PDF on top of pdfmake: while pdfmake lays out and renders a document whose nodes carry
// structure marks (structure.ts), this records which structure element every line and chart
// belongs to, and writes marked content, artifacts and the structure tree with pdfkit's primitives.
//
// pdfmake 0.3 forwards `tagged` to pdfkit but tags nothing, so a tagged document comes out with an
// empty structure tree. Rather than fork pdfmake, installTagging() wraps a few of its methods, once
// per thread (the wrapping itself, and the check that pdfmake and pdfkit are the versions this was
// written for, are in pipeline/patches/pdfmake.ts and pdfkit.ts; this module says what they do):
//
//   layout  LayoutBuilder.processNode          a stack of the marks of the nodes being laid out;
//                                              a TOC node also hands marks to the rows pdfmake
//                                              builds for it
//           ElementWriter.addLine              stamps each line with the innermost mark; a line
//                                              added while another is being added is an ordered
//                                              list's number, which belongs to the item's Lbl
//           PageElementWriter.pushToRepeatables  flags table header rows that pdfmake repeats on
//                                              the following pages (repeats are artifacts)
//   render  Renderer.renderPages               one tagging session per document, drawing one page
//                                              at a time and dropping each page's laid-out items
//                                              once drawn; builds the tree after the last page
//           Renderer.renderLine                marked content per run of inlines: plain runs belong
//                                              to the line's element, link runs to a Link element
//                                              that also owns the link annotations (one per line
//                                              of the link, not one per word)
//           Renderer.renderSVG, renderImage    Figure content, with a bounding box
//           Renderer.renderVector, renderWatermark  artifacts
//
// The session also writes the tagged document's page content and output in larger pieces (the
// same bytes; see TaggingSession): with thousands of pages, pdfkit's one Buffer per operator and
// per output line dominate the memory and much of the time of writing.
//
// Documents without `tagged: true` go through the original methods untouched. A line or a chart
// without a mark is a bug in definition.ts and stops the render (TaggingError) instead of
// producing content that a screen reader silently skips. The tests in test/render/pdf/ read the
// structure tree of the real report back with pdf.js, so a pdfmake release that changes any of
// these internals fails there — and before that, at load, on the version check of patches/.

import { installTaggingHooks, type TaggingHooks, type Wrapper } from '../../patches/pdfmake.js';
import {
  batchDocumentOutput,
  checkPdfkit,
  collectPageContent,
  currentTransform,
  overrideDocumentMethods,
  restoreDocumentMethods,
  withTransform,
  type DocumentMethods,
} from '../../patches/pdfkit.js';
import {
  LINK_TEXT_KEY,
  markOf,
  STRUCT_KEY,
  type ArtifactType,
  type StructMark,
  type StructNode,
  type StructRole,
} from './structure.js';

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
  /** The whole text of the link this word belongs to (definition.ts). */
  [LINK_TEXT_KEY]?: string;
  /** A table-of-contents page number: the heading it points to (pdfmake). */
  _tocItemRef?: { text?: unknown };
  _pageNodeRef?: { text?: unknown };
  _pageRef?: { _nodeRef?: { text?: unknown } };
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

/** Set on the items of a repeated table header: the copies pdfmake draws on later pages. */
const REPEATED_KEY = 'hlsdRepeated';
const LAYOUT = Symbol('hlsd.tagging.layout');
const SESSION = Symbol('hlsd.tagging.session');

interface LayoutState {
  stack: StructMark[];
  /** How many addLine calls are in progress (nested calls come from pdfmake's 'lineAdded' listeners). */
  depth: number;
}

// ---- installation ----

/**
 * Wraps pdfmake's layout and render methods (idempotent), through patches/pdfmake.ts, which first
 * checks that pdfmake (and here pdfkit, patches/pdfkit.ts) is the version these wrappers were
 * written for and still has every method they wrap (DependencyPatchError otherwise).
 */
export function installTagging(): void {
  const hooks = { LayoutBuilder: {}, ElementWriter: {}, PageElementWriter: {}, Renderer: {} } as TaggingHooks;
  const wrap = <C extends keyof TaggingHooks>(cls: C, name: keyof TaggingHooks[C] & string, make: Wrapper) => {
    (hooks[cls] as Record<string, Wrapper>)[name] = make;
  };

  wrap(
    'LayoutBuilder',
    'processNode',
    (original) =>
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

  wrap(
    'ElementWriter',
    'addLine',
    (original) =>
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

  wrap(
    'PageElementWriter',
    'pushToRepeatables',
    (original) =>
      function (this: object, rep: Repeatable, ...rest: unknown[]) {
        // The header row has already been placed (as copies) when pdfmake keeps it for repeating;
        // flag the kept items so that only the later copies become artifacts.
        for (const { item } of rep.items) item[REPEATED_KEY] = true;
        return original.call(this, rep, ...rest);
      },
  );

  wrap(
    'Renderer',
    'renderPages',
    (original) =>
      function (this: { pdfDocument: PdfKitDoc; [SESSION]?: TaggingSession }, ...args: unknown[]) {
        if (!this.pdfDocument.options.tagged) return original.call(this, ...args);
        const session = new TaggingSession(this.pdfDocument);
        this[SESSION] = session;
        try {
          // One page at a time, letting go of each page's laid-out items once it is drawn: pdfmake
          // would otherwise hold the layout of the whole document until the last page is written.
          const [pages, ...rest] = args as [{ items: unknown[] }[], ...unknown[]];
          for (const page of pages) {
            original.call(this, [page], ...rest);
            page.items = [];
          }
        } finally {
          delete this[SESSION];
        }
        session.finish();
        return undefined;
      },
  );

  const withSession = (
    name: keyof TaggingHooks['Renderer'],
    around: (session: TaggingSession, item: never, draw: () => unknown) => unknown,
  ) =>
    wrap(
      'Renderer',
      name,
      (original) =>
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

  installTaggingHooks(hooks);
  checkPdfkit(); // the sessions patch pdfkit: fail here, at load, rather than in the first document
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

/** The line being drawn: its inlines, its element, its runs and which run is open. */
interface LineState {
  line: Line;
  mark: StructNode;
  runs: Run[];
  /** Index of the inline the next text() call draws. */
  k: number;
  current: Run | null;
}

/** A link run being drawn: its Link element, its description, and the area its words cover so far. */
interface LinkRun {
  elem: PdfStructElement;
  contents: string;
  area: LinkArea | null;
}

/** The union of the rectangles pdfkit asked to link, for one target, in user space under one CTM. */
interface LinkArea {
  kind: 'goTo' | 'link';
  target: unknown;
  ctm: readonly number[];
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

type PdfKitProto = Record<keyof DocumentMethods, (this: PdfKitDoc, ...args: never[]) => unknown>;

/**
 * One tagging session per tagged document. Besides the structure tree, it changes how three things
 * are written, none of which changes what is drawn or how it reads:
 *
 * - Link annotations: pdfmake lays a linked phrase out as one inline per word and pdfkit writes a
 *   link annotation (and a GoTo action) per inline. Within a line, the words of one link run are
 *   side by side, so the session writes one annotation over their union instead, which the Link
 *   element owns (a link that wraps keeps one Link element with one annotation per line).
 * - Page content: pdfkit turns every operator of a page into a Buffer of its own; the session
 *   collects a page's operators as strings and hands pdfkit one string per page (same bytes).
 * - Output: pdfkit's output lines are pushed to its stream ~64 KB at a time (batchDocumentOutput; same
 *   bytes).
 */
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
  private lineState: LineState | null = null;
  private linkRun: LinkRun | null = null;
  /** Flushes the page content collected so far into the current page's content stream. */
  private flushContent: (() => void) | null = null;
  private readonly proto: PdfKitProto;

  constructor(private readonly doc: PdfKitDoc) {
    const session = this;
    batchDocumentOutput(doc);
    // Own methods on this document, installed once and removed by finish() (patches/pdfkit.ts).
    this.proto = overrideDocumentMethods(doc, (pdfkit) => {
      const proto = pdfkit as PdfKitProto;
      return {
        addPage(this: PdfKitDoc, ...args: unknown[]) {
          session.closeLink();
          const result = proto.addPage.apply(this, args as never[]);
          session.collectContent();
          return result;
        },
        text(this: PdfKitDoc, str: string, x: number, y: number, options: Record<string, unknown>) {
          if (session.lineState) session.beforeText(session.lineState, str);
          return proto.text.call(this, str as never, x as never, y as never, options as never);
        },
        goTo(
          this: PdfKitDoc,
          x: number,
          y: number,
          w: number,
          h: number,
          name: string,
          options?: Record<string, unknown>,
        ) {
          if (session.linkRun && !options) return session.addLinkArea(session.linkRun, 'goTo', name, x, y, w, h);
          return proto.goTo.call(this, x as never, y as never, w as never, h as never, name as never, options as never);
        },
        link(
          this: PdfKitDoc,
          x: number,
          y: number,
          w: number,
          h: number,
          url: unknown,
          options?: Record<string, unknown>,
        ) {
          if (session.linkRun && (!options || Object.keys(options).length === 0))
            return session.addLinkArea(session.linkRun, 'link', url, x, y, w, h);
          return proto.link.call(this, x as never, y as never, w as never, h as never, url as never, options as never);
        },
        annotate(this: PdfKitDoc, x: number, y: number, w: number, h: number, options: Record<string, unknown>) {
          // Any other annotation drawn inside a link run (pdfmake's linkToPage) belongs to the Link too.
          const run = session.linkRun;
          const opts =
            run && !options.structParent
              ? { ...options, structParent: run.elem, Contents: new String(run.contents) }
              : options;
          return proto.annotate.call(this, x as never, y as never, w as never, h as never, opts as never);
        },
      };
    }) as PdfKitProto;
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
    const m = markOf(item) ?? fail('chart or image');
    if (m.kind === 'artifact') return this.artifact(m.type, draw);
    const bbox = [item.x, item.y, item.x + item._width, item.y + item._height];
    return this.content(m, draw, { bbox, placement: 'Block' });
  }

  /** A line of text: one marked-content sequence per run of plain or linked inlines. */
  line(line: Line, draw: () => unknown): unknown {
    if (line[REPEATED_KEY]) return this.artifact('Pagination', draw);
    const m = markOf(line) ?? fail(`line "${line.inlines.map((i) => i.text).join('')}"`);
    if (m.kind === 'artifact') return this.artifact(m.type, draw);
    const runs = inlineRuns(line.inlines);
    if (runs.length === 0) return this.content(m, draw);
    return this.runs(line, m, runs, draw);
  }

  /** After the last page: build the tree from the marks, in document order, dropping empty elements. */
  finish(): void {
    this.closeLink();
    this.flushContent?.();
    this.flushContent = null;
    restoreDocumentMethods(this.doc);
    if (!this.root) return;
    const root = this.build(this.root);
    if (root) this.doc.addStructure(root);
  }

  /** Collects the current page's content operators, written as one piece (patches/pdfkit.ts). */
  private collectContent(): void {
    const flush = collectPageContent(this.doc);
    if (flush) this.flushContent = flush;
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
   * calls (beforeText) to switch marked content where a link run starts or ends. The first run is
   * opened before the line is drawn so that a background drawn under the text belongs to it too.
   */
  private runs(line: Line, m: StructNode, runs: Run[], draw: () => unknown): unknown {
    const state: LineState = { line, mark: m, runs, k: 0, current: null };
    this.lineState = state;
    this.openRun(state, runs[0]!);
    try {
      return draw();
    } finally {
      this.lineState = null;
      this.closeRun(state);
    }
  }

  private beforeText(state: LineState, str: string): void {
    const k = state.k;
    const inline = state.line.inlines[k];
    if (!inline || inline.text !== str)
      throw new TaggingError(`pdfmake's renderLine no longer draws one text() per inline (at "${str}")`);
    const current = state.current;
    if (!current || k < current.from || k >= current.to) {
      this.closeRun(state);
      this.openRun(
        state,
        state.runs.find((r) => k >= r.from && k < r.to)!,
      );
    }
    state.k = k + 1;
  }

  private openRun(state: LineState, run: Run): void {
    state.current = run;
    const { line, mark: m } = state;
    if (!run.link) {
      this.closeLink();
      this.element(m).add(this.doc.markStructureContent(m.role));
      return;
    }
    const link = this.link(m, linkTarget(line.inlines[run.from]!));
    link.add(this.doc.markStructureContent('Link'));
    // PDF/UA: a link annotation belongs to its Link element and has a description (Contents): the
    // link's whole text, on every line it wraps onto, or for a page number the title of the
    // heading it points to (never pdfmake's "00000" placeholder).
    this.linkRun = {
      elem: link,
      contents: linkContents(line.inlines, run, line._pageNodeRef as PageNode | undefined),
      area: null,
    };
  }

  private closeRun(state: LineState): void {
    if (!state.current) return;
    this.doc.endMarkedContent();
    const run = this.linkRun;
    this.linkRun = null;
    if (run) this.writeLinkArea(run);
    state.current = null;
  }

  /** A word of a link run: widen the run's area (one target per run), or write it out first. */
  private addLinkArea(
    run: LinkRun,
    kind: LinkArea['kind'],
    target: unknown,
    x: number,
    y: number,
    w: number,
    h: number,
  ): PdfKitDoc {
    const ctm = currentTransform(this.doc);
    const area = run.area;
    if (area && area.kind === kind && area.target === target && sameMatrix(area.ctm, ctm)) {
      area.x1 = Math.min(area.x1, x);
      area.y1 = Math.min(area.y1, y);
      area.x2 = Math.max(area.x2, x + w);
      area.y2 = Math.max(area.y2, y + h);
    } else {
      this.writeLinkArea(run);
      run.area = { kind, target, ctm: ctm.slice(), x1: x, y1: y, x2: x + w, y2: y + h };
    }
    return this.doc;
  }

  /** One link annotation over the run's area, owned by its Link element, described by its text. */
  private writeLinkArea(run: LinkRun): void {
    const area = run.area;
    if (!area) return;
    run.area = null;
    withTransform(this.doc, area.ctm, () =>
      this.proto[area.kind].call(
        this.doc,
        area.x1 as never,
        area.y1 as never,
        (area.x2 - area.x1) as never,
        (area.y2 - area.y1) as never,
        area.target as never,
        {
          structParent: run.elem,
          Contents: new String(run.contents),
        } as never,
      ),
    );
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
    const elem = this.doc.struct(m.role, {
      ...(alt ? { alt } : {}),
      ...(lang ? { lang } : {}),
      ...(scope ? { scope } : {}),
      ...extra,
    });
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

function fail(what: string): never {
  throw new TaggingError(`pdfmake drew a ${what} that has no structure mark`);
}

function sameMatrix(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A node a page number refers to (pdfmake sets it on the number's line or inline). */
type PageNode = { text?: unknown };

/** The description of a link run's annotations (see openRun). */
export function linkContents(inlines: readonly Inline[], run: Run, pageNode?: PageNode): string {
  const first = inlines[run.from]!;
  const whole = first[LINK_TEXT_KEY];
  if (typeof whole === 'string' && whole.trim() !== '') return whole.trim();
  const target = first._tocItemRef ?? first._pageNodeRef ?? first._pageRef?._nodeRef ?? pageNode;
  const title = target ? plainText(target.text) : '';
  if (title !== '') return title;
  let contents = '';
  for (let i = run.from; i < run.to; i++) contents += inlines[i]!.text;
  return contents.trim();
}

function plainText(text: unknown): string {
  if (typeof text === 'string') return text.trim();
  if (Array.isArray(text))
    return text
      .map((t) => plainText(typeof t === 'object' && t !== null ? (t as { text?: unknown }).text : t))
      .join('')
      .trim();
  if (typeof text === 'object' && text !== null) return plainText((text as { text?: unknown }).text);
  return '';
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
    if (last && last.link === link && (!link || linkTarget(inlines[last.from]!) === linkTarget(inline)))
      last.to = k + 1;
    else runs.push({ link, from: k, to: k + 1 });
  });
  return runs;
}
