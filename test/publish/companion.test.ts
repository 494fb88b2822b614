// The data companion: a Frictionless data package whose every CSV and JSON file is checked here
// against its own descriptor (types, required fields, enums, patterns, primary and foreign keys),
// whose assessments are byte-for-byte the output of `assess --json`, and whose observations carry
// the quoted sentence and the seed lines it stands on; plus the provenance helpers behind them.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../pipeline/assess/index.js';
import { nodeEffects } from '../../pipeline/effects-node.js';
import { ingest } from '../../pipeline/ingest/index.js';
import { buildModel } from '../../pipeline/model/index.js';
import type { ReportModel, Unit } from '../../pipeline/core/types.js';
import type { CompanionFile } from '../../pipeline/core/outputs.js';
import { dataCompanion, periodDates } from '../../pipeline/publish/companion.js';
import { normalizeQuoteText } from '../../pipeline/validate/quote.js';
import { markedQuote } from '../../pipeline/compose/provenance.js';
import { quoteLines, valueSpan } from '../../pipeline/validate/quote.js';
import { validate } from '../../pipeline/validate/stage.js';
import { runAssess } from '../../pipeline/commands/assess.js';
import { DEFAULT_OPTIONS } from '../../pipeline/options.js';
import { ROOT } from '../helpers/cli.js';

/**
 * `assess --json --data <data>` as the command runs it (runAssess, the CLI's own code), in this
 * process: its exit status and what it prints on standard output.
 */
async function assessJson(data: string): Promise<{ status: number; stdout: string }> {
  const effects = nodeEffects({ quiet: true });
  let stdout = '';
  effects.stdout = (text) => {
    stdout += text;
  };
  const paths = {
    ...DEFAULT_OPTIONS.paths,
    data: join(ROOT, data),
    seeds: join(ROOT, 'seeds'),
    templates: join(ROOT, 'templates'),
  };
  const status = await runAssess({ ...DEFAULT_OPTIONS, paths }, effects, false, () => {});
  return { status, stdout };
}

type Cell = string | number | boolean | null;

interface Field {
  name: string;
  type: string;
  description: string;
  description_es: string;
  constraints?: { required?: boolean; enum?: string[]; pattern?: string; minimum?: number; maximum?: number };
}
interface Resource {
  name: string;
  path: string;
  profile: string;
  format: string;
  mediatype: string;
  encoding: string;
  bytes: number;
  hash: string;
  title: string;
  title_es: string;
  description: string;
  description_es: string;
  schema?: {
    fields: Field[];
    primaryKey: string | string[];
    foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[];
    missingValues: string[];
  };
}
interface Package {
  profile: string;
  name: string;
  title: string;
  title_es: string;
  licenses: { name: string; path: string }[];
  sources: { title: string }[];
  resources: Resource[];
}

async function load(dataDir: string): Promise<{ model: ReportModel; units: Unit[]; files: Map<string, Buffer> }> {
  const paths = {
    data: join(ROOT, dataDir),
    seeds: join(ROOT, 'seeds'),
    templates: join(ROOT, 'templates'),
    out: '/nonexistent',
  };
  const validated = validate(await ingest(paths, nodeEffects({ quiet: true }), false));
  expect(validated.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { model } = buildModel(validated.framework, validated.dataset, undefined, paths.data);
  const files = dataCompanion({
    model: model!,
    units: validated.units,
    assessment: assess(model!),
    catalogues: validated.catalogues,
  });
  return { model: model!, units: validated.units, files: new Map(files.map((f: CompanionFile) => [f.name, f.bytes])) };
}

// ─── A Table Schema validator: just the rules the package uses ─────────────────────────────────

const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'date']);

