// Handlebars sources as positioned diagnostics: catalogue messages (templates/i18n/<lang>/*.json)
// and the HTML page and partials. A syntax error (an unclosed {{, a {{#if}} without {{/if}}), an
// unknown helper or partial, and in the HTML templates a field the page's view model does not
// have, is reported at its file, line and column by `check` and `build` alike, before anything is
// composed. The HTML templates are compiled with render's own function and options
// (compileHtmlTemplate) and their names checked against render's view-model shape, so what passes
// here renders.

import Handlebars from 'handlebars';
import { join } from 'node:path';
import { MESSAGE_COMPILE_OPTIONS, plainTemplate } from './catalogues.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import {
  compileHtmlTemplate,
  HTML_HELPERS,
  HTML_PARTIALS,
  PAGE_VIEW_SHAPE,
  ViewVariants,
  type ViewFields,
  type ViewShape,
} from '../core/html-page.js';

export interface TemplateProblem {
  /** 1-based line and column within the template source. */
  line: number;
  column: number;
  message: string;
}

// Handlebars' generated parser throws a bare Error whose text draws the position; keep its
// structured position too (same text, one more property), so it can be reported as a place.
(Handlebars as unknown as { Parser: { parseError: (text: string, hash: unknown) => never } }).Parser.parseError = (
  text,
  hash,
) => {
  throw Object.assign(new Error(text), { hash });
};

