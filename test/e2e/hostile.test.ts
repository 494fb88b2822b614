// Hostile content end to end: good-small with HTML/JS, Handlebars, spreadsheet-formula and path
// payloads in every free-text field (metric and unit names, notes, a non-seed source, milestone
// texts), built by the real CLI. The payloads must come out as literal text: escaped in the HTML
// (no element or attribute from data), inert in the PDF (no action of any kind), behind an
// apostrophe in every CSV the tool writes, and nowhere in a file name. Identifiers and seed names
// carrying path segments are rejected.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeData,
  manifestProblems,
  printedDiagnostics,
  runCliAsync,
  scratchRoot,
  STACK_LINE,
  translateQuotes,
  type CliRun,
} from '../fixtures/cli-bad/project.js';
import { hasTool, snapshot } from '../helpers/cli.js';
import { byTag, parseHtml, text, walk } from '../render/html/dom.js';

const P = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  hbs: "{{constructor.constructor('alert(1)')()}}",
  formula: '=HYPERLINK("http://x","y")',
  path: '../../etc/passwd',
  image: '<image href="http://x/y.png"/>',
};

/** The free-text fields, per file, row id (first cell) and column, and what they are set to. */
const FIELDS = {
  'units.csv': { defendants: { label_en: `Defendants ${P.script}`, label_es: `Personas ${P.img}` } },
  'metrics.csv': {
    'smuggling-defendants': {
      name_en: `Smuggling ${P.script} ${P.img}`,
      name_es: `${P.formula} Tráfico ${P.hbs}`,
      note: `${P.path} ${P.hbs}`,
    },
    'fentanyl-pills-seized': { name_en: `Pills ${P.hbs} ${P.path}`, name_es: `Pastillas ${P.image} ${P.script}` },
  },
  'observations.csv': { 'smuggling-defendants/2020': { source: P.formula, note: `${P.img} ${P.hbs} ${P.path}` } },
  'milestones.csv': {
    'cyber-work-plan': {
      text_en: `Plan ${P.script} ${P.hbs}`,
      text_es: `${P.formula} ${P.img} ${P.path}`,
      source: `State ${P.image}`,
      note: P.path,
    },
  },
} as const;

/** What each language's report must show literally (fields the report prints). */
const SHOWN = {
  en: [
    FIELDS['metrics.csv']['smuggling-defendants'].name_en,
    FIELDS['metrics.csv']['fentanyl-pills-seized'].name_en,
    FIELDS['milestones.csv']['cyber-work-plan'].text_en,
    P.formula,
  ],
  es: [
    FIELDS['metrics.csv']['smuggling-defendants'].name_es,
    FIELDS['metrics.csv']['fentanyl-pills-seized'].name_es,
    FIELDS['milestones.csv']['cyber-work-plan'].text_es,
    P.formula,
  ],
};

/** Every action type of ISO 32000-2, table 201. */
const ACTION_TYPES = [
  'GoTo',
  'GoToR',
  'GoToE',
  'GoToDp',
  'Launch',
  'Thread',
  'URI',
  'Sound',
  'Movie',
  'Hide',
  'Named',
  'SubmitForm',
  'ResetForm',
  'ImportData',
  'SetOCGState',
  'Rendition',
  'Trans',
  'GoTo3DView',
  'JavaScript',
  'RichMediaExecute',
];

let root: string;
let build: CliRun;
let rejected: CliRun;
let before: Record<string, string>;
let after: Record<string, string>;

function rewrite(dir: string, file: keyof typeof FIELDS, edit: (row: Record<string, string>) => void): void {
  const path = join(dir, file);
  const rows = parse(readFileSync(path), { columns: true }) as Record<string, string>[];
  for (const row of rows) edit(row);
  writeFileSync(path, stringify(rows, { header: true, columns: Object.keys(rows[0]!), record_delimiter: 'unix' }));
}

function poison(dir: string): void {
  for (const file of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    rewrite(dir, file, (row) => {
      const key = file === 'observations.csv' ? `${row.metric}/${row.period}` : row.id!;
      Object.assign(row, (FIELDS[file] as Record<string, Record<string, string>>)[key] ?? {});
    });
  }
}