/** The typed value of a CSV cell under its field, or an error message. */
function castCell(raw: string, field: Field): { value: Cell } | { error: string } {
  if (raw === '') return field.constraints?.required ? { error: `${field.name}: required but empty` } : { value: null };
  switch (field.type) {
    case 'string':
      return { value: raw };
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: `${field.name}: "${raw}" is not an integer` };
    case 'number':
      return /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(raw)
        ? { value: Number(raw) }
        : { error: `${field.name}: "${raw}" is not a number` };
    case 'boolean':
      return raw === 'true' || raw === 'false'
        ? { value: raw === 'true' }
        : { error: `${field.name}: "${raw}" is not a boolean` };
    case 'date': {
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw);
      return ok ? { value: raw } : { error: `${field.name}: "${raw}" is not a date` };
    }
    default:
      return { error: `${field.name}: unknown type ${field.type}` };
  }
}

function checkConstraints(value: Cell, field: Field): string[] {
  const c = field.constraints ?? {};
  if (value === null) return c.required ? [`${field.name}: required`] : [];
  const errors: string[] = [];
  if (c.enum && !c.enum.includes(String(value))) errors.push(`${field.name}: "${value}" not in ${c.enum.join('|')}`);
  if (c.pattern && !new RegExp(`^(?:${c.pattern})$`).test(String(value)))
    errors.push(`${field.name}: "${value}" does not match ${c.pattern}`);
  if (c.minimum !== undefined && typeof value === 'number' && value < c.minimum)
    errors.push(`${field.name}: ${value} < ${c.minimum}`);
  if (c.maximum !== undefined && typeof value === 'number' && value > c.maximum)
    errors.push(`${field.name}: ${value} > ${c.maximum}`);
  return errors;
}

/** Typed rows of a tabular resource (CSV cast by the schema, JSON taken as is), plus every problem. */
function readResource(r: Resource, bytes: Buffer): { rows: Record<string, Cell>[]; errors: string[] } {
  const fields = r.schema!.fields;
  const errors: string[] = [];
  const rows: Record<string, Cell>[] = [];
  if (r.format === 'csv') {
    const records = parse(bytes.toString('utf8'), { relax_column_count: true }) as string[][];
    const [header, ...body] = records;
    if (JSON.stringify(header) !== JSON.stringify(fields.map((f) => f.name)))
      errors.push(`${r.path}: header ${header} differs from the schema`);
    body.forEach((cells, i) => {
      if (cells.length !== fields.length)
        errors.push(`${r.path}:${i + 2}: ${cells.length} cells for ${fields.length} fields`);
      const row: Record<string, Cell> = {};
      fields.forEach((f, j) => {
        const cast = castCell(cells[j] ?? '', f);
        if ('error' in cast) errors.push(`${r.path}:${i + 2}: ${cast.error}`);
        else {
          row[f.name] = cast.value;
          errors.push(...checkConstraints(cast.value, f).map((e) => `${r.path}:${i + 2}: ${e}`));
        }
      });
      rows.push(row);
    });
  } else {
    const data = JSON.parse(bytes.toString('utf8')) as Record<string, Cell>[];
    if (!Array.isArray(data)) errors.push(`${r.path}: not an array`);
    data.forEach((row, i) => {
      if (JSON.stringify(Object.keys(row)) !== JSON.stringify(fields.map((f) => f.name)))
        errors.push(`${r.path}[${i}]: keys differ from the schema`);
      for (const f of fields) {
        const v = row[f.name] ?? null;
        const typeOk =
          v === null ||
          (f.type === 'boolean'
            ? typeof v === 'boolean'
            : f.type === 'integer'
              ? Number.isInteger(v)
              : f.type === 'number'
                ? typeof v === 'number'
                : typeof v === 'string');
        if (!typeOk) errors.push(`${r.path}[${i}].${f.name}: ${JSON.stringify(v)} is not a ${f.type}`);
        if (f.type === 'date' && v !== null && 'error' in castCell(String(v), f))
          errors.push(`${r.path}[${i}].${f.name}: not a date`);
        errors.push(...checkConstraints(v, f).map((e) => `${r.path}[${i}]: ${e}`));
      }
      rows.push(row);
    });
  }
  return { rows, errors };
}

