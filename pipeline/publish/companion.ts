// The data companion published with each report: the data actually used, as CSV and JSON, described
// by a Frictionless data package, plus the framework with its seed citations. (Issue 11.)
//
// Everything lands in out/<year>/data/. Field and resource descriptions come in English and Spanish
// from the `data.*` keys of templates/i18n/<lang>/provenance.json (`description` is English,
// `description_es` Spanish; see docs/open-data.md). Bytes are deterministic: rows in model order,
// keys in schema order, no dates of the build.

import { createHash } from 'node:crypto';
import { toJsonRows } from '../assess/index.js';
import type { AssessmentResult } from '../assess/types.js';
import { ALL_STATUS_ORDER } from '../assess/method.js';
import type { Catalogue } from '../validate/catalogues.js';
import { provenance } from '../compose/provenance.js';
import { MILESTONE_RELATIONS, MILESTONE_STATUSES } from '../validate/milestones.js';
import { OBSERVATION_STATUSES, QUALIFIERS } from '../validate/observations.js';
import { COUNTRIES, type Citation, type Lang, type Period, type ReportModel, type Unit } from '../core/types.js';
import type { CompanionFile } from '../core/outputs.js';
import { toCsv } from './csv.js';

export interface CompanionInput {
  model: ReportModel;
  units: Unit[];
  assessment: AssessmentResult;
  /** The build's validated catalogues (they follow --templates). */
  catalogues: Record<Lang, Catalogue[]>;
}

/** Folder of the companion inside out/<year>/. */
export const COMPANION_DIR = 'data';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date';
export type Cell = string | number | boolean | null;

/** A Table Schema field as published, with the bilingual description. */
export interface FieldDescriptor {
  name: string;
  type: FieldType;
  description: string;
  description_es: string;
  format?: string;
  constraints?: {
    required?: boolean;
    unique?: boolean;
    enum?: string[];
    pattern?: string;
    minimum?: number;
    maximum?: number;
  };
  /** Fixed unit of every value of the field (e.g. "ratio"). */
  unit?: string;
  /** The field of the same row (or `resource.field`) that names the unit of this value. */
  unitField?: string;
}

interface FieldSpec {
  name: string;
  type: FieldType;
  required?: boolean;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  unit?: string;
  unitField?: string;
}

interface ForeignKey {
  fields: string;
  reference: { resource: string; fields: string };
}

