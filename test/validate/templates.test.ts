// validate's check of the HTML templates and the catalogue texts: every problem render or compose
// would meet, at its place, before anything is composed; and the view-model shape it checks
// field names against is the one render builds.

import { describe, expect, it } from 'vitest';
import type { Lang } from '../../pipeline/core/types.js';
import { PAGE_VIEW_SHAPE, ViewVariants, type ViewShape } from '../../pipeline/core/html-page.js';
import {
  compileHtmlTemplates,
  HtmlRenderError,
  renderHtml,
  type HtmlTemplateSources,
} from '../../pipeline/render/html/index.js';
import { buildPageView } from '../../pipeline/render/html/view.js';
import { catalogueTemplateProblems, htmlTemplateProblems } from '../../pipeline/validate/templates.js';
import { fixtureCharts, fixtureDocument } from '../fixtures/document.js';
import { templateSources } from '../render/html/templates.js';

const sources = await templateSources();
const PARTIAL = (name: string) => `templates/html/partials/${name}.hbs`;

/** validate's diagnostics for the real templates with some replaced, as `file:line:column rule message`. */
function problems(change: { page?: string; partials?: Record<string, string> }): string[] {
  const html = { page: change.page ?? sources.page, partials: { ...sources.partials, ...change.partials } };
  return htmlTemplateProblems('templates', html).map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`);
}

describe('htmlTemplateProblems', () => {
  it('accepts the real templates', () => {
    expect(problems({})).toEqual([]);
  });

  it('reports every unknown helper at its name, in every template, at once', () => {
    expect(
      problems({
        partials: {
          paragraph: '<p>{{shout text}}</p>\n',
          tiles: '{{#each items}}\n  {{lookup . (upper label)}}{{/each}}',
        },
      }),
    ).toEqual([
      `${PARTIAL('paragraph')}:1:6 template/syntax the helper "shout" does not exist`,
      `${PARTIAL('tiles')}:2:15 template/syntax the helper "upper" does not exist`,
    ]);
  });

  it('reports a block that is never closed and a partial that does not exist', () => {
    expect(
      problems({ partials: { list: `${sources.partials.list}{{#if ordered}}x\n`, status: '<p>{{> nosuch}}</p>' } }),
    ).toEqual([
      `${PARTIAL('list')}:6:1 template/syntax {{#if}} is never closed: the template ends before its {{/if}}`,
      `${PARTIAL('status')}:1:8 template/syntax the partial "nosuch" does not exist`,
    ]);
  });

  it('reports a page template that does not parse', () => {
    expect(
      problems({ page: sources.page.replace('<title>{{meta.title}}</title>', '<title>{{meta.title}</title>') }),
    ).toEqual([
      'templates/html/page.hbs:7:15 template/syntax syntax error: a {{ that is not closed by }}, or a character Handlebars cannot read',
    ]);
  });

  it('follows names through the page, the partials it includes and every kind of block', () => {
    const page = sources.page.replace('{{cover.title}}', '{{cover.titel}}');
    const paragraph = '<p>{{txet}} {{inlines.constructor}} {{@root.meta.titl}} {{#each inlines}}{{tex}}{{/each}}</p>\n';
    expect(
      problems({ page, partials: { paragraph, toc: sources.partials.toc.replace('{{title}}', '{{titles}}') } }),
    ).toEqual([
      'templates/html/page.hbs:18:11 template/unknown-field the field "titel" does not exist in cover',
      `${PARTIAL('toc')}:3:27 template/unknown-field the field "titles" does not exist here`,
      `${PARTIAL('paragraph')}:1:6 template/unknown-field the field "txet" does not exist here`,
      `${PARTIAL('paragraph')}:1:15 template/unknown-field the field "constructor" does not exist in inlines`,
      `${PARTIAL('paragraph')}:1:39 template/unknown-field the field "titl" does not exist in meta`,
      `${PARTIAL('paragraph')}:1:76 template/unknown-field the field "tex" does not exist here`,
    ]);
  });

  it('checks both branches of an {{#if}}, which one render would not take for this document', () => {
    const citation = sources.partials.citation.replace(
      '{{else}}\n<p class="citation',
      '{{else}}\n<p data-x="{{sorce}}" class="citation',
    );
    expect(problems({ partials: { citation } })).toEqual([
      `${PARTIAL('citation')}:10:14 template/unknown-field the field "sorce" does not exist here`,
    ]);
  });

  it('finds everything render would fail on', () => {
    // Each of these makes compiling or rendering the fixture document throw; validate reports each.
    const broken: Record<string, string>[] = [
      { paragraph: '<p>{{txet}}</p>' },
      { paragraph: '{{unknownHelper text}}' },
      { status: '{{> nosuch}}' },
      { figure: '{{chartSvg chartId}}{{#each table.rows}}{{cell}}{{/each}}' },
      { inlines: '{{#each inlines}}{{#if text}}{{texts}}{{/if}}{{/each}}' },
      { section: '<h{{headingLvl}}>{{> blocks blocks=children}}' },
    ];
    for (const partials of broken) {
      const html: HtmlTemplateSources = { ...sources, partials: { ...sources.partials, ...partials } };
      expect(
        () => renderHtml(fixtureDocument('en'), fixtureCharts('en'), compileHtmlTemplates(html)),
        JSON.stringify(partials),
      ).toThrow(HtmlRenderError);
      expect(problems({ partials }), JSON.stringify(partials)).not.toEqual([]);
    }
    // …and more: a misspelt name passed to a partial prints nothing in render (no error), not here.
    expect(problems({ partials: { section: '{{> blocks blocks=childs}}' } })).toEqual([
      `${PARTIAL('section')}:1:19 template/unknown-field the field "childs" does not exist here`,
    ]);
  });
});