/** Every rule of the descriptor checked against the files; returns the problems (none when valid). */
function validatePackage(files: Map<string, Buffer>): {
  pkg: Package;
  tables: Map<string, Record<string, Cell>[]>;
  errors: string[];
} {
  const pkg = JSON.parse(files.get('data/datapackage.json')!.toString('utf8')) as Package;
  const errors: string[] = [];
  if (!/^[a-z0-9._-]+$/.test(pkg.name)) errors.push(`package name ${pkg.name}`);
  if (pkg.licenses?.[0]?.name !== 'CC0-1.0') errors.push('licence');
  if (!pkg.title || !pkg.title_es || pkg.sources.length < 5) errors.push('title or sources');
  const names = pkg.resources.map((r) => r.name);
  if (new Set(names).size !== names.length) errors.push('duplicate resource names');
  const tables = new Map<string, Record<string, Cell>[]>();
  for (const r of pkg.resources) {
    if (!/^[a-z0-9._-]+$/.test(r.name)) errors.push(`resource name ${r.name}`);
    if (!/^[a-z0-9._-]+$/.test(r.path)) errors.push(`${r.name}: path ${r.path} is not a plain file name`);
    const bytes = files.get(`data/${r.path}`);
    if (!bytes) {
      errors.push(`${r.name}: no file ${r.path}`);
      continue;
    }
    if (r.encoding !== 'utf-8' || !r.mediatype || !r.format || !r.title_es || !r.description_es)
      errors.push(`${r.name}: incomplete descriptor`);
    if (r.bytes !== bytes.length) errors.push(`${r.name}: bytes ${r.bytes} ≠ ${bytes.length}`);
    if (r.hash !== `sha256:${createHash('sha256').update(bytes).digest('hex')}`) errors.push(`${r.name}: hash`);
    if (!r.schema) continue;
    for (const f of r.schema.fields) {
      if (!TYPES.has(f.type)) errors.push(`${r.name}.${f.name}: type ${f.type}`);
      if (!f.description?.trim() || !f.description_es?.trim())
        errors.push(`${r.name}.${f.name}: needs a description in English and Spanish`);
      if (f.description === f.description_es)
        errors.push(`${r.name}.${f.name}: the Spanish description is the English one`);
    }
    const { rows, errors: e } = readResource(r, bytes);
    errors.push(...e);
    tables.set(r.name, rows);
    const pk = ([] as string[]).concat(r.schema.primaryKey);
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const key = JSON.stringify(pk.map((k) => row[k]));
      if (pk.some((k) => row[k] === null)) errors.push(`${r.name} row ${i + 1}: empty primary key`);
      if (seen.has(key)) errors.push(`${r.name} row ${i + 1}: duplicate primary key ${key}`);
      seen.add(key);
    });
  }
  for (const r of pkg.resources) {
    for (const fk of r.schema?.foreignKeys ?? []) {
      const target = tables.get(fk.reference.resource);
      if (!target) {
        errors.push(`${r.name}: foreign key to missing resource ${fk.reference.resource}`);
        continue;
      }
      const allowed = new Set(target.map((row) => row[fk.reference.fields]));
      for (const row of tables.get(r.name) ?? []) {
        const v = row[fk.fields];
        if (v !== null && !allowed.has(v))
          errors.push(`${r.name}.${fk.fields} = ${v}: not in ${fk.reference.resource}.${fk.reference.fields}`);
      }
    }
  }
  return { pkg, tables, errors };
}

// ─── Tests ──────────────────────────────────────────────────────────────────────────────────────