interface TableData {
  name: 'units' | 'metrics' | 'observations' | 'milestones' | 'assessments';
  fields: FieldSpec[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  rows: Record<string, Cell>[];
}

const PERIOD = '^(FY)?[0-9]{4}$';
const ID = '^[a-z0-9]+(-[a-z0-9]+)*$';

export function dataCompanion(input: CompanionInput): CompanionFile[] {
  const text = companionText(input.catalogues);
  const tables = companionTables(input);
  const files: CompanionFile[] = [];
  const resources: object[] = [];
  for (const table of tables) {
    const schema = tableSchema(table, text);
    const csv = Buffer.from(
      toCsv(
        table.fields.map((f) => f.name),
        table.rows.map((r) => table.fields.map((f) => r[f.name] ?? null)),
      ),
      'utf8',
    );
    const json = Buffer.from(`${JSON.stringify(table.rows, null, 2)}\n`, 'utf8');
    files.push(
      { name: `${COMPANION_DIR}/${table.name}.csv`, bytes: csv },
      { name: `${COMPANION_DIR}/${table.name}.json`, bytes: json },
    );
    resources.push(
      resource(table.name, `${table.name}.csv`, 'csv', 'text/csv', csv, text, `data.resource.${table.name}`, schema),
      resource(
        `${table.name}-json`,
        `${table.name}.json`,
        'json',
        'application/json',
        json,
        text,
        `data.resource.${table.name}`,
        schema,
        { key: 'data.resource.json', csv: `${table.name}.csv` },
      ),
    );
  }
  const framework = Buffer.from(`${JSON.stringify(frameworkJson(input.model, text), null, 2)}\n`, 'utf8');
  files.push({ name: `${COMPANION_DIR}/framework.json`, bytes: framework });
  resources.push(
    resource('framework', 'framework.json', 'json', 'application/json', framework, text, 'data.resource.framework'),
  );
  const pkg = dataPackage(input.model, text, resources);
  files.push({
    name: `${COMPANION_DIR}/datapackage.json`,
    bytes: Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`, 'utf8'),
  });
  return files;
}

// ─── Tables ─────────────────────────────────────────────────────────────────────────────────────

function companionTables({ model, units, assessment }: CompanionInput): TableData[] {
  const used = new Set(model.data.metrics.map((m) => m.unit));
  const sources = provenance(model);
  const seeds = new Map(model.framework.seeds.map((s) => [s.file, s]));
  const registered = new Map(model.data.sources.map((s) => [s.id, s]));
  const actions = model.framework.actions.length;
  return [
    {
      name: 'units',
      fields: [
        { name: 'id', type: 'string', required: true, pattern: ID },
        { name: 'label_en', type: 'string', required: true },
        { name: 'label_es', type: 'string', required: true },
        { name: 'integer', type: 'boolean', required: true },
        { name: 'non_negative', type: 'boolean', required: true },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      rows: units
        .filter((u) => used.has(u.id))
        .map((u) => ({
          id: u.id,
          label_en: u.label.en,
          label_es: u.label.es,
          integer: u.integer,
          non_negative: u.nonNegative,
        })),
    },
    {
      name: 'metrics',
      fields: [
        { name: 'id', type: 'string', required: true, pattern: ID },
        { name: 'name_en', type: 'string', required: true },
        { name: 'name_es', type: 'string', required: true },
        { name: 'unit', type: 'string', required: true },
        { name: 'direction', type: 'string', required: true, enum: ['increase', 'decrease', 'none'] },
        { name: 'goal', type: 'integer', required: true, minimum: 1, maximum: model.framework.goals.length },
        { name: 'area', type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
        { name: 'objective', type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
        { name: 'actions', type: 'string', pattern: '^[0-9]+(;[0-9]+)*$' },
        { name: 'baseline_period', type: 'string', pattern: PERIOD },
        { name: 'target_value', type: 'number', unitField: 'unit' },
        { name: 'target_period', type: 'string', pattern: PERIOD },
        { name: 'source', type: 'string', required: true },
        { name: 'caveat_en', type: 'string' },
        { name: 'caveat_es', type: 'string' },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ fields: 'unit', reference: { resource: 'units', fields: 'id' } }],
      rows: model.data.metrics.map((m) => ({
        id: m.id,
        name_en: m.name.en,
        name_es: m.name.es,
        unit: m.unit,
        direction: m.direction,
        goal: m.goal,
        area: m.area ?? null,
        objective: m.objective ?? null,
        actions: m.actions.length > 0 ? m.actions.join(';') : null,
        baseline_period: m.baselinePeriod?.label ?? null,
        target_value: m.targetValue ?? null,
        target_period: m.targetPeriod?.label ?? null,
        source: m.source,
        caveat_en: m.caveat?.en ?? null,
        caveat_es: m.caveat?.es ?? null,
      })),
    },
    {
      name: 'observations',
      fields: [
        { name: 'figure_id', type: 'string', required: true, pattern: '^source-[a-z0-9-]+$' },
        { name: 'report_ref', type: 'integer', required: true, minimum: 1 },
        { name: 'metric', type: 'string', required: true },
        { name: 'country', type: 'string', required: true, enum: COUNTRIES },
        { name: 'period', type: 'string', required: true, pattern: PERIOD },
        { name: 'period_kind', type: 'string', required: true, enum: ['calendar', 'fiscal'] },
        { name: 'period_start', type: 'date', required: true },
        { name: 'period_end', type: 'date', required: true },
        { name: 'value', type: 'number', required: true, unitField: 'unit' },
        { name: 'unit', type: 'string', required: true },
        { name: 'qualifier', type: 'string', required: true, enum: QUALIFIERS },
        { name: 'compared_with', type: 'string', pattern: PERIOD },
        { name: 'status', type: 'string', required: true, enum: OBSERVATION_STATUSES },
        { name: 'source', type: 'string', required: true },
        { name: 'source_title', type: 'string' },
        { name: 'source_publisher', type: 'string' },
        { name: 'source_date', type: 'string', pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' },
        { name: 'quote', type: 'string' },
        { name: 'quote_line_start', type: 'integer', minimum: 1 },
        { name: 'quote_line_end', type: 'integer', minimum: 1 },
        { name: 'note', type: 'string' },
      ],
      primaryKey: ['metric', 'country', 'period'],
      foreignKeys: [
        { fields: 'metric', reference: { resource: 'metrics', fields: 'id' } },
        { fields: 'unit', reference: { resource: 'units', fields: 'id' } },
      ],
      rows: sources.figures.map((f) => {
        const o = f.observation;
        const [start, end] = periodDates(o.period);
        return {
          figure_id: f.id,
          report_ref: f.number,
          metric: o.metric,
          country: o.country,
          period: o.period.label,
          period_kind: o.period.kind,
          period_start: start,
          period_end: end,
          value: o.value,
          unit: f.metric.unit,
          qualifier: o.qualifier ?? 'exact',
          compared_with: o.comparedWith?.label ?? null,
          status: o.status,
          source: o.source,
          source_title: f.seed?.title ?? registered.get(o.source)?.title.en ?? null,
          source_publisher: f.seed?.publisher ?? registered.get(o.source)?.publisher.en ?? null,
          source_date: f.seed?.date ?? registered.get(o.source)?.date ?? null,
          quote: o.quote ?? null,
          quote_line_start: f.quote?.lines?.[0] ?? null,
          quote_line_end: f.quote?.lines?.[1] ?? null,
          note: o.note ?? null,
        };
      }),
    },
    {
      name: 'milestones',
      fields: [
        { name: 'id', type: 'string', required: true, pattern: ID },
        { name: 'action', type: 'integer', required: true, minimum: 1, maximum: actions },
        { name: 'relation', type: 'string', required: true, enum: MILESTONE_RELATIONS },
        { name: 'goal', type: 'integer', minimum: 1 },
        { name: 'area', type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
        { name: 'objective', type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
        { name: 'text_en', type: 'string', required: true },
        { name: 'text_es', type: 'string', required: true },
        { name: 'due_period', type: 'string', pattern: PERIOD },
        { name: 'status', type: 'string', required: true, enum: MILESTONE_STATUSES },
        { name: 'done_date', type: 'string', pattern: '^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$' },
        { name: 'source', type: 'string', required: true },
        { name: 'quote', type: 'string' },
        { name: 'quote_line_start', type: 'integer', minimum: 1 },
        { name: 'quote_line_end', type: 'integer', minimum: 1 },
      ],
      primaryKey: ['id'],
      foreignKeys: [],
      rows: model.data.milestones.map((m) => {
        const seed = seeds.get(m.source);
        const lines = seed && m.quote ? m.quoteLines : undefined;
        return {
          id: m.id,
          action: m.action,
          relation: m.relation ?? 'evidence',
          goal: m.goal ?? null,
          area: m.area ?? null,
          objective: m.objective ?? null,
          text_en: m.text.en,
          text_es: m.text.es,
          due_period: m.due?.label ?? null,
          status: m.status,
          done_date: m.doneDate ?? null,
          source: m.source,
          quote: m.quote ?? null,
          quote_line_start: lines?.[0] ?? null,
          quote_line_end: lines?.[1] ?? null,
        };
      }),
    },
    {
      name: 'assessments',
      // The rows of `assess --json`, unchanged (pipeline/assess/index.ts toJsonRows).
      fields: [
        { name: 'metric', type: 'string', required: true },
        { name: 'country', type: 'string', required: true, enum: COUNTRIES },
        { name: 'baseline_period', type: 'string', pattern: PERIOD },
        { name: 'baseline_value', type: 'number', unitField: 'metrics.unit' },
        { name: 'latest_period', type: 'string', pattern: PERIOD },
        { name: 'latest_value', type: 'number', unitField: 'metrics.unit' },
        { name: 'target_value', type: 'number', unitField: 'metrics.unit' },
        { name: 'target_period', type: 'string', pattern: PERIOD },
        {
          name: 'method',
          type: 'string',
          required: true,
          enum: ['target_ratio', 'cagr', 'stated_change', 'descriptive', 'none'],
        },
        { name: 'ratio', type: 'number', unit: 'ratio' },
        { name: 'change', type: 'number', unit: 'ratio' },
        { name: 'cagr', type: 'number', unit: 'ratio' },
        { name: 'required_cagr', type: 'number', unit: 'ratio' },
        { name: 'status', type: 'string', required: true, enum: ALL_STATUS_ORDER },
        { name: 'reason', type: 'string' },
        { name: 'note', type: 'string' },
        { name: 'tier', type: 'string', required: true, enum: ['official', 'statement'] },
        { name: 'role', type: 'string', required: true, enum: ['headline', 'companion', 'evidence', 'cross_check'] },
        { name: 'phenomenon', type: 'string', required: true, pattern: ID },
        { name: 'provisional', type: 'boolean', required: true },
        { name: 'latest_flag', type: 'string', enum: OBSERVATION_STATUSES },
        { name: 'rated', type: 'boolean', required: true },
      ],
      primaryKey: ['metric', 'country'],
      foreignKeys: [{ fields: 'metric', reference: { resource: 'metrics', fields: 'id' } }],
      rows: toJsonRows(assessment).map((r) => ({ ...r })),
    },
  ];
}

/** Calendar 2021 → 2021-01-01…2021-12-31; FY2022 → 2021-10-01…2022-09-30 (U.S. federal fiscal year). */
export function periodDates(p: Period): [string, string] {
  return p.kind === 'fiscal' ? [`${p.year - 1}-10-01`, `${p.year}-09-30`] : [`${p.year}-01-01`, `${p.year}-12-31`];
}

// ─── Descriptors ────────────────────────────────────────────────────────────────────────────────

function tableSchema(table: TableData, text: Text): object {
  const fields: FieldDescriptor[] = table.fields.map((f) => {
    const key = text.has(`data.field.${table.name}.${f.name}`)
      ? `data.field.${table.name}.${f.name}`
      : `data.field.${f.name}`;
    const constraints = {
      ...(f.required ? { required: true } : {}),
      ...(f.enum ? { enum: [...f.enum] } : {}),
      ...(f.pattern ? { pattern: f.pattern } : {}),
      ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
      ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
    };
    return {
      name: f.name,
      type: f.type,
      ...(f.type === 'date' ? { format: 'default' } : {}),
      description: text.get(key, 'en'),
      description_es: text.get(key, 'es'),
      ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.unitField ? { unitField: f.unitField } : {}),
    };
  });
  return {
    fields,
    missingValues: [''],
    primaryKey: table.primaryKey.length === 1 ? table.primaryKey[0] : table.primaryKey,
    ...(table.foreignKeys.length > 0 ? { foreignKeys: table.foreignKeys } : {}),
  };
}

function resource(
  name: string,
  path: string,
  format: 'csv' | 'json',
  mediatype: string,
  bytes: Buffer,
  text: Text,
  key: string,
  schema?: object,
  same?: { key: string; csv: string },
): object {
  const note = (lang: Lang) => (same ? ` ${text.get(same.key, lang, { csv: same.csv })}` : '');
  return {
    name,
    path,
    profile: schema ? 'tabular-data-resource' : 'data-resource',
    title: text.get(`${key}.title`, 'en'),
    title_es: text.get(`${key}.title`, 'es'),
    description: text.get(key, 'en') + note('en'),
    description_es: text.get(key, 'es') + note('es'),
    format,
    mediatype,
    encoding: 'utf-8',
    bytes: bytes.length,
    hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    ...(format === 'csv' ? { dialect: { delimiter: ',', doubleQuote: true, lineTerminator: '\n', header: true } } : {}),
    ...(schema ? { schema } : {}),
  };
}

function dataPackage(model: ReportModel, text: Text, resources: object[]): object {
  const year = model.year;
  const otherSources = [
    ...new Set(
      model.data.observations
        .map((o) => o.source)
        .filter((s) => !model.framework.seeds.some((seed) => seed.file === s)),
    ),
  ].sort();
  return {
    profile: 'tabular-data-package',
    name: `hlsd-report-${year}-data`,
    title: text.get('data.package.title', 'en', { year }),
    title_es: text.get('data.package.title', 'es', { year }),
    description: text.get('data.package.description', 'en', { year }),
    description_es: text.get('data.package.description', 'es', { year }),
    keywords: text
      .get('data.package.keywords', 'en')
      .split(',')
      .map((k) => k.trim()),
    keywords_es: text
      .get('data.package.keywords', 'es')
      .split(',')
      .map((k) => k.trim()),
    licenses: [
      {
        name: 'CC0-1.0',
        path: 'https://creativecommons.org/publicdomain/zero/1.0/',
        title: 'Creative Commons Zero v1.0 Universal',
      },
    ],
    licenseNote: text.get('data.package.license', 'en'),
    licenseNote_es: text.get('data.package.license', 'es'),
    sources: [
      ...[...model.framework.seeds]
        .sort((a, b) => a.date.localeCompare(b.date) || a.file.localeCompare(b.file))
        .map((s) => ({
          title: s.title,
          path: `seeds/${s.file}`,
          publisher: s.publisher,
          date: s.date,
          hash: `sha256:${createHash('sha256').update(s.text, 'utf8').digest('hex')}`,
        })),
      ...otherSources.map((title) => ({ title })),
    ],
    resources,
  };
}

// ─── The framework ──────────────────────────────────────────────────────────────────────────────

const cite = (c: Citation) => ({ file: c.file, lines: [c.lines[0], c.lines[1]] });

function frameworkJson(model: ReportModel, text: Text): object {
  const fw = model.framework;
  const es = (key: string) => text.framework(key);
  return {
    description: text.get('data.framework.description', 'en'),
    description_es: text.get('data.framework.description', 'es'),
    seeds: [...fw.seeds]
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((s) => ({ file: s.file, role: s.role, title: s.title, publisher: s.publisher, date: s.date })),
    goals: fw.goals.map((g) => ({
      id: g.id,
      number: g.number,
      title: g.title,
      title_es: es(`${g.id}.title`),
      description: g.description,
      description_es: es(`${g.id}.description`),
      citation: cite(g.citation),
      ...(g.mexicoDescription !== undefined
        ? {
            mexico_description: g.mexicoDescription,
            mexico_description_es: es(`${g.id}.mexicoDescription`),
            ...(g.mexicoCitation ? { mexico_citation: cite(g.mexicoCitation) } : {}),
          }
        : {}),
      subareas: g.subareas.map((s, i) => ({
        title: s.title,
        title_es: es(`${g.id}.subarea-${i + 1}.title`),
        description: s.description,
        description_es: es(`${g.id}.subarea-${i + 1}.description`),
        citation: cite(s.citation),
      })),
    })),
    areas: fw.areas.map((a) => ({
      id: a.id,
      code: a.code,
      goal: a.goal,
      title: a.title,
      title_es: es(`${a.id}.title`),
      citation: cite(a.citation),
    })),
    objectives: fw.objectives.map((o) => ({
      id: o.id,
      code: o.code,
      area: o.area,
      goal: o.goal,
      text: o.text,
      text_es: es(`${o.id}.text`),
      citation: cite(o.citation),
    })),
    actions: fw.actions.map((a) => ({
      id: a.id,
      number: a.number,
      text: a.text,
      text_es: es(`${a.id}.text`),
      citation: cite(a.citation),
    })),
    commitments: fw.commitments.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      title_es: es(`${c.id}.title`),
      citation: cite(c.citation),
    })),
    ...(fw.benchmarkDecision
      ? {
          benchmark_decision: {
            text: fw.benchmarkDecision.text,
            text_es: es('benchmark-decision.text'),
            citation: cite(fw.benchmarkDecision.citation),
          },
        }
      : {}),
  };
}

// ─── Wording ────────────────────────────────────────────────────────────────────────────────────

interface Text {
  has(key: string): boolean;
  get(key: string, lang: Lang, params?: Record<string, string | number>): string;
  /** Spanish text of a framework element (templates/i18n/es/framework.json). */
  framework(key: string): string | null;
}

/**
 * The `data.*` texts of both languages; a missing one is a bug (the build checks both catalogues).
 * These texts only use plain `{{name}}` placeholders, filled here without compiling templates.
 */
function companionText(catalogues: Record<Lang, Catalogue[]>): Text {
  const merged = (lang: Lang) =>
    Object.assign({}, ...catalogues[lang].map((c) => c.messages)) as Record<string, string>;
  const messages = { en: merged('en'), es: merged('es') };
  return {
    has: (key) => messages.en[key] !== undefined,
    get(key, lang, params = {}) {
      const value = messages[lang][key];
      if (value === undefined || value.trim() === '')
        throw new Error(
          `data companion: the ${lang === 'en' ? 'English' : 'Spanish'} catalogues have no text for "${key}"`,
        );
      return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) =>
        params[name] !== undefined ? String(params[name]) : m,
      );
    },
    framework: (key) => messages.es[key] ?? null,
  };
}
