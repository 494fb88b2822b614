import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../../pipeline/core/types.js';
import {
  compileHtmlTemplates,
  HtmlRenderError,
  renderHtml,
  sanitizeChartSvg,
  type HtmlTemplates,
  type HtmlTemplateSources,
} from '../../../pipeline/render/html/index.js';
import {
  FIXTURE_CHART_ID,
  fixtureCharts,
  fixtureDocument,
  XSS_PAYLOADS,
  xssDocument,
} from '../../fixtures/document.js';
import { all, byTag, one, parseHtml, text, visibleText, walk } from './dom.js';
import { templateSources } from './templates.js';

let sources: HtmlTemplateSources;
let t: HtmlTemplates;
beforeAll(async () => {
  sources = await templateSources();
  t = compileHtmlTemplates(sources);
});

const LANGS: Lang[] = ['en', 'es'];
const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'style',
  'body',
  'a',
  'header',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'ul',
  'ol',
  'li',
  'nav',
  'main',
  'section',
  'span',
  'em',
  'strong',
  'figure',
  'figcaption',
  'details',
  'summary',
  'table',
  'caption',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'blockquote',
  'cite',
  'footer',
  // the fixture chart
  'svg',
  'desc',
  'rect',
  'path',
  'g',
  'text',
]);

describe.each(LANGS)('document text is always text (%s)', (lang) => {
  const render = () =>
    renderHtml(xssDocument(lang), fixtureCharts(lang, XSS_PAYLOADS.join(' '), XSS_PAYLOADS.join(' ')), t);

  it('creates no element or attribute from data', () => {
    const html = render();
    const dom = parseHtml(html);
    const tags = new Set([...walk(dom)].map((e) => e.tag));
    for (const tag of tags) expect(ALLOWED_TAGS, `unexpected <${tag}>`).toContain(tag);
    expect(byTag(dom, 'script')).toEqual([]);
    expect(byTag(dom, 'img')).toEqual([]);
    for (const e of walk(dom)) {
      for (const name of Object.keys(e.attrs)) expect(name, `<${e.tag} ${name}>`).not.toMatch(/^on|^src$|^"|^>/);
    }
    // The raw string never holds a live tag or handler: only escaped forms.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it('shows every payload as literal text in titles, headings, cells, quotes, sources and labels', () => {
    const doc = xssDocument(lang);
    const dom = parseHtml(render());
    const has = (el: ReturnType<typeof one>) => {
      for (const p of XSS_PAYLOADS) expect(text(el)).toContain(p);
    };
    has(one(dom, (e) => e.tag === 'title' && e.parent?.tag === 'head'));
    has(one(dom, (e) => e.tag === 'h1'));
    has(one(dom, (e) => e.attrs.id === 'goal-1'));
    for (const q of byTag(dom, 'blockquote')) has(q);
    for (const c of byTag(dom, 'cite')) has(c);
    for (const c of byTag(dom, 'caption')) has(c);
    for (const cell of all(dom, (e) => e.tag === 'td' || e.tag === 'th')) has(cell);
    for (const b of all(dom, (e) => (e.attrs.class ?? '').startsWith('badge '))) has(b);
    for (const s of byTag(dom, 'summary')) has(s);
    has(one(dom, (e) => e.tag === 'a' && e.attrs.class === 'skip-link'));
    // In attributes too: the description meta carries the payloads as its value.
    const description = one(dom, (e) => e.tag === 'meta' && e.attrs.name === 'description').attrs.content!;
    expect(description).toBe(doc.meta.subject);
  });

  it('keeps Handlebars syntax in data literal (data is never compiled)', () => {
    const html = render();
    expect(html).toContain('{{constructor.constructor(&#x27;alert(1)&#x27;)()}}');
    expect(visibleText(one(parseHtml(html), (e) => e.tag === 'h1'))).toContain(
      "{{constructor.constructor('alert(1)')()}}",
    );
  });

  it('escapes an entity in data once, so it reads as typed', () => {
    const html = render();
    expect(html).toContain('&amp;amp;');
    expect(visibleText(one(parseHtml(html), (e) => e.tag === 'h1'))).toContain(' &amp;');
  });
});

describe('chart SVG', () => {
  const hostile =
    '<?xml version="1.0"?><!DOCTYPE svg><svg role="img" onload="alert(1)" viewBox="0 0 10 10"><title>t</title>' +
    '<script>alert(1)</script><script href="http://evil/x.js"/>' +
    '<a href="http://evil/"><rect width="1" height="1" onclick=\'x()\' fill="url(http://evil/p)"/></a>' +
    '<image href="https://evil/i.png" xlink:href="http://evil/i.png"/>' +
    '<foreignObject><div>html</div></foreignObject>' +
    '<use href="#ok"/><rect fill="url(#grad)"/><text>on=1 keeps text; javascript</text></svg>';

  it('loses scripts, handlers and external references but keeps fragments and text', () => {
    const svg = sanitizeChartSvg(hostile);
    expect(svg).toMatch(/^<svg[\s>]/);
    expect(svg).not.toMatch(/<script|onload|onclick|http:|https:|foreignObject|<\?xml|DOCTYPE/i);
    expect(svg).toContain('href="#ok"');
    expect(svg).toContain('fill="url(#grad)"');
    expect(svg).toContain('<text>on=1 keeps text; javascript</text>');
  });

  it('is sanitised on the way into the page', () => {
    const charts = new Map([[FIXTURE_CHART_ID, { id: FIXTURE_CHART_ID, svg: hostile, width: 10, height: 10 }]]);
    const html = renderHtml(fixtureDocument('en'), charts, t);
    expect(html).not.toMatch(/<script|onload=|onclick=|http:\/\/evil/i);
  });

  it('must be a single <svg> element', () => {
    const charts = new Map([
      [FIXTURE_CHART_ID, { id: FIXTURE_CHART_ID, svg: '<div>not svg</div>', width: 10, height: 10 }],
    ]);
    expect(() => renderHtml(fixtureDocument('en'), charts, t)).toThrow(/not a single <svg>/);
  });
});

describe('compileHtmlTemplates', () => {
  it('needs every partial', () => {
    const { figure: _, ...partials } = sources.partials;
    expect(() => compileHtmlTemplates({ ...sources, partials })).toThrow(/missing HTML partials: figure/);
  });

  it('is strict: a template naming an unknown field fails instead of printing nothing', () => {
    const broken = compileHtmlTemplates({
      ...sources,
      partials: { ...sources.partials, paragraph: '<p>{{txet}}</p>' },
    });
    // validate reports such a template before rendering (test/validate/templates.test.ts): one that
    // reaches render is a bug, an internal error naming the template and the place.
    expect(() => renderHtml(fixtureDocument('en'), fixtureCharts('en'), broken)).toThrow(HtmlRenderError);
    expect(() => renderHtml(fixtureDocument('en'), fixtureCharts('en'), broken)).toThrow(
      'templates/html/partials/paragraph.hbs:1:6: "txet" not defined in [object Object] (validation let this template through)',
    );
  });

  it('knows only its own helpers', () => {
    const compile = () =>
      compileHtmlTemplates({ ...sources, partials: { ...sources.partials, paragraph: '{{unknownHelper text}}' } });
    expect(compile).toThrow(HtmlRenderError);
    expect(compile).toThrow(
      /^templates\/html\/partials\/paragraph\.hbs:1:1: You specified knownHelpersOnly, but used the unknown helper unknownHelper/,
    );
  });

  it('gives templates no prototype access', () => {
    const probe = compileHtmlTemplates({
      ...sources,
      partials: { ...sources.partials, paragraph: '<p class="probe">[{{inlines.constructor}}]</p>' },
    });
    const html = renderHtml(fixtureDocument('en'), fixtureCharts('en'), probe);
    expect(html).toContain('<p class="probe">[]</p>');
  });

  it('refuses a stylesheet that could close its <style> element', () => {
    expect(() => compileHtmlTemplates({ ...sources, css: 'a{}</style><script>x()</script>' })).toThrow(/<style>/);
  });
});