describe('the data companion of the real data', () => {
  let files: Map<string, Buffer>;
  let model: ReportModel;
  beforeAll(async () => {
    ({ files, model } = await load('data'));
  });

  it('publishes each table as CSV and JSON, the framework and the descriptor, under data/ with plain names', () => {
    expect([...files.keys()].sort()).toEqual(
      ['assessments', 'metrics', 'milestones', 'observations', 'units']
        .flatMap((t) => [`data/${t}.csv`, `data/${t}.json`])
        .concat(['data/datapackage.json', 'data/framework.json'])
        .sort(),
    );
  });

  it('validates against its own descriptor: types, required fields, enums, patterns, primary and foreign keys', () => {
    const { pkg, tables, errors } = validatePackage(files);
    expect(errors).toEqual([]);
    expect(
      pkg.resources
        .filter((r) =>
          r.schema?.foreignKeys?.some((fk) => fk.fields === 'metric' && fk.reference.resource === 'metrics'),
        )
        .map((r) => r.name),
    ).toEqual(expect.arrayContaining(['observations', 'assessments']));
    const milestoneAction = pkg.resources
      .find((r) => r.name === 'milestones')!
      .schema!.fields.find((f) => f.name === 'action')!;
    expect(milestoneAction.constraints).toMatchObject({ required: true, minimum: 1, maximum: 13 });
    expect(tables.get('observations')).toHaveLength(model.data.observations.length);
    expect(tables.get('milestones')).toHaveLength(model.data.milestones.length);
    expect(tables.get('metrics')).toHaveLength(model.data.metrics.length);
  });

  it('gives the same rows in CSV and JSON (a formula-like text cell only gains its apostrophe in CSV)', () => {
    const { pkg, tables } = validatePackage(files);
    for (const r of pkg.resources.filter((x) => x.format === 'csv')) {
      const csv = tables.get(r.name)!;
      const json = tables.get(`${r.name}-json`)!;
      expect(csv.length).toBe(json.length);
      csv.forEach((row, i) => {
        for (const [k, v] of Object.entries(json[i]!))
          expect(row[k] === v || row[k] === `'${v}`, `${r.name}[${i}].${k}`).toBe(true);
      });
    }
  });

  it('checks that the validator itself rejects broken data', () => {
    const broken = new Map(files);
    const csv = files
      .get('data/observations.csv')!
      .toString('utf8')
      .replace(',human-smuggling-defendants,US,2021,', ',no-such-metric,US,2021,');
    broken.set('data/observations.csv', Buffer.from(csv));
    const { errors } = validatePackage(broken);
    expect(errors.join('\n')).toMatch(/observations.metric = no-such-metric: not in metrics.id/);
    expect(errors.join('\n')).toMatch(/observations: hash/);
    const dup = files.get('data/units.csv')!.toString('utf8');
    broken.set('data/units.csv', Buffer.from(dup + dup.split('\n')[1] + '\n'));
    expect(validatePackage(broken).errors.join('\n')).toMatch(/units row \d+: duplicate primary key/);
  });

  it('publishes the assessments exactly as `assess --json` prints them', async () => {
    const r = await assessJson('data');
    expect(r.status).toBe(0);
    expect(files.get('data/assessments.json')!.toString('utf8')).toBe(r.stdout);
  });

  it('traces each observation to its sentence and the seed lines that hold it', () => {
    const rows = JSON.parse(files.get('data/observations.json')!.toString('utf8')) as Record<string, Cell>[];
    const smuggling = rows.find(
      (r) => r.metric === 'human-smuggling-defendants' && r.country === 'US' && r.period === '2021',
    )!;
    expect(smuggling).toMatchObject({
      figure_id: 'source-human-smuggling-defendants-us-2021',
      value: 5046,
      unit: 'defendants',
      source: '2022-10-14-joint-statement.txt',
      source_date: '2022-10-14',
    });
    for (const row of rows.filter((r) => r.quote !== null)) {
      const seed = readFileSync(join(ROOT, 'seeds', String(row.source)), 'utf8').split('\n');
      const excerpt = normalizeQuoteText(
        seed.slice(Number(row.quote_line_start) - 1, Number(row.quote_line_end)).join('\n'),
      );
      expect(excerpt, String(row.figure_id)).toContain(normalizeQuoteText(String(row.quote)));
      // The range is tight: without its first or last line the sentence is no longer whole.
      if (row.quote_line_end !== row.quote_line_start) {
        expect(
          normalizeQuoteText(seed.slice(Number(row.quote_line_start), Number(row.quote_line_end)).join('\n')),
        ).not.toContain(normalizeQuoteText(String(row.quote)));
      }
    }
    expect(rows.map((r) => r.report_ref)).toEqual(rows.map((_, i) => i + 1));
  });

  it('publishes the framework with its seed citations and its Spanish text', () => {
    const fw = JSON.parse(files.get('data/framework.json')!.toString('utf8'));
    expect([fw.goals.length, fw.areas.length, fw.objectives.length, fw.actions.length, fw.commitments.length]).toEqual([
      3, 11, 26, 13, 3,
    ]);
    const action7 = fw.actions.find((a: { number: number }) => a.number === 7);
    const seed = readFileSync(join(ROOT, 'seeds', action7.citation.file), 'utf8').split('\n');
    const cited = normalizeQuoteText(seed.slice(action7.citation.lines[0] - 1, action7.citation.lines[1]).join('\n'));
    expect(cited).toContain(normalizeQuoteText(action7.text).slice(0, 60));
    expect(action7.text_es).toMatch(/[áéíóúñ]/);
    for (const g of fw.goals) expect(g.title_es, g.id).toBeTruthy();
  });

  it('is the same bytes every time', async () => {
    const again = await load('data');
    for (const [name, bytes] of files) expect(again.files.get(name)!.equals(bytes), name).toBe(true);
  });
});

