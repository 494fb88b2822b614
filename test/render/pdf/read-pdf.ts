// Reads a PDF's logical side back with pdf.js (the legacy build, which runs in Node): per page the
// structure tree and the text of every marked-content sequence, plus the outline, the named
// destinations and the metadata, the way an assistive technology would see the file.

import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A structure element as pdf.js serialises it (role is the structure type, e.g. "H2"). */
export interface StructElem {
  role: string;
  alt?: string;
  lang?: string;
  children: StructKid[];
}
export type StructKid =
  StructElem | { type: 'content'; id: string } | { type: 'object'; id: string } | { type: 'annotation'; id: string };

export interface PageData {
  number: number;
  /** The page's slice of the structure tree (pdf.js keeps the elements with content on the page). */
  tree: StructElem | null;
  /** Text of each tagged marked-content sequence, by pdf.js id ("p12R_mc3"). */
  spans: Map<string, string>;
  /** Text drawn inside Artifact sequences. */
  artifactText: string[];
  /** Text drawn outside any marked-content sequence. */
  untaggedText: string[];
  /** Ids of tagged sequences that are nested inside an artifact, or artifacts inside tagged ones. */
  mixed: string[];
  /** All text of the page, in content order. */
  text: string;
}

export interface OutlineEntry {
  title: string;
  depth: number;
  dest: string | null;
}

export interface PdfData {
  pages: PageData[];
  outline: OutlineEntry[];
  /** Named destinations and the page (1-based) each lands on. */
  destinations: Map<string, number>;
  info: Record<string, unknown>;
  xmp: string;
  markInfo: { Marked?: boolean } | null;
  /** Internal links per page: the named destination each Link annotation goes to, where it sits, its description. */
  links: { page: number; dest: string; rect: [number, number, number, number]; contents: string }[];
}

export function isElem(kid: StructKid): kid is StructElem {
  return 'role' in kid;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfData> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  try {
    const pages: PageData[] = [];
    const links: PdfData['links'] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const tree = (await page.getStructTree()) as unknown as StructElem | null;
      const content = await page.getTextContent({ includeMarkedContent: true });
      pages.push({ number: n, tree, ...readMarkedContent(content.items as unknown as ContentItem[]) });
      for (const a of (await page.getAnnotations()) as {
        subtype: string;
        dest?: unknown;
        rect: number[];
        contentsObj?: { str?: string };
      }[]) {
        if (a.subtype === 'Link' && typeof a.dest === 'string')
          links.push({
            page: n,
            dest: a.dest,
            rect: a.rect as [number, number, number, number],
            contents: a.contentsObj?.str ?? '',
          });
      }
    }
    const meta = await doc.getMetadata();
    return {
      pages,
      outline: flattenOutline(((await doc.getOutline()) ?? []) as RawOutline[], 1),
      destinations: await destinations(doc),
      info: meta.info as Record<string, unknown>,
      xmp: await rawXmp(doc),
      markInfo: (await doc.getMarkInfo()) as { Marked?: boolean } | null,
      links,
    };
  } finally {
    await doc.destroy();
  }
}

type ContentItem =
  | { type: 'beginMarkedContent' | 'beginMarkedContentProps'; id?: string | null; tag?: string }
  | { type: 'endMarkedContent' }
  | { str: string; hasEOL?: boolean };

function readMarkedContent(items: ContentItem[]): Omit<PageData, 'number' | 'tree'> {
  const spans = new Map<string, string>();
  const artifactText: string[] = [];
  const untaggedText: string[] = [];
  const mixed: string[] = [];
  const stack: { id: string | null; artifact: boolean }[] = [];
  let text = '';
  for (const item of items) {
    if ('type' in item) {
      if (item.type === 'endMarkedContent') {
        stack.pop();
        continue;
      }
      const entry = {
        id: item.type === 'beginMarkedContentProps' ? (item.id ?? null) : null,
        artifact: item.tag === 'Artifact',
      };
      const inArtifact = stack.some((s) => s.artifact);
      const inTagged = stack.some((s) => s.id);
      if ((entry.artifact && inTagged) || (entry.id && inArtifact))
        mixed.push(entry.id ?? stack.find((s) => s.id)?.id ?? '?');
      stack.push(entry);
      if (entry.id && !spans.has(entry.id)) spans.set(entry.id, '');
      continue;
    }
    const str = item.str + (item.hasEOL ? '\n' : '');
    text += str;
    const owner = [...stack].reverse().find((s) => s.id || s.artifact);
    if (!owner) untaggedText.push(str);
    else if (owner.artifact) artifactText.push(str);
    else spans.set(owner.id!, spans.get(owner.id!)! + str);
  }
  return { spans, artifactText, untaggedText, mixed, text };
}

type RawOutline = { title: string; dest: unknown; items: RawOutline[] };

function flattenOutline(items: RawOutline[], depth: number): OutlineEntry[] {
  return items.flatMap((i) => [
    { title: i.title, depth, dest: typeof i.dest === 'string' ? i.dest : null },
    ...flattenOutline(i.items, depth + 1),
  ]);
}

async function destinations(doc: PDFDocumentProxy): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [name, dest] of Object.entries((await doc.getDestinations()) as Record<string, unknown[]>)) {
    out.set(name, (await doc.getPageIndex(dest[0] as { num: number; gen: number })) + 1);
  }
  return out;
}

async function rawXmp(doc: PDFDocumentProxy): Promise<string> {
  const meta = await doc.getMetadata();
  const raw = (meta.metadata as unknown as { getRaw?: () => string } | null)?.getRaw?.();
  return raw ?? '';
}

/** The text of an element: its own marked content and its descendants', on this page. */
export function elemText(elem: StructElem, page: PageData): string {
  return elem.children
    .map((k) => (isElem(k) ? elemText(k, page) : k.type === 'content' ? (page.spans.get(k.id) ?? '') : ''))
    .join('');
}

/** Every element of a page's tree, in logical (pre-)order. */
export function elements(page: PageData): StructElem[] {
  const out: StructElem[] = [];
  const walk = (e: StructElem) => {
    out.push(e);
    for (const k of e.children) if (isElem(k)) walk(k);
  };
  if (page.tree) walk(page.tree);
  return out;
}

/** Content ids reachable from a page's structure tree. */
export function reachableIds(page: PageData): Set<string> {
  const ids = new Set<string>();
  for (const e of elements(page)) for (const k of e.children) if (!isElem(k) && k.type === 'content') ids.add(k.id);
  return ids;
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
