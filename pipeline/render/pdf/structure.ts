// The logical structure of the PDF: a tree of PDF structure roles that definition.ts builds beside
// the pdfmake content and marks the content nodes with, and that tagging.ts turns into the tagged
// PDF's structure tree while pdfmake renders.

/** Standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4) that the report uses. */
export type StructRole =
  | 'Document'
  | 'Div'
  | 'Sect'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'P'
  | 'BlockQuote'
  | 'Caption'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'TOC'
  | 'TOCI'
  | 'Reference';

/** Content that is not read aloud: page furniture, decoration, repeated table headers. */
export type ArtifactType = 'Pagination' | 'Layout' | 'Background';

export interface StructAttrs {
  /** Alternate description (Figure). */
  alt?: string;
  /** BCP 47 language of the element, where it differs from or restates the document's. */
  lang?: string;
  /** Header cell scope (TH). */
  scope?: 'Column' | 'Row' | 'Both';
  /** List attribute ListNumbering (L). */
  listNumbering?: 'None' | 'Disc' | 'Decimal';
}

export interface StructNode {
  readonly kind: 'struct';
  readonly role: StructRole;
  readonly parent: StructNode | null;
  readonly children: StructNode[];
  readonly attrs: StructAttrs;
  /**
   * For an LBody: the Lbl that receives the list marker pdfmake draws while it lays out the body's
   * first line (pdfmake's ordered-list numbers are not nodes of their own).
   */
  label?: StructNode;
}

export interface ArtifactMark {
  readonly kind: 'artifact';
  readonly type: ArtifactType;
}

/** What a pdfmake node (or a line laid out from it) is marked with. */
export type StructMark = StructNode | ArtifactMark;

/**
 * The property that carries a mark on pdfmake nodes and on the lines pdfmake lays out from them.
 * A string key, not a symbol: pdfmake copies lines and SVG items with for…in when it places
 * unbreakable blocks, and only string keys survive that.
 */
export const STRUCT_KEY = 'hlsdStruct';

/**
 * The whole text of a link, on every inline pdfmake lays out from it (pdfmake copies a text node's
 * own keys to each word): the description (/Contents) of each of the link's annotations, on every
 * line it wraps onto, and of a table-of-contents entry's page number (the heading's title).
 */
export const LINK_TEXT_KEY = 'hlsdLinkText';

export const HEADING_ROLES = ['H1', 'H2', 'H3', 'H4'] as const satisfies readonly StructRole[];

/** Grows the tree in document order: children are appended in the order they are added. */
export class StructTree {
  readonly root: StructNode = { kind: 'struct', role: 'Document', parent: null, children: [], attrs: {} };

  add(parent: StructNode, role: StructRole, attrs: StructAttrs = {}): StructNode {
    const node: StructNode = { kind: 'struct', role, parent, children: [], attrs };
    parent.children.push(node);
    return node;
  }
}

export function artifact(type: ArtifactType): ArtifactMark {
  return { kind: 'artifact', type };
}

/** Puts a mark on a pdfmake node; returns the node, so builders can wrap their return value. */
export function mark<T extends Record<string, unknown>>(node: T, by: StructMark): T {
  (node as Record<string, unknown>)[STRUCT_KEY] = by;
  return node;
}

export function markOf(value: unknown): StructMark | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = (value as Record<string, unknown>)[STRUCT_KEY];
  if (m && typeof m === 'object' && ((m as StructMark).kind === 'struct' || (m as StructMark).kind === 'artifact'))
    return m as StructMark;
  return undefined;
}

export function headingRole(level: 1 | 2 | 3 | 4): StructRole {
  return HEADING_ROLES[level - 1]!;
}