describe('PAGE_VIEW_SHAPE', () => {
  /** Where `value` is not described by `shape` (every object's fields exactly; null where a field may be absent). */
  function mismatches(value: unknown, shape: ViewShape, path: string, seen: Set<string>): string[] {
    if (shape === 'value') return value !== null && typeof value === 'object' ? [`${path} is an object or list`] : [];
    if (value === null) return [];
    if (Array.isArray(shape))
      return Array.isArray(value)
        ? value.flatMap((v, i) => mismatches(v, shape[0], `${path}[${i}]`, seen))
        : [`${path} is not a list`];
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path} is not an object`];
    const fields = value as Record<string, unknown>;
    let described = shape as Record<string, ViewShape>;
    if (shape instanceof ViewVariants) {
      const kind = String(fields[shape.by]);
      seen.add(kind);
      if (!Object.hasOwn(shape.variants, kind)) return [`${path} is a ${kind}, which the shape does not describe`];
      described = shape.variants[kind]!;
    }
    const keys = Object.keys(fields).sort();
    const expected = Object.keys(described).sort();
    if (keys.join() !== expected.join())
      return [`${path} has ${keys.join(', ')}; the shape says ${expected.join(', ')}`];
    return keys.flatMap((k) => mismatches(fields[k], described[k]!, `${path}.${k}`, seen));
  }

  it.each(['en', 'es'] as Lang[])('describes the view model render builds (%s)', (lang) => {
    const seen = new Set<string>();
    const view = buildPageView(fixtureDocument(lang), fixtureCharts(lang), "default-src 'none'");
    expect(mismatches(view, PAGE_VIEW_SHAPE, 'page', seen)).toEqual([]);
    // The fixture document has a block of every kind, so every variant was compared.
    const blocks = (PAGE_VIEW_SHAPE.body[0] as ViewVariants).variants;
    expect([...seen].sort()).toEqual(Object.keys(blocks).sort());
  });
});

describe('catalogueTemplateProblems', () => {
  const check = (text: string) => {
    const json = `{\n  "label.contents": ${JSON.stringify(text)}\n}\n`;
    return catalogueTemplateProblems('templates/i18n/en/report.json', json, { 'label.contents': text }).map(
      (d) => `${d.line}:${d.column} ${d.rule} ${d.message}`,
    );
  };

  it('leaves text and plain fields alone (compose checks the fields)', () => {
    expect(check('Contents {{year}} of {{nosuch}}')).toEqual([]);
    expect(check('{{#if year}}Contents {{year}}{{else}}Contents{{/if}}')).toEqual([]);
  });

  it('reports an unclosed {{, a helper that does not exist and a partial, at their place', () => {
    expect(check('Contents {{year')).toEqual([
      '2:31 i18n/template the text for "label.contents": syntax error: a {{ that is not closed by }}, or a character Handlebars cannot read',
    ]);
    expect(check('Contents {{upper year}} and {{#shout}}x{{/shout}}')).toEqual([
      '2:33 i18n/template the text for "label.contents": the helper "upper" does not exist',
    ]);
    expect(check('Contents {{> footer}}')).toEqual([
      '2:31 i18n/template the text for "label.contents": a text cannot include a partial ({{> …}})',
    ]);
  });
});