interface ParseHash {
  token?: string;
  expected?: string[];
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

const HINT = 'close every {{ with }} and every {{#block}} with its {{/block}}; write a literal {{ as \\{{';

/** The first syntax error of a Handlebars source, or undefined when it parses. */
export function templateSyntax(source: string): TemplateProblem | undefined {
  try {
    Handlebars.parse(source);
    return undefined;
  } catch (e) {
    const hash = (e as { hash?: ParseHash }).hash;
    if (hash?.loc) {
      if (hash.token === 'EOF')
        return (
          unclosedBlock(source) ?? {
            line: hash.loc.last_line,
            column: hash.loc.last_column + 1,
            message: 'the template ends in the middle of a {{…}} or a block',
          }
        );
      const found =
        hash.token === 'INVALID'
          ? 'a {{ that is not closed by }}, or a character Handlebars cannot read'
          : `an unexpected ${tokenName(hash.token)}`;
      return { line: hash.loc.first_line, column: hash.loc.first_column + 1, message: `syntax error: ${found}` };
    }
    // Handlebars' own checks ("if doesn't match each") carry lineNumber and a 0-based column.
    const { lineNumber, column } = e as { lineNumber?: number; column?: number };
    const message = String((e as Error)?.message ?? e)
      .split('\n')[0]!
      .replace(/ - \d+:\d+$/, '');
    return { line: lineNumber ?? 1, column: (column ?? 0) + 1, message: `syntax error: ${message}` };
  }
}

function tokenName(token: string | undefined): string {
  if (token === 'OPEN_ENDBLOCK') return '{{/…}} that closes no block';
  if (token === 'CLOSE' || token === 'CLOSE_UNESCAPED') return '}}';
  return token ? token.toLowerCase().replace(/_/g, ' ') : 'end';
}

/** The innermost {{#name}} or {{^name}} that has no {{/name}}, for a template that ends too soon. */
function unclosedBlock(source: string): TemplateProblem | undefined {
  const open: { name: string; index: number }[] = [];
  for (const m of source.matchAll(/\{\{~?\s*([#^/])\s*>?\s*([^\s}~]+)/g)) {
    if (m[1] === '/') {
      const at = open.map((o) => o.name).lastIndexOf(m[2]!);
      if (at >= 0) open.length = at;
    } else open.push({ name: m[2]!, index: m.index });
  }
  const last = open.at(-1);
  if (!last) return undefined;
  return {
    ...positionAt(source, last.index),
    message: `{{#${last.name}}} is never closed: the template ends before its {{/${last.name}}}`,
  };
}

/** 1-based line and column (code points) of a UTF-16 offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** Where the text of `key` starts in a catalogue's JSON (just inside its opening quote). */
export function valuePosition(json: string, key: string): { line: number; column: number; offset: number } | undefined {
  const escaped = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}\\s*:\\s*"`).exec(json);
  if (!m) return undefined;
  const offset = m.index + m[0].length;
  return { ...positionAt(json, offset), offset };
}

/** The place in a catalogue of a problem at `at` inside the text of `key` (single-line texts map exactly). */
export function placeInCatalogue(
  json: string,
  key: string,
  at: { line: number; column: number } = { line: 1, column: 1 },
): { line?: number; column?: number } {
  const start = valuePosition(json, key);
  if (!start) return {};
  return { line: start.line, column: at.line === 1 ? start.column + at.column - 1 : start.column };
}

/** The place in a catalogue of the first use of `field` (the first path segment) in the text of `key`. */
export function fieldInCatalogue(
  json: string,
  key: string,
  message: string,
  field: string,
): { line?: number; column?: number } {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\{\\{[~#^/&{]?\\s*${escaped}\\b`).exec(message);
  return placeInCatalogue(json, key, m ? positionAt(message, m.index) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Beyond syntax: the Handlebars syntax tree, walked for helpers, partials and field names.

interface Loc {
  start: { line: number; column: number };
}
interface Node {
  type: string;
  loc?: Loc;
}
interface PathNode extends Node {
  type: 'PathExpression';
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}
interface HashNode {
  pairs: { key: string; value: Expr }[];
}
interface CallNode extends Node {
  path: Expr;
  params: Expr[];
  hash?: HashNode;
}
interface ProgramNode extends Node {
  body: Node[];
  blockParams?: string[];
}
interface BlockNode extends CallNode {
  program?: ProgramNode;
  inverse?: ProgramNode;
}
interface PartialNode extends Node {
  name: Expr;
  params: Expr[];
  hash?: HashNode;
  program?: ProgramNode;
}
/** Any expression: a path, a sub-expression (a CallNode) or a literal (with its value). */
type Expr = Node & { value?: unknown };

/** Handlebars' own helpers, known to every template (its compiler's default knownHelpers). */
const BUILT_IN_HELPERS = ['helperMissing', 'blockHelperMissing', 'each', 'if', 'unless', 'with', 'log', 'lookup'];

/** A helper, partial or field problem at a 1-based line and column of the template. */
interface NameProblem extends TemplateProblem {
  rule: 'syntax' | 'field';
  hint: string;
}

/** 1-based line and code-point column of a Handlebars location (1-based line, 0-based UTF-16 column). */
function placeOfLoc(source: string, loc: Loc | undefined): { line: number; column: number } {
  if (!loc) return { line: 1, column: 1 };
  const line = source.split('\n')[loc.start.line - 1] ?? '';
  return { line: loc.start.line, column: [...line.slice(0, loc.start.column)].length + 1 };
}

/**
 * Every helper a template calls that `known` does not hold, each at its name. A mustache or block
 * with parameters, and every sub-expression, calls a helper; so does a bare name that is a known
 * helper (as Handlebars' compiler classifies them under knownHelpersOnly).
 */
function unknownHelpers(source: string, ast: ProgramNode, known: ReadonlySet<string>, hint: string): NameProblem[] {
  const out: NameProblem[] = [];
  const visit = (node: Node | undefined, params: ReadonlySet<string>): void => {
    if (!node) return;
    const n = node as BlockNode & PartialNode;
    if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      const path = n.path as PathNode;
      if (path.type === 'PathExpression' && !path.data && !params.has(path.parts[0] ?? '')) {
        const calls = node.type === 'SubExpression' || n.params.length > 0 || n.hash !== undefined;
        const name = path.parts[0] ?? path.original;
        if (calls && !known.has(name))
          out.push({
            ...placeOfLoc(source, path.loc),
            rule: 'syntax',
            message: `the helper "${name}" does not exist`,
            hint,
          });
      }
      for (const p of n.params) visit(p, params);
      for (const pair of n.hash?.pairs ?? []) visit(pair.value, params);
      for (const program of [n.program, n.inverse])
        if (program) visit(program, new Set([...params, ...(program.blockParams ?? [])]));
    } else if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      visit(n.name, params);
      for (const p of n.params) visit(p, params);
      for (const pair of n.hash?.pairs ?? []) visit(pair.value, params);
      if (n.program) visit(n.program, params);
    } else if (node.type === 'Program') {
      for (const child of (node as ProgramNode).body) visit(child, params);
    }
  };
  visit(ast, new Set(ast.blockParams ?? []));
  return out;
}

/** Parses with Handlebars' own parser (syntax errors are reported before, by templateSyntax). */
function parse(hb: typeof Handlebars, source: string): ProgramNode {
  return hb.parse(source) as unknown as ProgramNode;
}

/** The first line of a Handlebars error, without the " - line:column" it appends. */
function errorText(e: unknown): string {
  return String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .replace(/ - \d+:\d+$/, '');
}

const MESSAGE_HELPER_HINT =
  "a text can use fields ({{name}}) and Handlebars' own if, unless, each and with; remove the helper or write {{name}}";

/** Problems beyond syntax in one catalogue text: a helper other than Handlebars' own, a partial. */
function messageProblems(hb: typeof Handlebars, text: string): NameProblem[] {
  const ast = parse(hb, text);
  const out = unknownHelpers(text, ast, new Set(BUILT_IN_HELPERS), MESSAGE_HELPER_HINT);
  const partials = (node: Node | undefined): void => {
    if (!node) return;
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      out.push({
        ...placeOfLoc(text, node.loc),
        rule: 'syntax',
        message: 'a text cannot include a partial ({{> …}})',
        hint: 'write the words themselves, or a field ({{name}})',
      });
    }
    const n = node as BlockNode;
    for (const program of [n.program, n.inverse]) partials(program);
    if (node.type === 'Program') for (const child of (node as ProgramNode).body) partials(child);
  };
  partials(ast);
  if (out.length > 0) return out;
  // Whatever else Handlebars' compiler refuses (the walk above should have found it), at its place.
  try {
    hb.precompile(text, MESSAGE_COMPILE_OPTIONS);
  } catch (e) {
    const { lineNumber, column } = e as { lineNumber?: number; column?: number };
    return [
      {
        line: lineNumber ?? 1,
        column: (column ?? 0) + 1,
        rule: 'syntax',
        message: errorText(e),
        hint: MESSAGE_HELPER_HINT,
      },
    ];
  }
  return [];
}

/** Syntax errors, unknown helpers and partials in the messages of one catalogue, each at the place of the message in the file. */
export function catalogueTemplateProblems(file: string, json: string, messages: Record<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const hb = Handlebars.create();
  for (const [key, text] of Object.entries(messages)) {
    // Text and plain {{name}} fields (most texts): filled without Handlebars by compose/i18n.ts,
    // and they always parse; compose reports a field the report does not give.
    if (plainTemplate(text)) continue;
    const problem = templateSyntax(text);
    if (problem) {
      out.push(
        error(
          { file, ...placeInCatalogue(json, key, problem) },
          'i18n/template',
          `the text for "${key}": ${problem.message}`,
          HINT,
        ),
      );
      continue;
    }
    for (const p of messageProblems(hb, text))
      out.push(
        error(
          { file, ...placeInCatalogue(json, key, p) },
          'i18n/template',
          `the text for "${key}": ${p.message}`,
          p.hint,
        ),
      );
  }
  return out;
}

const HTML_HELPER_HINT = `the HTML templates can use the helpers ${HTML_HELPERS.join(' and ')} and Handlebars' own if, unless, each, with and lookup`;

/**
 * Every problem in the HTML page and partials, at its place in each file: syntax errors, then
 * helpers render does not know, partials that do not exist, and fields the view model does not
 * have (followed from page.hbs through every partial it includes, in the context it gives each).
 */
export function htmlTemplateProblems(
  templatesDir: string,
  html: { page: string; partials: Record<string, string> } | undefined,
): Diagnostic[] {
  if (!html) return [];
  const sources: [string, string][] = [
    ['page.hbs', html.page],
    ...Object.entries(html.partials).map(([name, s]): [string, string] => [`partials/${name}.hbs`, s]),
  ];
  const out: Diagnostic[] = [];
  const at = (name: string, p: TemplateProblem) => ({
    file: join(templatesDir, 'html', name),
    line: p.line,
    column: p.column,
  });
  const hb = Handlebars.create();
  const trees = new Map<string, ProgramNode>();
  for (const [name, source] of sources) {
    const problem = templateSyntax(source);
    if (problem) {
      out.push(error(at(name, problem), 'template/syntax', problem.message, HINT));
      continue;
    }
    const ast = parse(hb, source);
    const helpers = unknownHelpers(source, ast, new Set([...HTML_HELPERS, ...BUILT_IN_HELPERS]), HTML_HELPER_HINT);
    for (const p of helpers) out.push(error(at(name, p), 'template/syntax', p.message, p.hint));
    if (helpers.length > 0) continue;
    // Render's own compile: whatever else it refuses (the walk above should have found it).
    try {
      compileHtmlTemplate(hb, source);
    } catch (e) {
      const { lineNumber, column } = e as { lineNumber?: number; column?: number };
      out.push(
        error(
          at(name, { line: lineNumber ?? 1, column: (column ?? 0) + 1, message: '' }),
          'template/syntax',
          errorText(e),
          HTML_HELPER_HINT,
        ),
      );
      continue;
    }
    trees.set(name, ast);
  }
  // Names are followed only through templates that compile; a broken one is reported above.
  if (trees.has('page.hbs')) {
    const checker = new FieldChecker(html, trees);
    checker.program('page.hbs', trees.get('page.hbs')!, { stack: [PAGE_VIEW_SHAPE], params: new Map() });
    for (const p of checker.problems.values())
      out.push(
        error(at(p.name, p), p.rule === 'field' ? 'template/unknown-field' : 'template/syntax', p.message, p.hint),
      );
  }
  return out;
}

/** A shape no check applies to (a data variable such as @index, a block parameter, …). */
const ANY: unique symbol = Symbol('any');
type Shape = ViewShape | typeof ANY;

interface Scope {
  /** The contexts from the template's own (last) outwards, for `this`, fields and `../`. */
  stack: Shape[];
  /** Block parameters (`as |item|`) in scope. */
  params: Map<string, Shape>;
}

const isList = (s: Shape): s is readonly [ViewShape] => Array.isArray(s);
const isFields = (s: Shape): s is ViewFields =>
  typeof s === 'object' && !Array.isArray(s) && !(s instanceof ViewVariants);

/**
 * Follows the page template and every partial it includes with the shape of the view model each
 * one receives, and records every name that the view model does not have there: render runs in
 * strict mode, so each would fail the build. The walk is static: both branches of every
 * {{#if}}, every variant of a block (each rendered by the partial its `partial` field names).
 */
class FieldChecker {
  readonly problems = new Map<string, NameProblem & { name: string }>();
  private readonly done = new Set<string>();
  private readonly ids = new Map<object, number>();
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly html: { page: string; partials: Record<string, string> },
    private readonly trees: ReadonlyMap<string, ProgramNode>,
  ) {
    this.known = new Set([...HTML_HELPERS, ...BUILT_IN_HELPERS]);
  }

  program(name: string, program: ProgramNode | undefined, scope: Scope): void {
    for (const node of program?.body ?? []) this.statement(name, node, scope);
  }

  private source(name: string): string {
    return name === 'page.hbs' ? this.html.page : (this.html.partials[name.replace(/^partials\/|\.hbs$/g, '')] ?? '');
  }

  private report(name: string, loc: Loc | undefined, rule: NameProblem['rule'], message: string, hint: string): void {
    const place = placeOfLoc(this.source(name), loc);
    const key = `${name}:${place.line}:${place.column}`;
    if (!this.problems.has(key)) this.problems.set(key, { name, ...place, rule, message, hint });
  }

  private statement(name: string, node: Node, scope: Scope): void {
    const n = node as BlockNode & PartialNode;
    switch (node.type) {
      case 'MustacheStatement':
        return void this.call(name, n, scope);
      case 'BlockStatement': {
        const helper = this.helperOf(n, scope);
        const inner =
          helper === 'each'
            ? this.element(name, n.params[0], scope)
            : helper === 'with'
              ? this.expr(name, n.params[0], scope)
              : helper
                ? undefined
                : this.blockContext(name, n.path, scope);
        if (helper && helper !== 'each' && helper !== 'with') this.args(name, n, scope);
        const params = new Map(scope.params);
        for (const p of n.program?.blockParams ?? []) params.set(p, ANY);
        this.program(
          name,
          n.program,
          inner === undefined ? { ...scope, params } : { stack: [...scope.stack, inner], params },
        );
        this.program(name, n.inverse, scope);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.partial(name, n, scope);
        if (n.program) this.program(name, n.program, scope);
        return;
      default:
        return; // text, comments, decorators
    }
  }

  /** The helper a mustache or block calls, or undefined when it names a field. */
  private helperOf(n: CallNode, scope: Scope): string | undefined {
    const path = n.path as PathNode;
    if (path.type !== 'PathExpression' || path.data || scope.params.has(path.parts[0] ?? '')) return undefined;
    const name = path.parts[0] ?? '';
    if (n.type === 'SubExpression' || n.params.length > 0 || n.hash) return name;
    return path.parts.length === 1 && path.depth === 0 && this.known.has(name) ? name : undefined;
  }

  /** A mustache or sub-expression: a helper call (its arguments are checked) or a field. */
  private call(name: string, n: CallNode, scope: Scope): Shape {
    if (this.helperOf(n, scope) === undefined) return this.expr(name, n.path, scope);
    this.args(name, n, scope);
    return ANY;
  }

  private args(name: string, n: CallNode, scope: Scope): void {
    for (const p of n.params) this.expr(name, p, scope);
    for (const pair of n.hash?.pairs ?? []) this.expr(name, pair.value, scope);
  }

  /** The context of a block over a field ({{#field}}…{{/field}}): a list's element, an object, or the same context. */
  private blockContext(name: string, path: Expr, scope: Scope): Shape | undefined {
    const shape = this.expr(name, path, scope);
    if (isList(shape)) return shape[0];
    return shape === 'value' ? undefined : shape;
  }

  /** The context inside {{#each list}}. */
  private element(name: string, list: Expr | undefined, scope: Scope): Shape {
    const shape = this.expr(name, list, scope);
    return isList(shape) ? shape[0] : ANY;
  }

  /** The shape of an expression; names the view model does not have are reported (and are ANY from there). */
  private expr(name: string, e: Expr | undefined, scope: Scope): Shape {
    if (!e) return ANY;
    if (e.type === 'SubExpression') return this.call(name, e as CallNode, scope);
    if (e.type !== 'PathExpression') return 'value'; // a string, number, boolean, null or undefined literal
    const path = e as PathNode;
    let shape: Shape;
    let parts = path.parts;
    if (path.data) {
      if (parts[0] !== 'root') return ANY; // @index, @key, @first, @last
      shape = PAGE_VIEW_SHAPE;
      parts = parts.slice(1);
    } else if (path.depth === 0 && parts.length > 0 && scope.params.has(parts[0]!)) {
      shape = scope.params.get(parts[0]!)!;
      parts = parts.slice(1);
    } else {
      // Above a partial's own context (`../` in a partial) the walk does not follow: no check.
      shape = scope.stack[scope.stack.length - 1 - path.depth] ?? ANY;
    }
    for (const [i, part] of parts.entries()) {
      const next = this.field(shape, part);
      if (next === undefined) {
        const where = i === 0 ? 'here' : `in ${parts.slice(0, i).join('.')}`;
        this.report(name, path.loc, 'field', `the field "${part}" does not exist ${where}`, this.fieldHint(shape));
        return ANY;
      }
      shape = next;
    }
    return shape;
  }

  /** The shape of `field` of a value of `shape`, or undefined when it has no such field. */
  private field(shape: Shape, field: string): Shape | undefined {
    if (shape === ANY) return ANY;
    if (shape === 'value') return undefined;
    if (isList(shape)) return field === 'length' ? 'value' : /^\d+$/.test(field) ? shape[0] : undefined;
    if (shape instanceof ViewVariants) {
      // A field every kind has (the kinds then differ only below it).
      const each = Object.values(shape.variants).map((v) => (Object.hasOwn(v, field) ? v[field]! : undefined));
      return each.every((s) => s !== undefined) ? (each.every((s) => s === each[0]) ? each[0] : ANY) : undefined;
    }
    return Object.hasOwn(shape, field) ? shape[field]! : undefined;
  }

  private fieldHint(shape: Shape): string {
    const names =
      shape instanceof ViewVariants
        ? Object.keys(Object.values(shape.variants)[0] ?? {})
        : isFields(shape)
          ? Object.keys(shape)
          : isList(shape)
            ? ['length']
            : [];
    if (names.length === 0)
      return 'this is a single value, which has no fields: use it as {{this}} or name the field above it';
    return `the fields here are ${names.join(', ')}; check the spelling against the other templates (pipeline/render/html/view.ts builds the page's data)`;
  }

  /** A partial: it must exist; its own template is then followed with the context it is given. */
  private partial(name: string, n: PartialNode, scope: Scope): void {
    const contexts: Shape[] =
      n.params.length > 0 ? [this.expr(name, n.params[0], scope)] : [scope.stack[scope.stack.length - 1] ?? ANY];
    const hash: [string, Shape][] = (n.hash?.pairs ?? []).map((pair) => [pair.key, this.expr(name, pair.value, scope)]);
    const withHash = (context: Shape): Shape =>
      hash.length === 0
        ? context
        : ({ ...(isFields(context) ? context : {}), ...Object.fromEntries(hash) } as ViewFields);
    const target = n.name;
    if (target.type === 'SubExpression') {
      // {{> (lookup . "partial")}}: each kind of block is rendered by the partial it names.
      const call = target as CallNode;
      const by = call.params[1];
      const lookup = this.helperOf(call, scope) === 'lookup' && by?.type === 'StringLiteral';
      const variants = lookup ? this.expr(name, call.params[0], scope) : this.call(name, call, scope);
      if (lookup && variants instanceof ViewVariants && variants.by === by.value) {
        for (const [kind, shape] of Object.entries(variants.variants))
          this.include(name, target, kind, withHash(shape));
      }
      return;
    }
    const partialName =
      target.type === 'PathExpression' ? (target as PathNode).original : String((target as { value?: unknown }).value);
    for (const context of contexts) this.include(name, target, partialName, withHash(context));
  }

  private include(from: string, at: Node, partial: string, context: Shape): void {
    if (typeof this.html.partials[partial] !== 'string') {
      const names = HTML_PARTIALS.filter((p) => typeof this.html.partials[p] === 'string');
      this.report(
        from,
        at.loc,
        'syntax',
        `the partial "${partial}" does not exist`,
        `the partials are ${names.join(', ')} (templates/html/partials/<name>.hbs)`,
      );
      return;
    }
    const file = `partials/${partial}.hbs`;
    const tree = this.trees.get(file);
    if (!tree) return; // it does not compile: reported on its own
    const key = `${file} ${this.key(context)}`;
    if (this.done.has(key)) return;
    this.done.add(key);
    this.program(file, tree, { stack: [context], params: new Map() });
  }

  /** A context's identity for walking each partial once per distinct context (recursive partials end). */
  private key(shape: Shape): string {
    if (isFields(shape))
      return `{${Object.entries(shape)
        .map(([k, v]) => `${k}:${this.id(v)}`)
        .join(',')}}`;
    return String(this.id(shape));
  }

  private id(shape: Shape): string {
    if (typeof shape !== 'object') return String(shape);
    let id = this.ids.get(shape);
    if (id === undefined) this.ids.set(shape, (id = this.ids.size + 1));
    return `#${id}`;
  }
}
