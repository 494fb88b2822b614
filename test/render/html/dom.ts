// A small HTML parser for tests: enough of the HTML tokenizer to read the pages our templates
// produce (every element closed, attributes quoted) into a tree, with entities decoded. It does not
// trust the markup to be well formed for the things tests look for: every start tag and attribute
// the tokenizer sees is recorded, wherever it sits.

export interface Element {
  type: 'element';
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: Element | null;
}
export interface Text {
  type: 'text';
  text: string;
}
export type Node = Element | Text;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

export function parseHtml(html: string): Element {
  const root: Element = { type: 'element', tag: '#document', attrs: {}, children: [], parent: null };
  let current = root;
  let i = 0;
  const pushText = (text: string) => {
    if (text !== '') current.children.push({ type: 'text', text: decodeEntities(text) });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt) || html.startsWith('<?', lt)) {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const endTag = /^<\/([a-zA-Z][^\s/>]*)\s*>/.exec(html.slice(lt));
    if (endTag) {
      const tag = endTag[1]!.toLowerCase();
      // Close up to the nearest open element of that name; ignore a stray closer.
      let el: Element | null = current;
      while (el && el.tag !== tag) el = el.parent;
      if (el && el.parent) current = el.parent;
      i = lt + endTag[0].length;
      continue;
    }
    const start = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(lt));
    if (!start) {
      pushText('<');
      i = lt + 1;
      continue;
    }
    const tag = start[1]!.toLowerCase();
    let j = lt + start[0].length;
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    // Attributes, per the HTML tokenizer: name, optional = and a quoted or bare value.
    for (;;) {
      while (j < html.length && /\s/.test(html[j]!)) j++;
      if (j >= html.length) break;
      if (html[j] === '>') {
        j++;
        break;
      }
      if (html.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
        break;
      }
      if (html[j] === '/') {
        j++;
        continue;
      }
      const nameMatch = /^[^\s/>=]+/.exec(html.slice(j)) ?? /^=[^\s/>=]*/.exec(html.slice(j));
      const name = nameMatch![0].toLowerCase();
      j += nameMatch![0].length;
      while (j < html.length && /\s/.test(html[j]!)) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < html.length && /\s/.test(html[j]!)) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? html.length : end);
          j = end < 0 ? html.length : end + 1;
        } else {
          const m = /^[^\s>]*/.exec(html.slice(j))!;
          value = m[0];
          j += value.length;
        }
      }
      if (!(name in attrs)) attrs[name] = decodeEntities(value);
    }
    const el: Element = { type: 'element', tag, attrs, children: [], parent: current };
    current.children.push(el);
    i = j;
    if (selfClosing || VOID.has(tag)) continue;
    if (RAW_TEXT.has(tag)) {
      const close = html.toLowerCase().indexOf(`</${tag}`, i);
      const raw = html.slice(i, close < 0 ? html.length : close);
      if (raw !== '')
        el.children.push({ type: 'text', text: tag === 'title' || tag === 'textarea' ? decodeEntities(raw) : raw });
      const gt = close < 0 ? html.length : html.indexOf('>', close);
      i = gt < 0 ? html.length : gt + 1;
      continue;
    }
    current = el;
  }
  return root;
}

export function* walk(node: Node): Generator<Element> {
  if (node.type !== 'element') return;
  if (node.tag !== '#document') yield node;
  for (const c of node.children) yield* walk(c);
}

export function all(root: Node, pred: (e: Element) => boolean): Element[] {
  return [...walk(root)].filter(pred);
}

export const byTag = (root: Node, tag: string) => all(root, (e) => e.tag === tag);

export function one(root: Node, pred: (e: Element) => boolean, what = 'element'): Element {
  const found = all(root, pred);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0]!;
}

export function text(node: Node): string {
  if (node.type === 'text') return node.text;
  return node.children.map(text).join('');
}

/** Text with whitespace runs collapsed, as a reader would see it. */
export function visibleText(node: Node): string {
  return text(node).replace(/\s+/g, ' ').trim();
}

export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parent; p; p = p.parent) out.push(p);
  return out;
}
