// Every patch of pdfmake's internals: the nine layout and render methods the PDF tagging wraps
// (render/pdf/tagging.ts supplies what the wrappers do), and the allocation-free style lookups of
// StyleContextStack (render/pdf/index.ts turns them on). pdfmake is untyped JavaScript and these
// classes are not part of its API: a patch release may move them, so before anything is patched
// the installed version and every patched method are checked (checkPdfmake).

import { createRequire } from 'node:module';
import { checkMembers, checkVersion, installedVersion, type MemberKind, type PatchTarget } from './guard.js';

export const PDFMAKE: PatchTarget = { pkg: 'pdfmake', versions: ['0.3.11'], file: 'pipeline/patches/pdfmake.ts' };

/** The methods the tagging wraps, by class (pdfmake/js/<class>.js, default export). */
export const TAGGED_METHODS = {
  LayoutBuilder: ['processNode'],
  ElementWriter: ['addLine'],
  PageElementWriter: ['pushToRepeatables'],
  Renderer: ['renderPages', 'renderLine', 'renderSVG', 'renderImage', 'renderVector', 'renderWatermark'],
} as const;

type TaggedClass = keyof typeof TAGGED_METHODS;

/** What the style lookups replace or call: StyleContextStack.prototype.*, and the static getStyleProperty. */
const STYLE_METHODS = { getProperty: 'function', autopush: 'function', pop: 'function' } as const satisfies Record<
  string,
  MemberKind
>;

/** One of pdfmake's methods (pdfmake is untyped). */
export type Original = (this: unknown, ...args: unknown[]) => unknown;
/** Given pdfmake's method, returns the method to install in its place. */
export type Wrapper = (original: Original) => (...args: never[]) => unknown;
/** One wrapper for each method of TAGGED_METHODS. */
export type TaggingHooks = { [C in TaggedClass]: Record<(typeof TAGGED_METHODS)[C][number], Wrapper> };

interface Klass {
  prototype: Record<string | symbol, unknown>;
  [key: string]: unknown;
}

export interface PdfmakeClasses {
  version: string;
  LayoutBuilder: Klass;
  ElementWriter: Klass;
  PageElementWriter: Klass;
  Renderer: Klass;
  StyleContextStack: Klass;
}

/** For tests: another version, or other classes, than the installed ones. */
export interface PdfmakeProbe {
  version?: string;
  load?: (name: string) => unknown;
}

const require = createRequire(import.meta.url);
const loadInstalled = (name: string): unknown => require(`pdfmake/js/${name}`);
let checked: PdfmakeClasses | undefined;

/**
 * The classes this module patches, once the installed pdfmake is a version it was written for and
 * has every method it patches; else a DependencyPatchError saying what differs and what to do.
 * Checked once per thread (a probe is checked each time, and never remembered).
 */
export function checkPdfmake(probe?: PdfmakeProbe): PdfmakeClasses {
  if (checked && !probe) return checked;
  const version = probe?.version ?? installedVersion('pdfmake', import.meta.url);
  checkVersion(PDFMAKE, version);
  const load = probe?.load ?? loadInstalled;
  const classOf = (name: string): Klass => {
    const mod = load(name) as { default?: Klass } | undefined;
    checkMembers(PDFMAKE, version, mod, `js/${name}.js`, { default: 'function' });
    checkMembers(PDFMAKE, version, mod!.default!.prototype, `${name}.prototype`, {});
    return mod!.default!;
  };
  const classes = { version } as PdfmakeClasses;
  for (const name of Object.keys(TAGGED_METHODS) as TaggedClass[]) {
    const klass = classOf(name);
    checkMembers(
      PDFMAKE,
      version,
      klass.prototype,
      `${name}.prototype`,
      Object.fromEntries(TAGGED_METHODS[name].map((m) => [m, 'function'])),
    );
    classes[name] = klass;
  }
  const styles = classOf('StyleContextStack');
  checkMembers(PDFMAKE, version, styles.prototype, 'StyleContextStack.prototype', STYLE_METHODS);
  checkMembers(PDFMAKE, version, styles, 'StyleContextStack', { getStyleProperty: 'function' });
  classes.StyleContextStack = styles;
  if (!probe) checked = classes;
  return classes;
}

const TAGGING_INSTALLED = Symbol.for('hlsd.tagging.installed');

/**
 * Replaces each method of TAGGED_METHODS with what its hook makes of pdfmake's own, once per
 * thread (later calls do nothing). Checks pdfmake first (checkPdfmake).
 */
export function installTaggingHooks(hooks: TaggingHooks, probe?: PdfmakeProbe): void {
  const classes = checkPdfmake(probe);
  const marker = classes.Renderer.prototype;
  if (marker[TAGGING_INSTALLED]) return;
  for (const name of Object.keys(TAGGED_METHODS) as TaggedClass[]) {
    const proto = classes[name].prototype;
    const wrappers = hooks[name] as Record<string, Wrapper>;
    for (const method of TAGGED_METHODS[name]) proto[method] = wrappers[method]!(proto[method] as Original);
  }
  marker[TAGGING_INSTALLED] = true;
}

interface StyleStack {
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  styleOverrides?: (string | Record<string, unknown>)[];
  defaultStyle?: Record<string, unknown>;
  getProperty(property: string): unknown;
  autopush(item: unknown): number;
  pop(howMany: number): void;
}

const STYLES_PATCHED = Symbol.for('hlsd.leanStyles.installed');

/**
 * pdfmake asks its style stack for some twenty properties of every word, and each lookup walks
 * the whole stack allocating a closure, plus a Set per named style on it: at 1,000 metrics that is
 * a tenth of the PDF time and much of its garbage. This is the same lookup — top of the stack
 * down, a named style's own value, else an override object's, else the default style — without
 * the allocations. Styles that use `extends` (ours do not) go to pdfmake's own lookup. Likewise
 * getStyleProperty, which pdfmake calls with a fresh closure for each property of each word.
 * Once per thread; checks pdfmake first (checkPdfmake).
 */
export function patchStyleLookups(probe?: PdfmakeProbe): void {
  const { StyleContextStack } = checkPdfmake(probe);
  if ((StyleContextStack as unknown as Record<symbol, unknown>)[STYLES_PATCHED]) return;
  StyleContextStack.getStyleProperty = (
    item: Record<string, unknown>,
    stack: StyleStack | undefined,
    property: string,
    defaultValue: unknown,
  ): unknown => {
    const own = item[property];
    if (own !== undefined && own !== null) return own;
    if (!stack) return defaultValue;
    const pushed = stack.autopush(item);
    const value = stack.getProperty(property);
    if (pushed > 0) stack.pop(pushed);
    return value !== undefined && value !== null ? value : defaultValue;
  };
  const original = StyleContextStack.prototype.getProperty as (this: StyleStack, property: string) => unknown;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string): unknown {
    const stack = this.styleOverrides;
    if (stack) {
      for (let i = stack.length - 1; i >= 0; i--) {
        const item = stack[i]!;
        if (typeof item === 'string') {
          const style = this.styleDictionary[item];
          if (!style) continue;
          if (style.extends !== undefined) return original.call(this, property);
          const value = style[property];
          if (value !== undefined && value !== null) return value;
        } else {
          const value = item[property];
          if (value !== undefined && value !== null) return value;
        }
      }
    }
    return this.defaultStyle && this.defaultStyle[property];
  };
  (StyleContextStack as unknown as Record<symbol, unknown>)[STYLES_PATCHED] = true;
}