beforeAll(async () => {
  root = scratchRoot('hlsd-hostile-');
  poison(composeData(root, 'data'));
  translateQuotes(root, 'data');
  // Path segments where names must be names: a metric id and a seed file name.
  const bad = composeData(root, 'bad');
  rewrite(bad, 'metrics.csv', (row) => {
    if (row.id === 'smuggling-change') row.id = '../../etc/passwd';
  });
  rewrite(bad, 'observations.csv', (row) => {
    if (row.metric === 'smuggling-change') row.metric = '../../etc/passwd';
    if (row.metric === 'watchlisted-substances') row.source = '../seeds/2022-10-14-joint-statement.txt';
  });
  before = snapshot(root);
  [build, rejected] = await Promise.all([
    runCliAsync(['build', '--data', 'data', '--out', 'out'], { cwd: root }),
    runCliAsync(['build', '--data', 'bad', '--out', 'out-bad'], { cwd: root }),
  ]);
  after = snapshot(root);
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const out = () => join(root, 'out/2022');
const read = (name: string) => readFileSync(join(out(), name), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('a build of data carrying payloads', () => {
  it('succeeds: the payloads are text, and text is allowed', () => {
    expect(build.stderr).not.toMatch(STACK_LINE);
    expect(build.status, build.stderr).toBe(0);
    expect(manifestProblems(out())).toEqual([]);
  });

  it('writes only under out/2022, with names made by the tool, never from data', () => {
    const created = Object.keys(after).filter((p) => !(p in before) && !p.startsWith('.cache/'));
    expect(created.length).toBeGreaterThan(4);
    for (const path of created) {
      expect(path).toMatch(/^out\/2022\//);
      expect(path).not.toMatch(/\.\.|[<>"'{}=@ ]|passwd|HYPERLINK|script/i);
    }
  });
});

describe.each(['en', 'es'] as const)('the %s HTML', (lang) => {
  const html = () => read(`hlsd-report-2022-${lang}.html`);

  it('has no element or attribute from data: no script, img, image, iframe, handler or javascript: URL', () => {
    const dom = parseHtml(html());
    for (const tag of ['script', 'img', 'image', 'iframe', 'object', 'embed', 'foreignobject', 'base', 'form'])
      expect(byTag(dom, tag), `<${tag}>`).toEqual([]);
    for (const e of walk(dom)) {
      for (const [name, value] of Object.entries(e.attrs)) {
        expect(name, `<${e.tag} ${name}>`).not.toMatch(/^on|^src$|["<>]/);
        if (name === 'href')
          expect(value, `<${e.tag} href>`).toMatch(/^#|^hlsd-report-2022-(?:en|es)\.html(?:#|$)|^https:\/\//);
      }
    }
    expect(html()).not.toMatch(/<script|<img|<image/i);
  });

  it('shows every payload as literal text, Handlebars syntax included (not evaluated)', () => {
    const shown = text(parseHtml(html()));
    for (const s of SHOWN[lang]) expect(shown, s).toContain(s);
    expect(shown).toContain(P.hbs);
  });
});

describe.skipIf(!hasTool('pdftotext') || !hasTool('qpdf')).each(['en', 'es'] as const)('the %s PDF', (lang) => {
  const pdf = () => join(out(), `hlsd-report-2022-${lang}.pdf`);

  it('shows every payload as literal text', () => {
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf(), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    for (const s of SHOWN[lang]) expect(squash(r.stdout), s).toContain(squash(s));
  });

  it('holds no action that runs, launches, submits or leaves the document: links are internal (GoTo) only', () => {
    const qdf = spawnSync('qpdf', ['--qdf', '--object-streams=disable', pdf(), '-'], { maxBuffer: 64 * 1024 * 1024 });
    expect(qdf.status).toBe(0);
    // Dictionaries only: stream contents (fonts, page content) are binary or drawing operators.
    const objects = qdf.stdout.toString('latin1').replace(/\bstream\r?\n[\s\S]*?\bendstream/g, 'stream endstream');
    expect(objects).toContain('/Type /Catalog');
    for (const key of [
      'JavaScript',
      'JS',
      'Launch',
      'URI',
      'SubmitForm',
      'ImportData',
      'GoToR',
      'GoToE',
      'RichMedia',
      'EmbeddedFile',
      'OpenAction',
      'AA',
      'XFA',
    ]) {
      expect(objects, `/${key}`).not.toMatch(new RegExp(`/${key}(?![A-Za-z])`));
    }
    // `/S /<type>` also names structure elements (tagged PDF); of the action types, only GoTo occurs.
    const actions = [...objects.matchAll(/\/S \/([A-Za-z0-9]+)/g)]
      .map((m) => m[1]!)
      .filter((t) => ACTION_TYPES.includes(t));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['GoTo']));
  });
});

describe('the CSV files the build writes', () => {
  const csvFiles = () => {
    const found: string[] = [];
    const walkDir = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walkDir(join(d, e.name));
        else if (e.name.endsWith('.csv')) found.push(join(d, e.name));
      }
    };
    walkDir(out());
    return found;
  };

  it('neutralise every cell a spreadsheet would run as a formula, keeping the text after the apostrophe', () => {
    const files = csvFiles();
    expect(files.length, 'the data companion writes CSV files').toBeGreaterThan(0);
    let formulas = 0;
    for (const file of files) {
      const cells = (parse(readFileSync(file), { relax_column_count: true }) as string[][]).flat();
      for (const cell of cells) {
        expect(cell, relative(root, file)).not.toMatch(/^[=+@\t\r]|^-(?!\d+(?:\.\d+)?(?:e[+-]?\d+)?$)/i);
        if (cell.startsWith(`'${P.formula}`)) formulas++;
      }
    }
    expect(formulas).toBeGreaterThan(0);
  });
});

describe('path segments where a name belongs', () => {
  it('are rejected with the rule and position, and nothing is written', () => {
    expect(rejected.stderr).not.toMatch(STACK_LINE);
    expect(rejected.status, rejected.stderr).toBe(1);
    const printed = printedDiagnostics(rejected.stderr);
    const id = printed.find((d) => d.rule === 'metric/id-format');
    expect(id?.file).toBe('bad/metrics.csv');
    expect(id?.message).toContain('"../../etc/passwd"');
    const seed = printed.find((d) => d.rule === 'observation/unknown-seed');
    expect(seed?.message).toContain(
      '"../seeds/2022-10-14-joint-statement.txt" looks like a file name but is not one of the seeds',
    );
    expect(Object.keys(after).some((p) => p.startsWith('out-bad'))).toBe(false);
  });
});