describe('the data companion of multi-year data with targets and rated assessments', () => {
  it('still validates, with numbers in every assessment column the data allow', async () => {
    const { files } = await load('test/fixtures/multi-year');
    const { tables, errors } = validatePackage(files);
    expect(errors).toEqual([]);
    const rated = tables.get('assessments')!.filter((r) => r.ratio !== null);
    expect(rated.length).toBeGreaterThan(0);
    const r = await assessJson('test/fixtures/multi-year');
    expect(r.status).toBe(0);
    expect(files.get('data/assessments.json')!.toString('utf8')).toBe(r.stdout);
  });
});

describe('periods as dates', () => {
  it('gives the calendar year and the U.S. fiscal year their first and last days', () => {
    expect(periodDates({ kind: 'calendar', year: 2021, label: '2021' })).toEqual(['2021-01-01', '2021-12-31']);
    expect(periodDates({ kind: 'fiscal', year: 2022, label: 'FY2022' })).toEqual(['2021-10-01', '2022-09-30']);
  });
});

describe('where a value sits in its quote, and the quote in its seed', () => {
  const q =
    'In 2021, the U.S. Drug Enforcement Agency seized more than 20.4 million fake pills and 15,000 pounds of fentanyl powder, and Customs and Border Protection seized an average of more than 800 pounds of fentanyl each month in 2021.';
  const at = (value: number, quote = q) => {
    const s = valueSpan(value, quote);
    return s && quote.slice(s.start, s.end);
  };

  it('finds grouped, scaled, currency and percent forms, never a number inside a larger one', () => {
    expect(at(20400000)).toBe('20.4 million');
    expect(at(15000)).toBe('15,000');
    expect(at(800)).toBe('800');
    expect(at(2021)).toBe('2021');
    expect(at(800000, 'more than 800,000 pills and 800 pounds')).toBe('800,000');
    expect(at(25100000000, 'The United States invested $25.1 billion in drug treatment.')).toBe('$25.1 billion');
    expect(at(23, 'a 23 percent increase over 2020')).toBe('23 percent');
    expect(at(-4, 'fell 4 percent')).toBe('4 percent');
    expect(at(5, 'over 25 million people')).toBeUndefined();
  });

  it('splits the quote into pieces that spell it, with the value marked', () => {
    const pieces = markedQuote(q, [valueSpan(15000, q)!]);
    expect(pieces.map((p) => p.text).join('')).toBe(q);
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['15,000']);
  });

  it('gives the tight line range of a sentence broken by a blank line and markup', () => {
    const seed = 'Title\n\nFirst **bold** part of\n\nthe sentence \\$5 here. Next one.\nOther line';
    expect(quoteLines('First bold part of the sentence $5 here.', seed)).toEqual([3, 5]);
    expect(quoteLines('Next one.', seed)).toEqual([5, 5]);
    expect(quoteLines('Not in the seed.', seed)).toBeUndefined();
  });
});
